"""The printed 学习手册: one standalone HTML page per course, and its PDF.

The PDF of the shipped course is opened with pypdf: its contents must point at
the pages where the lessons start, every page but the cover carries the footer,
and the same content gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import logging
import re
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.content.models.course import Course
from generator.errors import GeneratorError
from generator.site.build import generate
from generator.site.handbook import (
    SiteInfo,
    chinese_number,
    cover,
    document_date,
    handbook_pdf,
    render_handbook,
    site_info,
)
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, REPO, content_errors
from tests.test_pages import FULL_COURSE

COURSE = load_project(REPO).courses[0].course
LESSONS = [lesson for _, lesson in COURSE.lessons()]


def squeeze(text: str) -> str:
    """Text as pypdf extracts it, without the line breaks and spaces layout adds."""
    return re.sub(r"\s+", "", text)


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@cache
def laid_out() -> tuple[bytes, list[str]]:
    """The shipped course's handbook, laid out once, and what WeasyPrint warned about."""
    project = load_project(REPO)
    kept = Kept()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(kept)
    try:
        data = handbook_pdf(project, project.courses[0].course, environ={}).data
    finally:
        logger.removeHandler(kept)
    return data, kept.messages


def default_pdf() -> bytes:
    return laid_out()[0]


@pytest.fixture
def reader() -> PdfReader:
    return PdfReader(io.BytesIO(default_pdf()))


@cache
def page_texts() -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(default_pdf())).pages)


@pytest.fixture
def pages() -> list[str]:
    return list(page_texts())


def contents_numbers(pages: list[str]) -> dict[str, int]:
    """Heading → page number, as printed in the contents (``第 3 课　标题 ....... 12``)."""
    start = next(i for i, text in enumerate(pages) if squeeze(text).startswith("目录"))
    end = next(i for i, text in enumerate(pages) if squeeze(text).startswith("课程简介"))
    text = squeeze("".join(pages[start:end]))
    found = {}
    for lesson in LESSONS:
        match = re.search(re.escape(squeeze(lesson.title)) + r"\.+(\d+)", text)
        assert match, f"{lesson.title}: not in the contents with a page number"
        found[lesson.id] = int(match.group(1))
    return found


# The PDF of the shipped course


def test_the_pdf_is_a4_portrait_with_a_plausible_page_count(reader: PdfReader) -> None:
    # A cover, the contents, the introduction, a page per module, at least one per
    # lesson, the schedule and the record; a lesson of 1,500 characters and two cases
    # takes three to four pages, never six.
    least = 3 + len(COURSE.modules) + len(LESSONS) + 2
    assert least <= len(reader.pages) <= least + 5 * len(LESSONS)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_cover_names_course_organizer_and_date(pages: list[str]) -> None:
    cover_text = squeeze(pages[0])
    assert cover_text.startswith("学习手册" + squeeze(COURSE.title))
    assert COURSE.organizer and squeeze(COURSE.organizer) in cover_text
    assert COURSE.issued and f"{COURSE.issued.year}年{COURSE.issued.month}月{COURSE.issued.day}日" \
        in cover_text
    assert "第1页" not in cover_text  # no header or footer on the cover


def test_contents_page_numbers_point_at_each_lessons_heading(pages: list[str]) -> None:
    numbers = contents_numbers(pages)
    assert list(numbers.values()) == sorted(numbers.values())
    for n, lesson in enumerate(LESSONS, start=1):
        page = pages[numbers[lesson.id] - 1]
        assert squeeze(page).startswith(squeeze(f"第 {n} 课{lesson.title}")), lesson.id


def test_every_lesson_title_is_in_the_pdf(pages: list[str]) -> None:
    body = squeeze("".join(pages))
    for lesson in LESSONS:
        assert body.count(squeeze(lesson.title)) >= 3, lesson.title  # contents, tables, heading


def test_every_page_but_the_cover_has_the_footer_and_the_running_header(
    pages: list[str]
) -> None:
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in text.splitlines()]
        assert f"第 {number} 页 共 {total} 页" in lines, f"page {number}"
        assert squeeze(COURSE.title) in squeeze(text), f"page {number}: no running header"


def test_the_schedule_and_a_blank_record_page_close_the_handbook(pages: list[str]) -> None:
    schedule = next(text for text in pages if squeeze(text).startswith("日程安排"))
    assert COURSE.schedule and all(s.place in schedule for s in COURSE.schedule.sessions)
    record = squeeze(pages[-1])
    assert record.startswith("学习记录")
    assert "本人签字" in record and "学习心得" in record
    assert not any(squeeze(lesson.title) in record for lesson in LESSONS)


