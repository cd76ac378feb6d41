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

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import rcssmin
import rjsmin
import yaml

from generator.config.layout import Paths
from generator.config.settings import read_settings
from generator.content.loading import Project
from generator.errors import BuildError, ProjectError, os_error
from generator.i18n import ENV, _, language
from generator.site.anchors import SourceMap
from generator.site.calendars import course_calendar
from generator.site.handbook import handbook_files
from generator.site.pages import NavItem, build_nav, lessons_script, render_pages
from generator.site.project import load_project
from generator.site.urls import ASSETS_DIR, handbook_path
from generator.templating import environment
from generator.utils.processes import signals_held, stop_on_signals

BUILD_DIR = ".build"
#: Where ``serve`` generates, below the build folder (its hook finds the project two levels up).
SERVE_DIR = "serve"
SERVE_HOOK = Path(__file__).with_name("serve_hook.py")
LOCK_FILE = "build.lock"


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
    files[f"{ASSETS_DIR}/kb-lessons.js"] = lessons_script(project).encode("utf-8")
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
    config: dict[str, Any] = {
        "INHERIT": os.path.relpath(paths.config, build),
        "docs_dir": "docs",
        "nav": nav,
        **_inherited_paths(paths, build),
    }
    name = "mkdocs.yml"
    if serve:
        config["hooks"] = [*config.get("hooks", []), str(SERVE_HOOK)]
        # A dirty rebuild (see serve_site) warns that it is one: strict mode would stop the
        # preview for it. Link and anchor warnings are still printed; build stays strict.
        config["strict"] = False
        config["watch"] = [os.path.relpath(p, build) for p in (paths.content, paths.quizzes)
                           if p.is_dir()]
    header = "# Written by `python -m generator`; edit the project's mkdocs.yml instead.\n"
    # libyaml's dumper: the navigation of 1,000 lessons took 0.17 s in pure Python, on every save.
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


