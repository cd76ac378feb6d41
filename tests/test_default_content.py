"""The shipped course meets its content standards.

The default course (content/courses/zhixingli.yml) is what most readers study, so
these tests hold it to measurable standards: each lesson has substance and
scenarios to discuss; channel, 学时 and schedule agree; numbers the source
article does not give are marked as examples; terms are used consistently; and
the ids that readers' study records are keyed by stay. Every failure names the
lesson (or the place) that falls short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from generator.content.models.course import Course, Lesson, Module
from generator.site.calendars import deadline_channels
from generator.site.project import load_project
from tests.conftest import REPO

PROJECT = load_project(REPO)
COURSES = [loaded.course for loaded in PROJECT.courses]
LESSONS = [(course, module, lesson) for course in COURSES for module, lesson in course.lessons()]

#: CJK Unified Ideographs: the characters counted, not punctuation, digits or Latin.
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
MIN_BODY_IDEOGRAPHS = 1500
MIN_CASES = 2

#: Forms of training the article lists that take place in person.
IN_PERSON = ("座谈", "交流", "宣讲")

#: A threshold such as 95%, ９５％ or 百分之九十五.
THRESHOLD = re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之[零〇一二两三四五六七八九十百点]+")
#: Words that mark a sentence as an example or as one unit's own rule.
EXAMPLE_MARKERS = ("例如", "示例", "本单位", "各地")
SENTENCE_END = re.compile(r"[。！？\n]")

#: Variants of the course's terms that are not to be used (the term to use instead).
OFF_TERMS = {
    "群众满意度评价": "群众满意度测评",
    "群众满意度评估": "群众满意度测评",
    "群众满意度调查": "群众满意度测评",
    "窗口服务人员": "窗口工作人员",
}
QUOTES = re.compile(r"[“”‘’\"']")

#: The article proposes (提出) measures; it lays down (规定) nothing: no 规定 is attributed to it.
ARTICLE_RULES = re.compile(r"(?:文章|阳文魁|这段话|原文)(?:中|里|所|的)?规定")
#: An article of a law or regulation, such as 第五十七条.
ARTICLE_NUMBER = re.compile(r"《([^》]+)》[^《。]{0,4}?(第[一二三四五六七八九十百零〇]+条)")
ANY_ARTICLE_NUMBER = re.compile(r"第[一二三四五六七八九十百零〇]+条")
#: The only article numbers the content may quote, each checked against the text of the law.
CHECKED_ARTICLES = {("中华人民共和国公务员法", "第五十七条")}

#: The article's first training theme, and the lesson on training content.
FIRST_THEME = "学习习近平新时代中国特色社会主义思想"
CONTENT_LESSON = "peixun-neirong"

#: Readers' study records and the questionnaires' recommendations are keyed by these ids.
KEPT_IDS = {
    "zhixingli": {
        "yuanwei": ["peixun-neirong", "peixun-qudao", "peixun-fangshi"],
        "shanwei": ["duibiao-zhengxian", "shouwen-fuze", "yicixing-gaozhi", "lansantuo-zhili"],
        "buwei": ["congyan-jiandu", "manyidu-pingjia", "gangwei-zeren-qingdan", "jixiao-kaohe"],
        "xiangwei": ["nengshang-nengxia", "rongcuo-jiucuo", "juece-zeren"],
    },
}
KEPT_FEATURED = {"peixun-neirong", "shouwen-fuze", "rongcuo-jiucuo"}


def by_lesson(items: list[tuple[Course, Module, Lesson]]) -> Any:
    return pytest.mark.parametrize(("course", "module", "lesson"), items,
                                   ids=[lesson.id for _, _, lesson in items])


def strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every piece of text in a dumped model, with the path it was found at."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]")


#: Settings, not text: a check's pass rule (``pass: 75%``) is no claim about the article.
SETTINGS = ("pass_",)


def course_text(course: Course) -> list[tuple[str, str]]:
    return [(where, text) for where, text in strings(course.model_dump(mode="json"), course.id)
            if where.rsplit(".", 1)[-1] not in SETTINGS]


def headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]


# Substance -------------------------------------------------------------------------------


@by_lesson(LESSONS)
def test_each_lesson_body_has_substance(course: Course, module: Module, lesson: Lesson) -> None:
    count = len(IDEOGRAPH.findall(lesson.body))
    assert count >= MIN_BODY_IDEOGRAPHS, (
        f"{lesson.id}: expected a body of at least {MIN_BODY_IDEOGRAPHS} Chinese characters, "
        f"found {count}")


@by_lesson(LESSONS)
def test_each_lesson_has_cases_and_a_scenario_with_an_analysis(
    course: Course, module: Module, lesson: Lesson
) -> None:
    assert len(lesson.cases) >= MIN_CASES, (
        f"{lesson.id}: expected at least {MIN_CASES} cases, found {len(lesson.cases)}")
    scenarios = [case.title for case in lesson.cases if case.kind == "情景" and case.analysis]
    assert scenarios, f"{lesson.id}: expected a case of kind 情景 with an analysis, found none"


# Channel, 学时 and schedule --------------------------------------------------------------


@by_lesson(LESSONS)
def test_training_in_person_is_not_given_online(
    course: Course, module: Module, lesson: Lesson
) -> None:
    said = [word for word in IN_PERSON if word in lesson.title + lesson.summary]
    assert not (said and lesson.channel == "网络课堂"), (
        f"{lesson.id}: its title or summary speaks of {'、'.join(said)}, which happen in person, "
        "but its channel is 网络课堂")


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_every_classroom_lesson_is_in_a_session(course: Course) -> None:
    sessions = course.schedule.sessions if course.schedule else []
    scheduled = {ident for session in sessions for ident in session.lessons}
    missing = [lesson.id for _, lesson in course.lessons()
               if lesson.channel == "集中课堂" and lesson.id not in scheduled]
    assert not missing, f"{course.id}: 集中课堂 lessons without a session: {', '.join(missing)}"


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_deadlines_are_for_online_modules_and_name_their_channels(course: Course) -> None:
    modules = {module.id: module for module in course.modules}
    for deadline in course.schedule.deadlines if course.schedule else []:
        module = modules[deadline.module]
        assert any(lesson.channel == "网络课堂" for lesson in module.lessons), (
            f"{course.id}: deadline {deadline.date} is for module {module.id}, "
            "which has no 网络课堂 lesson")
        for channel in deadline_channels(course, module.id).split("、"):
            assert channel in (deadline.title or ""), (
                f"{course.id}: deadline {deadline.date} of module {module.id} should name "
                f"{channel} in its title, found {deadline.title!r}")


# Claims and terms -------------------------------------------------------------------------


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_thresholds_are_marked_as_examples(course: Course) -> None:
    """The article gives no number: a threshold is one unit's rule or an example, and says so."""
    unmarked = [
        f"{where}: {sentence.strip()}"
        for where, text in course_text(course)
        for sentence in SENTENCE_END.split(text)
        if THRESHOLD.search(sentence) and not any(m in sentence for m in EXAMPLE_MARKERS)
    ]
    assert not unmarked, (
        f"expected every threshold in a sentence with one of {'、'.join(EXAMPLE_MARKERS)}, "
        "found:\n" + "\n".join(unmarked))


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_terms_are_used_consistently(course: Course) -> None:
    found = [f"{where}: {off} (use {use})"
             for where, text in course_text(course)
             for off, use in OFF_TERMS.items() if off in text]
    assert not found, "expected the course's terms, found:\n" + "\n".join(found)


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_no_title_or_heading_speaks_of_the_constraint_of_buwei(course: Course) -> None:
    """The module is about curbing 不为; “不为”的约束 reads as if 不为 were the constraint."""
    titles = [module.title for module in course.modules]
    for _, lesson in course.lessons():
        titles += [lesson.title, *headings(lesson.body), *(case.title for case in lesson.cases)]
    wrong = [title for title in titles if "不为的约束" in QUOTES.sub("", title)]
    assert not wrong, f"{course.id}: titles or headings reading 不为的约束: {wrong}"


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_no_rule_is_attributed_to_the_article(course: Course) -> None:
    """阳文魁's article 提出 its measures; the content must not say it 规定 them."""
    found = [f"{where}: {match.group(0)}" for where, text in course_text(course)
             for match in ARTICLE_RULES.finditer(text)]
    assert not found, "规定 attributed to the article:\n" + "\n".join(found)


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_only_checked_article_numbers_are_quoted(course: Course) -> None:
    """No invented article numbers: each one quoted names its law and is on the checked list."""
    wrong = []
    for where, text in course_text(course):
        cited = [(m.group(1), m.group(2)) for m in ARTICLE_NUMBER.finditer(text)]
        if len(cited) != len(ANY_ARTICLE_NUMBER.findall(text)):
            wrong.append(f"{where}: an article number without the law it belongs to")
        wrong += [f"{where}: 《{law}》{number}" for law, number in cited
                  if (law, number) not in CHECKED_ARTICLES]
    assert not wrong, "article numbers not on the checked list:\n" + "\n".join(wrong)


