"""``new``: lay out a project that builds at once."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from generator.content.schema import write_schemas
from generator.errors import ProjectError, os_error
from generator.i18n import _

#: Scaffold files stored under another name (a packaged .gitignore would be skipped).
RENAMED = {"gitignore": ".gitignore"}


def create_project(directory: Path, title: str) -> None:
    """Copy the scaffold into *directory* (new or empty) and title the site."""
    if directory.exists() and not directory.is_dir():
        raise ProjectError(_("refusing to create a project at {folder}: expected a new or empty "
                             "folder, found a file").format(folder=directory))
    if directory.exists() and any(directory.iterdir()):
        raise ProjectError(_("refusing to create a project in {folder}: expected a new or empty "
                             "folder, found files in it").format(folder=directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, directory) from None
    site_name = yaml.safe_dump({"site_name": title}, allow_unicode=True).strip()
    with resources.as_file(resources.files("generator") / "scaffold") as source:
        files = [p for p in sorted(source.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
        for path in files:
            rel = path.relative_to(source)
            target = directory / rel.with_name(RENAMED.get(rel.name, rel.name))
            data = path.read_bytes()
            if rel.as_posix() == "mkdocs.yml":
                text = data.decode("utf-8").replace("site_name: 我的培训课程", site_name, 1)
                data = text.encode("utf-8")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            except OSError as exc:
                raise os_error(exc, target) from None
    write_schemas(directory / "schemas")
