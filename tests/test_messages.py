"""A trainer's first hour: messages in Chinese (English on request), YAML mistakes explained,
one mistake reported once, every error in one run, errors placed where the author wrote them.

Each case gives the exact Chinese message and the English one.
"""

from __future__ import annotations

import ast
import gettext
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator import i18n
from generator.cli import main
from generator.commands.new import create_project
from generator.errors import CODES
from generator.site.anchors import SourceMap
from generator.site.mkdocs import mkdocs_failure
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_LIST, MINIMAL_QUIZ, REPO, content_errors

P = "content/courses/demo.yml"
Q = "quizzes/check.yml"
L = "content/lists/window.yml"
PO = REPO / "generator" / "locale" / "zh_CN" / "LC_MESSAGES" / "generator.po"


def errors_in(project: Path, language: str) -> list[str]:
    i18n.use(language)
    return content_errors(project)


def both(project: Path) -> tuple[list[str], list[str]]:
    """The problems of *project* in Chinese, then in English."""
    return errors_in(project, "zh"), errors_in(project, "en")


# ---- The catalogue ----

def test_every_message_in_the_code_has_a_chinese_translation() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for _file, _line, message, _comments, _context in extract_from_dir(REPO / "generator"):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        if entry is None or not entry.string or not all(entry.string) or entry.fuzzy:
            missing.append(msgid)
    assert missing == [], "untranslated: extract with pybabel and translate (docs/cli.md, 语言)"


def test_the_compiled_catalogue_is_current() -> None:
    compiled = io.BytesIO()
    with PO.open("rb") as handle:
        write_mo(compiled, read_po(handle))
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with (PO.with_suffix(".mo")).open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert shipped._catalog == fresh._catalog, "run: pybabel compile -d generator/locale -D generator"  # type: ignore[attr-defined]


# ---- Choosing the language ----

