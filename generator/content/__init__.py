"""Content as written: YAML documents with their marks, the typed models, parsing into them, and
loading a project's files.

May import: generator.config and below. Never imports checks, scoring, site, reports or
commands.
"""
