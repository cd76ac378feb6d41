"""Generate the Markdown tree and the MkDocs config a build or a preview runs on.

The build folder (``.build/`` in the project) holds plain Markdown plus an
``mkdocs.yml`` that inherits the project's own: MkDocs, or any tool that reads
the same config, can build it as it is (``serve`` has its own, ``.build/serve/``,
so a preview never disturbs a build).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import rcssmin
import rjsmin
import yaml

from generator.config.layout import BUILD_DIR, Paths
from generator.config.settings import read_settings
from generator.content.loading import Project
from generator.errors import os_error
from generator.site.calendars import course_calendar
from generator.site.handbook import handbook_files
from generator.site.lessons import LESSONS_SCRIPT, lessons_script, nav_lessons_script
from generator.site.pages import (
    NavItem,
    build_nav,
    render_pages,
)
from generator.site.search import search_plugins
from generator.site.urls import ASSETS_DIR, handbook_path, nav_lessons_file

#: Where ``serve`` generates, below the build folder (its hook finds the project two levels up).
SERVE_DIR = "serve"
SERVE_HOOK = Path(__file__).with_name("serve_hook.py")


@dataclass(frozen=True)
class Generated:
    """What ``generate`` wrote: the config to hand to MkDocs, and counts."""

    config: Path
    nav: list[NavItem]
    pages: int
    lessons: int


def generate(project: Project, *, serve: bool = False) -> Generated:
    """Write the docs tree and ``mkdocs.yml`` into the project's build folder."""
    paths = project.paths
    build = paths.root / BUILD_DIR
    if serve:
        build = build / SERVE_DIR
    docs = build / "docs"
    generated = render_pages(project)
    handwritten = project.handwritten()

    files: dict[str, bytes] = {
        rel: (paths.content / rel).read_bytes() for rel in handwritten
    }
    files.update((page.path, page.text.encode("utf-8")) for page in generated)
    files.update(_assets())
    files[f"{ASSETS_DIR}/{LESSONS_SCRIPT}"] = lessons_script(project).encode("utf-8")
    # Module and lesson pages load only their own course's lessons (site/lessons.py).
    files.update((f"{ASSETS_DIR}/{nav_lessons_file(c.course)}",
                  nav_lessons_script(c.course).encode("utf-8")) for c in project.courses)
    courses = [c.course for c in project.courses]
    files.update((f"{course.id}/schedule.ics", course_calendar(course, courses))
                 for course in courses if course.schedule)
    if serve and _handbooks_written(docs, project):
        # The printed handbook takes a second per 1,000 lessons to render: serve renders it
        # when it starts and keeps it (docs/cli.md, 实时预览); build always renders it anew.
        files.update((handbook_path(c.course), (docs / handbook_path(c.course)).read_bytes())
                     for c in project.courses)
    else:
        files.update(handbook_files(project))
    _sync(docs, files)

    nav = build_nav(project, generated, handwritten)
    settings = project_config(paths)
    config: dict[str, Any] = {
        "INHERIT": os.path.relpath(paths.config, build),
        "docs_dir": "docs",
        # serve's hook hands MkDocs the navigation at each rebuild: in the file, a changed
        # lesson title would change the (watched) config and start a second rebuild.
        **({} if serve else {"nav": nav}),
        **_inherited_paths(settings, paths, build),
    }
    plugins = search_plugins(settings, paths.root)
    if plugins is not None:
        config["plugins"] = plugins
    name = "mkdocs.yml"
    if serve:
        config["hooks"] = [*config.get("hooks", []), str(SERVE_HOOK)]
        # A dirty rebuild (see serve_site) warns that it is one: strict mode would stop the
        # preview for it. Link and anchor warnings are still printed; build stays strict.
        config["strict"] = False
        config["watch"] = [os.path.relpath(p, build) for p in (paths.content, paths.quizzes)
                           if p.is_dir()]
    header = "# Written by `python -m generator`; edit the project's mkdocs.yml instead.\n"
    # libyaml's dumper: the navigation of 1,000 lessons took 0.17 s in pure Python.
    text = header + yaml.dump(config, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                              allow_unicode=True, sort_keys=False)
    _write_if_changed(build / name, text.encode("utf-8"))
    pages = sum(1 for rel in handwritten if rel.endswith(".md")) + len(generated)
    return Generated(build / name, nav, pages, project.lesson_count())


def _handbooks_written(docs: Path, project: Project) -> bool:
    return all((docs / handbook_path(c.course)).is_file() for c in project.courses)


class TemplateCache(jinja2.BytecodeCache):
    """The theme's templates compiled once per ``serve``, not at every rebuild.

    MkDocs makes a new Jinja environment for each build; Material's templates take the
    better part of a second to compile. Keyed by Jinja on each template's source.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


#: Lives as long as the MkDocs process of ``serve`` (the hook module itself is reloaded).
SERVE_TEMPLATES = TemplateCache()


def project_config(paths: Paths) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data (checked with the content: ``read_settings``)."""
    return read_settings(paths.config)


def _inherited_paths(data: dict[str, Any], paths: Paths, build: Path) -> dict[str, Any]:
    """The project config's own paths (``theme.custom_dir``, ``hooks``), from the build folder.

    MkDocs resolves them against the config that names them, which after INHERIT is
    the generated one: without this, ``overrides/`` would be looked for in ``.build/``.
    """
    config: dict[str, Any] = {}
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        config["theme"] = {"custom_dir": os.path.relpath(paths.root / theme["custom_dir"], build)}
    hooks = data.get("hooks")
    if isinstance(hooks, list):
        config["hooks"] = [os.path.relpath(paths.root / h, build) for h in hooks
                           if isinstance(h, str)]
    return config


def _assets() -> dict[str, bytes]:
    """The runtime files every site ships (CSS, JS, vendored shims), our own minified."""
    with resources.as_file(resources.files("generator") / "assets") as folder:
        return {
            f"{ASSETS_DIR}/{p.relative_to(folder).as_posix()}": shipped(p)
            for p in sorted(folder.rglob("*")) if p.is_file()
        }


#: Assets the minifier must not touch: rcssmin breaks paged-media CSS such as
#: ``target-counter(attr(href url), page)``, and the handbook page is not size-bound.
AS_WRITTEN = ("kb-handbook.css",)


def shipped(path: Path) -> bytes:
    """An asset as the site serves it: our JS and CSS without comments and spaces.

    Readers on slow intranets load every byte; the sources stay readable in the package.
    """
    if path.parent.name != "assets" or path.suffix not in (".js", ".css") or path.name in AS_WRITTEN:
        return path.read_bytes()  # vendored files ship as their authors made them
    text = path.read_text(encoding="utf-8")
    small = rcssmin.cssmin(text) if path.suffix == ".css" else rjsmin.jsmin(text)
    return str(small).encode("utf-8")


def _write_if_changed(target: Path, data: bytes) -> None:
    # Rewriting an unchanged file would make `mkdocs serve` rebuild forever.
    if target.is_file() and target.read_bytes() == data:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise os_error(exc, target) from None


def _sync(folder: Path, files: dict[str, bytes]) -> None:
    """Make *folder* hold exactly *files*, touching only what differs."""
    for rel, data in files.items():
        _write_if_changed(folder / rel, data)
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


