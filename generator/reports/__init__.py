"""Group reports from exported results: reading results, statistics, `aggregate`.

May import: generator.templating, generator.scoring, generator.content and below; never site or
commands.
"""
