"""The site: its URL table, generated pages and navigation, rendered-page checks, calendars, the
handbook, build and serve.

May import: generator.templating, generator.checks, generator.scoring, generator.content and
below; never reports or commands.
"""
