"""What validate accepts, build builds (issue 18), over generated projects.

Hypothesis draws projects from the content models: several courses of modules of
lessons, prerequisites across courses, schedule sessions teaching lessons of any
course, deadlines naming modules, ``(id:lesson)`` and ``(id:lesson#anchor)`` links in
Markdown fields (to headings that exist, and sometimes to ones that do not),
questionnaires recommending lessons and responsibility lists. Some references are
wrong on purpose. For each project:

- every error ``validate`` reports has a place: a path, a line and a column ≥ 1;
- when ``validate`` exits 0, the site is generated without an exception (pages,
  calendars, handbooks, MkDocs config: ``generate``); for a few projects, the real
  ``build`` (MkDocs included) exits 0 with nothing on stderr and no traceback.

Runs are reproducible (``derandomize``, no example database); ``build`` runs MkDocs,
so it gets few examples.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.commands.new import create_project
from generator.site.build import generate
from generator.site.project import load_project
from tests.conftest import MINIMAL_LIST, MINIMAL_QUIZ

#: Headings a lesson body may have, with the anchors the site gives them
#: (docs/course-format.md, 中文小标题的锚点).
HEADINGS = {
    "做法": "做法",
    "Step 1 执行力": "step-1-执行力",
    "为什么从“愿为”讲起": "为什么从愿为讲起",
    "第一课：认识执行力": "第一课认识执行力",
}
#: Headings of every lesson page; 延伸阅读 only with readings.
FIXED_ANCHORS = ("案例与情景", "讨论题")
READINGS_ANCHOR = "延伸阅读"
#: Anchors no lesson has: 学习目标 and 要点 are boxes, not headings.
MISSING_ANCHORS = ("学习目标", "要点", "不存在的标题", "step-2")
#: Ids that are no lesson or module of any project drawn here.
UNKNOWN_IDS = ("l99", "nope")

Data = dict[str, Any]
Files = dict[str, Data]  # project-relative path → YAML data


class _Dumper(yaml.SafeDumper):
    """Multi-line text as a literal block (``|``), as authors write Markdown."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def dump(data: Data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


# --- The shape of a project ----------------------------------------------------------------------

def lesson(ident: str, headings: list[str], readings: bool, channel: str) -> Data:
    data: Data = {
        "id": ident, "title": f"课{ident}", "summary": "提要", "audience": ["全体干部"],
        "channel": channel, "hours": 1, "objectives": ["目标"], "key_points": ["要点"],
        "body": "".join(f"## {h}\n\n正文。\n\n" for h in headings) or "正文。\n",
        "cases": [{"title": "案例", "body": "案例正文"}], "discussion": ["问题"],
    }
    if readings:
        data["readings"] = [{"title": "读物", "author": "作者", "source": "出处", "year": 2024}]
    return data


def courses_of(sizes: list[list[int]], headings: list[list[str]], readings: list[bool],
               channels: list[str]) -> list[Data]:
    """Courses c0, c1… of modules c0-m0… of lessons l0, l1… (ids unique in the project)."""
    courses: list[Data] = []
    n = 0
    for ci, modules in enumerate(sizes):
        course: Data = {"id": f"c{ci}", "title": f"课程{ci}", "summary": "简介", "modules": []}
        for mi, count in enumerate(modules):
            lessons = []
            for _ in range(count):
                lessons.append(lesson(f"l{n}", headings[n], readings[n], channels[n]))
                n += 1
            course["modules"].append({"id": f"c{ci}-m{mi}", "title": f"模块{ci}-{mi}",
                                      "summary": "模块简介", "lessons": lessons})
        courses.append(course)
    return courses


def all_lessons(courses: list[Data]) -> dict[str, Data]:
    return {x["id"]: x for c in courses for m in c["modules"] for x in m["lessons"]}


def files_of(courses: list[Data], quiz: Data | None, lst: Data | None) -> Files:
    files = {f"content/courses/{c['id']}.yml": c for c in courses}
    if quiz is not None:
        files["quizzes/check.yml"] = quiz
    if lst is not None:
        files["content/lists/window.yml"] = lst
    return files


# --- Strategies ----------------------------------------------------------------------------------