@pytest.mark.parametrize("course", COURSES, ids=[course.id for course in COURSES])
def test_the_accountability_regulation_grounds_jiemian_only_for_leading_cadres(
    course: Course
) -> None:
    """《中国共产党问责条例》 is about party organisations and 党的领导干部: a sentence basing a
    诫勉 on it says so; a clerk's 诫勉 rests on the 公务员法 or the rules for 事业单位 staff."""
    wrong = [f"{where}: {sentence.strip()}"
             for where, text in course_text(course)
             for sentence in SENTENCE_END.split(text)
             if "诫勉" in sentence and "问责条例" in sentence and "领导干部" not in sentence]
    assert not wrong, "诫勉 based on the 问责条例 without 领导干部:\n" + "\n".join(wrong)


def test_the_first_training_theme_leads_the_lesson_on_training_content() -> None:
    [lesson] = [lesson for _, _, lesson in LESSONS if lesson.id == CONTENT_LESSON]
    assert FIRST_THEME in lesson.body, f"{CONTENT_LESSON}: expected {FIRST_THEME} in the body"
    first = lesson.body.index(FIRST_THEME)
    for later in ("党的十九大精神", "业务知识"):
        assert later in lesson.body and first < lesson.body.index(later), (
            f"{CONTENT_LESSON}: expected {FIRST_THEME} before {later}, as the article lists them")


