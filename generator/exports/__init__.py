"""Content written out for other systems: a course's 随堂测验 as GIFT and Moodle XML (``lms.py``).

May import: generator.content and below; never site, reports, commands or cli.
"""
