"""A project's layout on disk (folder and file names, `find_paths`) and the one reader of
mkdocs.yml.

May import: generator.utils, generator.errors, generator.i18n.
"""
