"""Shared fixtures: small projects in tmp_path, the default site built once."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.scaffold import create_project
from generator.site import build_site

REPO = Path(__file__).resolve().parent.parent

#: A minimal valid course; tests replace parts of it to make one error each.
MINIMAL_COURSE = textwrap.dedent("""\
    id: demo
    title: 示例
    summary: 简介
    modules:
      - id: m1
        title: 模块一
        summary: 模块简介
        lessons:
          - id: l1
            title: 第一课
            summary: 提要
            audience: [全体干部]
            channel: 集中课堂
            hours: 2
            objectives: [目标]
            key_points: [要点]
            body: |
              正文第一行
              见[第二课](id:l2)。
            cases:
              - title: 案例一
                body: 案例正文
            discussion: [问题]
          - id: l2
            title: 第二课
            summary: 提要
            audience: [年轻干部]
            channel: 网络课堂
            hours: 1.5
            objectives: [目标]
            key_points: [要点]
            body: 正文
            cases:
              - title: 情景一
                kind: 情景
                body: 情景正文
            discussion: [问题]
            prerequisites: [l1]
    """)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project from the scaffold, with its sample course removed."""
    root = tmp_path / "proj"
    create_project(root, "测试站点")
    (root / "content" / "courses" / "sample.yml").unlink()
    (root / "content" / "index.md").write_text("# 首页\n", encoding="utf-8")
    return root


@pytest.fixture
def write_course(project: Path) -> Callable[..., Path]:
    """Write a course file into the project: ``write_course(text, name='demo.yml')``."""

    def write(text: str | bytes, name: str = "demo.yml") -> Path:
        path = project / "content" / "courses" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once into a temporary site folder."""
    work = tmp_path_factory.mktemp("default")
    root = work / "project"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".git", "site", ".build", "tests", "benchmarks", "__pycache__", ".*cache", "*.egg-info"))
    result = build_site(root, work / "site")
    return result.out
