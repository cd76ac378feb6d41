"""The shipped self-assessment (quizzes/zhixingli-zice.yml) meets its measurement standards.

A reflection aid is only useful if its items are fair to answer and its results mean what they
say. These tests hold the shipped 执行力自测 to the countable standards: enough items per
dimension, a balance of reverse-keyed items paired with their forward partners (so the
acquiescence check works), scenario items whose best option is not given away by its length,
one set of band cut-offs, profiles scored from the dimensions they name, and recommended
lessons that fit everyone who may get them. Every failure names the item, band or profile.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from generator.content.models.questionnaire import (
    LIKERT_PRESETS,
    Band,
    Item,
    LikertItem,
    Profile,
    Questionnaire,
    SingleItem,
)
from generator.site.project import load_project
from tests.conftest import REPO

PROJECT = load_project(REPO)
QUIZ_ID = "zhixingli-zice"  # readers' drafts and attempts are keyed by it: it must stay
[QUIZ] = [loaded.quiz for loaded in PROJECT.quizzes if loaded.quiz.id == QUIZ_ID]
DIMENSIONS = [dimension.id for dimension in QUIZ.dimensions]
LESSONS = {lesson.id: lesson for loaded in PROJECT.courses for _, lesson in loaded.course.lessons()}

MIN_SCORED_PER_DIMENSION = 6
#: Share of a dimension's Likert items that are reverse-keyed, inclusive.
REVERSE_SHARE = (0.35, 0.60)
#: At most this share of scenario items may have their best option as the longest one.
BEST_IS_LONGEST_SHARE = 1 / 3

#: The audience every cadre belongs to. A self-assessment asks nothing about the reader's post,
#: so every band and every profile may be reached by anyone: a lesson recommended anywhere in it
#: must be meant for 全体干部. (A lesson only for 领导干部 or 年轻干部 would need a band that only
#: they can get, and this questionnaire has none.)
EVERYONE = "全体干部"

#: The characters of a profile's label that name a dimension: 想干不敢干 is scored from 想为 and
#: 敢为; 能干 and 会干 speak of the skill 善为 measures.
NAMED_BY = {"愿": "yuan", "善": "shan", "能": "shan", "会": "shan", "敢": "gan", "想": "xiang"}

#: Words that make a statement about a post that not everyone holds: such an item must offer 不适用.
ONLY_SOME_POSTS = ("窗口", "来办事", "办件", "群众来")

#: Loaded words that turn a reverse-keyed statement into a confession to be denied.
CONFESSION = re.compile(r"应付|过得去|混日子|敷衍|推诿|推给|偷懒|提不起劲|怕担责|不想干|得过且过")

#: What the course teaches as prudence: a reverse-keyed item must not score it down
#: (按程序请示, thinking a hard matter through, waiting for the unit's training plan).
PRUDENCE = re.compile(r"请示|想清楚|等上级明确|等单位安排|组织调训|再办")

#: The behaviour each scored item asks about. Items of an `opposite` pair may share one; each
#: dimension covers at least MIN_BEHAVIOURS of them, so that a scale is more than three mirrors.
BEHAVIOURS = {
    "yuan-yitu": "弄清部署意图", "yuan-zhaoban": "弄清部署意图",
    "yuan-xuqiu": "提出学习需求", "yuan-dengan": "跟进政策调整",
    "yuan-zhuanhua": "把所学用起来", "yuan-dengjihui": "对照所学检查工作",
    "q-xuexi": "学习新政策",
    "shan-qianzhua": "棘手的事及时着手", "shan-tuoyan": "超时前告知",
    "shan-hedui": "交出前自行核对", "shan-jiben": "查对数字和出处",
    "shan-gaozhi": "一次讲清所缺材料", "shan-xianbu": "书面告知",
    "shan-duibiao": "对标查差距", "q-shouwen": "首问负责的衔接", "q-banjie": "限时办结与延期",
    "gan-qingying": "接手难题", "gan-shouxi": "接手难题",
    "gan-tansuo": "尝试没有先例的改进", "gan-xianli": "提出改进建议",
    "gan-baogao": "报告差错", "gan-zixing": "报告差错",
    "q-rongcuo": "试行中纠错", "q-liangxiang": "如实亮相未完成的任务",
    "xiang-mubiao": "给自己定目标", "xiang-anbu": "给自己定目标",
    "xiang-zhudong": "不等督促", "xiang-linqi": "不等督促",
    "xiang-gaijin": "琢磨改进", "xiang-laobanfa": "琢磨改进",
    "xiang-xiaoguo": "关心实际效果", "q-xinrenwu": "承接考核以外的任务",
}
MIN_BEHAVIOURS = 5
#: Punctuation that ends a clause of an option or a stem.
CLAUSE = re.compile(r"[，,；;、。：:（）()]")

#: A profile is named after the dimensions it is scored from and the bands, nothing else:
#: no 能干不想干, which reads as a verdict on a person from unnormed cut-offs.
NEUTRAL_LABEL = re.compile(r"^(?:(?:愿为|善为|敢为|想为)(?:较高|待加强|一般|较好|突出)[、，]?)+$")


def scored_items(quiz: Questionnaire, dimension: str) -> list[Item]:
    return [item for item in quiz.items if getattr(item, "dimension", None) == dimension
            and item.type != "text"]


def likert_items(quiz: Questionnaire, dimension: str) -> list[LikertItem]:
    return [item for item in scored_items(quiz, dimension) if isinstance(item, LikertItem)]


def cut_offs(bands: list[Band]) -> list[tuple[float, float]]:
    return sorted((band.from_, band.to) for band in bands)


def recommendations(quiz: Questionnaire) -> list[tuple[str, str]]:
    """(where, lesson id) of every recommendation: overall bands, dimension bands, profiles."""
    found = [(f"bands[{band.label}]", lesson) for band in quiz.bands for lesson in band.lessons]
    found += [(f"{dimension.name}[{band.label}]", lesson) for dimension in quiz.dimensions
              for band in dimension.bands for lesson in band.lessons]
    found += [(f"profile {profile.label}", lesson) for profile in quiz.profiles
              for lesson in profile.lessons]
    return found


by_dimension = pytest.mark.parametrize("dimension", DIMENSIONS)


# Enough items, balanced keying --------------------------------------------------------------


@by_dimension
def test_each_dimension_has_enough_scored_items(dimension: str) -> None:
    count = len(scored_items(QUIZ, dimension))
    assert count >= MIN_SCORED_PER_DIMENSION, (
        f"{dimension}: expected at least {MIN_SCORED_PER_DIMENSION} scored items, found {count}")


@by_dimension
def test_reverse_keyed_share_of_likert_items_is_balanced(dimension: str) -> None:
    likert = likert_items(QUIZ, dimension)
    reverse = [item.id for item in likert if item.reverse]
    low, high = REVERSE_SHARE
    share = len(reverse) / len(likert) if likert else 0
    assert low <= share <= high, (
        f"{dimension}: expected {low:.0%}–{high:.0%} of its Likert items reverse-keyed, "
        f"found {len(reverse)} of {len(likert)} ({share:.0%})")


@by_dimension
def test_every_reverse_keyed_item_has_its_own_forward_partner(dimension: str) -> None:
    """`opposite` pairs are what the acquiescence check compares: each pair stands alone."""
    likert = {item.id: item for item in likert_items(QUIZ, dimension)}
    partners = []
    for item in likert.values():
        if not item.reverse:
            continue
        partner = likert.get(item.opposite or "")
        assert partner is not None, (
            f"{item.id}: expected `opposite` naming a Likert item of {dimension}, "
            f"found {item.opposite!r}")
        assert not partner.reverse, f"{item.id}: its partner {partner.id} is reverse-keyed too"
        partners.append(partner.id)
    shared = [ident for ident, count in Counter(partners).items() if count > 1]
    assert not shared, f"{dimension}: forward items partnered more than once: {shared}"


@by_dimension
def test_each_dimension_covers_enough_distinct_behaviours(dimension: str) -> None:
    items = scored_items(QUIZ, dimension)
    unnamed = [item.id for item in items if item.id not in BEHAVIOURS]
    assert not unnamed, f"{dimension}: say in BEHAVIOURS what these items ask about: {unnamed}"
    behaviours = {BEHAVIOURS[item.id] for item in items}
    assert len(behaviours) >= MIN_BEHAVIOURS, (
        f"{dimension}: expected at least {MIN_BEHAVIOURS} distinct behaviours, "
        f"found {len(behaviours)}: {sorted(behaviours)}")


def test_opposite_pairs_are_not_mirror_stems() -> None:
    """A pair that opens alike (“遇到棘手的事，…”) asks the same thing twice."""
    texts = {item.id: item.text for item in QUIZ.items}
    mirrored = [f"{item.id} / {item.opposite}" for item in QUIZ.items
                if isinstance(item, LikertItem) and item.reverse and item.opposite
                and CLAUSE.split(item.text)[0] == CLAUSE.split(texts[item.opposite])[0]]
    assert not mirrored, f"opposite pairs opening with the same clause: {mirrored}"


def test_reverse_keyed_items_do_not_score_down_what_the_course_teaches() -> None:
    prudent = [f"{item.id}: {item.text}" for item in QUIZ.items
               if getattr(item, "reverse", False) and PRUDENCE.search(item.text)]
    assert not prudent, "reverse-keyed items against the course's advice:\n" + "\n".join(prudent)


def test_reverse_keyed_items_are_habits_not_confessions() -> None:
    loaded = [f"{item.id}: {item.text}" for item in QUIZ.items
              if getattr(item, "reverse", False) and CONFESSION.search(item.text)]
    assert not loaded, "reverse-keyed items in loaded words:\n" + "\n".join(loaded)


def test_items_about_some_posts_only_offer_not_applicable() -> None:
    wanting = [f"{item.id}: {item.text}" for item in QUIZ.items
               if isinstance(item, LikertItem) and not item.not_applicable
               and any(word in item.text for word in ONLY_SOME_POSTS)]
    assert not wanting, "items only some posts can answer, without 不适用:\n" + "\n".join(wanting)


def test_all_likert_items_share_one_scale_length() -> None:
    """The straight-line check compares option positions: they must mean the same everywhere."""
    lengths = {len(item.options or LIKERT_PRESETS[item.scale or ""]) for item in QUIZ.items
               if isinstance(item, LikertItem)}
    assert QUIZ.kind == "self" and lengths == {5}, f"expected 5-point scales, found {lengths}"


# Scenario items ---------------------------------------------------------------------------


def test_the_best_option_is_seldom_the_longest() -> None:
    scenarios = [item for item in QUIZ.items if isinstance(item, SingleItem)]
    assert scenarios, "expected scenario (single-choice) items"
    giveaway = []
    for item in scenarios:
        best = max(option.score for option in item.options)
        longest = max(len(option.label) for option in item.options)
        if any(len(o.label) == longest and o.score == best for o in item.options):
            giveaway.append(item.id)
    allowed = int(len(scenarios) * BEST_IS_LONGEST_SHARE)
    assert len(giveaway) <= allowed, (
        f"expected the best option to be the longest in at most {allowed} of "
        f"{len(scenarios)} scenario items, found it in {len(giveaway)}: {', '.join(giveaway)}")


@pytest.mark.parametrize("item", [i for i in QUIZ.items if isinstance(i, SingleItem)],
                         ids=lambda item: item.id)
def test_the_best_option_is_no_superset_of_another(item: SingleItem) -> None:
    """Options are trade-offs: the key does not simply add “同时……” to another option."""
    def clauses(label: str) -> set[str]:
        return {part for part in CLAUSE.split(label) if part}

    best = max(item.options, key=lambda option: option.score)
    shared = [option.label for option in item.options if option is not best
              and clauses(option.label) & clauses(best.label)]
    assert not shared and "同时" not in best.label, (
        f"{item.id}: the best option {best.label!r} repeats {shared or 'another option'}")


def test_no_section_claims_there_is_no_model_answer() -> None:
    claims = [section.id for section in QUIZ.sections if "标准答案" in (section.description or "")]
    assert not claims, f"sections claiming no option looks like a 标准答案: {claims}"


@pytest.mark.parametrize("item", [i for i in QUIZ.items if isinstance(i, SingleItem)],
                         ids=lambda item: item.id)
def test_each_scenario_has_one_best_option(item: SingleItem) -> None:
    best = max(option.score for option in item.options)
    assert [option.score for option in item.options].count(best) == 1, (
        f"{item.id}: expected one option with the best score {best}")


# Bands, profiles and what they recommend ----------------------------------------------------


def test_dimensions_and_overall_share_one_set_of_cut_offs() -> None:
    overall = cut_offs(QUIZ.bands)
    differ = [dimension.name for dimension in QUIZ.dimensions
              if cut_offs(dimension.bands) != overall]
    assert not differ, f"expected every dimension banded as the overall {overall}: {differ}"


def test_profiles_use_the_cut_offs_of_the_bands() -> None:
    """“at least 70” then means the same as the band that starts at 70."""
    cuts = {value for band in QUIZ.bands for value in (band.from_, band.to)}
    off = [f"{profile.label}: {condition.dimension} {value}" for profile in QUIZ.profiles
           for condition in profile.when for value in (condition.at_least, condition.below)
           if value is not None and value not in cuts]
    assert not off, f"profile bounds that are no band cut-off {sorted(cuts)}: {off}"


@pytest.mark.parametrize("profile", QUIZ.profiles, ids=lambda profile: profile.id)
def test_each_profile_is_scored_from_the_dimensions_its_label_names(profile: Profile) -> None:
    named = {NAMED_BY[char] for char in profile.label if char in NAMED_BY}
    used = {condition.dimension for condition in profile.when}
    assert named and used == named, (
        f"{profile.label}: its name speaks of {sorted(named)}, its conditions use {sorted(used)}")


@pytest.mark.parametrize("profile", QUIZ.profiles, ids=lambda profile: profile.id)
def test_each_profile_has_a_neutral_label(profile: Profile) -> None:
    assert NEUTRAL_LABEL.match(profile.label), (
        f"{profile.id}: expected a label naming dimensions and bands only, found {profile.label!r}")


def test_nothing_suggests_the_self_test_for_a_report_of_duties() -> None:
    """Unnormed self-ratings are no material for 述职: the questionnaire and the home page
    may say so, but never suggest it."""
    texts = [QUIZ.introduction, *(p.advice for p in QUIZ.profiles),
             *(b.advice or "" for b in QUIZ.bands),
             *(b.advice or "" for d in QUIZ.dimensions for b in d.bands)]
    home = (REPO / "content" / "index.md").read_text("utf-8")
    texts += [line for line in home.splitlines() if f"quizzes/{QUIZ_ID}.md" in line]
    suggesting = [text for text in texts if "述职" in text and "不宜" not in text]
    assert not suggesting, "texts suggesting the self-test for 述职:\n" + "\n".join(suggesting)


def test_every_recommended_lesson_exists_and_is_meant_for_everyone() -> None:
    wrong = []
    for where, ident in recommendations(QUIZ):
        if ident not in LESSONS:
            wrong.append(f"{where}: no lesson {ident}")
        elif EVERYONE not in LESSONS[ident].audience:
            wrong.append(f"{where}: {ident} is only for {'、'.join(LESSONS[ident].audience)}")
    assert not wrong, "recommendations that do not fit every reader:\n" + "\n".join(wrong)


# What readers' saved data depends on --------------------------------------------------------


def test_the_questionnaire_keeps_its_id_and_a_new_version() -> None:
    assert QUIZ.id == QUIZ_ID
    assert QUIZ.version not in ("2026.1", "2027.1"), "the items changed: the version must say so"


def test_the_introduction_is_honest_about_what_the_self_test_is() -> None:
    assert "阳文魁" in QUIZ.introduction, "expected the source of the four levers to be cited"
    assert "不是组织考核" in QUIZ.introduction, "expected the self-test not to pass for an assessment"
