"""Scoring a questionnaire: the spec both scorers read, the Python scorer (twin of assets/kb-
score.js) and result codes.

May import: generator.content.models and below; never checks, site, reports or commands.
"""
