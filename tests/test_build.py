"""Building: the shipped content builds under --strict, and a failed build loses nothing."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.commands.build import build_site
from generator.commands.new import create_project
from generator.errors import BuildError, ContentError
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, REPO
from tests.weights import PAGE_TYPES, own_assets


def test_default_content_builds_a_complete_site(default_site: Path) -> None:
    project = load_project(REPO)
    [loaded] = project.courses
    course = loaded.course
    assert len(course.modules) == 4
    assert project.lesson_count() >= 12
    assert (default_site / "index.html").is_file()
    assert (default_site / course.id / "index.html").is_file()
    for module in course.modules:
        assert (default_site / course.id / module.id / "index.html").is_file()
        for lesson in module.lessons:
            assert (default_site / course.id / module.id / f"{lesson.id}.html").is_file()
    assert (default_site / course.id / "schedule.ics").is_file()
    # file:// search needs the inlined index and the vendored worker shim.
    assert (default_site / "search" / "search_index.js").is_file()
    assert (default_site / "assets" / "kb" / "vendor" / "iframe-worker" / "shim.js").is_file()


def test_pages_reference_no_other_origin(default_site: Path) -> None:
    """No script, style, font or image is loaded from elsewhere (links may point out)."""
    loaders = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="(https?:)?//')
    for page in default_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not loaders.search(text), page
        assert "fonts.googleapis" not in text, page


def test_chinese_headings_get_readable_anchors(default_site: Path) -> None:
    lesson = next(default_site.glob("*/*/*.html"))
    text = lesson.read_text(encoding="utf-8")
    assert 'id="讨论题"' in text
    assert 'id="案例与情景"' in text


def test_failed_build_leaves_the_earlier_site_untouched(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    build_site(project)
    site = project / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    # A missing image: validate checks links to pages, MkDocs (strict) every other target.
    (project / "content" / "broken.md").write_text("# 坏链接\n\n![图](missing.png)\n", "utf-8")
    with pytest.raises(BuildError) as info:
        build_site(project)
    assert info.value.message == (
        "MkDocs could not build the site:\n"
        "content/broken.md:3:6: the link missing.png leads to no page of the site (was its course "
        "or page removed or renamed?): correct the link or remove it")

    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_rebuild_replaces_the_site(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(MINIMAL_COURSE)
    build_site(project)
    write_course(MINIMAL_COURSE.replace("title: 第二课", "title: 第二课（修订）"))
    build_site(project)
    page = project / "site" / "demo" / "m1" / "l2.html"
    assert "第二课（修订）" in page.read_text(encoding="utf-8")


def test_hand_written_page_may_not_take_a_generated_path(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    (project / "content" / "demo").mkdir()
    (project / "content" / "demo" / "index.md").write_text("# 冲突\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        build_site(project)
    assert [str(p) for p in info.value.problems] == [
        "content/demo/index.md:1:1: expected no hand-written page at 'demo/index.md', found "
        "one where a generated page goes (rename the file, or change the course or module id)"
    ]


def test_serve_regenerates_when_the_yaml_changes(
    project: Path, write_course: Callable[..., Path]
) -> None:
    """`serve` previews the site and picks up an edited course without a restart, telling the
    trainer one Chinese line per build instead of MkDocs' and jieba's English chatter."""
    write_course(MINIMAL_COURSE)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-C", str(project), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "KBGEN_LANG": "zh"})

    def page_when(text: str) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/demo/m1/l2.html") as reply:
                    body = reply.read().decode("utf-8")
                if text in body:
                    return body
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the preview never showed {text!r}")

    try:
        page_when("第二课")
        write_course(MINIMAL_COURSE.replace("title: 第二课", "title: 第二课（改）"))
        assert "第二课（改）" in page_when("第二课（改）")
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    said = out.splitlines()
    assert said[0] == f"预览地址 http://127.0.0.1:{port}/（按 Ctrl+C 停止）"
    assert re.fullmatch(r"网站已就绪（用时 [\d.]+ 秒）。", said[1])
    assert [re.fullmatch(r"\d\d:\d\d:\d\d 已按改动重新生成（用时 [\d.]+ 秒），浏览器会自动刷新。", line)
            is not None for line in said[2:]] == [True] * len(said[2:]) and len(said) > 2
    assert err == ""


def test_shipped_assets_are_minified_without_changing_their_rules(default_site: Path) -> None:
    """What the minifier keeps: balanced brackets and every UI string of our JS and CSS."""
    source = REPO / "generator" / "assets"
    for path in sorted(source.glob("kb-*.*")):
        if path.suffix not in (".js", ".css"):
            continue
        shipped = (default_site / "assets" / "kb" / path.name).read_text(encoding="utf-8")
        original = path.read_text(encoding="utf-8")
        if path.name != "kb-handbook.css":
            assert len(shipped) < 0.9 * len(original), path.name
        for pair in ("()", "[]", "{}"):  # a minifier that drops one breaks what follows
            assert shipped.count(pair[0]) == shipped.count(pair[1]), (path.name, pair)
        code = "\n".join(line.split(" // ")[0] for line in original.splitlines()
                         if not line.strip().startswith(("/*", "*", "//")))
        for text in re.findall(r'"[^"\n]*[\u4e00-\u9fff][^"\n]*"', code):  # every UI string
            assert text in shipped, (path.name, text)


#: The most our own JS and CSS, gzipped, may weigh on any page (the reader-side budget).
BUDGET = 12 * 1024
#: The most a lesson page with a 随堂测验 may load of ours (issue 19).
CHECKED_LESSON_BUDGET = 9 * 1024
#: The most a questionnaire page may load of ours with the page (issue 23); the scorer and
#: the rest load as the reader starts answering (tests/test_quiz_journey_browser.py).
QUESTIONNAIRE_BUDGET = 8 * 1024


@pytest.mark.parametrize(("kind", "page"), PAGE_TYPES, ids=[kind for kind, _ in PAGE_TYPES])
def test_every_page_type_stays_within_the_weight_budget(default_site: Path, kind: str,
                                                        page: str) -> None:
    weights = own_assets(default_site, page)
    assert sum(weights.values()) <= BUDGET, weights
    if kind not in ("self-assessment", "rating form"):  # the questionnaire runtime stays home
        assert not any("kb-quiz" in a or "kb-score" in a for a in weights), weights
    # The 随堂测验's runtime loads only where there is a check, and keeps such a lesson light.
    assert any("kb-check" in a for a in weights) == (kind == "lesson with a check"), weights
    if kind == "lesson with a check":
        assert sum(weights.values()) <= CHECKED_LESSON_BUDGET, weights
    if kind in ("self-assessment", "rating form"):
        assert sum(weights.values()) <= QUESTIONNAIRE_BUDGET, weights
    assert not any("kb-token" in a for a in weights), weights  # no form of the default site has token


def test_lesson_pages_load_only_their_own_courses_lessons(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """A lesson without a 随堂测验 (the default course has none such: the scaffold's has) loads
    no kb-check; module and lesson pages load the lessons of their own course only, so a lesson
    page's weight does not grow with the other courses of a site."""
    root = tmp_path_factory.mktemp("courses") / "project"
    create_project(root, "两门课")
    (root / "content" / "courses" / "demo.yml").write_text(MINIMAL_COURSE, "utf-8")
    site = build_site(root).out
    for page, course in (("sample/sample-module/sample-first.html", "sample"),
                         ("sample/sample-module/index.html", "sample"), ("demo/m1/l1.html", "demo")):
        weights = own_assets(site, page)
        assert sum(weights.values()) <= BUDGET, weights
        assert not any("kb-check" in a or "kb-quiz" in a for a in weights), weights
        assert [a for a in weights if "kb-lessons" in a] == [f"assets/kb/kb-lessons-{course}.js"], weights
    assert "sample-first" not in (site / "assets" / "kb" / "kb-lessons-demo.js").read_text("utf-8")
    assert {"sample-first", "l1"} <= set(re.findall(r'"id":"([^"]+)"',
                                                    (site / "assets/kb/kb-lessons.js").read_text("utf-8")))


def test_a_rating_form_with_token_stays_within_the_weight_budget(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The default site has no form with ``token``: this one is the default rating form with
    ``token: required``, the heaviest page a project can make of ours. Its 评价码 reader
    (kb-token.js) loads as the field is first used (tests/test_token_browser.py), not with the page."""
    root = tmp_path_factory.mktemp("token") / "project"
    create_project(root, "评价码")
    (root / "content" / "courses" / "sample.yml").unlink()
    (root / "content" / "index.md").write_text("# 评价码\n\n[测评](quizzes/qunzhong-manyidu.md)\n",
                                                "utf-8")
    form = (REPO / "quizzes" / "qunzhong-manyidu.yml").read_text("utf-8")
    (root / "quizzes" / "qunzhong-manyidu.yml").write_text(
        form.replace("\ntoken: optional\n", "\ntoken: required\n"), "utf-8")
    site = build_site(root).out
    page = site / "quizzes" / "qunzhong-manyidu.html"
    assert 'class="kbq-token"' in page.read_text("utf-8") and 'data-required="1"' in page.read_text("utf-8")
    weights = own_assets(site, "quizzes/qunzhong-manyidu.html")
    assert sum(weights.values()) <= QUESTIONNAIRE_BUDGET, weights
    assert not any("kb-token" in a for a in weights), weights
    assert (site / "assets" / "kb" / "kb-token.js").is_file()  # there for kb-quiz.js to load


def test_an_appraisal_form_stays_within_the_weight_budget(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The default site has no 民主测评 form: this one (the shared vectors' form, four cadres, a
    group with required 评价码) is weighed on a project of its own. Its 评价码 reader loads on
    first use (tests/test_appraisal_browser.py); the questionnaire runtime never loads."""
    root = tmp_path_factory.mktemp("appraisal") / "project"
    create_project(root, "民主测评")
    form = (REPO / "tests" / "vectors" / "appraisal" / "appraisal.yml").read_text("utf-8")
    (root / "quizzes" / "ceping.yml").write_text(form.split("\n", 1)[1], "utf-8")
    site = build_site(root).out
    weights = own_assets(site, "quizzes/ceping-vectors.html")
    assert sum(weights.values()) <= BUDGET, weights
    assert any("kb-appraisal.js" in a for a in weights), weights
    assert not any("kb-token" in a or "kb-quiz" in a or "kb-score" in a for a in weights), weights
