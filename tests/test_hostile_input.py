"""Hostile or broken input: one ``Error:`` message, exit 1, no traceback, nothing lost.

Each case is what a careless copy, a full disk or a malicious file would bring; the
size and memory these take are measured in benchmarks/bench_hostile.py.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import build_site
from generator.content.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_NODES
from generator.scoring.scorer import score
from generator.scoring.spec import quiz_spec
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ

P = "content/courses/demo.yml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def one_error(err: str) -> str:
    """The message of an ``Error:`` report, checked to carry no traceback."""
    assert "Traceback" not in err and 'File "' not in err, err
    assert err.startswith("Error: "), err
    return err.removeprefix("Error: ").rstrip("\n")


@contextmanager
def tmpfs(where: Path, size: str, *options: str) -> Iterator[Path]:
    """A small file system of its own, to fill up or to make read-only (needs mount rights)."""
    where.mkdir(parents=True, exist_ok=True)
    opts = ",".join((f"size={size}", "mode=0755", *options))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + mounted.stderr.decode(errors="replace").strip())
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# ---- YAML that is far too large, too many values, nested too deep ----

def test_a_file_far_larger_than_any_curriculum_is_refused_by_its_size(
    project: Path, write_course: Callable[..., Path]
) -> None:
    line = "- {a: 1}\n"
    write_course("items:\n" + line * (50 * 1024 * 1024 // len(line)))
    code, _, err = run("validate", "-C", str(project))
    assert code == 1
    assert one_error(err) == (f"1 content error:\n{P}:1:1: expected a file of at most "
                              f"{MAX_BYTES // 2**20} MB, found 50.0 MB: split it into several files")


def test_a_file_of_too_many_small_values_is_refused_before_it_is_built(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course("items:\n" + "".join(f"  - {{a: {n}}}\n" for n in range(MAX_NODES)))
    code, _, err = run("validate", "-C", str(project))
    assert code == 1
    # The top mapping, 'items' and the list are three values, then each row three more:
    # the 200,001st is the number of row 66,665 (from 0), on line 66,667, column 9.
    assert MAX_NODES == 200_000
    assert one_error(err) == (f"1 content error:\n{P}:66667:9: expected at most "
                              f"{MAX_NODES:,} values in one file, found more: split it into "
                              "several files")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 1000])
def test_brackets_nested_deeply_are_refused(
    project: Path, write_course: Callable[..., Path], depth: int
) -> None:
    write_course("title: " + "[" * depth + "]" * depth + "\n")
    code, _, err = run("validate", "-C", str(project))
    assert code == 1
    # The top-level mapping is the first level: the 50th bracket opens the 51st.
    assert one_error(err) == (f"1 content error:\n{P}:1:{MAX_DEPTH + 7}: expected lists and "
                              f"mappings nested at most {MAX_DEPTH} levels deep, found deeper "
                              "nesting")


def test_aliases_that_nest_too_deeply_once_expanded_are_refused(
    project: Path, write_course: Callable[..., Path]
) -> None:
    half = MAX_DEPTH // 2 + 1
    write_course(f"a: &deep {'[' * half}x{']' * half}\nb: {'[' * half}*deep{']' * half}\n")
    code, _, err = run("validate", "-C", str(project))
    assert code == 1
    # Reported where the too-deep value was written: inside the anchored list.
    assert one_error(err) == (f"1 content error:\n{P}:1:34: expected lists and mappings "
                              f"nested at most {MAX_DEPTH} levels deep, found deeper nesting once "
                              "aliases (*name) are expanded")


# ---- Result files for score and aggregate ----

def exported(project: Path, answers: object) -> str:
    spec = quiz_spec(load_project(project).quizzes[0].quiz)
    return json.dumps({
        "format": "kb-quiz-result", "version": 1, "date": "2027-03-01T08:00:00Z",
        "questionnaire": {k: spec[k] for k in ("id", "title", "version", "hash")},
        "answers": answers, "result": score(spec, {})})


HOSTILE_RESULTS = [
    pytest.param("[" * 100_000 + "]" * 100_000, "1:1: expected a result file, found JSON "
                 "nested too deeply", id="nested-json"),
    pytest.param('{"q1": ' + "4" * 400 + "}", "1:1: expected a result file, found a number "
                 "of 400 digits", id="400-digits"),
    pytest.param('{"q1": ' + "4" * 5000 + "}", "1:1: expected a result file, found a number "
                 "of 5000 digits", id="5000-digits"),
    pytest.param('{"q1": 1e400}', "1:1: answers.q1: expected an option number from 0 to 4, "
                 "found the number inf", id="huge-float"),
    pytest.param('{"q1": NaN}', "1:1: expected a result file, found NaN, which is not a number "
                 "JSON allows", id="nan"),
    pytest.param('{"q4": [[0], 1]}', "1:1: answers.q4: expected a list of option numbers from 0 "
                 "to 2, found a list of 2", id="list-in-multi"),
    pytest.param('{"q4": [{"a": 1}]}', "1:1: answers.q4: expected a list of option numbers "
                 "from 0 to 2, found a list of 1", id="object-in-multi"),
    pytest.param('{"q1": 9}', "1:1: answers.q1: expected an option number from 0 to 4, found "
                 "the number 9", id="out-of-range"),
    pytest.param('{"q9": 1}', "1:1: expected the answers to items of 'check', found one to "
                 "'q9'", id="unknown-item"),
    pytest.param('[1, 2]', "1:1: expected the answers as an object of item id → answer, found "
                 "a list of 2", id="not-an-object"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE_RESULTS)
def test_score_refuses_a_hostile_answer_file(quiz_project: Path, tmp_path: Path, text: str,
                                             message: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run("score", "-C", str(quiz_project), "check", str(path))
    assert (code, out) == (1, "")
    assert one_error(err) == f"{path}:{message}"


def test_score_refuses_a_file_far_larger_than_a_result(quiz_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"q1": 1, "pad": "' + "x" * 2 * 1024 * 1024 + '"}', encoding="utf-8")
    code, _, err = run("score", "-C", str(quiz_project), "check", str(path))
    assert code == 1
    assert one_error(err) == (f"{path}:1:1: expected a result file of at most 1024 KB, "
                              "found 2,048 KB")


@pytest.mark.parametrize("answers", [
    pytest.param({"q4": [[0], 1]}, id="list-in-multi"),
    pytest.param({"q4": [{"a": 1}]}, id="object-in-multi"),
    pytest.param({"q1": "4" * 20}, id="text-for-a-choice"),
])
def test_aggregate_skips_and_names_a_hostile_result(quiz_project: Path, tmp_path: Path,
                                                    answers: object) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    good = {"q1": 4, "q2": 0, "q3": 1, "q4": [0, 1]}
    for n in range(5):
        (folder / f"r{n}.json").write_text(exported(quiz_project, good).replace(
            "08:00", f"08:0{n}"), encoding="utf-8")
    (folder / "bad.json").write_text(exported(quiz_project, answers), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "long.json").write_text('{"n": ' + "9" * 5000 + "}", encoding="utf-8")
    report = tmp_path / "r.md"
    code, out, err = run("aggregate", "-C", str(quiz_project), str(folder), "--skip-bad",
                         "--out", str(report))
    assert code == 0, err
    assert "Traceback" not in err
    skipped = sorted(line.split(":")[0] for line in err.splitlines())
    assert skipped == [f"Skipped {folder / name}" for name in ("bad.json", "deep.json", "long.json")]
    assert "Read 5 results of 小测 (0 duplicates counted once, 3 skipped)." in out

    code, _, err = run("aggregate", "-C", str(quiz_project), str(folder), "--out", str(report))
    assert code == 1
    assert one_error(err).startswith("3 content errors:\n")


def test_aggregate_csv_neutralises_formulas_in_names_raters_supply(
    quiz_project: Path, write_quiz: Callable[..., Path], tmp_path: Path
) -> None:
    write_quiz(MINIMAL_QUIZ.replace("id: check", "id: rate").replace(
        'version: "1"', 'version: "1"\nkind: rating\nsatisfied: [担当]').replace(
        "type: yesno\n", "type: yesno\n    satisfied: 是\n"), "rate.yml")
    spec = next(quiz_spec(q.quiz) for q in load_project(quiz_project).quizzes if q.quiz.id == "rate")
    data = json.loads(exported(quiz_project, {}))
    data["questionnaire"] = {k: spec[k] for k in ("id", "title", "version", "hash")}
    data["answers"] = {"q1": 4, "q2": 0, "q3": 1, "q4": [0, 1]}
    data["subject"], data["period"] = "=HYPERLINK(\"http://x\")", "+1期"
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    csv = tmp_path / "r.csv"
    code, _, err = run("aggregate", "-C", str(quiz_project), str(tmp_path / "r.json"),
                       "--csv", str(csv), "--out", str(tmp_path / "r.md"))
    assert code == 0, err
    row = csv.read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("\"'=HYPERLINK(\"\"http://x\"\")\",'+1期,")


# ---- Where things are written: impossible paths, files in the way, read-only, full ----

def test_new_into_a_path_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    target = tmp_path / "notes.txt" / "kb"
    code, _, err = run("new", str(target))
    assert code == 1
    assert one_error(err) == (f"cannot write {target}: a part of the path is a file, not a folder")


def test_new_where_a_file_is(tmp_path: Path) -> None:
    (tmp_path / "kb").write_text("x", encoding="utf-8")
    code, _, err = run("new", str(tmp_path / "kb"))
    assert code == 2  # a usage error, found by Click before the command runs
    assert err.endswith(f"Error: Invalid value for 'DIRECTORY': Directory '{tmp_path / 'kb'}' "
                        "is a file.\n")
    assert (tmp_path / "kb").read_text(encoding="utf-8") == "x"


def test_new_into_a_read_only_folder(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "1m", "ro") as folder:
        code, _, err = run("new", str(folder / "kb"))
    assert code == 1
    assert one_error(err) == f"cannot write {folder / 'kb'}: the folder is read-only"


@pytest.fixture
def built(project: Path, write_course: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    return project


def test_build_when_site_is_a_file(built: Path) -> None:
    (built / "site").write_text("not a site", encoding="utf-8")
    code, _, err = run("build", "-C", str(built))
    assert code == 1
    assert one_error(err) == (f"refusing to replace {built / 'site'}: expected a folder for the "
                              "site, found a file (move it away, or build elsewhere with --out)")
    assert (built / "site").read_text(encoding="utf-8") == "not a site"


def test_build_into_a_read_only_folder(built: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "www", "1m", "ro") as www:
        code, _, err = run("build", "-C", str(built), "--out", str(www / "kb"))
    assert code == 1
    assert one_error(err) == f"cannot write {www}: the folder is read-only"
    assert not (www / "kb").exists()


def test_a_full_disk_is_named_and_the_old_site_stays(built: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "www", "12m") as www:
        site = www / "kb"
        build_site(built, site)
        before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        free = os.statvfs(www).f_bavail * os.statvfs(www).f_frsize
        (www / "ballast").write_bytes(b"\0" * (free - 64 * 1024))
        code, _, err = run("build", "-C", str(built), "--out", str(site))
        assert code == 1
        message = one_error(err)
        assert message == (f"no space left on device while writing the site into {site}: free "
                           "some disk space (the earlier site is untouched)")
        after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        assert after == before
        assert sorted(p.name for p in www.iterdir()) == ["ballast", "kb"]


# ---- mkdocs.yml: one policy wherever it is read (config/settings.py) ----

def test_mkdocs_yml_that_is_not_yaml_is_placed_with_the_content_errors(built: Path) -> None:
    config = built / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_name: 测试站点", "site_name: 站点: 测试"),
                      encoding="utf-8")
    (built / "content" / "courses" / "demo.yml").write_text(
        MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n"), encoding="utf-8")
    code, _, err = run("validate", "-C", str(built))
    assert code == 1
    lines = one_error(err).splitlines()
    assert lines[0] == "2 content errors:"
    assert lines[1].startswith(f"{P}:14:16: ")
    assert lines[2].startswith("mkdocs.yml:4:14: the text on line 4 contains a colon followed by a "
                               "space")
    code, _, err = run("build", "-C", str(built))
    assert code == 1
    assert "mkdocs.yml:4:14: " in one_error(err)
    assert not (built / "site").exists()


def test_mkdocs_yml_that_is_not_utf8_is_an_error_wherever_it_is_read(built: Path) -> None:
    from generator import i18n
    from generator.errors import ContentError
    from generator.site.anchors import anchors_of
    from generator.site.handbook import site_info

    config = built / "mkdocs.yml"
    config.write_bytes(config.read_bytes().replace("测试站点".encode(), b"\xb2\xe2\xca\xd4"))
    expected = ("1 content error:\nmkdocs.yml:4:12: expected UTF-8 text, found the byte 0xb2 "
                "(save the file as UTF-8)")
    code, _, err = run("validate", "-C", str(built))
    assert (code, one_error(err)) == (1, expected)
    for read in (lambda: site_info(config), lambda: anchors_of("# 标题\n", config)):
        with pytest.raises(ContentError) as info:
            read()
        assert info.value.format_message() == expected
    i18n.use("zh")
    with pytest.raises(ContentError) as info:
        site_info(config)
    assert info.value.problems[0].message == ("文件应为 UTF-8 编码，这里有字节 0xb2（请把文件另存为 "
                                              "UTF-8 编码）")


def test_mkdocs_yml_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    from generator.errors import ProjectError
    from generator.site.handbook import site_info

    (tmp_path / "mkdocs.yml").mkdir()
    with pytest.raises(ProjectError) as info:
        site_info(tmp_path / "mkdocs.yml")
    assert info.value.format_message() == "mkdocs.yml: cannot read the site settings: is a directory"


# ---- Hand-written pages: encoding, links out of the project, MkDocs' own failures ----

def test_invalid_utf8_in_a_hand_written_page_is_placed(built: Path) -> None:
    (built / "content" / "guide.md").write_bytes("# 指南\n\n第二行\n错误：".encode() + b"\xff\xfe\n")
    code, _, err = run("validate", "-C", str(built))
    assert code == 1
    assert one_error(err) == ("1 content error:\ncontent/guide.md:4:4: expected UTF-8 text, "
                              "found the byte 0xff (save the file as UTF-8)")
    code, _, err = run("build", "-C", str(built))
    assert code == 1
    assert one_error(err) == ("1 content error:\ncontent/guide.md:4:4: expected UTF-8 text, "
                              "found the byte 0xff (save the file as UTF-8)")
    assert not (built / "site").exists()


def test_a_link_to_a_file_outside_the_project_is_refused(built: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    (built / "content" / "passwd.txt").symlink_to(secret)
    code, _, err = run("build", "-C", str(built))
    assert code == 1
    assert one_error(err) == ("1 content error:\ncontent/passwd.txt:1:1: expected a file inside "
                              f"the project, found a link to {secret}: copy the file in instead")
    assert not (built / "site").exists()


def test_a_link_inside_the_project_is_published(built: Path) -> None:
    (built / "content" / "guide.txt").write_text("说明", encoding="utf-8")
    (built / "content" / "alias.txt").symlink_to(built / "content" / "guide.txt")
    build_site(built)
    assert (built / "site" / "alias.txt").read_text(encoding="utf-8") == "说明"


def with_overrides(project: Path, template: str) -> None:
    """Material's documented extension point: theme.custom_dir with a main.html."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(template, encoding="utf-8")


