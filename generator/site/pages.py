"""Render the Markdown pages of every course, and the navigation in course order.

Templates live in ``generator/templates``. Every value a template prints is
plain text unless it is marked as Markup: ``plain_text`` writes it as HTML
entities wherever HTML or Markdown would read it as markup (``<``, ``&``,
``[..](..)``, ``{: ..}``, a leading ``-`` or ``1.``…), so a title shows as
typed in every page, the navigation and the search index. Only Markdown
fields pass through ``md``, which also turns ``(id:lesson)`` links into
relative links.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.checks.links import ID_LINK
from generator.content.loading import Project
from generator.content.models.course import CHANNELS, Course, Lesson, Module
from generator.content.models.questionnaire import Item, MultiItem, Questionnaire
from generator.content.models.responsibility import ResponsibilityList
from generator.scoring.appraisal import UNKNOWN, appraisal_spec
from generator.scoring.grading import check_spec
from generator.scoring.records import record_spec
from generator.scoring.spec import NOT_APPLICABLE, NOT_MET, options_of, pick_range, quiz_spec
from generator.site.calendars import Taught, deadline_channels, lessons_taught
from generator.site.lists import list_spec
from generator.site.pagecache import LESSON_PAGES, Links, Page, Titles, Used
from generator.site.urls import (
    ASSETS_DIR,
    TAGS_PAGE,
    course_path,
    lesson_path,
    list_path,
    module_path,
    nav_lessons_file,
    quiz_path,
)
from generator.templating import environment, front_matter, nav_title

NavItem = str | dict[str, Any]


@dataclass(frozen=True)
class Row:
    name: str
    lessons: int
    hours: float


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    link: str
    lessons: int
    hours: float


@dataclass(frozen=True)
class CourseStats:
    lessons: int
    hours: float
    modules: list[ModuleRow]
    channels: list[Row]
    audiences: list[Row]


@dataclass(frozen=True)
class ScheduleItem:
    date: str
    time: str
    title: str
    place: str
    lessons: tuple[Taught, ...] = ()  # what a session teaches, of any course


def upcoming(course: Course, today: dt.date, courses: Sequence[Course]) -> list[ScheduleItem]:
    """Sessions and deadlines from *today* on, in order of time.

    *courses* are the project's, since a session may teach a lesson of any of them."""
    if course.schedule is None:
        return []
    modules = {m.id: m.title for m in course.modules}
    taught = lessons_taught(course, courses)
    items = [(s.date, f"{s.start:%H:%M}–{s.end:%H:%M}", s.title, s.place,
              tuple(taught[ident] for ident in s.lessons))
             for s in course.schedule.sessions]
    items += [(d.date, "全天", f"截止：{modules[d.module]}" + (f"（{d.title}）" if d.title else ""),
               deadline_channels(course, d.module), ()) for d in course.schedule.deadlines]
    items.sort(key=lambda item: item[:4])  # day, time, title, place: lessons do not compare
    return [ScheduleItem(f"{day:%Y-%m-%d}", time, title, place, lessons)
            for day, time, title, place, lessons in items if day >= today]