def test_the_pdf_carries_fixed_metadata(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None and COURSE.issued is not None
    assert meta["/Title"] == f"{COURSE.title} · 学习手册"
    assert meta["/Author"] == COURSE.organizer
    assert meta["/CreationDate"] == meta["/ModDate"] == f"D:{COURSE.issued:%Y%m%d}000000Z"


def test_the_same_content_gives_the_same_bytes() -> None:
    first = default_pdf()
    time.sleep(1.1)  # another second on the wall clock: nothing may depend on it
    project = load_project(REPO)
    assert handbook_pdf(project, project.courses[0].course, environ={}).data == first


def test_the_layout_logs_no_warning() -> None:
    """WeasyPrint logs what it ignores (unknown CSS, missing fonts or images) as warnings."""
    assert laid_out()[1] == []


# The HTML page


def anchors_resolve(html: str) -> None:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets - ids == set()


def test_the_shipped_handbook_page_has_no_script_and_no_broken_anchor() -> None:
    project = load_project(REPO)
    html = render_handbook(project, project.courses[0].course, environ={})
    assert "<script" not in html
    assert '<link rel="stylesheet" href="../assets/kb/kb-handbook.css">' in html
    assert 'href="index.html"' in html  # back to the course page, on screen only
    anchors_resolve(html)
    for lesson in LESSONS:
        assert f'<article class="hb-lesson" id="{lesson.id}">' in html


@pytest.fixture
def full(project: Path, write_course: Callable[..., Path]) -> tuple[Path, str]:
    write_course(FULL_COURSE)
    loaded = load_project(project)
    return project, render_handbook(loaded, loaded.courses[0].course, environ={})


def test_plain_text_stays_text_and_markdown_becomes_html(full: tuple[Path, str]) -> None:
    _, html = full
    assert "<img src=x" not in html
    assert "第一课 &lt;img src=x onerror=alert&#40;1&#41;&gt;" in html
    assert "<p>点评第一段</p>" in html


def test_id_links_become_anchors_in_the_document(full: tuple[Path, str]) -> None:
    _, html = full
    assert '见<a href="#l2">第二课</a>。' in html
    assert '先学<a href="#l1-讨论题">第一课</a>' in html
    assert 'id="l1-讨论题"' in html
    anchors_resolve(html)


def test_headings_of_the_body_get_ids_of_their_lesson(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("body: 正文\n", "body: |\n              ## 做法\n\n"
                                        "              见[做法](id:l1#做法)。\n", 1)
                 .replace("正文第一行\n", "## 做法\n\n              正文第一行\n", 1))
    loaded = load_project(project)
    html = render_handbook(loaded, loaded.courses[0].course, environ={})
    assert '<h3 id="l1-做法">做法</h3>' in html
    assert '<h3 id="l2-做法">做法</h3>' in html
    assert '<a href="#l1-做法">做法</a>' in html


def test_images_follow_the_handbook_and_collapsed_blocks_print_open(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("body: 正文\n", "body: |\n              ![图](../img/a.png)\n\n"
                                        "              ??? note \"补充\"\n\n"
                                        "                  折叠的内容\n", 1))
    loaded = load_project(project)
    html = render_handbook(loaded, loaded.courses[0].course, environ={})
    assert '<img alt="图" src="img/a.png"' in html  # demo/m1/../img → demo/img
    assert '<details class="note" open="open">' in html


def test_build_ships_a_handbook_per_course_linked_from_its_page(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    write_course(MINIMAL_COURSE.replace("id: demo", "id: other").replace("id: m1", "id: n1")
                 .replace("l1", "k1").replace("l2", "k2"), "other.yml")
    generate(load_project(project))
    docs = project / ".build" / "docs"
    for course in ("demo", "other"):
        assert (docs / course / "handbook.html").read_text(encoding="utf-8").startswith(
            "<!doctype html>")
        assert "[打印学习手册](handbook.html)" in (docs / course / "index.md").read_text("utf-8")
    assert (docs / "assets" / "kb" / "kb-handbook.css").is_file()


def test_the_built_site_serves_the_handbook_and_its_stylesheet(default_site: Path) -> None:
    page = default_site / COURSE.id / "handbook.html"
    assert (page.parent / "../assets/kb/kb-handbook.css").resolve().is_file()
    assert 'href="handbook.html"' in (default_site / COURSE.id / "index.html").read_text("utf-8")
    # It names its own (empty) icon, so that no browser asks the server's root for /favicon.ico.
    assert '<link rel="icon" href="data:,">' in page.read_text("utf-8")


def test_no_hand_written_page_may_take_the_handbooks_place(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    (project / "content" / "demo").mkdir()
    (project / "content" / "demo" / "handbook.html").write_text("<p>x</p>", encoding="utf-8")
    assert content_errors(project) == [
        "content/demo/handbook.html:1:1: expected no hand-written page at 'demo/handbook.html', "
        "found one where a generated page goes (rename the file, or change the course or "
        "module id)"]


# Cover and dates


def course(**fields: object) -> Course:
    return Course.model_validate({"id": "c", "title": "课", "summary": "简介", "modules": [{
        "id": "m", "title": "模", "summary": "简介", "lessons": [{
            "id": "l", "title": "课", "summary": "提要", "audience": ["全体干部"],
            "channel": "集中课堂", "hours": 1, "objectives": ["目标"], "key_points": ["要点"],
            "body": "正文", "cases": [{"title": "案例", "body": "正文"}],
            "discussion": ["问题"]}]}], **fields})


SESSIONS = {"sessions": [
    {"title": "二", "date": "2027-05-02", "start": "09:00", "end": "10:00", "place": "甲"},
    {"title": "一", "date": "2027-04-01", "start": "09:00", "end": "10:00", "place": "甲"}]}


@pytest.mark.parametrize(("fields", "site", "organizer", "issued"), [
    pytest.param({"organizer": "县委组织部", "issued": "2027-03-01", "schedule": SESSIONS},
                 SiteInfo("网站", "网站的主办单位"), "县委组织部", dt.date(2027, 3, 1),
                 id="the course's own"),
    pytest.param({"schedule": SESSIONS}, SiteInfo("网站", "网站的主办单位"), "网站的主办单位",
                 dt.date(2027, 4, 1), id="the site's organizer, the first session's date"),
    pytest.param({}, SiteInfo("网站", None), "网站", None, id="the site name, no date"),
])
def test_cover_falls_back_from_course_to_site(fields: dict[str, object], site: SiteInfo,
                                              organizer: str, issued: dt.date | None) -> None:
    found = cover(course(**fields), site)
    assert (found.organizer, found.issued) == (organizer, issued)


def test_site_info_reads_mkdocs_yml_with_python_tags(tmp_path: Path) -> None:
    assert site_info(REPO / "mkdocs.yml") == SiteInfo("干部执行力学习平台", None)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 站\nextra:\n  organizer: 县委党校\nx: !!python/name:os.system\n",
                      encoding="utf-8")
    assert site_info(config) == SiteInfo("站", "县委党校")


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, dt.datetime(2027, 3, 1, tzinfo=dt.UTC)),
    ({"SOURCE_DATE_EPOCH": "1804204800"}, dt.datetime(2027, 3, 5, tzinfo=dt.UTC)),
])
def test_document_date_comes_from_the_content_or_source_date_epoch(
    environ: dict[str, str], expected: dt.datetime
) -> None:
    assert document_date(course(issued="2027-03-01"), SiteInfo("站", None), environ) == expected