@by_lesson([item for item in LESSONS if item[2].readings])
def test_readings_are_fully_cited(course: Course, module: Module, lesson: Lesson) -> None:
    for reading in lesson.readings:
        assert reading.year and reading.author.strip() and reading.source.strip(), (
            f"{lesson.id}: reading {reading.title!r} needs a year, an author and a source")
        assert "《" not in reading.title, (
            f"{lesson.id}: reading {reading.title!r}: the site adds the 《》 itself")


def test_a_document_is_cited_alike_wherever_it_is_read() -> None:
    cited: dict[str, tuple[str, int]] = {}
    for _, _, lesson in LESSONS:
        for reading in lesson.readings:
            first = cited.setdefault(reading.title, (reading.author, reading.year))
            assert first == (reading.author, reading.year), (
                f"{lesson.id}: {reading.title} cited as {reading.author} {reading.year}, "
                f"elsewhere as {first[0]} {first[1]}")


# What readers' saved data depends on ------------------------------------------------------


def test_the_ids_readers_records_are_keyed_by_stay() -> None:
    for course_id, modules in KEPT_IDS.items():
        [course] = [course for course in COURSES if course.id == course_id]
        have = {module.id: [lesson.id for lesson in module.lessons] for module in course.modules}
        for module_id, lesson_ids in modules.items():
            assert module_id in have, f"{course_id}: module {module_id} is gone"
            gone = [ident for ident in lesson_ids if ident not in have[module_id]]
            assert not gone, f"{course_id}/{module_id}: lessons gone or moved: {', '.join(gone)}"


def test_featured_lessons_stay_featured() -> None:
    featured = {lesson.id for _, _, lesson in LESSONS if lesson.featured}
    dropped = sorted(KEPT_FEATURED - featured)
    assert not dropped, f"no longer featured: {', '.join(dropped)}"