def test_overrides_of_the_project_are_used(built: Path) -> None:
    with_overrides(built, '{% extends "base.html" %}\n'
                          '{% block announce %}本站为内网试运行版{% endblock %}\n')
    build_site(built)
    assert "本站为内网试运行版" in (built / "site" / "index.html").read_text(encoding="utf-8")


def test_a_mkdocs_crash_is_one_message_without_stack_frames(built: Path) -> None:
    with_overrides(built, '{% extends "base.html" %}\n{% block announce %}{{ 1 + }}{% endblock %}\n')
    code, _, err = run("build", "-C", str(built))
    assert code == 1
    assert one_error(err) == ("MkDocs stopped with an unexpected error: "
                              "jinja2.exceptions.TemplateSyntaxError: unexpected 'end of print statement'")
    assert not (built / "site").exists()


def test_a_mkdocs_refusal_keeps_its_reason(built: Path) -> None:
    (built / "content" / "bad.md").write_text("---\ntags: 5\n---\n# 页\n", encoding="utf-8")
    code, _, err = run("build", "-C", str(built))
    assert code == 1
    assert one_error(err) == ("MkDocs could not build the site:\n"
                              "ERROR   -  Error reading page 'bad.md':\n"
                              "ERROR   -  Error reading tags of page 'bad.md' in '.build/docs':\n"
                              "Expected iterable tags, but received: 5")
