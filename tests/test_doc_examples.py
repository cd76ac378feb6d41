"""Every command example of docs/*.md and README.md is run, and prints what the docs show.

The examples are the ```console blocks (tests/doc_examples.py says how they run);
``pytest tests/test_doc_examples.py --update-docs`` rewrites their output from the program.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.doc_examples import (
    DOCUMENTS,
    Block,
    Generator,
    Project,
    blocks,
    examples,
    needs_pdf,
    rewrite,
)

EXAMPLES = examples()


@pytest.fixture(scope="module")
def project_of(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], Project]]:
    """Each document's temporary project, made once, where its examples run in order."""
    made: dict[Path, Project] = {}
    generator = Generator()

    def get(doc: Path) -> Project:
        if doc not in made:
            made[doc] = Project(doc, tmp_path_factory.mktemp("examples"), generator)
        return made[doc]

    yield get
    generator.close()


@pytest.mark.parametrize("block", [pytest.param(b, id=b.label) for b in EXAMPLES])
def test_example_prints_what_the_docs_show(block: Block, project_of: Callable[[Path], Project],
                                           request: pytest.FixtureRequest) -> None:
    if needs_pdf(block):
        pytest.importorskip("weasyprint", reason="the example writes a PDF")
    ran = project_of(block.doc).example(block)
    if request.config.getoption("--update-docs"):
        if ran != block.text:
            rewrite(block, ran)
        return
    assert ran == block.text, f"{block.label}: run pytest tests/test_doc_examples.py --update-docs"


def test_commands_shown_with_their_output_are_checked_examples() -> None:
    """A block of commands right before a block of output is an unchecked example: write it
    as ```console, or say why it cannot run in ``<!-- unchecked: reason -->`` before it."""
    unchecked = []
    for doc in DOCUMENTS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        found = blocks(doc)
        for command, output in itertools.pairwise(found):
            if (command.kind in ("bash", "sh") and "-m generator" in command.text
                    and output.kind == "text"
                    and not "".join(lines[command.end:output.line - 1]).strip()
                    and "<!-- unchecked: " not in "".join(lines[max(0, command.line - 3):command.line])):
                unchecked.append(command.label)
    assert not unchecked, "a command and its output not written as a ```console example"


def test_update_docs_rewrites_the_output_of_an_example_and_nothing_else(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# 标题\n\n1. 检查：\n\n   ```console\n   $ python -m generator validate\n   旧的输出\n"
                   "   ```\n\n   说明。\n", encoding="utf-8")
    (example,) = blocks(doc)
    rewrite(example, "$ python -m generator validate\n新的输出\n\n第三行\n")
    assert doc.read_text(encoding="utf-8") == (
        "# 标题\n\n1. 检查：\n\n   ```console\n   $ python -m generator validate\n   新的输出\n\n"
        "   第三行\n   ```\n\n   说明。\n")
    assert blocks(doc)[0].text == "$ python -m generator validate\n新的输出\n\n第三行\n"
