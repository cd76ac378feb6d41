"""The authors' docs are checked against the code: nothing undocumented, nothing stale."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from pydantic import BaseModel

from generator.cli import main
from generator.content.models import appraisal as a
from generator.content.models import check as c
from generator.content.models import questionnaire as q
from generator.content.models import responsibility as r
from generator.content.models.course import (
    Case,
    Course,
    Deadline,
    Lesson,
    LevelHours,
    Module,
    Reading,
    Schedule,
    Session,
    Training,
)
from tests.conftest import REPO

DOCS = REPO / "docs"

#: Format reference file → the models it documents, each in a section headed ``## …（Name）``.
FORMATS: dict[str, list[type[BaseModel]]] = {
    "course-format.md": [Course, Module, Lesson, Case, Reading, Schedule, Session, Deadline,
                         LevelHours, Training,
                         c.SingleChoice, c.MultipleChoice, c.TrueFalse, c.FillIn, c.Choice],
    "questionnaire-format.md": [q.Questionnaire, q.Dimension, q.Section, q.Band, q.Profile,
                                q.Condition, q.Option, q.LikertItem, q.SingleItem, q.MultiItem,
                                q.YesNoItem, q.TextItem, a.Appraisal, a.Subject, a.RaterGroup,
                                a.Grade, a.AppraisalDimension, a.Level, a.Rule],
    "list-format.md": [r.ResponsibilityList, r.Period, r.Commitment, r.Column],
}

#: Where the first ```yaml example of each reference goes in a fresh project.
EXAMPLE_TARGET = {
    "course-format.md": "content/courses/sample.yml",
    "questionnaire-format.md": "quizzes/example.yml",
    "list-format.md": "content/lists/example.yml",
}


def sections(path: Path) -> dict[str, str]:
    """``## heading`` → the text under it, for one Markdown file."""
    parts = re.split(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def section_for(path: Path, name: str) -> str:
    found = [text for heading, text in sections(path).items() if f"（{name}）" in heading]
    assert len(found) == 1, f"{path.name}: expected one section headed '…（{name}）'"
    return found[0]


def table_rows(text: str) -> dict[str, list[str]]:
    """Rows of the field tables: `` `field` `` → its cells."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`([a-z_]+)`", cells[0]) if line.startswith("|") else None
        if match:
            rows[match.group(1)] = cells[1:]
    return rows


CASES = [pytest.param(doc, model, id=f"{doc}:{model.__name__}")
         for doc, models in FORMATS.items() for model in models]


@pytest.mark.parametrize(("doc", "model"), CASES)
def test_every_field_is_documented_with_type_and_default(doc: str, model: type[BaseModel]) -> None:
    rows = table_rows(section_for(DOCS / doc, model.__name__))
    fields = {field.alias or name: field for name, field in model.model_fields.items()}
    assert sorted(rows) == sorted(fields), "documented fields differ from the model"
    for name, field in fields.items():
        kind, default, description = rows[name][:3]
        assert kind and description, f"{name}: type and description are required"
        if field.is_required():
            assert default == "必填", f"{name} is required: its default column must say 必填"
        else:
            assert default != "必填", f"{name} is optional: its default column must give the default"


@pytest.mark.parametrize("doc", list(FORMATS))
def test_format_reference_has_a_complete_example_that_validates(doc: str, tmp_path: Path) -> None:
    from generator.commands.new import create_project
    from generator.site.project import load_project

    blocks = re.findall(r"```yaml\n(.*?)```", (DOCS / doc).read_text(encoding="utf-8"), re.S)
    assert blocks, f"{doc}: expected at least one ```yaml example"
    root = tmp_path / "proj"
    create_project(root, "示例")
    (root / EXAMPLE_TARGET[doc]).write_text(blocks[0], encoding="utf-8")
    loaded = load_project(root)
    assert loaded.lesson_count() >= 1
    assert len(loaded.quizzes) == ("questionnaire" in doc)
    assert len(loaded.lists) == ("list" in doc)


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    docs = sections(DOCS / "cli.md")
    headings = {re.sub(r"`", "", h).split()[0] for h in docs}
    assert set(main.commands) <= headings, "a command has no ## section in docs/cli.md"
    for name, command in main.commands.items():
        text = next(t for h, t in docs.items() if re.sub(r"`", "", h).split()[0] == name)
        assert "python -m generator " + name in text, f"{name}: no example"
        for param in command.params:
            if isinstance(param, click.Option):
                longest = max(param.opts, key=len)
                assert longest in text, f"{name}: option {longest} is undocumented"
            elif isinstance(param, click.Argument):
                assert param.human_readable_name in text, f"{name}: argument undocumented"


def test_readme_quick_start_is_two_commands_in_one_block() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1]
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", quick, re.S)
    lines = [line for line in blocks[0].splitlines() if line.strip()]
    assert len(lines) == 2
    assert "generator build" in lines[0]
    assert "tests/run.sh" in lines[1]
