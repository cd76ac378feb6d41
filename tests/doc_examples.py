"""The checked examples of docs/*.md and README.md: find them, run them, rewrite them.

An example is a fenced block of type ``console``: lines starting with ``$ `` are commands,
the lines after each command are its output (stdout and stderr as they interleave). Commands
run in a temporary project that starts as a copy of this repository's default project
(``content/``, ``quizzes/``, ``mkdocs.yml``, ``examples/``, ``search-terms.txt``,
``schemas/``), or as a fresh ``new`` project when the document says
``<!-- example-project: new -->`` on a line of its own. ``<!-- example-file: PATH -->``
right before a fenced block writes that block to PATH in the project. Files and commands take
effect in the document's order, so an example sees the files and results of those above it.
``<!-- example-edit: PATH [< SOURCE]`` and lines ``OLD => NEW`` ``-->`` between two blocks
change PATH (first made a copy of SOURCE; a new file starts empty) for the next example only:
each OLD, its first occurrence, becomes NEW (``=> NEW`` puts NEW at the start; ``\\t`` is a
Tab, ``\\n`` a line break).

Each command is ``python -m generator`` in a process of its own, forked from one server that
has imported the generator already: what a trainer's shell runs, without paying Python's start
and the imports (about half a second) for each of some fifty commands.

Volatile parts of the output are replaced by the placeholders in ``PLACEHOLDERS``; the
authors' guide (docs/README.md, 可核对的命令示例) lists them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator import i18n
from generator.commands.new import create_project

REPO = Path(__file__).resolve().parent.parent

#: The documents whose examples are checked.
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

#: What the default project copies of this repository.
PROJECT_PARTS = ["content", "quizzes", "mkdocs.yml", "examples", "search-terms.txt", "schemas"]

FENCE = re.compile(r"^( *)```(\S*)[^\n]*\n(.*?)^\1```[ \t]*$", re.M | re.S)
FILE_MARKER = re.compile(r"<!-- example-file: (\S+) -->\s*\Z")
EDIT_MARKER = re.compile(r"<!-- example-edit: (.*?)-->", re.S)
NEW_PROJECT = re.compile(r"^<!-- example-project: new -->$", re.M)

#: Output that changes from run to run, and what the docs show instead.
PLACEHOLDERS = [
    (re.compile(r"用时 \d+(?:\.\d+)? 秒"), "用时 … 秒"),
]


def unescape(text: str) -> str:
    """An example-edit's text, with ``\\t`` and ``\\n`` for a Tab and a line break."""
    return text.replace("\\t", "\t").replace("\\n", "\n")


@dataclass(frozen=True)
class Edit:
    """A change for one example: *path* (first copied from *source*), OLD → NEW pairs."""

    path: str
    source: str | None
    changes: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, marker: str, indent: int = 0) -> Edit:
        """The edit of a marker's text, its lines indented by *indent* in the document."""
        head, *lines = (line[indent:] if line[:indent].isspace() else line
                        for line in marker.strip().splitlines())
        path, _, source = (part.strip() for part in head.partition(" < "))
        changes = []
        for line in filter(str.strip, lines):
            old, arrow, new = ("", "=>", line[3:]) if line.startswith("=> ") \
                else line.partition(" => ")
            assert arrow, f"example-edit of {path}: expected 'OLD => NEW', found {line!r}"
            changes.append((unescape(old), unescape(new)))
        return cls(path, source or None, tuple(changes))


