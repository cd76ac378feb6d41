"""Shared fixtures: small projects in tmp_path, the default site built once."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, sync_playwright

from generator import i18n
from generator.commands.build import build_site
from generator.commands.new import create_project
from generator.errors import ContentError
from generator.site.project import load_project
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder

REPO = Path(__file__).resolve().parent.parent

# The suite speaks English unless a test asks for Chinese (--lang zh, or i18n.use("zh")),
# and so do the processes it starts (python -m generator, MkDocs).
for _name in ("LC_ALL", "LC_MESSAGES", i18n.ENV):
    os.environ.pop(_name, None)
os.environ["LANG"] = "en_US.UTF-8"

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


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Each test starts in English, whatever language an earlier one chose."""
    i18n.use("en")
    yield
    i18n.use("en")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files from the current output.")
    parser.addoption("--update-docs", action="store_true",
                     help="Rewrite the output of the docs' ```console examples from the program.")


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


def writer(folder: Path, default: str) -> Callable[..., Path]:
    """``write(text, name=default)``: put a content file (text or raw bytes) into *folder*."""

    def write(text: str | bytes, name: str = default) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_course(project: Path) -> Callable[..., Path]:
    """Write a course file into the project's content/courses/."""
    return writer(project / "content" / "courses", "demo.yml")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by all browser tests."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def content_errors(project: Path) -> list[str]:
    """Every problem ``load_project`` reports, as ``path:line:col: message`` lines."""
    with pytest.raises(ContentError) as info:
        load_project(project)
    return [str(p) for p in info.value.problems]


@pytest.fixture(scope="session")
def default_origin(default_site: Path) -> Iterator[str]:
    """The shipped site served on a loopback port for the whole session."""
    with serve_folder(default_site) as origin:
        yield origin


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once into a temporary site folder."""
    work = tmp_path_factory.mktemp("default")
    root = work / "project"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".git", "site", ".build", "tests", "benchmarks", "__pycache__", ".*cache", "*.egg-info",
        ".venv", "node_modules"))
    result = build_site(root, work / "site")
    return result.out


@pytest.fixture(scope="session")
def unchecked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content with its 随堂测验 taken out, built once: every lesson has its
    标记为已学 button, for the tests of marking lessons (the shipped course has a check on
    every lesson, and a lesson with a check is credited by passing it)."""
    work = tmp_path_factory.mktemp("unchecked")
    root = work / "project"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".git", "site", ".build", "tests", "benchmarks", "__pycache__", ".*cache", "*.egg-info",
        ".venv", "node_modules"))
    for path in (root / "content" / "courses").glob("*.yml"):
        course = yaml.safe_load(path.read_text(encoding="utf-8"))
        course.pop("pass", None)
        for module in course["modules"]:
            for lesson in module["lessons"]:
                lesson.pop("check", None)
                lesson.pop("pass", None)
        path.write_text(yaml.safe_dump(course, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build_site(root, work / "site").out


@pytest.fixture(scope="session")
def unchecked_origin(unchecked_site: Path) -> Iterator[str]:
    """The site of ``unchecked_site`` served on a loopback port for the whole session."""
    with serve_folder(unchecked_site) as origin:
        yield origin


#: A small valid questionnaire using every item type; tests break one thing at a time.
MINIMAL_QUIZ = textwrap.dedent("""\
    id: check
    title: 小测
    version: "1"
    introduction: 说明
    dimensions:
      - id: will
        name: 愿为
        bands:
          - {from: 0, to: 50, label: 弱, interpretation: 偏弱, lessons: [l1]}
          - {from: 50, to: 100, label: 强, interpretation: 较强, advice: 保持}
      - id: dare
        name: 敢为
        bands:
          - {from: 0, to: 100, label: 全部, interpretation: 说明}
    items:
      - id: q1
        type: likert
        dimension: will
        text: 我愿意学习
        scale: agree5
      - id: q2
        type: likert
        dimension: will
        text: 我常常拖延
        scale: agree5
        reverse: true
      - id: q3
        type: single
        dimension: dare
        text: 情景题
        options:
          - {label: 上报, score: 1}
          - {label: 担当, score: 3}
          - {label: 回避, score: 0}
      - id: q4
        type: multi
        dimension: dare
        text: 多选
        max: 2
        options:
          - {label: 甲, score: 1}
          - {label: 乙, score: 2}
          - {label: 丙, score: 0}
      - id: q5
        type: yesno
        dimension: will
        text: 是否
        required: false
      - id: q6
        type: text
        text: 反思
        required: false
    bands:
      - {from: 0, to: 60, label: 一般, interpretation: 一般}
      - {from: 60, to: 100, label: 好, interpretation: 好}
    profiles:
      - id: willing-not-daring
        label: 想干不敢干
        when:
          - {dimension: will, at_least: 70}
          - {dimension: dare, below: 50}
        advice: 学习容错纠错
        lessons: [l2]
    """)


@pytest.fixture
def write_quiz(project: Path) -> Callable[..., Path]:
    """Write a questionnaire into the project's quizzes/ folder."""
    return writer(project / "quizzes", "check.yml")


#: A small filled responsibility list.
MINIMAL_LIST = textwrap.dedent("""\
    id: window
    title: 窗口岗位责任清单
    unit: 某中心
    position: 综合窗口
    period: {year: 2027, quarters: true}
    commitments:
      - {name: 首问负责, text: 第一位接待人负责到底}
    rows:
      - {duty: 咨询接待, standard: 当场答复, deadline: 随到随办, owner: 窗口人员, backup: 同组人员}
      - {duty: 受理审核, standard: 材料齐全当场受理, deadline: 即办}
    blank_rows: 2
    """)


@pytest.fixture
def write_list(project: Path) -> Callable[..., Path]:
    """Write a responsibility list into the project's content/lists/."""
    return writer(project / "content" / "lists", "window.yml")


@pytest.fixture
def quiz_project(project: Path, write_course: Callable[..., Path],
                 write_quiz: Callable[..., Path]) -> Path:
    """A project with the minimal course and the minimal questionnaire."""
    write_course(MINIMAL_COURSE)
    write_quiz(MINIMAL_QUIZ)
    return project
