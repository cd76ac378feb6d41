"""Put a built site in place: check the target, take turns under a lock, build beside it
and swap it in at once, so a reader never sees a moment without a complete site."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.config.layout import BUILD_DIR, Paths
from generator.errors import ProjectError, os_error
from generator.i18n import _
from generator.site.build import project_config
from generator.templating import environment

LOCK_FILE = "build.lock"


#: Folders of a project that a build must never replace.
PROTECTED = ("content", "quizzes", "generator", "docs", "tests", "overrides", BUILD_DIR, ".git")


def check_out(paths: Paths, out: Path) -> None:
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
def build_lock(paths: Paths) -> Iterator[None]:
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


def staging_folder(out: Path) -> Path:
    """A fresh folder beside *out* for the new site, after removing what killed builds left."""
    for litter in out.parent.glob(f".{out.name}-*"):
        if litter.is_dir() and not litter.is_symlink():
            shutil.rmtree(litter, ignore_errors=True)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as exc:
        raise os_error(exc, out.parent) from None


def write_not_found_page(paths: Paths, site: Path) -> None:
    """Our 404.html, in Chinese and self-contained (the theme's is English and links its
    assets from the server root, which fails from a folder or under a sub-path); a
    project's own overrides/404.html is kept."""
    config = project_config(paths)
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


def make_publishable(staging: Path) -> None:
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


def swap_in(staging: Path, out: Path) -> None:
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