@dataclass(frozen=True)
class Block:
    """One fenced block of a document: where it is, its type, its text (dedented)."""

    doc: Path
    index: int  # the how-manieth fenced block of the document, from 0
    line: int  # of the opening fence, from 1
    end: int  # the line of the closing fence
    kind: str
    text: str
    file: str | None  # the example-file marker right before it, if any
    edits: tuple[Edit, ...] = ()  # the example-edit markers between it and the block above

    @property
    def label(self) -> str:
        return f"{self.doc.relative_to(REPO).as_posix()}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    """Every fenced block of *doc*, in order."""
    source = doc.read_text(encoding="utf-8")
    found: list[Block] = []
    above = 0
    for index, match in enumerate(FENCE.finditer(source)):
        indent = len(match.group(1))
        text = "".join(line[indent:] if line.strip() else line.lstrip(" ")
                       for line in match.group(3).splitlines(keepends=True))
        before = source[above:match.start()]
        marker = FILE_MARKER.search(before)
        line = source.count("\n", 0, match.start()) + 1
        found.append(Block(doc, index, line, line + match.group(0).count("\n"), match.group(2), text,
                           marker.group(1) if marker else None,
                           tuple(Edit.parse(m.group(1), m.start() - before.rfind("\n", 0, m.start()) - 1)
                                 for m in EDIT_MARKER.finditer(before))))
        above = match.end()
    return found


def examples() -> list[Block]:
    """Every ``console`` block of the checked documents."""
    return [b for doc in DOCUMENTS for b in blocks(doc) if b.kind == "console"]


def commands(block: Block) -> list[str]:
    """The commands of an example, without their ``$ ``."""
    return [line[2:] for line in block.text.splitlines() if line.startswith("$ ")]


def needs_pdf(block: Block) -> bool:
    """Whether an example writes a PDF, which needs the optional WeasyPrint."""
    for command in commands(block):
        words = shlex.split(command)
        if "--pdf" in words or ("handbook" in words and "--html" not in words):
            return True
    return False


#: The server: reads one request a line (argv, env, cwd), forks, runs ``python -m generator``
#: in the child with stdout and stderr in one file, and answers with that output.
SERVER = """
import json, os, runpy, sys, tempfile
import generator.cli
for line in sys.stdin:
    request = json.loads(line)
    with tempfile.TemporaryFile() as out:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.chdir(request["cwd"])
                os.environ.clear()
                os.environ.update(request["env"])
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                os.dup2(out.fileno(), 1)
                os.dup2(out.fileno(), 2)
                for stream in (sys.stdout, sys.stderr):
                    stream.reconfigure(line_buffering=True, write_through=True)
                sys.argv = ["generator", *request["argv"]]
                try:
                    runpy.run_module("generator", run_name="__main__", alter_sys=True)
                    code = 0
                except SystemExit as stop:
                    code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
            except BaseException:
                import traceback
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.waitpid(pid, 0)
        out.seek(0)
        print(json.dumps(out.read().decode("utf-8", "replace")), flush=True)
"""


class Generator:
    """``python -m generator`` with this worktree's code, each run forked from one server."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"}
        self.server = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, env=env, text=True)

    def run(self, argv: list[str], env: dict[str, str], cwd: Path) -> str:
        """The output (stdout and stderr as they interleave) of one command."""
        assert self.server.stdin and self.server.stdout
        self.server.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": str(cwd)}) + "\n")
        self.server.stdin.flush()
        return str(json.loads(self.server.stdout.readline()))

    def close(self) -> None:
        self.server.communicate(timeout=30)  # closes its input: the server ends


