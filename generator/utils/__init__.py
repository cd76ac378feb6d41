"""Small helpers with no knowledge of content: process signals, YAML errors worded for authors,
writing an output file (its folder made, a failure worded for the user).

May import: generator.errors, generator.i18n, the standard library, PyYAML.
"""