class PageRenderer:
    """Knows where every lesson lives, so any page can link to any lesson."""

    def __init__(self, project: Project, today: dt.date | None = None) -> None:
        self.project = project
        self.today = today or dt.date.today()
        self.paths: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.courses = [loaded.course for loaded in project.courses]
        for loaded in project.courses:
            course = loaded.course
            self.paths[course.id] = course_path(course)
            for module in course.modules:
                self.paths[module.id] = module_path(course, module)
                for lesson in module.lessons:
                    self.paths[lesson.id] = lesson_path(course, module, lesson)
                    self.titles[lesson.id] = lesson.title

    def render(self, template: str, page: str, *, raw_html: bool = True, used: Used | None = None,
               **context: Any) -> Page:
        """Render one page; with ``raw_html=False`` Markdown fields cannot carry HTML tags.

        *used* collects the ids whose link or title the page looked up."""
        used = used or Used()
        links = Links(self.paths, page, used)

        def md(text: str) -> Markup:
            if not raw_html:
                text = text.replace("<", "&lt;")
            return Markup(ID_LINK.sub(lambda m: f"]({links[m.group(1)]}{m.group(2) or ''})", text))

        assets = posixpath.relpath(ASSETS_DIR, posixpath.dirname(page) or ".")
        text = environment().get_template(template).render(
            md=md, page=page, links=links, titles=Titles(self.titles, used), assets=assets,
            **context)
        return Page(page, text)

    def pages(self) -> list[Page]:
        result: list[Page] = []
        tags: set[str] = set()
        for loaded in self.project.courses:
            course = loaded.course
            path = course_path(course)
            result.append(self.render(
                "course.md.j2", path, course=course, stats=self.stats(course, path),
                upcoming=upcoming(course, self.today, self.courses),
                record_spec=spec_json(record_spec(course)),
                front_matter=front_matter(title=nav_title(course.title)),
            ))
            for module in course.modules:
                path = module_path(course, module)
                result.append(self.render(
                    "module.md.j2", path, course=course, module=module,
                    nav_lessons=nav_lessons_file(course),
                    hours=sum(lesson.hours for lesson in module.lessons),
                    course_link=posixpath.relpath(course_path(course), posixpath.dirname(path)),
                    front_matter=front_matter(title=nav_title(module.title)),
                ))
                for lesson in module.lessons:
                    tags.update(lesson.tags)
                    result.append(self.lesson_page(course, module, lesson))
        if tags:
            result.append(Page(TAGS_PAGE, environment().get_template("tags.md.j2").render()))
        result += [self.quiz_page(loaded.quiz) for loaded in self.project.quizzes]
        result += [self.render("appraisal.md.j2", quiz_path(loaded.form), raw_html=False,
                               form=loaded.form, spec_json=spec_json(appraisal_spec(loaded.form)),
                               unknown=UNKNOWN, front_matter=front_matter(title=nav_title(loaded.form.title)))
                   for loaded in self.project.appraisals]
        result += [self.list_page(loaded.list) for loaded in self.project.lists]
        return result

    def lesson_page(self, course: Course, module: Module, lesson: Lesson) -> Page:
        """A lesson's page; the same page as last time when nothing it shows has changed: the
        lesson, its module and course, and the link and title of each lesson it names."""
        key = (lesson.model_dump_json(), course.id, course.pass_, course.earlier_marks, module.id,
               module.title)
        cached = LESSON_PAGES.get(key, self.paths, self.titles)
        if cached is not None:
            return cached
        used = Used()
        page = self._lesson_page(course, module, lesson, used)
        LESSON_PAGES.put(key, page, used, self.paths, self.titles)
        return page

    def _lesson_page(self, course: Course, module: Module, lesson: Lesson, used: Used) -> Page:
        path = lesson_path(course, module, lesson)
        meta: dict[str, Any] = {"title": nav_title(lesson.title)}
        if lesson.tags:  # the tags plugin prints them unescaped
            meta["tags"] = [nav_title(tag) for tag in lesson.tags]
        return self.render(
            "lesson.md.j2", path, course=course, module=module, lesson=lesson,
            nav_lessons=nav_lessons_file(course),
            module_link=posixpath.relpath(module_path(course, module), posixpath.dirname(path)),
            front_matter=front_matter(**meta), check=check_context(course, lesson), used=used,
        )

    def list_page(self, lst: ResponsibilityList) -> Page:
        """A responsibility list: the table as HTML (pre-filled and blank rows), its data as JSON."""
        spec = list_spec(lst)
        columns = lst.table_columns()
        total = sum(c.width for c in columns)
        blank = {c.key: "" for c in columns}
        return self.render(
            "list.md.j2", list_path(lst), raw_html=False, lst=lst, columns=columns,
            widths=[round(100 * c.width / total, 2) for c in columns],
            rows=spec["rows"] + [blank] * lst.blank_rows, spec_json=spec_json(spec),
            # The head of the form: what the YAML leaves out, the reader fills in on the page.
            meta=[("unit", "单位", lst.unit), ("position", "岗位", lst.position),
                  ("year", "年度", None if lst.period.year is None else f"{lst.period.year} 年")],
            front_matter=front_matter(title=nav_title(lst.title)),
        )

    def quiz_page(self, quiz: Questionnaire) -> Page:
        """A questionnaire: the form as HTML, its spec as JSON, its texts as hidden Markdown."""
        sections = quiz_sections(quiz)
        numbers = {item.id: n for n, item in enumerate(
            (item for section in sections for item in section.items), start=1)}
        texts: list[tuple[str, str]] = []
        for key, bands in [("overall", quiz.bands)] + [(f"dim:{d.id}", d.bands)
                                                      for d in quiz.dimensions]:
            for index, band in enumerate(bands):
                texts.append((f"{key}:{index}:interpretation", band.interpretation))
                if band.advice:
                    texts.append((f"{key}:{index}:advice", band.advice))
        texts += [(f"profile:{p.id}:advice", p.advice) for p in quiz.profiles]
        lessons = list(dict.fromkeys(
            [ident for b in quiz.bands for ident in b.lessons]
            + [ident for d in quiz.dimensions for b in d.bands for ident in b.lessons]
            + [ident for p in quiz.profiles for ident in p.lessons]))
        return self.render(
            "quiz.md.j2", quiz_path(quiz), raw_html=False, quiz=quiz, sections=sections,
            numbers=numbers, options={i.id: options_of(i) for i in quiz.items},
            picks={i.id: _picks_text(i) for i in quiz.items if isinstance(i, MultiItem)},
            nas={i.id: NOT_APPLICABLE[quiz.kind] for i in quiz.items
                 if getattr(i, "not_applicable", False)},
            nms={i.id: NOT_MET for i in quiz.items if getattr(i, "not_met", False)},
            texts=texts, lessons=lessons, spec_json=spec_json(quiz_spec(quiz)),
            front_matter=front_matter(title=nav_title(quiz.title)),
        )

    def stats(self, course: Course, page: str) -> CourseStats:
        lessons = [lesson for m in course.modules for lesson in m.lessons]
        base = posixpath.dirname(page)
        modules = [
            ModuleRow(m, posixpath.relpath(module_path(course, m), base), len(m.lessons),
                      sum(lesson.hours for lesson in m.lessons))
            for m in course.modules
        ]
        channels = [
            Row(c, sum(1 for x in lessons if x.channel == c),
                sum(x.hours for x in lessons if x.channel == c))
            for c in CHANNELS
        ]
        audience_names = list(dict.fromkeys(a for x in lessons for a in x.audience))
        audiences = [
            Row(a, sum(1 for x in lessons if a in x.audience),
                sum(x.hours for x in lessons if a in x.audience))
            for a in audience_names
        ]
        return CourseStats(len(lessons), sum(x.hours for x in lessons), modules, channels, audiences)


