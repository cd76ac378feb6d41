"""One module per CLI command: each turns parsed options into calls of the layers below and returns
what the CLI prints.

May import: everything but generator.cli.
"""
