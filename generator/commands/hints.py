"""What the CLI's messages show of paths and of the command itself: plain functions, no Click."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path


def invocation(*, anywhere: bool = False) -> str:
    """The command that runs this generator again, as a hint a trainer can paste.

    Plain ``python`` only when it is this interpreter (the virtual environment is active):
    a hint of ``python -m generator`` printed by ``.venv/bin/python`` would fail otherwise.
    The interpreter's path is relative when it is below the current folder, unless the
    hint is run from *anywhere* (after a ``cd``).
    """
    found = shutil.which("python")
    if found and os.path.abspath(found) == os.path.abspath(sys.executable):
        return "python -m generator"
    path = Path(os.path.abspath(sys.executable))
    if not anywhere and path.is_relative_to(Path.cwd()):
        return f"{shlex.quote(path.relative_to(Path.cwd()).as_posix())} -m generator"
    return f"{shlex.quote(path.as_posix())} -m generator"


def shown(path: Path) -> str:
    """*path* as a message shows it: relative to the current folder when below it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
