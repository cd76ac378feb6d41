"""The command line: exit codes, exact messages, no tracebacks."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__, i18n
from generator.cli import main
from generator.cli.localized import help_text
from tests.conftest import MINIMAL_COURSE

COMMANDS = sorted(main.commands)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert run("--version") == (0, f"generator, version {__version__}\n", "")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example:" in out
    assert f"python -m generator {command}" in out


def test_unknown_command_is_a_usage_error() -> None:
    code, _, err = run("biuld")
    assert code == 2
    assert "No such command 'biuld'" in err


def test_validate_clean_project(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(MINIMAL_COURSE)
    assert run("validate", "-C", str(project)) == (
        0, "OK: 1 courses, 2 lessons, 0 questionnaires, 0 lists, no errors.\n", "")


def test_validate_reports_errors_on_stderr_without_traceback(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n"))
    code, out, err = run("validate", "-C", str(project))
    assert (code, out) == (1, "")
    assert err == (
        "Error: 1 content error:\n"
        "content/courses/demo.yml:14:16: modules[0].lessons[0].hours: expected a number, "
        "found 'x'\n"
    )


def test_validate_json(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n"))
    code, out, _ = run("validate", "-C", str(project), "--format", "json")
    assert code == 1
    assert json.loads(out) == {"ok": False, "errors": [{
        "path": "content/courses/demo.yml", "line": 14, "column": 16, "code": "expected-type",
        "message": "modules[0].lessons[0].hours: expected a number, found 'x'",
    }]}


def test_validate_json_clean(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(MINIMAL_COURSE)
    assert run("validate", "-C", str(project), "--format", "json") == (
        0, '{"ok": true, "errors": []}\n', "")


def test_not_a_project(tmp_path: Path) -> None:
    code, _, err = run("validate", "-C", str(tmp_path))
    assert code == 1
    assert err == (f"Error: {tmp_path} is not a project: expected mkdocs.yml and a content/ "
                   "folder (create one with: python -m generator new DIR)\n")


def test_new_then_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, created, err = run("new", "kb", "--title", "年轻干部培训")
    assert (code, err) == (0, "")
    assert created.startswith("Created kb/. Next: cd kb && ") and created.endswith(" build\n")
    assert "site_name: 年轻干部培训" in (tmp_path / "kb" / "mkdocs.yml").read_text("utf-8")
    # The hint works as printed, in a shell that knows nothing of this virtual environment.
    shell = {"PATH": "/usr/bin:/bin", "KBGEN_LANG": "en",
             **{k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "HOME")}}
    built = subprocess.run(["bash", "-c", created.removeprefix("Created kb/. Next: ")],
                           env=shell, capture_output=True, text=True, check=False)
    assert (built.returncode, built.stderr) == (0, "")
    assert built.stdout.startswith("Built 6 pages (2 lessons) into site/ in ")
    assert built.stdout.endswith(" serve, or open site/index.html\n")
    assert (tmp_path / "kb" / "site" / "sample" / "sample-module" / "sample-first.html").is_file()
    preview = built.stdout.split("Preview: ")[1].removesuffix(" serve, or open site/index.html\n")
    version = subprocess.run(["bash", "-c", f"cd kb && {preview} --version"], env=shell,
                             capture_output=True, text=True, check=False)
    assert version.stdout == f"generator, version {__version__}\n"


@pytest.mark.parametrize(("active", "hint"), [(True, "python -m generator"),
                                               (False, f"{sys.executable} -m generator")],
                         ids=["venv active", "venv not active"])
def test_hints_name_the_interpreter_unless_it_is_plain_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, active: bool, hint: str
) -> None:
    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin" if active else "/usr/bin:/bin")
    if not active and shutil.which("python") == sys.executable:
        pytest.skip("this interpreter is the system's python")
    monkeypatch.chdir(tmp_path)
    assert run("new", "kb") == (0, f"Created kb/. Next: cd kb && {hint} build\n", "")


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run("new", str(tmp_path))
    assert code == 1
    assert err == (f"Error: refusing to create a project in {tmp_path}: expected a new or empty "
                   "folder, found files in it\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_build_with_content_errors_writes_nothing(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n"))
    code, _, err = run("build", "-C", str(project))
    assert code == 1
    assert err.startswith("Error: 1 content error:\n")
    assert not (project / "site").exists()
    assert not (project / ".build").exists()


def test_build_refuses_to_replace_the_content(project: Path) -> None:
    code, _, err = run("build", "-C", str(project), "--out", str(project / "content"))
    assert code == 1
    assert err == (f"Error: refusing to build into {project / 'content'}: expected a folder of "
                   "its own, such as site/\n")


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(
    project: Path, tmp_path: Path
) -> None:
    other = tmp_path / "documents"
    other.mkdir()
    (other / "report.docx").write_bytes(b"x")
    code, _, err = run("build", "-C", str(project), "--out", str(other))
    assert code == 1
    assert "expected an empty folder or an earlier site (with index.html)" in err
    assert (other / "report.docx").exists()


def test_schema_writes_one_file_per_format(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    code, stdout, _ = run("schema", "-C", str(project), "--out", str(out))
    assert code == 0
    assert stdout == "".join(f"Wrote {out / name}\n" for name in (
        "course.schema.json", "questionnaire.schema.json", "appraisal.schema.json",
        "responsibility-list.schema.json"))
    schema = json.loads((out / "course.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Course"
    assert schema["additionalProperties"] is False


def _help_texts() -> list[str]:
    texts = [main.help or "", *(getattr(p, "help", None) or "" for p in main.params)]
    for command in main.commands.values():
        texts += [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
    return [t for t in texts if t]


def test_every_help_text_has_a_chinese_translation() -> None:
    i18n.use("zh")
    try:
        untranslated = [inspect.cleandoc(t) for t in _help_texts() if help_text(t) == inspect.cleandoc(t)]
    finally:
        i18n.use("en")
    assert untranslated == []


@pytest.mark.parametrize(("lang", "expected"), [
    (None, ["用法： python -m generator build [OPTIONS]", "  检查内容并把网站构建到 site/。",
            "  -h, --help               显示本帮助后退出。"]),
    ("en", ["Usage: python -m generator build [OPTIONS]",
            "  Validate the content and build the site into site/.",
            "  -h, --help               Show this message and exit."]),
], ids=["default chinese", "--lang en"])
def test_help_speaks_the_chosen_language(lang: str | None, expected: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES",
                                                             "LANGUAGE", "KBGEN_LANG")}
    args = [sys.executable, "-m", "generator", *(["--lang", lang] if lang else []), "build", "--help"]
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert [line for line in out if line in expected] == expected


def test_a_usage_error_is_told_in_chinese_by_default() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES",
                                                             "LANGUAGE", "KBGEN_LANG")}
    proc = subprocess.run([sys.executable, "-m", "generator", "biuld"], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == "错误：没有命令 'biuld'。 是不是想写 'build'？"