@pytest.mark.parametrize(("environ", "language"), [
    pytest.param({}, "zh", id="nothing-set"),
    pytest.param({"LANG": "C.UTF-8"}, "zh", id="C"),
    pytest.param({"LANG": "zh_CN.UTF-8"}, "zh", id="chinese"),
    pytest.param({"LANG": "en_US.UTF-8"}, "en", id="english"),
    pytest.param({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en", id="LC_ALL-first"),
    pytest.param({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh", id="LC_MESSAGES"),
    pytest.param({"LANG": "zh_CN.UTF-8", "KBGEN_LANG": "en"}, "en", id="passed-on-by-the-cli"),
])
def test_the_locale_chooses_the_language(environ: dict[str, str], language: str) -> None:
    assert i18n.language_from_env(environ) == language


def test_chinese_by_default_and_english_on_request(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    runner = CliRunner()
    zh = runner.invoke(main, ["validate", "-C", str(project)], env={"LANG": "zh_CN.UTF-8"})
    assert zh.stdout == "检查通过：1 门课程，2 课，0 份问卷，0 份清单，没有错误。\n"
    en = runner.invoke(main, ["--lang", "en", "validate", "-C", str(project)],
                       env={"LANG": "zh_CN.UTF-8"})
    assert en.stdout == "OK: 1 courses, 2 lessons, 0 questionnaires, 0 lists, no errors.\n"
    by_locale = runner.invoke(main, ["validate", "-C", str(project)], env={"LANG": "en_US.UTF-8"})
    assert by_locale.stdout == en.stdout
    chosen = runner.invoke(main, ["--lang", "zh", "validate", "-C", str(project)],
                           env={"LANG": "en_US.UTF-8"})
    assert chosen.stdout == zh.stdout


def test_errors_say_error_in_their_language(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n"))
    result = CliRunner().invoke(main, ["--lang", "zh", "validate", "-C", str(project)])
    assert (result.exit_code, result.stderr) == (1, (
        "错误：发现 1 处内容错误：\n"
        f"{P}:14:16: modules[0].lessons[0].hours：应为数字，实际为'x'\n"))


def test_json_keeps_a_stable_english_code_beside_the_message(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("title: 第二课", "title: 第二课: 首问接待不推诿"))
    result = CliRunner().invoke(main, ["--lang", "zh", "validate", "-C", str(project),
                                       "--format", "json"])
    assert json.loads(result.stdout) == {"ok": False, "errors": [{
        "path": P, "line": 25, "column": 19, "code": "yaml-syntax",
        "message": "第 25 行的文字里有英文冒号加空格（“: ”），YAML 会把它当成又一个键：请把整段文字用"
                   "引号括起来，如 title: \"第二课: 首问接待不推诿\"",
        "detail": "mapping values are not allowed here"}]}



def codes_given(expr: ast.expr | None) -> set[str]:
    """The literal codes an argument, default or assignment can hand on (either branch of
    ``a if c else b``); nothing for a name or a call, which pass on a code given elsewhere."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return codes_given(expr.body) | codes_given(expr.orelse)
    return set()


def codes_in_the_code() -> dict[str, list[str]]:
    """Every code given to a problem in generator/: ``code`` → the places it is given.

    Problems are made by ``Problem`` (its fifth field is the code) and by helpers that take
    a ``message`` and a ``code``, such as ``Document.problem``. A code reaches them by
    keyword, by position, as the default of such a helper's ``code``, or through a variable
    named ``code``. A call that spreads its positional arguments (``Problem(*where, …)``) must
    pass its code by keyword: its position cannot be read.
    """
    trees = {path: ast.parse(path.read_text(encoding="utf-8"))
             for path in sorted((REPO / "generator").rglob("*.py"))}
    makers: dict[str, set[int]] = {"Problem": {4}}  # name → positions of its code, if any
    defaults: list[ast.expr | None] = []
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                named = [a.arg for a in args.posonlyargs + args.args]
                named = named[1:] if named[:1] in (["self"], ["cls"]) else named
                every = named + [a.arg for a in args.kwonlyargs]
                if "code" not in every or "message" not in every:
                    continue
                makers.setdefault(node.name, set()).update(
                    {named.index("code")} if "code" in named else set())
                positional = args.posonlyargs + args.args
                defaults += [d for a, d in zip(positional[len(positional) - len(args.defaults):],
                                               args.defaults, strict=True) if a.arg == "code"]
                defaults += [d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                             if a.arg == "code"]
    found: dict[str, list[str]] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            given: set[str] = set()
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in makers:
                    spread = any(isinstance(a, ast.Starred) for a in node.args)
                    assert not (spread and makers[name] and all(k.arg != "code" for k in node.keywords)), (
                        f"{path.relative_to(REPO).as_posix()}:{node.lineno}: {name}(*…) hides the "
                        "position of its code from this scan: pass code= by keyword")
                    given |= {c for k in node.keywords if k.arg == "code"
                              for c in codes_given(k.value)}
                    given |= {c for i in makers[name] if i < len(node.args)
                              for c in codes_given(node.args[i])}
            elif isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                given |= codes_given(node.value)
            elif isinstance(node, ast.expr) and any(node is d for d in defaults):
                given |= codes_given(node)
            for code in given:
                place = f"{path.relative_to(REPO).as_posix()}:{getattr(node, 'lineno', '?')}"
                found.setdefault(code, []).append(place)
    return found


def test_every_code_given_to_a_problem_is_listed_and_every_listed_code_is_given() -> None:
    found = codes_in_the_code()
    unlisted = {code: places for code, places in found.items() if code not in CODES}
    assert unlisted == {}, "add these codes to generator.errors.CODES and to docs/cli.md"
    assert sorted(set(CODES) - set(found)) == [], "no problem has these codes: remove them"
    assert len(CODES) == len(set(CODES))


def test_every_code_is_documented_in_the_cli_reference() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    table = text.split("| `code` | 含义 |", 1)[1].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", table, flags=re.M)
    assert documented == list(CODES)

# ---- Plain explanations of YAML errors ----

YAML_MISTAKES = [
    pytest.param(
        MINIMAL_COURSE.replace("title: 第二课", "title: 第二课: 首问接待不推诿"),
        f'{P}:25:19: 第 25 行的文字里有英文冒号加空格（“: ”），YAML 会把它当成又一个键：请把整段文字用引号括'
        '起来，如 title: "第二课: 首问接待不推诿"',
        f"{P}:25:19: the text on line 25 contains a colon followed by a space (“: ”), which YAML "
        'reads as the start of another key: put the whole text in quotes, such as title: "第二课: '
        '首问接待不推诿" (YAML: mapping values are not allowed here)',
        id="unquoted-colon"),
    pytest.param(
        MINIMAL_COURSE.replace("title: 第一课", "title: #1 第一课"),
        f"{P}:10:15: modules[0].lessons[0].title：应为文字，实际为空值（YAML 把“#”后面的文字当作注释，"
        '不会读入：请把整段文字用引号括起来，如 title: "#1 第一课"）',
        f"{P}:10:15: modules[0].lessons[0].title: expected text, found nothing (YAML reads the "
        "text after “#” as a comment and leaves it out: put the whole text in quotes, such as "
        'title: "#1 第一课")',
        id="hash-starts-a-comment"),
    pytest.param(
        MINIMAL_COURSE.replace("  - id: m1\n", "  - id: m1\n\t\n"),
        f"{P}:6:1: 第 6 行用制表符（Tab）缩进；YAML 只认空格：请把行首的 Tab 换成空格（多数编辑器可设置"
        "按 Tab 键时插入空格）",
        f"{P}:6:1: line 6 is indented with a tab character (Tab); YAML accepts only spaces: "
        "replace the tabs at the start of the line with spaces (most editors can insert spaces "
        "when Tab is pressed) (YAML: while scanning for the next token: found character '\\t' "
        "that cannot start any token)",
        id="tab"),
    pytest.param(
        MINIMAL_COURSE.replace("    title: 模块一", "   title: 模块一"),
        f"{P}:6:4: 第 6 行缩进了 3 个空格，和上面任何一层都对不齐（0、2 或 4 个空格）：请与同一组的键缩进相同"
        "的空格数",
        f"{P}:6:4: line 6 is indented 3 spaces, which matches no level above it (0, 2 or 4 "
        "spaces): indent it like the keys it belongs with (YAML: expected <block end>, but found "
        "'<block mapping start>' (while parsing a block collection that starts at line 5, column 3))",
        id="indentation"),
    pytest.param(
        MINIMAL_COURSE.replace("        objectives: [目标]\n", "        objectives: [目标]\n"
                               "        - 目标二\n", 1),
        f"{P}:16:9: 第 16 行是列表项（“- ”开头），却夹在一组键值（从第 9 行开始）中间：请把它放到某个列表键"
        "的下面，并比那个键多缩进",
        f"{P}:16:9: line 16 is a list item (“- ”) among the keys of a mapping (which starts on "
        "line 9): put it under a key that holds a list, indented below that key (YAML: expected "
        "<block end>, but found '-' (while parsing a block mapping that starts at line 9, column 9))",
        id="list-item-among-keys"),
    pytest.param(
        MINIMAL_COURSE.replace("      - id: l1\n        title: 第一课\n",
                               "      - id: l1\n        title: 第一课\n      audience: [x]\n"),
        f"{P}:11:7: 第 11 行与第 9 行开始的列表项对齐，却没有以“- ”开头：要属于上面那一项，就再多缩进；要"
        "另起一项，就在前面加“- ”",
        f"{P}:11:7: line 11 stands where the list items that start on line 9 stand, but does not "
        "start with “- ”: indent it further to belong to the item above, or start it with “- ” "
        "to make a new item (YAML: expected <block end>, but found '?' (while parsing a block "
        "collection that starts at line 9, column 7))",
        id="no-question-mark-in-the-file"),
    pytest.param(
        MINIMAL_COURSE.replace("title: 示例", 'title: "示例'),
        f'{P}:2:8: 第 2 行的引号 " 没有配对：请在这段文字末尾补上另一个 "',
        f'{P}:2:8: the quote " opened on line 2 is never closed: add the closing " at the end of '
        "the text (YAML: found the end of the file (while scanning a quoted scalar that starts at "
        "line 2, column 8))",
        id="unclosed-quote"),
    pytest.param(
        MINIMAL_COURSE.replace("audience: [全体干部]", "audience: [全体干部"),
        f"{P}:12:19: 第 12 行的 [ 没有在应有的位置配对：请在同一行用 ] 结束，各项之间用英文逗号加空格分隔",
        f"{P}:12:19: the [ opened on line 12 is not closed where expected: end the list with ] "
        "on the same line, and separate its entries with a comma and a space (YAML: expected "
        "',' or ']', found ':' (while parsing a flow sequence that starts at line 12, column 19))",
        id="unclosed-bracket"),
    pytest.param(
        MINIMAL_COURSE.replace("summary: 简介", "summary：简介"),
        f"{P}:3:8: 第 3 行的键和值之间用了中文冒号“：”：YAML 要求英文冒号加一个空格，如 summary: 简介",
        f"{P}:3:8: line 3 separates a key from its value with the Chinese colon “：”: YAML needs "
        "the English colon followed by a space, such as summary: 简介 (YAML: could not find "
        "expected ':' (while scanning a simple key that starts at line 3, column 1))",
        id="chinese-colon"),
    pytest.param(
        MINIMAL_COURSE.replace("title: 第二课", "title: `第二课`"),
        f"{P}:25:16: 第 25 行：在 YAML 里，值不能以 ` 开头：请把整段文字用引号括起来，如 title: \"`第二课`\"",
        f"{P}:25:16: line 25: a value cannot start with ` in YAML: put the whole text in quotes, "
        "such as title: \"`第二课`\" (YAML: while scanning for the next token: found character "
        "'`' that cannot start any token)",
        id="backtick"),
]


@pytest.mark.parametrize(("text", "chinese", "english"), YAML_MISTAKES)
def test_a_yaml_mistake_is_explained_with_its_line_and_fix(
    project: Path, write_course: Callable[..., Path], text: str, chinese: str, english: str
) -> None:
    write_course(text)
    assert both(project) == ([chinese], [english])


# ---- One mistake, one report ----

def test_references_into_an_unreadable_course_are_not_reported_as_missing(
    project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path],
    write_list: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("title: 第二课", "title: 第二课: 首问接待不推诿"))
    write_quiz(MINIMAL_QUIZ)
    write_list(MINIMAL_LIST + "introduction: 先学[第一课](id:l1)。\n")
    chinese, english = both(project)
    assert chinese == [
        f'{P}:25:19: 第 25 行的文字里有英文冒号加空格（“: ”），YAML 会把它当成又一个键：请把整段文字用引号括'
        '起来，如 title: "第二课: 首问接待不推诿"',
        f"{L}:12:15: 有 3 处对课的引用（l1、l2）无法检查，因为 {P} 未能完整读取：请先改正那里报告的错误"]
    assert english == [
        f"{P}:25:19: the text on line 25 contains a colon followed by a space (“: ”), which YAML "
        'reads as the start of another key: put the whole text in quotes, such as title: "第二课: '
        '首问接待不推诿" (YAML: mapping values are not allowed here)',
        f"{L}:12:15: 3 references to lessons (l1, l2) could not be checked, because {P} could "
        "not be read in full: fix the errors reported there first"]


def test_a_tab_in_the_course_is_one_error_for_the_list_that_links_to_it(
    project: Path, write_course: Callable[..., Path], write_list: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("  - id: m1\n", "  - id: m1\n\t\n"))
    write_list(MINIMAL_LIST + "introduction: 先学[第一课](id:l1)。\n")
    chinese, english = both(project)
    assert chinese == [
        f"{P}:6:1: 第 6 行用制表符（Tab）缩进；YAML 只认空格：请把行首的 Tab 换成空格（多数编辑器可设置"
        "按 Tab 键时插入空格）",
        f"{L}:12:15: 有 1 处对课的引用（l1）无法检查，因为 {P} 未能完整读取：请先改正那里报告的错误"]
    assert english == [
        f"{P}:6:1: line 6 is indented with a tab character (Tab); YAML accepts only spaces: "
        "replace the tabs at the start of the line with spaces (most editors can insert spaces "
        "when Tab is pressed) (YAML: while scanning for the next token: found character '\\t' "
        "that cannot start any token)",
        f"{L}:12:15: 1 reference to a lesson (l1) could not be checked, because {P} could not "
        "be read in full: fix the errors reported there first"]


def test_a_course_whose_lessons_cannot_be_walked_is_reported_once(
    project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("    lessons:\n", "    lessons: 见下\n    x:\n", 1))
    write_quiz(MINIMAL_QUIZ)
    chinese, english = both(project)
    assert english == [
        f"{P}:8:14: modules[0].lessons: expected a list, found '见下'",
        f"{P}:9:5: modules[0]: unknown key 'x' (expected one of: id, title, summary, description, "
        "lessons)",
        f"{Q}:9:67: 2 references to lessons (l1, l2) could not be checked, because {P} could not "
        "be read in full: fix the errors reported there first"]
    assert chinese == [
        f"{P}:8:14: modules[0].lessons：应为列表，实际为'见下'",
        f"{P}:9:5: modules[0]：未知的键 'x'（可用的键：id, title, summary, description, lessons）",
        f"{Q}:9:67: 有 2 处对课的引用（l1、l2）无法检查，因为 {P} 未能完整读取：请先改正那里报告的错误"]


def test_a_course_with_a_bad_value_still_defines_its_lessons(
    project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n"))
    write_quiz(MINIMAL_QUIZ.replace("lessons: [l2]", "lessons: [l7]"))
    assert errors_in(project, "en") == [
        f"{P}:14:16: modules[0].lessons[0].hours: expected a number, found 'x'",
        f"{Q}:63:15: profiles[0].lessons[0]: expected the id of a lesson, found 'l7'"]


def test_a_misspelt_required_key_is_one_report(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("key_points: [要点]", "keypoints: [要点]", 1))
    assert both(project) == (
        [f"{P}:16:9: modules[0].lessons[0]：未知的键 'keypoints'；是不是想写必填的键 'key_points'？"],
        [f"{P}:16:9: modules[0].lessons[0]: unknown key 'keypoints'; did you mean the required "
         "key 'key_points'?"])


# ---- Every error in one pass ----

def test_band_gaps_come_with_the_structural_errors(
    project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    write_quiz(MINIMAL_QUIZ.replace("{from: 50, to: 100, label: 强", "{from: 60, to: 100, label: 强")
               .replace("    text: 反思\n", "    text: 反思\n    reverse: true\n")
               .replace("lessons: [l2]", "lessons: [l7]"))
    chinese, english = both(project)
    assert english == [
        f"{Q}:10:16: dimensions[0].bands: expected bands covering 0–100, found a gap from 50 to 60",
        f"{Q}:52:5: items[5]: unknown key 'reverse' (expected one of: id, text, help, required, "
        "section, type, dimension)",
        f"{Q}:64:15: profiles[0].lessons[0]: expected the id of a lesson, found 'l7'"]
    assert chinese == [
        f"{Q}:10:16: dimensions[0].bands：分档应覆盖 0–100，这里从 50 到 60 有空缺",
        f"{Q}:52:5: items[5]：未知的键 'reverse'（可用的键：id, text, help, required, section, type, "
        "dimension）",
        f"{Q}:64:15: profiles[0].lessons[0]：应为某一课的标识，没有一课叫 'l7'"]


def test_misspelt_column_keys_come_with_the_structural_errors(
    project: Path, write_course: Callable[..., Path], write_list: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    write_list(MINIMAL_LIST.replace("blank_rows: 2", "blank_rows: 两行")
               .replace("deadline: 即办", "dedline: 即办"))
    chinese, english = both(project)
    assert english == [
        f"{L}:10:38: rows[1]: expected the key of a column (duty, standard, deadline, owner, "
        "backup, results-q1, results-q2, results-q3, results-q4, assessment), found 'dedline'; "
        "did you mean 'deadline'?",
        f"{L}:11:13: blank_rows: expected a whole number, found '两行'"]
    assert chinese == [
        f"{L}:10:38: rows[1]：应为某一列的标识（duty, standard, deadline, owner, backup, results-q1, "
        "results-q2, results-q3, results-q4, assessment），这里是 'dedline'；是不是想写 'deadline'？",
        f"{L}:11:13: blank_rows：应为整数，实际为'两行'"]


def test_a_dimension_that_cannot_be_read_hides_no_item_reference(
    project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    write_quiz(MINIMAL_QUIZ.replace("  - id: dare\n    name: 敢为\n", "  - name: 敢为\n"))
    assert errors_in(project, "en") == [f"{Q}:11:5: dimensions[1]: missing required key 'id'"]


# ---- Errors where the author wrote them ----

def test_a_broken_anchor_is_found_at_the_yaml_line(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("(id:l2)", "(id:l2#讨论)"))
    chinese, english = both(project)
    assert english == [
        f"{P}:19:18: modules[0].lessons[0].body: link (id:l2#讨论) expected a heading of the "
        "lesson 'l2', found no heading with the anchor '#讨论'; did you mean '讨论题'?"]
    assert chinese == [
        f"{P}:19:18: modules[0].lessons[0].body：链接 (id:l2#讨论) 应指向 'l2' 这一课中的标题，但这一课"
        "没有锚点为 '#讨论' 的标题；是不是想写 '讨论题'？"]


def test_anchors_of_the_template_and_the_body_are_known(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("(id:l2)", "(id:l2#讨论题)")
                 .replace("body: 正文\n", "body: |\n          ## 小结 {#summary}\n\n          正文\n"))
    (project / "content" / "index.md").write_text(
        "# 首页\n\n[讨论题](demo/m1/l2.md#讨论题) [小结](demo/m1/l2.md#summary)\n", "utf-8")
    assert load_project(project).lesson_count() == 2


def test_a_broken_link_of_a_hand_written_page_is_found_at_its_line(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    (project / "content" / "index.md").write_text(
        "# 首页\n\n从[示例课程](sample/index.md)开始。见[讨论](demo/m1/l2.md#讨论)。\n", "utf-8")
    chinese, english = both(project)
    assert english == [
        "content/index.md:3:9: the link sample/index.md leads to no page of the site (was its "
        "course or page removed or renamed?): correct the link or remove it",
        "content/index.md:3:34: the link demo/m1/l2.md#讨论 leads to demo/m1/l2.md, which has no "
        "heading with the anchor '#讨论'; did you mean '讨论题'?"]
    assert chinese == [
        "content/index.md:3:9: 链接 sample/index.md 指向的页面在网站中不存在（所指的课程或页面是否已删除或"
        "改名？）：请改正或删去这个链接",
        "content/index.md:3:34: 链接 demo/m1/l2.md#讨论 指向 demo/m1/l2.md，但该页没有锚点为 '#讨论' 的"
        "标题；是不是想写 '讨论题'？"]


def test_mkdocs_warnings_about_generated_pages_point_at_the_yaml(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("(id:l2)", "(id:l2#做法)"))
    i18n.use("en")
    (project / "content" / "index.md").write_text("# 首页\n\n[课程](demo/index.md#x)\n", "utf-8")
    with pytest.raises(Exception):  # noqa: B017 - validate refuses it; MkDocs is the backstop
        load_project(project)
    write_course(MINIMAL_COURSE.replace("(id:l2)", "(id:l2#做法)").replace(
        "body: 正文\n", "body: |\n          ## 做法\n"))
    (project / "content" / "index.md").write_text("# 首页\n", "utf-8")
    loaded = load_project(project)
    stderr = (
        "INFO    -  Cleaning site directory\n"
        "WARNING -  Doc file 'demo/m1/l1.md' contains a link '../m1/l2.md#x', but the doc "
        "'demo/m1/l2.md' does not contain an anchor '#x'.\n"
        "WARNING -  Doc file 'index.md' contains a link 'sample/index.md', but the target is not "
        "found among documentation files.\n")
    (project / "content" / "index.md").write_text("# 首页\n\n见[示例](sample/index.md)\n", "utf-8")
    assert mkdocs_failure(stderr, project / "site", SourceMap(loaded)) == (
        "MkDocs could not build the site:\n"
        f"{P}:9:9: the link ../m1/l2.md#x leads to demo/m1/l2.md, which has no heading with the "
        "anchor '#x'\n"
        "content/index.md:3:7: the link sample/index.md leads to no page of the site (was its "
        "course or page removed or renamed?): correct the link or remove it")


# ---- The scaffold ----

def test_the_scaffold_builds_after_its_sample_course_is_deleted(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    create_project(root, "培训")
    (root / "content" / "courses" / "sample.yml").unlink()
    result = CliRunner().invoke(main, ["--lang", "zh", "build", "-C", str(root)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("已生成 1 个页面（0 课）到 ")
    assert (root / "site" / "index.html").is_file()
