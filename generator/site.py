"""Generate the Markdown tree and MkDocs config, then build or serve the site.

The build folder (``.build/`` in the project) holds plain Markdown plus an
``mkdocs.yml`` that inherits the project's own: MkDocs, or any tool that reads
the same config, can build it as it is. ``build_site`` builds into a
temporary folder beside the target and swaps it in only on success, so a
failed build leaves the earlier site untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .calendars import course_calendar
from .errors import BuildError, ProjectError
from .handbook import handbook_files
from .pages import ASSETS_DIR, NavItem, build_nav, lessons_script, render_pages
from .project import Paths, Project, load_project

BUILD_DIR = ".build"
SERVE_HOOK = Path(__file__).with_name("serve_hook.py")


@dataclass(frozen=True)
class Generated:
    """What ``generate`` wrote: the config to hand to MkDocs, and counts."""

    config: Path
    nav: list[NavItem]
    pages: int
    lessons: int


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: int
    lessons: int
    seconds: float


def generate(project: Project, *, serve: bool = False) -> Generated:
    """Write the docs tree and ``mkdocs.yml`` into the project's build folder."""
    paths = project.paths
    build = paths.root / BUILD_DIR
    docs = build / "docs"
    generated = render_pages(project)
    handwritten = project.handwritten()

    files: dict[str, bytes] = {
        rel: (paths.content / rel).read_bytes() for rel in handwritten
    }
    files.update((page.path, page.text.encode("utf-8")) for page in generated)
    files.update(_assets())
    files[f"{ASSETS_DIR}/kb-lessons.js"] = lessons_script(project).encode("utf-8")
    files.update((f"{c.course.id}/schedule.ics", course_calendar(c.course))
                 for c in project.courses if c.course.schedule)
    files.update(handbook_files(project))
    _sync(docs, files)

    nav = build_nav(project, generated, handwritten)
    config: dict[str, object] = {
        "INHERIT": os.path.relpath(paths.config, build),
        "docs_dir": "docs",
        "nav": nav,
    }
    name = "mkdocs.yml"
    if serve:
        name = "mkdocs.serve.yml"
        config["hooks"] = [str(SERVE_HOOK)]
        config["watch"] = [os.path.relpath(p, build) for p in (paths.content, paths.quizzes)
                           if p.is_dir()]
    header = "# Written by `python -m generator`; edit the project's mkdocs.yml instead.\n"
    text = header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    _write_if_changed(build / name, text.encode("utf-8"))
    pages = sum(1 for rel in handwritten if rel.endswith(".md")) + len(generated)
    return Generated(build / name, nav, pages, project.lesson_count())


def build_site(root: Path, out: Path | None = None) -> BuildResult:
    """Validate, generate and build the site into *out* (default ``site/``)."""
    started = time.perf_counter()
    project = load_project(root)
    out = (out or project.paths.root / "site").resolve()
    _check_out(project.paths, out)
    generated = generate(project)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        run_mkdocs(project.paths, "build", "--strict", "--config-file", str(generated.config),
                   "--site-dir", str(staging))
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, generated.pages, generated.lessons, time.perf_counter() - started)


def serve_site(root: Path, address: str) -> None:
    """Generate, then run ``mkdocs serve`` with live reload until interrupted."""
    project = load_project(root)
    generated = generate(project, serve=True)
    args = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(generated.config),
            "--dev-addr", address, "--livereload"]
    with contextlib.suppress(KeyboardInterrupt):
        proc = subprocess.run(args, cwd=project.paths.root, env=_mkdocs_env(), check=False)
        if proc.returncode != 0:
            raise BuildError(f"mkdocs serve stopped with exit status {proc.returncode} "
                             "(its messages are above)")


def run_mkdocs(paths: Paths, *args: str) -> None:
    """Run MkDocs in the project folder; raise BuildError with its warnings."""
    env = _mkdocs_env()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=paths.root, env=env,
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        lines = [line.strip() for line in proc.stderr.splitlines()
                 if line.startswith(("WARNING", "ERROR", "Error", "Aborted", "Config value"))
                 or line.startswith("  ")]
        detail = "\n".join(lines) or proc.stderr.strip()[-2000:]
        raise BuildError(f"MkDocs could not build the site:\n{detail}")


def _mkdocs_env() -> dict[str, str]:
    # The end-of-life banner is for site maintainers, not for every build (see README).
    return dict(os.environ, PYTHONWARNINGS="ignore", NO_MKDOCS_2_WARNING="1")


def _assets() -> dict[str, bytes]:
    """The runtime files every site ships (CSS, JS, vendored shims)."""
    with resources.as_file(resources.files("generator") / "assets") as folder:
        return {
            f"{ASSETS_DIR}/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()
        }


def _write_if_changed(target: Path, data: bytes) -> None:
    # Rewriting an unchanged file would make `mkdocs serve` rebuild forever.
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


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


#: Folders of a project that a build must never replace.
PROTECTED = ("content", "quizzes", "generator", "docs", "tests", "overrides", BUILD_DIR, ".git")


def _check_out(paths: Paths, out: Path) -> None:
    inside = out.relative_to(paths.root).parts if paths.root in out.parents else ()
    if out == paths.root or out in paths.root.parents or (inside and inside[0] in PROTECTED):
        raise ProjectError(f"refusing to build into {out}: expected a folder of its own, "
                           "such as site/")
    if out.exists() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise ProjectError(f"refusing to replace {out}: expected an empty folder or an earlier "
                           "site (with index.html), found other files")


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place of the old one, keeping the old until the new is in."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
