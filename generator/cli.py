"""The command line: parse options, call one plain function, print its result.

Every user-facing failure is a GeneratorError, which Click prints as
``Error: …`` on stderr with exit code 1; usage errors exit 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import sys
from pathlib import Path

import click

from generator import __version__, i18n
from generator.commands.aggregate import read_results, tokens_used, write_report
from generator.commands.build import build_site
from generator.commands.export_checks import export_checks as write_checks
from generator.commands.handbook import handbook as write_handbook
from generator.commands.new import create_project
from generator.commands.register import Outputs
from generator.commands.register import register as make_register
from generator.commands.score import score_result
from generator.commands.serve import serve_site
from generator.commands.tokens import issue, new_key
from generator.commands.validate import validate as validate_project
from generator.content.schema import write_schemas
from generator.errors import Problem
from generator.i18n import _
from generator.scoring.scorer import format_result

project_option = click.option(
    "-C", "--project", "project", default=".", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder (holding mkdocs.yml and content/).",
)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    return i18n.use(value)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="generator")
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default=None, is_eager=True,
              expose_value=False, callback=_choose_language,
              help="Language of the messages: zh (Chinese) or en (English).  "
                   "[default: en under an English locale (LANG=en_US.UTF-8), else zh]")
def main() -> None:
    """Build a Chinese knowledge base and self-assessment site from YAML.

    \b
    Example:
        python -m generator validate
        python -m generator --lang en build
    """


@main.command()
@project_option
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site.  [default: PROJECT/site]")
def build(project: Path, out: Path | None) -> None:
    """Validate the content and build the site into site/.

    The site is built beside the target and swapped in only on success:
    a failed build leaves the earlier site as it was.

    \b
    Example:
        python -m generator build
        python -m generator build --project my-course --out /srv/www/kb
    """
    result = build_site(project, out)
    _warn(result.warnings)
    shown = _shown(result.out)
    click.echo(_("Built {pages} pages ({lessons} lessons) into {out}/ in {seconds:.1f} s. "
                 "Preview: {command} serve, or open {out}/index.html").format(command=_invocation(),
                     pages=result.pages, lessons=result.lessons, out=shown,
                     seconds=result.seconds))


@main.command()
@project_option
@click.option("-a", "--address", default="127.0.0.1:8000", show_default=True,
              help="Address and port of the preview server.")
def serve(project: Path, address: str) -> None:
    """Build and preview the site, rebuilding on every change.

    Changes under content/ and quizzes/ regenerate the pages and reload the
    browser. Stop with Ctrl+C.

    \b
    Example:
        python -m generator serve
        python -m generator serve --address 0.0.0.0:8080
    """
    click.echo(_("Serving on http://{address}/ (Ctrl+C to stop)").format(address=address))
    serve_site(project, address, click.echo)


@main.command()
@project_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report as lines of text or as JSON.")
def validate(project: Path, fmt: str) -> None:
    """Check every content file and report every error.

    Each error reads path:line:col: message. Exits 1 on any error.

    \b
    Example:
        python -m generator validate
        python -m generator validate --format json
    """
    ok, text, warnings = validate_project(project, fmt)
    _warn(warnings)
    click.echo(text)
    if not ok:
        raise SystemExit(1)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="我的培训课程", show_default=True, help="Site name.")
def new(directory: Path, title: str) -> None:
    """Create a new project in DIRECTORY that builds at once.

    \b
    Example:
        python -m generator new my-course
        python -m generator new my-course --title "年轻干部培训"
    """
    create_project(directory, title)
    click.echo(_("Created {folder}/. Next: cd {folder} && {command} build").format(
        folder=directory, command=_invocation(anywhere=True)))


@main.command()
@project_option
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the schema files.  [default: PROJECT/schemas]")
def schema(project: Path, out: Path | None) -> None:
    """Write a JSON Schema for each content format.

    Editors use them to complete and check fields: the shipped YAML files
    start with a `# yaml-language-server: $schema=...` line.

    \b
    Example:
        python -m generator schema
    """
    for path in write_schemas(out or project / "schemas"):
        click.echo(_("Wrote {path}").format(path=path))


@main.command()
@project_option
@click.argument("quiz", required=False)
@click.argument("answers", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--code", "code", default=None,
              help="A result code from a printed report, instead of QUIZ and ANSWERS.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Print a table, or the result as JSON.")
def score(project: Path, quiz: str | None, answers: Path | None, code: str | None,
          fmt: str) -> None:
    """Score ANSWERS (an exported result or a JSON of answers) against QUIZ.

    QUIZ is a questionnaire's id or file. With --code, the result code printed
    on a report is scored instead, so a reviewer can check its figures. The
    rules are the page's own, so a paper form can be scored too.

    \b
    Example:
        python -m generator score zhixingli-zice result.json
        python -m generator score quizzes/zhixingli-zice.yml answers.json --format json
        python -m generator score --code 3282U-AYH6J-Q3M4H-CYMQM-3P9JM-UEWR
    """
    if (code is None) == (quiz is None or answers is None) or (code and (quiz or answers)):
        raise click.UsageError(_("give QUIZ and ANSWERS, or --code CODE"))
    scored = score_result(project, quiz, answers, code)
    if fmt == "json":
        click.echo(json.dumps(scored.result, ensure_ascii=False, indent=2))
    else:
        click.echo(format_result(scored.spec, scored.result))
    scored.check_stored()
    if scored.stored_matches and fmt == "text":
        click.echo(_("The result stored in the file matches this computation."))


@main.command()
@project_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiz", default=None,
              help="The questionnaire id to expect.  [default: that of the first result]")
@click.option("--baseline", multiple=True, type=click.Path(path_type=Path),
              help="Results of another cohort or year to compare with (repeatable).")
@click.option("--min-group", default=5, show_default=True, type=click.IntRange(1),
              help="Fewest complete self-assessments a breakdown is shown for.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The report page.  [default: PROJECT/content/reports/QUIZ-ID.md]")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write the report as one standalone HTML file.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write the table as CSV for a spreadsheet.")
@click.option("--skip-bad", is_flag=True, help="Report unreadable results and go on.")
@click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The department's key file: verify the 评价码 of rating forms.")
def aggregate(project: Path, inputs: tuple[Path, ...], quiz: str | None, baseline: tuple[Path, ...],
              min_group: int, out: Path | None, html_path: Path | None,
              csv_path: Path | None, skip_bad: bool, key_file: Path | None) -> None:
    """Write a group report from exported results and result codes.

    INPUTS are result files (.json), text files of result codes (.txt, one a
    line; for a rating form 被评价人,期次,结果码) or folders of both, all of one
    questionnaire. Nothing is sent anywhere; no respondent is named. With
    --key-file, the 评价码 of rating forms are verified: forged, mistyped,
    reused or another cadre's are listed and not counted.

    \b
    Example:
        python -m generator aggregate examples/self-assessment/2027
        python -m generator aggregate results/2027 --baseline results/2026 --csv 2027.csv
    """
    report, default_target = read_results(project, list(inputs), quiz, list(baseline),
                                          min_group, skip_bad, key_file)
    for problem in report.skipped:
        click.echo(_("Skipped {problem}").format(problem=problem), err=True)
    target = out or default_target
    written = write_report(report, target, html_path, csv_path)
    cohort = report.cohort
    click.echo(_("Read {results} results of {title} ({duplicates} duplicates counted once, "
                 "{skipped} skipped). Wrote {files}").format(
                     results=cohort.results, title=cohort.spec["title"],
                     duplicates=cohort.duplicates, skipped=len(report.skipped),
                     files=", ".join(_shown(p) for p in written)))
    if cohort.tokens is not None and tokens_used(cohort):
        counts = cohort.tokens.counts
        if report.keyed:
            click.echo(_("评价码 verified: {verified} valid, {none} without one, {rejected} not "
                         "counted (listed in the report).").format(**counts))
        else:
            click.echo(_("评价码 not verified (no --key-file): {unchecked} with one, {none} "
                         "without, {rejected} not counted (mistyped or reused).").format(**counts),
                       err=True)


@main.command()
@project_option
@click.argument("quiz", required=False)
@click.option("--new-key", "new_key_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Make a new key file (mode 0600) and stop; never overwrites.")
@click.option("--subject", default=None, help="The rated cadre (被评价人).")
@click.option("--period", default=None, help="The period (期次), one the form declares.")
@click.option("--count", default=None, type=click.IntRange(1, 29790), help="How many slips.")
@click.option("--first", default=1, show_default=True, type=click.IntRange(1, 29790),
              help="Serial number of the first slip: the next batch starts after the last.")
@click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The department's key file (made with --new-key).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the slips as an A4 page to print.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the slips as an A4 PDF (needs WeasyPrint).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the serials and codes as CSV.")
def tokens(project: Path, quiz: str | None, new_key_path: Path | None, subject: str | None,
           period: str | None, count: int | None, first: int, key_file: Path | None,
           html_path: Path | None, pdf_path: Path | None, csv_path: Path | None) -> None:
    """Make slips of one-time 评价码 for a rating form, one per 办件.

    Each code carries a serial and a tag keyed by the department's key file,
    bound to QUIZ, the cadre and the period; aggregate --key-file checks them.
    Keep the key file out of the project, the site and the repository.
    Without --html, --pdf or --csv, writes 评价码-SUBJECT-PERIOD-FIRST-LAST.html
    and .csv in the current folder.

    \b
    Example:
        python -m generator tokens --new-key ~/评价密钥
        python -m generator tokens qunzhong-manyidu --subject 干部甲 \\
            --period 2027年第一季度 --count 200 --key-file ~/评价密钥 --pdf 干部甲.pdf
    """
    if new_key_path is not None:
        if quiz or subject or period or count or key_file:
            raise click.UsageError(_("give --new-key FILE alone, or QUIZ with --subject, "
                                     "--period, --count and --key-file"))
        new_key(project, new_key_path)
        click.echo(_("Wrote a new key to {path} (readable by you only). Keep it out of the "
                     "project and the repository, and keep a copy: without it no 评价码 can be "
                     "checked.").format(path=_shown(new_key_path)))
        return
    if not quiz or subject is None or period is None or count is None or key_file is None:
        raise click.UsageError(_("give --new-key FILE alone, or QUIZ with --subject, "
                                 "--period, --count and --key-file"))
    issued = issue(project, quiz, subject, period, count, first, key_file, html_path, pdf_path,
                   csv_path)
    click.echo(_("Wrote slips {first} to {last}: {files}").format(
        first=issued.first, last=issued.last, files=", ".join(_shown(p) for p in issued.paths)))


@main.command()
@project_option
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--roster", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The 干部名册: .csv (UTF-8 or GB18030, as Excel saves it) or .xlsx, with the "
                   "columns 姓名 and 单位, and optionally 职务, 层级, 编号.")
@click.option("--course", default=None,
              help="The course to register.  [default: the project's only course]")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The date of the register and its 通报, as 2027-04-01.  [default: today]")
@click.option("--issuer", default=None,
              help="The 落款 of the 通报.  [default: the course's organizer]")
@click.option("--sort", type=click.Choice(["strokes", "pinyin"]), default="strokes", show_default=True,
              help="Order of the names within a unit: 按姓氏笔画 (strokes) or by pinyin.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the register page here; a path under content/ publishes it with the "
                   "site.  [default: PROJECT/registers/COURSE-DATE.md, outside the site]")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the printable A4 通报 with the register as a standalone HTML file.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the per-cadre register as CSV (UTF-8 with BOM, for Excel and WPS).")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the register as an Excel workbook (登记表, 单位汇总, 提醒名单).")
@click.option("--skip-bad", is_flag=True,
              help="Leave out records and roster rows that cannot be used, list them, and write "
                   "the register with the rest.")
def register(project: Path, inputs: tuple[Path, ...], roster: Path, course: str | None,
             day: dt.datetime | None, issuer: str | None, sort: str, out: Path | None,
             html_path: Path | None, csv_path: Path | None, xlsx_path: Path | None,
             skip_bad: bool) -> None:
    """Register a course's 轮训 from a roster and study records, and write the 通报.

    INPUTS are study records exported by the course page (.json), text files of
    学习记录码 (姓名,单位,学习记录码 a line) or folders of both. Lessons with a
    随堂测验 count only when their answers pass when re-graded here. Everything
    stays on this computer; the register names cadres and is for internal use.

    \b
    Example:
        python -m generator register examples/register/records --roster examples/register/名册.csv
        python -m generator register records/ --roster 名册.xlsx --html 通报.html --xlsx 登记表.xlsx
    """
    done = make_register(project, roster, list(inputs), course,
                         Outputs(out, html_path, csv_path, xlsx_path), skip_bad=skip_bad, sort=sort,
                         date=day.date() if day else None, issuer=issuer)
    reg = done.register
    for problem in reg.problems:
        click.echo(_("Skipped {problem}").format(problem=problem), err=True)
    for notice in reg.notices:
        click.echo(_("Note: {problem}").format(problem=notice), err=True)
    click.echo(_("Registered {records} records against {cadres} cadres of {units} units: {done} "
                 "finished, {taking} took part ({skipped} skipped). Wrote {files}").format(
                     records=reg.records, cadres=reg.total.expected, units=len(reg.units),
                     done=reg.total.done, taking=reg.total.taking, skipped=len(reg.problems),
                     files=", ".join(_shown(p) for p in done.written)))
    if done.published:
        click.echo(_("The register page is under content/: the next build publishes it with the "
                     "site, names and all."), err=True)


@main.command()
@project_option
@click.argument("course")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the PDF here.  [default: COURSE-handbook.pdf, unless only --html is given]")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the handbook as one standalone HTML file (stylesheet inlined).")
@click.option("--answers/--no-answers", default=True, show_default=True,
              help="Print the 参考答案 of the lessons' checks (answers and explanations) as an "
                   "appendix; --no-answers leaves it out, for a check taken on paper.")
def handbook(project: Path, course: str, pdf_path: Path | None, html_path: Path | None,
             answers: bool) -> None:
    """Write the printed 学习手册 of COURSE (a course id) as an A4 PDF.

    Cover, contents with page numbers, every module and lesson (with its 随堂测验,
    without answers), the schedule, the 参考答案 of the checks and a blank
    学习记录 page. The PDF needs WeasyPrint: pip install -e '.[pdf]'.
    Without it, --html still works, and build ships COURSE/handbook.html,
    which prints from any browser. Set SOURCE_DATE_EPOCH to fix the PDF's date;
    by default it is the course's issued date.

    \b
    Example:
        python -m generator handbook zhixingli
        python -m generator handbook zhixingli --pdf 学习手册.pdf --html 学习手册.html
    """
    written = write_handbook(project, course, pdf_path, html_path, answers)
    files = ", ".join(_shown(p) for p in written.paths)
    if written.pages:
        click.echo(_("Wrote {files} ({pages} pages of A4)").format(files=files, pages=written.pages))
    else:
        click.echo(_("Wrote {path}").format(path=files))


@main.command("export-checks")
@project_option
@click.argument("course")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["gift", "moodle-xml"]), default="gift",
              show_default=True, help="GIFT text or Moodle XML; Moodle imports both.")
def export_checks(project: Path, course: str, file: Path, fmt: str) -> None:
    """Write the 随堂测验 of COURSE's lessons to FILE, for Moodle or another platform.

    A category per lesson; the explanation is each question's feedback. For an
    exam, import the file into the platform: on the site the answers are in
    the page, as in every static quiz.

    \b
    Example:
        python -m generator export-checks zhixingli checks.gift
        python -m generator export-checks zhixingli --format moodle-xml checks.xml
    """
    written = write_checks(project, course, fmt, file)
    click.echo(_("Wrote {path}: {questions} questions from {lessons} lessons").format(
        path=_shown(written.path), questions=written.questions, lessons=written.lessons))


def _warn(warnings: list[Problem]) -> None:
    """Warnings on stderr, one a line; they never change the exit code."""
    for problem in warnings:
        click.echo(_("Warning: {problem}").format(problem=problem), err=True)


def _invocation(*, anywhere: bool = False) -> str:
    """The command that runs this generator again, as a hint a trainer can paste.

    Plain ``python`` only when it is this interpreter (the virtual environment is active):
    a hint of ``python -m generator`` printed by ``.venv/bin/python`` would fail otherwise.
    The interpreter's path is relative when it is below the current folder, unless the
    hint is run from *anywhere* (after a ``cd``).
    """
    found = shutil.which("python")
    if found and os.path.abspath(found) == os.path.abspath(sys.executable):
        return "python -m generator"
    path = Path(os.path.abspath(sys.executable))
    if not anywhere and path.is_relative_to(Path.cwd()):
        return f"{shlex.quote(path.relative_to(Path.cwd()).as_posix())} -m generator"
    return f"{shlex.quote(path.as_posix())} -m generator"


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
