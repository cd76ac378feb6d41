"""MkDocs hook used by ``serve``: regenerate the pages before every rebuild.

``mkdocs serve`` reloads the config and calls ``on_config`` on each change
under content/ or quizzes/ (they are in ``watch``), so edits to the YAML show
up in the browser; a content error is printed and the last good site stays.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from generator.errors import GeneratorError
from generator.project import load_project
from generator.site import generate


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parents[2]  # PROJECT/.build/serve/mkdocs.yml
    try:
        generated = generate(load_project(root), serve=True)
    except GeneratorError as exc:
        raise Abort(f"Error: {exc.message}") from None
    config["nav"] = generated.nav
    return config