# The unit rules the content points to -----------------------------------------------------

#: Hand-written 示例 of the rules the content says are 按本单位规定, and what each must cover.
UNIT_RULES = {
    "manyidu-banfa.md": ("评价人", "评价纸条", "min_forms", "判断规则", "核实", "复核", "告知书"),
    "qingdan-banfa.md": ("职责依据", "协作岗位", "问责情形及处理依据", "亮相日期", "公示"),
    "rongcuo-rendingbiao.md": ("三个区分开来", "动机", "依据", "程序", "后果", "态度", "不予容错"),
}
RULES_DIR = REPO / "content" / "guizhang"


@pytest.mark.parametrize("name", list(UNIT_RULES))
def test_each_unit_rule_is_marked_as_an_example_and_covers_its_points(name: str) -> None:
    text = (RULES_DIR / name).read_text("utf-8")
    head = text[:600]
    assert "示例" in head and "参照本单位实际修改后使用" in head, (
        f"guizhang/{name}: expected a note at the top marking it as an example to adapt")
    missing = [point for point in UNIT_RULES[name] if point not in text]
    assert not missing, f"guizhang/{name}: expected it to cover {missing}"


def test_the_home_page_links_every_unit_rule() -> None:
    home = (REPO / "content" / "index.md").read_text("utf-8")
    missing = [name for name in UNIT_RULES if f"(guizhang/{name})" not in home]
    assert not missing, f"the home page does not link {missing}"


# 随堂测验 ----------------------------------------------------------------------------------

#: Every lesson ends with a check of this many items, of at least MIN_CHECK_TYPES types.
CHECK_ITEMS = (4, 6)
MIN_CHECK_TYPES = 2
#: The item that applies the lesson to a situation opens with this word.
SITUATION = "情景："
#: Options that give an item away or make it a guess.
CATCH_ALL = re.compile(r"以上(?:都|均|全)(?:对|正确|不对|错|不正确)|以上皆")
#: Sections every lesson page has besides the headings of its body.
PAGE_SECTIONS = ("案例与情景", "讨论题")


def lesson_sections(lesson: Lesson) -> list[str]:
    return [*headings(lesson.body), *PAGE_SECTIONS]


@by_lesson(LESSONS)
def test_each_lesson_has_a_check_of_several_items_and_types(
    course: Course, module: Module, lesson: Lesson
) -> None:
    low, high = CHECK_ITEMS
    types = {item.type for item in lesson.check}
    assert low <= len(lesson.check) <= high, (
        f"{lesson.id}: expected a check of {low}–{high} items, found {len(lesson.check)}")
    assert len(types) >= MIN_CHECK_TYPES, (
        f"{lesson.id}: expected at least {MIN_CHECK_TYPES} item types, found {sorted(types)}")


@by_lesson(LESSONS)
def test_each_check_applies_the_lesson_to_a_situation(
    course: Course, module: Module, lesson: Lesson
) -> None:
    situations = [item.id for item in lesson.check if item.text.startswith(SITUATION)]
    assert situations, f"{lesson.id}: expected an item opening with {SITUATION}"


@by_lesson(LESSONS)
def test_no_check_option_is_a_catch_all(course: Course, module: Module, lesson: Lesson) -> None:
    found = [f"{item.id}: {option.label}" for item in lesson.check
             for option in getattr(item, "options", []) if CATCH_ALL.search(option.label)]
    assert not found, f"{lesson.id}: catch-all options: {found}"


@by_lesson(LESSONS)
def test_each_explanation_points_to_a_section_of_the_lesson(
    course: Course, module: Module, lesson: Lesson
) -> None:
    sections = lesson_sections(lesson)
    wrong = [item.id for item in lesson.check
             if not item.explanation.startswith("见本课")
             or not any(section in item.explanation for section in sections)]
    assert not wrong, (
        f"{lesson.id}: explanations that do not open with 见本课 and name one of its sections "
        f"({' / '.join(sections)}): {wrong}")
