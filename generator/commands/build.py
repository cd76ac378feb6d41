"""Generate the Markdown tree and MkDocs config, then build or serve the site.

The build folder (``.build/`` in the project) holds plain Markdown plus an
``mkdocs.yml`` that inherits the project's own: MkDocs, or any tool that reads
the same config, can build it as it is (``serve`` has its own, ``.build/serve/``,
so a preview never disturbs a build). ``build_site`` builds into a temporary
folder beside the target and swaps it in only on success, in one atomic step
where the system allows it, so that a failed or stopped build leaves the
earlier site untouched and a web server never sees a moment without one.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.site.build import generate
from generator.site.mkdocs import run_mkdocs
from generator.site.project import load_project
from generator.site.publish import (
    build_lock,
    check_out,
    make_publishable,
    staging_folder,
    swap_in,
    write_not_found_page,
)
from generator.utils.processes import signals_held, stop_on_signals


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: int
    lessons: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)


def build_site(root: Path, out: Path | None = None) -> BuildResult:
    """Validate, generate and build the site into *out* (default ``site/``).

    Builds of one project take turns (a lock in the build folder); SIGTERM and
    SIGHUP stop a build as Ctrl+C does, removing its temporary folder.
    """
    started = time.perf_counter()
    project = load_project(root)
    out = (out or project.paths.root / "site").resolve()
    check_out(project.paths, out)
    with stop_on_signals(), build_lock(project.paths):
        generated = generate(project)
        staging = None
        try:
            with signals_held():  # the folder exists only once it is ours to remove
                staging = staging_folder(out)
            run_mkdocs(project, out, "build", "--strict", "--config-file",
                       str(generated.config), "--site-dir", str(staging))
            write_not_found_page(project.paths, staging)
            make_publishable(staging)
            with signals_held():
                swap_in(staging, out)
        finally:
            if staging is not None:
                with signals_held():
                    shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, generated.pages, generated.lessons, time.perf_counter() - started,
                       project.warnings)
