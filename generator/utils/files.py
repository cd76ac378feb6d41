"""Writing what a command was asked for: a file, its folder made when missing."""

from __future__ import annotations

from pathlib import Path

from generator.errors import os_error


def write_output(path: Path, data: str | bytes) -> Path:
    """Write *data* (text as UTF-8, line ends as given) to *path*, making its folder; a failure
    is a ProjectError naming the path and why. Returns *path*."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise os_error(exc, path) from None
    return path
