"""Checks that span fields and files: references, links, schedules, questionnaires, lists;
`check_content` runs them all.

May import: generator.scoring (the spec helpers), generator.content and below.
"""
