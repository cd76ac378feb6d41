"""Typed models of every content format; templates only ever see these."""
