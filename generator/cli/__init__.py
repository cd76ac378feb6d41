"""The command line: parse options, call one plain function, print its result.

Every user-facing failure is a GeneratorError, which Click prints as
``Error: …`` on stderr with exit code 1; usage errors exit 2. The group and the commands
on the site and its content are here; readers.py holds those over what readers hand in.

May import: everything below it (generator.commands and the layers under it).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator import __version__, i18n
from generator.cli.localized import LocalizedGroup
from generator.cli.options import project_option, warn
from generator.cli.readers import aggregate, register, tokens
from generator.commands.build import build_site
from generator.commands.export_checks import export_checks as write_checks
from generator.commands.handbook import handbook as write_handbook
from generator.commands.hints import invocation, shown
from generator.commands.new import create_project
from generator.commands.score import score_result
from generator.commands.serve import serve_site
from generator.commands.validate import validate as validate_project
from generator.content.schema import write_schemas
from generator.i18n import _
from generator.scoring.scorer import format_result


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    return i18n.use(value)


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    warn(result.warnings)
    folder = shown(result.out)
    click.echo(_("Built {pages} pages ({lessons} lessons) into {out}/ in {seconds:.1f} s. "
                 "Preview: {command} serve, or open {out}/index.html").format(command=invocation(),
                     pages=result.pages, lessons=result.lessons, out=folder,
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
    warn(warnings)
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
        folder=directory, command=invocation(anywhere=True)))


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
    files = ", ".join(shown(p) for p in written.paths)
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
        path=shown(written.path), questions=written.questions, lessons=written.lessons))


# The commands of readers.py, defined apart to keep each module short.
main.add_command(aggregate)
main.add_command(register)
main.add_command(tokens)