@st.composite
def links(draw: st.DrawFn, lessons: dict[str, Data], valid: bool) -> str:
    """Markdown with ``(id:…)`` links: to lessons and their anchors, or (not *valid*) wrong."""
    found = []
    for _ in range(draw(st.integers(0, 3))):
        if not valid and draw(st.booleans()):
            target = draw(st.sampled_from(UNKNOWN_IDS))
        else:
            target = draw(st.sampled_from(sorted(lessons)))
        known = lessons.get(target)
        anchors = [HEADINGS[h] for h in HEADINGS if known and f"## {h}\n" in known["body"]]
        anchors += FIXED_ANCHORS
        if known and known.get("readings"):
            anchors.append(READINGS_ANCHOR)
        kind = draw(st.sampled_from(["none", "anchor"] + ([] if valid else ["missing"])))
        fragment = ("" if kind == "none" else
                    "#" + draw(st.sampled_from(anchors if kind == "anchor" else MISSING_ANCHORS)))
        found.append(f"见[链接](id:{target}{fragment})。")
    return "\n".join(found)


@st.composite
def projects(draw: st.DrawFn) -> tuple[bool, Files]:
    """A project as files of data, and whether it was drawn without mistakes (when not, some
    references may be wrong)."""
    valid = draw(st.sampled_from([True, False]))
    event("drawn: without mistakes" if valid else "drawn: mistakes allowed")
    sizes = draw(st.lists(st.lists(st.integers(1, 3), min_size=1, max_size=2),
                          min_size=1, max_size=3))
    total = sum(map(sum, sizes))
    headings = draw(st.lists(st.lists(st.sampled_from(sorted(HEADINGS)), max_size=2, unique=True),
                             min_size=total, max_size=total))
    readings = draw(st.lists(st.booleans(), min_size=total, max_size=total))
    channels = draw(st.lists(st.sampled_from(["集中课堂", "网络课堂", "异地课堂"]),
                             min_size=total, max_size=total))
    courses = courses_of(sizes, headings, readings, channels)
    lessons = all_lessons(courses)
    ids = sorted(lessons)
    wrong_ids = ids + list(UNKNOWN_IDS) if not valid else ids

    for course in courses:
        if draw(st.booleans()):
            course["description"] = draw(links(lessons, valid)) or "说明"
        for module in course["modules"]:
            if draw(st.booleans()):
                module["description"] = draw(links(lessons, valid)) or "说明"
            for x in module["lessons"]:
                x["body"] += draw(links(lessons, valid))
                if draw(st.booleans()):
                    x["cases"][0]["analysis"] = draw(links(lessons, valid)) or "点评"
                others = [i for i in ids if i != x["id"]] + ([x["id"]] if not valid else [])
                prerequisites = draw(st.lists(st.sampled_from(others), max_size=2, unique=True)
                                     if others else st.just([]))
                if prerequisites:
                    x["prerequisites"] = prerequisites
        if draw(st.booleans()):
            course["schedule"] = draw(schedules(course, courses, wrong_ids, valid))

    quiz = lst = None
    if draw(st.booleans()):
        quiz = yaml.safe_load(MINIMAL_QUIZ)
        quiz["introduction"] = draw(links(lessons, valid)) or "说明"
        quiz["dimensions"][0]["bands"][0]["lessons"] = draw(
            st.lists(st.sampled_from(wrong_ids), max_size=2, unique=True))
        quiz["profiles"][0]["lessons"] = draw(
            st.lists(st.sampled_from(wrong_ids), max_size=2, unique=True))
        quiz["profiles"][0]["advice"] = draw(links(lessons, valid)) or "学习容错纠错"
    if draw(st.booleans()):
        lst = yaml.safe_load(MINIMAL_LIST)
        lst["introduction"] = draw(links(lessons, valid)) or "说明"
    return valid, files_of(courses, quiz, lst)


