"""JSON Schemas: shipped, current, and named by every shipped YAML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.schema import FORMATS, schema_text
from tests.conftest import REPO

SHIPPED_YAML = sorted((REPO / "content").rglob("*.yml")) + sorted(
    (REPO / "generator" / "scaffold").rglob("*.yml"))


@pytest.mark.parametrize("name", list(FORMATS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schema_text(FORMATS[name]), (
        "schemas/ is stale: run python -m generator schema")


@pytest.mark.parametrize("path", [p for p in SHIPPED_YAML if p.name != "mkdocs.yml"],
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_shipped_yaml_names_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    project_root = REPO if REPO / "content" in path.parents else REPO / "generator" / "scaffold"
    # The scaffold's schemas/ folder is written by `new`; the repo's is committed.
    expected = project_root / "schemas" / target.name
    assert target == expected.resolve()
    assert target.name in FORMATS


def test_scaffold_config_matches_the_project_config() -> None:
    """`new` must give the same site setup as this project, bar name and description."""

    def body(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith(("site_name:", "site_description:"))]

    assert body(REPO / "generator" / "scaffold" / "mkdocs.yml") == body(REPO / "mkdocs.yml")