class Project:
    """The temporary project of one document, where its files and commands take effect."""

    def __init__(self, doc: Path, work: Path, generator: Generator) -> None:
        self.doc = doc
        self.generator = generator
        self.root = work / "project"
        self.tmp = work / "tmp"  # what the docs call /tmp/
        self.home = work / "home"  # what the docs call ~
        self.tmp.mkdir(parents=True)
        self.home.mkdir()
        if NEW_PROJECT.search(doc.read_text(encoding="utf-8")):
            create_project(self.root, "我的培训课程")
        else:
            self.root.mkdir()
            for part in PROJECT_PARTS:
                source = REPO / part
                if source.is_dir():
                    shutil.copytree(source, self.root / part)
                else:
                    shutil.copy2(source, self.root / part)
        self.done = 0  # how many of the document's blocks have taken effect

    def example(self, block: Block) -> str:
        """Run the example *block*, after every block above it has taken effect once."""
        for earlier in blocks(self.doc)[self.done:block.index]:
            self.apply(earlier)
        ran = self.apply(block)
        self.done = max(self.done, block.index + 1)
        return ran

    def apply(self, block: Block) -> str:
        """Write an example file, or run an example's commands; the example as it ran."""
        if block.file:
            path = self.root / block.file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
        if block.kind != "console":
            return block.text
        with self.edited(block):
            return "".join(f"$ {command}\n{self.run(command)}" for command in commands(block))

    @contextmanager
    def edited(self, block: Block) -> Iterator[None]:
        """The files as *block*'s example-edit markers change them, put back afterwards."""
        kept: dict[Path, bytes | None] = {}  # what the edits change, to put back afterwards
        made: list[Path] = []  # folders the edits make, to take away afterwards
        try:
            for edit in block.edits:
                path = self.root / self.local(edit.path)
                kept.setdefault(path, path.read_bytes() if path.exists() else None)
                start = self.root / self.local(edit.source) if edit.source else path
                text = start.read_text(encoding="utf-8") if start.exists() else ""
                made += [next(f for f in reversed(path.parents) if not f.exists())] \
                    if not path.parent.exists() else []
                path.parent.mkdir(parents=True, exist_ok=True)
                for old, new in edit.changes:
                    assert old in text, f"{block.label}: example-edit: no {old!r} in {edit.path}"
                    text = text.replace(old, new, 1)
                path.write_text(text, encoding="utf-8")
            yield
        finally:
            for path, data in kept.items():
                if data is None:
                    path.unlink()
                else:
                    path.write_bytes(data)
            for folder in made:
                shutil.rmtree(folder)

    def env(self) -> dict[str, str]:
        """A trainer's shell: the virtual environment active, the default (Chinese) locale."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("LC_ALL", "LC_MESSAGES", "SOURCE_DATE_EPOCH", i18n.ENV)}
        venv_bin = str(Path(sys.executable).parent)
        env.update(LANG="C.UTF-8", HOME=str(self.home), PYTHONPATH=str(REPO),
                   PATH=os.pathsep.join([venv_bin, env.get("PATH", "")]))
        return env

    def run(self, command: str) -> str:
        """Run one command of an example; its output as the docs show it."""
        words = [self.local(word) for word in shlex.split(command)]
        env = self.env()
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        if words[:1] == ["cat"]:
            output = "".join((self.root / name).read_text(encoding="utf-8-sig") for name in words[1:])
        elif words[:1] in (["python"], [".venv/bin/python"]) and words[1:3] == ["-m", "generator"]:
            output = self.generator.run(words[3:], env, self.root)
        else:
            raise AssertionError(f"examples run `python -m generator …` or `cat FILE`, not: {command}")
        return self.normalise(output)

    def local(self, word: str) -> str:
        """A command's word with the docs' ``/tmp/`` and ``~/`` made this project's own."""
        if word.startswith("~/"):
            word = str(self.home) + word[1:]
        return word.replace("/tmp/", f"{self.tmp}/")

    def normalise(self, output: str) -> str:
        """*output* with the placeholders the docs show, trailing spaces and blank lines gone."""
        output = output.replace(f"{self.tmp}/", "/tmp/").replace(str(self.home), "~")
        for pattern, placeholder in PLACEHOLDERS:
            output = pattern.sub(placeholder, output)
        output = "\n".join(line.rstrip() for line in output.rstrip("\n").splitlines())
        return output + "\n" if output else ""


def rewrite(block: Block, text: str) -> None:
    """Put *text* in place of *block*'s body in its document (for ``--update-docs``)."""
    source = block.doc.read_text(encoding="utf-8")
    match = list(FENCE.finditer(source))[block.index]
    indent = match.group(1)
    body = "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))
    block.doc.write_text(source[:match.start(3)] + body + source[match.end(3):], encoding="utf-8")
