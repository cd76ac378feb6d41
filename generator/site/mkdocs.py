"""Run MkDocs on the generated tree, and say in a few lines why it failed."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

from generator.content.loading import Project
from generator.errors import BuildError
from generator.i18n import ENV, _, language
from generator.site.anchors import SourceMap


def die_with_parent() -> None:  # pragma: no cover - runs in the child
    # Linux: the child gets SIGTERM if serve is killed outright (SIGKILL), so no server is left.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM


def stop_child(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_mkdocs(project: Project, out: Path, *args: str) -> None:
    """Run MkDocs in the project folder; raise BuildError with one summary of its failure."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project.paths.root, env=mkdocs_env(),
        capture_output=True, text=True, check=False, preexec_fn=die_with_parent,
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


def mkdocs_env() -> dict[str, str]:
    # The end-of-life banner is for site maintainers, not for every build (see README).
    return dict(os.environ, PYTHONWARNINGS="ignore", NO_MKDOCS_2_WARNING="1",
                **{ENV: language()})


#: The one warning ``--dirty`` earns at every rebuild of a preview: it is why serve is quick.
_DIRTY = "A 'dirty' build is being performed"

_BUILT = re.compile(r"Documentation built in (?P<seconds>[\d.]+) seconds")


class ServeLog:
    """What to show a trainer of the lines ``mkdocs serve`` prints: one line of ours per
    (re)build, nothing of its routine chatter, anything else (warnings, errors) as it is."""

    def __init__(self) -> None:
        self.built = False

    def line(self, line: str) -> str | None:
        built = _BUILT.search(line)
        if built:
            first, self.built = not self.built, True
            if first:
                return _("Site ready ({seconds} s).").format(seconds=built["seconds"])
            return _("{time} Rebuilt after a change ({seconds} s); the browser reloads by "
                     "itself.").format(time=dt.datetime.now().strftime("%H:%M:%S"),
                                       seconds=built["seconds"])
        if not line.strip() or line.startswith(_NOISE) or _DIRTY in line:
            return None
        return line.rstrip("\n")