def _project_config(paths: Paths) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data, or {} when unreadable (MkDocs says why)."""
    try:
        return read_settings(paths.config)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}


def _inherited_paths(paths: Paths, build: Path) -> dict[str, Any]:
    """The project config's own paths (``theme.custom_dir``, ``hooks``), from the build folder.

    MkDocs resolves them against the config that names them, which after INHERIT is
    the generated one: without this, ``overrides/`` would be looked for in ``.build/``.
    """
    data = _project_config(paths)
    config: dict[str, Any] = {}
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        config["theme"] = {"custom_dir": os.path.relpath(paths.root / theme["custom_dir"], build)}
    hooks = data.get("hooks")
    if isinstance(hooks, list):
        config["hooks"] = [os.path.relpath(paths.root / h, build) for h in hooks
                           if isinstance(h, str)]
    return config


def build_site(root: Path, out: Path | None = None) -> BuildResult:
    """Validate, generate and build the site into *out* (default ``site/``).

    Builds of one project take turns (a lock in the build folder); SIGTERM and
    SIGHUP stop a build as Ctrl+C does, removing its temporary folder.
    """
    started = time.perf_counter()
    project = load_project(root)
    out = (out or project.paths.root / "site").resolve()
    _check_out(project.paths, out)
    with stop_on_signals(), _build_lock(project.paths):
        generated = generate(project)
        staging = None
        try:
            with signals_held():  # the folder exists only once it is ours to remove
                staging = _staging(out)
            run_mkdocs(project, out, "build", "--strict", "--config-file",
                       str(generated.config), "--site-dir", str(staging))
            _not_found_page(project.paths, staging)
            _publishable(staging)
            with signals_held():
                _swap(staging, out)
        finally:
            if staging is not None:
                with signals_held():
                    shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, generated.pages, generated.lessons, time.perf_counter() - started)


def serve_site(root: Path, address: str) -> None:
    """Generate, then run ``mkdocs serve`` with live reload until stopped.

    Ctrl+C, SIGTERM and SIGHUP stop the MkDocs child too, so the port is free again.
    """
    host, port = _address(address)
    _check_port(host, port)
    project = load_project(root)
    generated = generate(project, serve=True)
    # --dirty: a change rebuilds the pages whose Markdown changed, not all of them (at 1,000
    # lessons, one second instead of twenty; benchmarks/README.md). Pages that only list the
    # changed one (its module, the navigation) may show an old title until the next full build.
    args = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(generated.config),
            "--dev-addr", address, "--livereload", "--dirty"]
    proc = subprocess.Popen(args, cwd=project.paths.root, env=_mkdocs_env(),
                            preexec_fn=_die_with_parent)
    try:
        with stop_on_signals():
            status = proc.wait()
    except KeyboardInterrupt:
        _stop(proc)
        return
    if status != 0:
        raise BuildError(_("mkdocs serve stopped with exit status {status} (its messages are "
                           "above)").format(status=status))


def _address(address: str) -> tuple[str, int]:
    host, _colon, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ProjectError(_("expected an address such as 127.0.0.1:8000, found '{address}'")
                           .format(address=address))
    return host.strip("[]"), int(port)


def _check_port(host: str, port: int) -> None:
    """Say so when the port is taken, before MkDocs would fail with a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise ProjectError(_("cannot serve on {host}:{port}: expected a host name or IP address "
                             "of this computer, found '{host}'").format(host=host, port=port)
                           ) from None
    family, kind, proto, _name, where = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
        try:
            probe.bind(where)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ProjectError(_("port {port} on {host} is already in use: stop the other "
                                     "server, or choose another port with --address {other}")
                                   .format(port=port, host=host, other=f"{host}:{port + 1}")
                                   ) from None
            raise ProjectError(_("cannot serve on {host}:{port}: {reason}").format(
                host=host, port=port, reason=exc.strerror)) from None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    # Linux: the child gets SIGTERM if serve is killed outright (SIGKILL), so no server is left.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_mkdocs(project: Project, out: Path, *args: str) -> None:
    """Run MkDocs in the project folder; raise BuildError with one summary of its failure."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project.paths.root, env=_mkdocs_env(),
        capture_output=True, text=True, check=False, preexec_fn=_die_with_parent,
    )
    if proc.returncode != 0:
        raise BuildError(mkdocs_failure(proc.stderr, out, SourceMap(project)))


#: What MkDocs and jieba print on the way that says nothing about a failure.
_NOISE = ("INFO", "DEBUG", "Building prefix dict", "Loading model", "Prefix dict",
          "Dumping model", "Dump cache", "Aborted with")


def mkdocs_failure(stderr: str, out: Path, sources: SourceMap | None = None) -> str:
    """MkDocs' complaint about building *out*, in a few lines: never its stack frames.

    A warning about a generated page is placed on the YAML it came from (and one about
    a hand-written page on its ``content/`` file), as ``path:line:col: message``.
    """
    lines = stderr.splitlines()
    if "Traceback (most recent call last):" in lines:
        last = next((line for line in reversed(lines) if line and not line.startswith(" ")), "")
        if "[Errno 28]" in last:
            return _("no space left on device while writing the site into {out}: free some disk "
                     "space (the earlier site is untouched)").format(out=out)
        return _("MkDocs stopped with an unexpected error: {error}").format(error=last)
    kept = [line.strip() for line in lines if line.strip() and not line.startswith(_NOISE)]
    if sources is not None:
        kept = [sources.explain(line) or line for line in kept]
    detail = "\n".join(kept) or stderr.strip()[-2000:]
    return _("MkDocs could not build the site:\n{detail}").format(detail=detail)


def _mkdocs_env() -> dict[str, str]:
    # The end-of-life banner is for site maintainers, not for every build (see README).
    return dict(os.environ, PYTHONWARNINGS="ignore", NO_MKDOCS_2_WARNING="1",
                **{ENV: language()})


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


#: Folders of a project that a build must never replace.
PROTECTED = ("content", "quizzes", "generator", "docs", "tests", "overrides", BUILD_DIR, ".git")


def _check_out(paths: Paths, out: Path) -> None:
    inside = out.relative_to(paths.root).parts if paths.root in out.parents else ()
    if out == paths.root or out in paths.root.parents or (inside and inside[0] in PROTECTED):
        raise ProjectError(_("refusing to build into {out}: expected a folder of its own, such "
                             "as site/").format(out=out))
    if out.exists() and not out.is_dir():
        raise ProjectError(_("refusing to replace {out}: expected a folder for the site, found a "
                             "file (move it away, or build elsewhere with --out)").format(out=out))
    if out.exists() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise ProjectError(_("refusing to replace {out}: expected an empty folder or an earlier "
                             "site (with index.html), found other files").format(out=out))


@contextlib.contextmanager
def _build_lock(paths: Paths) -> Iterator[None]:
    """One build of a project at a time: a second one waits for the first, then runs."""
    folder = paths.root / BUILD_DIR
    try:
        folder.mkdir(exist_ok=True)
        handle = (folder / LOCK_FILE).open("a")
    except OSError as exc:
        raise os_error(exc, folder) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, or the process dies
        yield


def _staging(out: Path) -> Path:
    """A fresh folder beside *out* for the new site, after removing what killed builds left."""
    for litter in out.parent.glob(f".{out.name}-*"):
        if litter.is_dir() and not litter.is_symlink():
            shutil.rmtree(litter, ignore_errors=True)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as exc:
        raise os_error(exc, out.parent) from None


def _not_found_page(paths: Paths, site: Path) -> None:
    """Our 404.html, in Chinese and self-contained (the theme's is English and links its
    assets from the server root, which fails from a folder or under a sub-path); a
    project's own overrides/404.html is kept."""
    config = _project_config(paths)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and (paths.root / custom / "404.html").is_file():
        return
    name = config.get("site_name")
    page = environment().get_template("404.html.j2").render(
        site_name=name if isinstance(name, str) else "")
    (site / "404.html").write_text(page, encoding="utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _publishable(staging: Path) -> None:
    """Give the site the mode a plain ``mkdocs build`` would (mkdtemp makes it 0700).

    A web server running as its own user must read it: 755 under umask 022.
    """
    staging.chmod(0o777 & ~_umask())


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where not supported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                          rename_exchange) == 0)


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place of the old one; the old ends up in *staging*, to be removed."""
    try:
        if out.is_dir() and _exchange(staging, out):
            return
        if out.exists():  # two renames: a moment without a site, where exchange is missing
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
            out.rename(old / out.name)
            staging.rename(out)
            old.rename(staging)
        else:
            staging.rename(out)
    except OSError as exc:
        raise os_error(exc, out) from None
