"""``new``: lay out a project that builds at once."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import yaml

from .errors import ProjectError
from .schema import write_schemas

#: Scaffold files stored under another name (a packaged .gitignore would be skipped).
RENAMED = {"gitignore": ".gitignore"}


def create_project(directory: Path, title: str) -> None:
    """Copy the scaffold into *directory* (new or empty) and title the site."""
    if directory.exists() and any(directory.iterdir()):
        raise ProjectError(f"refusing to create a project in {directory}: expected a new or "
                           "empty folder, found files in it")
    with resources.as_file(resources.files("generator") / "scaffold") as source:
        shutil.copytree(source, directory, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for stored, name in RENAMED.items():
        (directory / stored).rename(directory / name)
    config = directory / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    site_name = yaml.safe_dump({"site_name": title}, allow_unicode=True).strip()
    config.write_text(text.replace("site_name: 我的培训课程", site_name, 1), encoding="utf-8")
    write_schemas(directory / "schemas")
