"""Live preview: what a save in ``serve`` shows is what ``build`` makes, and a content error
is reported in full while the last good preview stays."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.commands.build import build_site
from generator.site import pagecache
from generator.site.pages import render_pages
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE

#: A second course, whose file stays the same while the first is edited.
OTHER_COURSE = (MINIMAL_COURSE.replace("id: demo", "id: other").replace("title: 示例", "title: 其他")
                .replace("l1", "o1").replace("l2", "o2").replace("id: m1", "id: n1"))


@dataclass
class Preview:
    port: int
    server: subprocess.Popen[str]
    lines: list[str]

    @property
    def out(self) -> str:
        return "".join(self.lines)

    def said_when(self, text: str) -> str:
        """serve's output once it says *text*."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if text in self.out:
                return self.out
            time.sleep(0.2)
        raise AssertionError(f"serve never said {text!r}:\n{self.out}")

    def page(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as reply:
                return str(reply.read().decode("utf-8"))
        except OSError:
            return ""

    def page_when(self, path: str, text: str) -> str:
        """The page at *path* once it shows *text*."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            body = self.page(path)
            if text in body:
                return body
            time.sleep(0.2)
        raise AssertionError(f"the preview never showed {text!r} in {path}")


@contextmanager
def serving(project: Path) -> Iterator[Preview]:
    """``python -m generator serve`` on a free port, its output (stdout and stderr) read as it
    comes."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-C", str(project), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    preview = Preview(port, server, [])
    assert server.stdout is not None
    reader = threading.Thread(target=lambda: preview.lines.extend(server.stdout or ()))
    reader.start()
    try:
        yield preview
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=30)
        server.stdout.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


#: What MkDocs adds to a page it serves: the live-reload script, and a canonical link to the
#: preview's address.
_SERVED = re.compile(r'<script>\s*var livereload = .*?</script>|<link rel="canonical" '
                     r'href="http://127\.0\.0\.1:\d+/[^"]*">', re.S)


def unserved(page: str) -> str:
    """A page without what MkDocs adds when serving it, and without blank lines (the
    canonical link's place leaves some)."""
    return "\n".join(line for line in _SERVED.sub("", page).splitlines() if line.strip())


def test_a_save_shows_the_pages_a_fresh_build_makes(
    project: Path, write_course: Callable[..., Path]
) -> None:
    """Renaming a lesson and editing its text in one course: the preview regenerates exactly
    the Markdown a fresh build generates (the lesson naming it as 先修课程 included, and the
    other course's unchanged file), and the edited pages are the built ones."""
    course = write_course(MINIMAL_COURSE)
    write_course(OTHER_COURSE, "other.yml")
    with serving(project) as preview:
        preview.page_when("demo/m1/l2.html", "第一课")
        course.write_text(MINIMAL_COURSE.replace("title: 第一课", "title: 第一课（改）")
                          .replace("正文第一行", "正文改过"), encoding="utf-8")
        served = {path: preview.page_when(path, text) for path, text in [
            ("demo/m1/l1.html", "正文改过"), ("demo/m1/l2.html", "第一课（改）"),
            ("demo/m1/index.html", "第一课（改）")]}
        time.sleep(1)  # MkDocs would start a second rebuild now if the first wrote what it watches
        preview_docs = files(project / ".build" / "serve" / "docs")
    # serve renders the printed handbook when it starts and keeps it (docs/cli.md).
    preview_docs = {k: v for k, v in preview_docs.items() if not k.endswith("handbook.html")}

    build_site(project)
    built_docs = files(project / ".build" / "docs")
    assert preview_docs == {k: v for k, v in built_docs.items() if not k.endswith("handbook.html")}
    for path, page in served.items():
        built = (project / "site" / path).read_text(encoding="utf-8")
        assert unserved(page) == unserved(built), path
    rebuilt = [line for line in preview.out.splitlines() if "Rebuilt after a change" in line]
    assert len(rebuilt) == 1, preview.out


def test_a_content_error_in_serve_is_reported_in_full_and_the_last_preview_stays(
    project: Path, write_course: Callable[..., Path]
) -> None:
    """A save with two errors: both are printed with file:line:col, nothing of the preview is
    regenerated (MkDocs keeps serving the last good site), and fixing them previews again."""
    course = write_course(MINIMAL_COURSE)
    docs = project / ".build" / "serve" / "docs"
    with serving(project) as preview:
        preview.page_when("demo/m1/l2.html", "第二课")
        before = files(docs)
        course.write_text(MINIMAL_COURSE.replace("hours: 2", "hours: 两")
                          .replace("channel: 网络课堂", "channel: 电视课堂")
                          .replace("title: 第二课", "title: 第二课（未生效）"), encoding="utf-8")
        said = preview.said_when("content/courses/demo.yml:")
        time.sleep(1)
        assert files(docs) == before
        course.write_text(MINIMAL_COURSE.replace("title: 第二课", "title: 第二课（修好）"),
                          encoding="utf-8")
        preview.page_when("demo/m1/l2.html", "第二课（修好）")
    assert ("Error: 2 content errors:\n"
            "content/courses/demo.yml:14:16: modules[0].lessons[0].hours: expected a number, "
            "found '两'\n"
            "content/courses/demo.yml:28:18: modules[0].lessons[1].channel: expected one of "
            "'集中课堂', '网络课堂' or '异地课堂', found '电视课堂'\n") in said
    assert "Traceback" not in preview.out


def test_pages_kept_between_saves_are_the_pages_rendered_anew(
    project: Path, write_course: Callable[..., Path]
) -> None:
    """Lesson pages are kept between saves while what they show is the same: after one lesson
    is renamed, every page equals one rendered with nothing kept (the lesson naming it as
    先修课程 shows the new title, through its link map)."""
    write_course(MINIMAL_COURSE)
    render_pages(load_project(project))
    write_course(MINIMAL_COURSE.replace("title: 第一课", "title: 第一课（改）"))
    renamed = load_project(project)
    kept = {page.path: page.text for page in render_pages(renamed)}
    pagecache.LESSON_PAGES.pages.clear()
    anew = {page.path: page.text for page in render_pages(renamed)}
    assert kept == anew
    assert "[第一课（改）](l1.md)" in kept["demo/m1/l2.md"]