@st.composite
def schedules(draw: st.DrawFn, course: Data, courses: list[Data], lesson_ids: list[str],
              valid: bool) -> Data:
    """Sessions teaching lessons of any course, deadlines naming modules (of another course
    too, when not *valid*), on days before and after today."""
    days = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
    sessions = [{"title": f"第{n + 1}讲", "date": draw(days), "start": "09:00", "end": "11:30",
                 "place": "党校", "lessons": draw(st.lists(st.sampled_from(lesson_ids),
                                                            max_size=3, unique=True))}
                for n in range(draw(st.integers(0, 3)))]
    modules = [m["id"] for m in course["modules"]]
    if not valid:
        modules += [m["id"] for c in courses for m in c["modules"]] + list(UNKNOWN_IDS)
    deadlines = [{"module": draw(st.sampled_from(modules)), "date": draw(days),
                  "title": "完成网络课堂学习"} for _ in range(draw(st.integers(0, 2)))]
    return {"sessions": sessions, "deadlines": deadlines}


def cross_course_project() -> Files:
    """Issue 18: a session of c0 teaches l1, a lesson of c1; links and prerequisites cross too."""
    courses = courses_of([[1], [1]], [["做法"], []], [False, True], ["集中课堂", "集中课堂"])
    first, second = (c["modules"][0]["lessons"][0] for c in courses)
    first["body"] += "见[另一课](id:l1#延伸阅读)。"
    second["body"] += "见[第一课](id:l0#做法)。"
    second["prerequisites"] = ["l0"]
    courses[0]["schedule"] = {
        "sessions": [{"title": "第一讲", "date": dt.date(2035, 3, 1), "start": "09:00",
                      "end": "11:30", "place": "党校", "lessons": ["l0", "l1"]}],
        "deadlines": [{"module": "c0-m0", "date": dt.date(2035, 4, 30)}],
    }
    quiz = yaml.safe_load(MINIMAL_QUIZ)
    quiz["dimensions"][0]["bands"][0]["lessons"] = ["l1"]
    quiz["profiles"][0]["lessons"] = ["l0"]
    return files_of(courses, quiz, yaml.safe_load(MINIMAL_LIST))


# --- Running the generator -----------------------------------------------------------------------

@contextmanager
def project_of(files: Files, scaffold: Path) -> Iterator[Path]:
    """The scaffold (without its sample course) with *files* written into it, in a new folder."""
    with tempfile.TemporaryDirectory(dir=scaffold.parent) as folder:
        root = Path(folder) / "proj"
        shutil.copytree(scaffold, root)
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(data), encoding="utf-8")
        yield root


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    # Click's own exit (0, 1 or 2) is fine; anything else escaped the command: a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        "".join(traceback.format_exception(result.exception)))
    assert "Traceback" not in result.output
    return result


def validate(root: Path) -> bool:
    """Run ``validate``: whether it passed; every error it reports must have a place."""
    result = invoke("validate", "-C", str(root), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert report["ok"] == (result.exit_code == 0)
    event("validate: passed" if report["ok"] else "validate: refused")
    for error in report["errors"]:
        assert error["path"] and (root / error["path"]).exists(), error
        assert isinstance(error["line"], int) and error["line"] >= 1, error
        assert isinstance(error["column"], int) and error["column"] >= 1, error
    return bool(report["ok"])


@pytest.fixture(scope="session")
def scaffold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scaffold without its sample course, made once and copied for each example."""
    root = tmp_path_factory.mktemp("scaffold") / "proj"
    create_project(root, "测试站点")
    (root / "content" / "courses" / "sample.yml").unlink()
    return root


#: Reproducible, and bounded: no shrinking, which writes and validates a project per step (a
#: failure took five minutes to shrink); the failing project is printed as drawn.
COMMON = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(COMMON, max_examples=30)
@example((True, cross_course_project()))
@given(projects())
def test_what_validate_accepts_generates(scaffold: Path, drawn: tuple[bool, Files]) -> None:
    valid, files = drawn
    with project_of(files, scaffold) as root:
        if validate(root):
            generate(load_project(root))
        else:  # drawn without mistakes, it must pass: else the docs promise what validate refuses
            assert not valid


@settings(COMMON, max_examples=2)
@example((True, cross_course_project()))
@given(projects())
def test_what_validate_accepts_builds(scaffold: Path, drawn: tuple[bool, Files]) -> None:
    valid, files = drawn
    with project_of(files, scaffold) as root:
        if validate(root):
            result = invoke("build", "-C", str(root))
            assert (result.exit_code, result.stderr) == (0, ""), result.output
            assert (root / "site" / "index.html").is_file()
        else:
            assert not valid
