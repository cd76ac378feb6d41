"""Small helpers with no knowledge of content: process signals and the like.

May import: generator.errors, generator.i18n, the standard library.
"""
