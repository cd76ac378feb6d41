"""The printed 学习手册 of a course: one standalone HTML document, and its PDF.

The handbook is not an MkDocs page: it carries none of the site's chrome and
none of its scripts (the questionnaire runtime is global to the site), only its
own print stylesheet with CSS paged media (running header, page numbers, the
contents' page numbers through ``target-counter``). ``build`` ships it as
``<course>/handbook.html``, which prints from any browser; ``handbook_pdf``
lays it out with WeasyPrint, an optional extra, for the print shop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import yaml
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from pymdownx.slugs import slugify as pymdownx_slugify

from generator.checks.links import ID_LINK
from generator.config.settings import read_settings
from generator.content.loading import Project
from generator.content.models.course import Course
from generator.content.parse import suggest
from generator.errors import GeneratorError, ProjectError
from generator.i18n import N_, _
from generator.site.pages import upcoming
from generator.site.urls import ASSETS_DIR, handbook_path
from generator.templating import environment

STYLESHEET = "kb-handbook.css"
#: Blank rows of the 学习记录 form: as many as fit one A4 page with its other parts.
RECORD_ROWS = 10
#: Ruled lines for 学习心得 on the same page.
NOTE_LINES = 6

INSTALL_HINT = N_(
    "writing a PDF needs WeasyPrint, an optional extra: pip install -e '.[pdf]' (with its "
    "system libraries on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz-subset0 fonts-noto-cjk). Without it, open <course>/handbook.html of the "
    "built site in a browser and print it: the page is laid out for A4"
)

_slug = pymdownx_slugify(case="lower")


class _ForPaper(Treeprocessor):
    """Collapsible blocks (``???``) print open, since paper cannot expand them; images
    written relative to a lesson's page are made relative to the handbook's."""

    def __init__(self, md: markdown.Markdown, converter: HandbookMarkdown) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, root: Any) -> None:
        for element in root.iter("details"):
            element.set("open", "open")
        base = self.converter.base
        for element in root.iter("img"):
            src = element.get("src", "")
            parts = urlsplit(src)
            if base and src and not (parts.scheme or parts.netloc or src.startswith("/")):
                element.set("src", posixpath.normpath(posixpath.join(base, src)))


class _PaperExtension(Extension):
    def __init__(self, converter: HandbookMarkdown) -> None:
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ForPaper(md, self.converter), "kb_for_paper", 0)


class HandbookMarkdown:
    """The site's Markdown extensions that make sense on paper, for one document.

    Every Markdown field of a handbook goes through one converter, so footnote
    ids stay unique; headings get ids prefixed with their lesson's id, since a
    heading such as ``## 做法`` may recur in every lesson of the one document.
    """

    def __init__(self) -> None:
        self.prefix = ""
        self.base = ""
        self.md = markdown.Markdown(extensions=[
            "admonition", "attr_list", "md_in_html", "tables", "def_list",
            "pymdownx.details", "pymdownx.superfences", _PaperExtension(self),
            FootnoteExtension(UNIQUE_IDS=True),
            TocExtension(slugify=self._slugify, baselevel=2),
        ])

    def _slugify(self, value: str, separator: str) -> str:
        return f"{self.prefix}-{_slug(value, separator)}" if self.prefix else _slug(value, separator)

    def __call__(self, text: str, prefix: str = "", base: str = "") -> Markup:
        """Markdown to HTML; ``[文字](id:lesson#anchor)`` links to the lesson in this document.

        *prefix* goes before the ids of headings; *base* is the folder of the field's own
        page relative to the handbook's (a module's, for a lesson)."""
        self.prefix, self.base = prefix, base
        text = ID_LINK.sub(lambda m: f"](#{anchor(m.group(1), m.group(2))})", text)
        return Markup(self.md.reset().convert(text))


def anchor(lesson_id: str, fragment: str | None = None) -> str:
    """Where a lesson, or a heading of it (``#讨论题``), is in the handbook."""
    return f"{lesson_id}-{fragment[1:]}" if fragment and len(fragment) > 1 else lesson_id


@dataclass(frozen=True)
class SiteInfo:
    """What the handbook takes from the project's ``mkdocs.yml``."""

    name: str
    organizer: str | None


def site_info(config: Path) -> SiteInfo:
    """``site_name`` and ``extra.organizer`` of the project's mkdocs.yml."""
    try:
        settings = read_settings(config)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProjectError(_("{path}: cannot read the site settings: {reason}").format(
            path=config, reason=exc)) from None
    extra = settings.get("extra")
    organizer = str(extra.get("organizer") or "").strip() if isinstance(extra, dict) else ""
    return SiteInfo(str(settings.get("site_name") or ""), organizer or None)


@dataclass(frozen=True)
class Cover:
    organizer: str
    issued: dt.date | None


def cover(course: Course, site: SiteInfo) -> Cover:
    """主办单位 and date: the course's own, else the site's, else the first session's date."""
    organizer = course.organizer or site.organizer or site.name
    issued = course.issued
    if issued is None and course.schedule and course.schedule.sessions:
        issued = min(s.date for s in course.schedule.sessions)
    return Cover(organizer, issued)


def document_date(course: Course, site: SiteInfo,
                  environ: Mapping[str, str] = os.environ) -> dt.datetime | None:
    """The date written into the document's metadata: never the clock, so output repeats.

    ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) wins; else the cover's date."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise GeneratorError(_("SOURCE_DATE_EPOCH: expected a whole number of seconds since "
                                   "1970-01-01, found '{found}'").format(found=epoch)) from None
    issued = cover(course, site).issued
    return dt.datetime(issued.year, issued.month, issued.day, tzinfo=dt.UTC) if issued else None


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (module numbers; beyond 99, digits)."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ((digits[tens] if tens > 1 else "") + ("十" if tens else "")
            + (digits[ones] if ones or not tens else ""))


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def stylesheet() -> str:
    return (resources.files("generator") / "assets" / STYLESHEET).read_text(encoding="utf-8")


def render_handbook(project: Project, course: Course, *, standalone: bool = False,
                    environ: Mapping[str, str] = os.environ) -> str:
    """The handbook as HTML: linking the site's stylesheet, or with it inlined (standalone)."""
    site = site_info(project.paths.config)
    created = document_date(course, site, environ)
    lessons = course.lessons()
    numbers = {lesson.id: n for n, (_, lesson) in enumerate(lessons, start=1)}
    titles = {lesson.id: lesson.title
              for loaded in project.courses for _, lesson in loaded.course.lessons()}
    return environment().get_template("handbook.html.j2").render(
        course=course,
        cover=cover(course, site),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else None,
        md=HandbookMarkdown(),
        anchor=anchor,
        numbers=numbers,
        titles=titles,
        hours=sum(lesson.hours for _, lesson in lessons),
        schedule=upcoming(course, dt.date.min),
        chinese_number=chinese_number,
        chinese_date=chinese_date,
        stylesheet=f"../{ASSETS_DIR}/{STYLESHEET}",
        inline_css=Markup(stylesheet()) if standalone else None,
        record_rows=RECORD_ROWS,
        note_lines=NOTE_LINES,
    )


def handbook_files(project: Project) -> dict[str, bytes]:
    """``<course>/handbook.html`` for every course, for the docs folder."""
    return {handbook_path(c.course): render_handbook(project, c.course).encode("utf-8")
            for c in project.courses}


def find_course(project: Project, ident: str) -> Course:
    courses = {c.course.id: c.course for c in project.courses}
    if ident not in courses:
        known = ", ".join(sorted(courses)) or _("none")
        raise GeneratorError(_("no course '{ref}': expected the id of one of: {known}{hint}")
                             .format(ref=ident, known=known, hint=suggest(ident, sorted(courses))))
    return courses[ident]


@dataclass(frozen=True)
class HandbookPdf:
    data: bytes
    pages: int


def handbook_pdf(project: Project, course: Course,
                 environ: Mapping[str, str] = os.environ) -> HandbookPdf:
    """The handbook laid out by WeasyPrint: the same content gives the same bytes."""
    try:
        import weasyprint
    except ImportError:
        raise GeneratorError(_(INSTALL_HINT)) from None
    except OSError as exc:  # the package is there, a system library is not
        raise GeneratorError(f"{_(INSTALL_HINT)} ({exc})") from None
    html = render_handbook(project, course, standalone=True, environ=environ)
    # Images of lessons may be local files, never anything from the network.
    fetcher = weasyprint.URLFetcher(allowed_protocols=("file", "data"))
    base = (project.paths.content / course.id).as_uri() + "/"
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render()
    # A fixed file identifier: it names the course, not the moment it was printed.
    identifier = hashlib.md5(f"{course.id}/handbook".encode(), usedforsecurity=False)
    data = document.write_pdf(pdf_identifier=identifier.hexdigest().encode("ascii"))
    return HandbookPdf(data, len(document.pages))


@dataclass(frozen=True)
class Written:
    paths: list[Path]
    pages: int | None  # of the PDF, when one was written


def write_handbook(project: Project, course_id: str, pdf: Path | None,
                   html: Path | None) -> Written:
    """Write the course's handbook as PDF and/or standalone HTML."""
    course = find_course(project, course_id)
    outputs: list[tuple[Path, bytes]] = []
    pages = None
    if html is not None:
        outputs.append((html, render_handbook(project, course, standalone=True).encode("utf-8")))
    if pdf is not None:
        printed = handbook_pdf(project, course)
        outputs.append((pdf, printed.data))
        pages = printed.pages
    for path, data in outputs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise GeneratorError(_("cannot write {path}: {reason}").format(
                path=path, reason=exc.strerror)) from None
    return Written([path for path, _data in outputs], pages)
