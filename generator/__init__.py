"""Build a Chinese, intranet-ready knowledge base from YAML curricula."""

__version__ = "0.1.0"
