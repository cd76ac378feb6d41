"""Small helpers with no knowledge of content: process signals, YAML errors worded for authors.

May import: generator.errors, generator.i18n, the standard library, PyYAML.
"""
