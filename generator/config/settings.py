"""The one reader of a project's mkdocs.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for plain settings: its Python tags (``!!python/…``) stand for nothing."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data ({} when it is not a mapping).

    Raises OSError, UnicodeDecodeError or yaml.YAMLError: each caller says what that means.
    """
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    return data if isinstance(data, dict) else {}