def test_a_bad_source_date_epoch_is_an_error() -> None:
    with pytest.raises(GeneratorError, match="SOURCE_DATE_EPOCH: expected a whole number of "
                       "seconds since 1970-01-01, found 'yesterday'"):
        document_date(course(), SiteInfo("站", None), {"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"),
                                         (47, "四十七"), (100, "100")])
def test_module_numbers_in_chinese(n: int, text: str) -> None:
    assert chinese_number(n) == text


# The command


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo(project: Path, write_course: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    return project


def test_handbook_writes_the_pdf(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "手册.pdf"
    code, out, err = run("handbook", "demo", "-C", str(demo), "--pdf", str(target))
    reader = PdfReader(target)
    assert (code, err) == (0, "")
    assert out == f"Wrote {target.as_posix()} ({len(reader.pages)} pages of A4)\n"
    assert "第二课" in reader.pages[-3].extract_text() + reader.pages[-2].extract_text()


def test_source_date_epoch_sets_the_pdf_date(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    run("handbook", "demo", "-C", str(demo), "--pdf", str(target),
        env={"SOURCE_DATE_EPOCH": "1804204800"})
    meta = PdfReader(target).metadata
    assert meta is not None and meta["/CreationDate"] == "D:20270305000000Z"


def test_handbook_html_is_standalone(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "hb.html"
    assert run("handbook", "demo", "-C", str(demo), "--html", str(target)) == (
        0, f"Wrote {target.as_posix()}\n", "")
    html = target.read_text(encoding="utf-8")
    assert "<style>" in html and "@page" in html
    assert "../assets" not in html and "<script" not in html
    assert not list(tmp_path.glob("*.pdf"))


def test_an_unknown_course_is_named(demo: Path) -> None:
    assert run("handbook", "dmeo", "-C", str(demo)) == (
        1, "", "Error: no course 'dmeo': expected the id of one of: demo; did you mean 'demo'?\n")


def test_without_weasyprint_the_command_says_how_to_get_it(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` fail
    code, out, err = run("handbook", "demo", "-C", str(demo), "--pdf", str(tmp_path / "a.pdf"))
    assert (code, out) == (1, "")
    assert err.startswith("Error: writing a PDF needs WeasyPrint, an optional extra: "
                          "pip install -e '.[pdf]'")
    assert "libpango-1.0-0" in err and "print it" in err and "Traceback" not in err
    assert not (tmp_path / "a.pdf").exists()
    # The standalone HTML needs no WeasyPrint.
    assert run("handbook", "demo", "-C", str(demo), "--html", str(tmp_path / "a.html"))[0] == 0


def test_a_network_image_is_never_fetched(
    project: Path, write_course: Callable[..., Path], tmp_path: Path
) -> None:
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwAB"
                           "BAEAwS2OUAAAAABJRU5ErkJggg==")
    (project / "content" / "demo" / "img").mkdir(parents=True)
    (project / "content" / "demo" / "img" / "a.png").write_bytes(png)
    write_course(MINIMAL_COURSE.replace(
        "body: 正文\n", "body: |\n              ![本地](../img/a.png)\n\n"
        "              ![远程](http://127.0.0.1:9/b.png)\n", 1))
    loaded = load_project(project)
    fetched: list[str] = []
    import weasyprint

    original = weasyprint.URLFetcher.fetch

    def spy(self: object, url: str, *args: object, **kwargs: object) -> object:
        fetched.append(url)
        return original(self, url, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.URLFetcher, "fetch", spy)
        pdf = handbook_pdf(loaded, loaded.courses[0].course, environ={})
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len({image.name for page in reader.pages for image in page.images}) == 1  # the local
    assert [u.split("/")[0] for u in fetched] == ["file:", "http:"]  # asked, and refused


# The 随堂测验 on paper


def test_each_check_is_printed_after_its_lesson_without_answers_and_answered_at_the_end() -> None:
    project = load_project(REPO)
    html = render_handbook(project, project.courses[0].course, environ={})
    checked = [lesson for lesson in LESSONS if lesson.check]
    assert checked
    body, appendix = html.split('<section class="hb-answers" id="_answers">')
    appendix, _record = appendix.split('<section class="hb-record" id="_record">')
    for lesson in checked:
        article = body.split(f'<article class="hb-lesson" id="{lesson.id}">')[1].split("</article>")[0]
        section = article.split('<section class="hb-check"')[1]
        for item in lesson.check:
            assert item.explanation not in section and item.explanation in appendix
        assert "correct" not in section and "hb-key" not in section
        assert f'<a href="#{lesson.id}">第 ' in appendix
    shouwen = appendix.split('href="#shouwen-fuze"')[1]
    assert re.findall(r'<span class="hb-key">([^<]+)</span>', shouwen)[:4] == [
        "A", "×", "A、B、C", "（1）判断；（2）跟踪或跟踪回访"]
    assert '<a href="#_answers">参考答案</a>' in body
    anchors_resolve(html)


def test_no_answers_leaves_the_key_out(project: Path, write_course: Callable[..., Path],
                                       tmp_path: Path) -> None:
    write_course(FULL_COURSE)
    target = tmp_path / "hb.html"
    assert run("handbook", "demo", "-C", str(project), "--html", str(target), "--no-answers")[0] == 0
    html = target.read_text(encoding="utf-8")
    assert '<section class="hb-check"' in html and "参考答案" not in html
    assert "理论在前" not in html  # an explanation
    run("handbook", "demo", "-C", str(project), "--html", str(target))
    assert "参考答案" in target.read_text(encoding="utf-8")