@dataclass(frozen=True)
class QuizSection:
    id: str
    title: str
    description: str | None
    items: Sequence[Item]


def quiz_sections(quiz: Questionnaire) -> list[QuizSection]:
    """The author's sections, or one per dimension (then the undimensioned items)."""
    if quiz.sections:
        return [QuizSection(s.id, s.title, s.description,
                            [i for i in quiz.items if i.section == s.id]) for s in quiz.sections]
    groups = [QuizSection(d.id, d.name, d.description,
                          [i for i in quiz.items if i.dimension == d.id]) for d in quiz.dimensions]
    rest = [i for i in quiz.items if i.dimension is None]
    if rest:
        groups.append(QuizSection("other", "其他", None, rest))
    return groups


def _picks_text(item: MultiItem) -> str:
    low, high = pick_range(item)
    if high >= len(item.options):
        return f"至少选 {low} 项" if low > 1 else ""
    return f"选 {low}–{high} 项" if low > 1 else f"最多选 {high} 项"


@dataclass(frozen=True)
class CheckContext:
    """A lesson page's 随堂测验: its spec as JSON (kb-check.js renders the items from it: a
    form of some hundred tags in every page's Markdown costs MkDocs more than the check is
    worth, benchmarks/README.md), and its pass rule in words."""

    json: Markup
    needed: str


def check_context(course: Course, lesson: Lesson) -> CheckContext | None:
    if not lesson.check:
        return None
    return CheckContext(json=spec_json(check_spec(course, lesson)), needed=pass_text(course, lesson))


def pass_text(course: Course, lesson: Lesson) -> str:
    """A check's pass rule in words: 全部答对, or 答对 3 题及以上."""
    total = len(lesson.check)
    needed = -(-course.pass_percent(lesson) * total // 100)
    return "全部答对" if needed == total else f"答对 {needed} 题及以上"


def spec_json(spec: Mapping[str, object]) -> Markup:
    """JSON safe inside <script>: no '<', '>' or '&' can end the element or open a tag."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render_pages(project: Project, today: dt.date | None = None) -> list[Page]:
    """Every generated page of the project (schedules list what comes from *today* on)."""
    return PageRenderer(project, today).pages()


def build_nav(project: Project, generated: list[Page], handwritten: list[str]) -> list[NavItem]:
    """The site navigation: home, each course in course order, other pages, tags."""
    nav: list[NavItem] = []
    if "index.md" in handwritten:
        nav.append("index.md")
    for loaded in project.courses:
        course = loaded.course
        sections: list[NavItem] = [course_path(course)]
        for module in course.modules:
            items: list[NavItem] = [module_path(course, module)]
            items += [{nav_title(lesson.title): lesson_path(course, module, lesson)}
                      for lesson in module.lessons]
            sections.append({nav_title(module.title): items})
        nav.append({nav_title(course.title): sections})
    if project.quizzes or project.appraisals:
        nav.append({"自测与测评": [quiz_path(q.quiz) for q in project.quizzes]
                    + [quiz_path(a.form) for a in project.appraisals]})
    if project.lists:
        nav.append({"岗位责任清单": [list_path(x.list) for x in project.lists]})
    nav += [p for p in handwritten if p.endswith(".md") and p != "index.md"]
    if any(p.path == TAGS_PAGE for p in generated):
        nav.append(TAGS_PAGE)
    return nav
