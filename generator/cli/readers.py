"""The commands over what readers and raters hand in: aggregate, tokens and register.

The group in generator.cli adds them; their docstrings are their help texts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.localized import LocalizedCommand
from generator.cli.options import project_option
from generator.commands.aggregate import aggregate_report, tokens_used, write_report
from generator.commands.appraisal import (
    AppraisalOutputs,
    appraisal_of,
    appraisal_report,
    write_appraisal,
)
from generator.commands.hints import shown
from generator.commands.register import Outputs
from generator.commands.register import register as make_register
from generator.commands.tokens import issue, issue_appraisal, new_key
from generator.content.loading import Project
from generator.content.models.appraisal import Appraisal
from generator.i18n import _


@click.command(cls=LocalizedCommand)
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
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="民主测评: also write the tables as an Excel workbook.")
@click.option("--feedback", "feedback_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="民主测评: also write the 反馈表 for the 考核谈话, one A4 page per "
                                 "cadre, as an HTML file to print.")
@click.option("--self", "selves", multiple=True, metavar="ID=FILE",
              help="民主测评: a cadre's self-rating (their own 民主测评 file or 执行力自测 result), "
                   "shown beside the others' view (repeatable).")
@click.option("--issuer", default="", help="民主测评: the 落款 of the 反馈表 (the unit's name).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="民主测评: the date of the 落款, as 2027-12-28.  [default: today]")
def aggregate(project: Path, inputs: tuple[Path, ...], quiz: str | None, baseline: tuple[Path, ...],
              min_group: int, out: Path | None, html_path: Path | None,
              csv_path: Path | None, skip_bad: bool, key_file: Path | None, xlsx_path: Path | None,
              feedback_path: Path | None, selves: tuple[str, ...], issuer: str,
              day: dt.datetime | None) -> None:
    """Write a group report from exported results and result codes.

    INPUTS are result files (.json), text files of result codes (.txt, one a
    line; for a rating form 被评价人,期次,结果码) or folders of both, all of one
    questionnaire. Nothing is sent anywhere; no respondent is named. With
    --key-file, the 评价码 of rating forms are verified: forged, mistyped,
    reused or another cadre's are listed and not counted.

    On a 民主测评 form (kind: appraisal) the report gives, per cadre and rater
    group, the shares of each grade and the weighted ones, the dimension means
    and the unit's rules; it names cadres and goes to PROJECT/appraisals/ unless
    --out says otherwise.

    \b
    Example:
        python -m generator aggregate examples/self-assessment/2027
        python -m generator aggregate results/2027 --baseline results/2026 --csv 2027.csv
        python -m generator aggregate 测评表/ --feedback 反馈表.html --issuer 某某局
    """
    loaded, form = appraisal_of(project, list(inputs), quiz)
    if form is not None:
        _appraisal(loaded, form, list(inputs), skip_bad, key_file, list(selves),
                   AppraisalOutputs(out, html_path, csv_path, xlsx_path, feedback_path), issuer,
                   day.date() if day else dt.date.today())
        return
    if xlsx_path or feedback_path or selves or issuer or day:
        raise click.UsageError(_("--xlsx, --feedback, --self, --issuer and --date are for 民主测评 "
                                 "forms (kind: appraisal)"))
    report, default_target = aggregate_report(loaded, list(inputs), quiz, list(baseline),
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
                     files=", ".join(shown(p) for p in written)))
    if cohort.tokens is not None and tokens_used(cohort):
        counts = cohort.tokens.counts
        if report.keyed:
            click.echo(_("评价码 verified: {verified} valid, {none} without one, {rejected} not "
                         "counted (listed in the report).").format(**counts))
        else:
            click.echo(_("评价码 not verified (no --key-file): {unchecked} with one, {none} "
                         "without, {rejected} not counted (mistyped or reused).").format(**counts),
                       err=True)


def _appraisal(project: Project, form: Appraisal, inputs: list[Path], skip_bad: bool,
               key_file: Path | None, selves: list[str], outputs: AppraisalOutputs, issuer: str,
               day: dt.date) -> None:
    report = appraisal_report(project, form, inputs, skip_bad=skip_bad, key_file=key_file,
                              selves=selves)
    for problem in report.skipped:
        click.echo(_("Skipped {problem}").format(problem=problem), err=True)
    done = write_appraisal(project, report, outputs, issuer, day)
    click.echo(_("Read {results} forms of {title} ({duplicates} duplicates counted once, "
                 "{skipped} skipped), {counted} counted, on {cadres} cadres. Wrote {files}").format(
                     results=report.results, title=form.title, duplicates=report.duplicates,
                     skipped=len(report.skipped), counted=report.tally.forms,
                     cadres=len(report.rows), files=", ".join(shown(p) for p in done.written)))
    counts = report.tokens.counts
    if any(g.token != "none" for g in form.groups):
        message = (_("评价码 verified: {verified} valid, {missing} without one where required "
                     "(not counted), {rejected} not counted (listed in the report).")
                   if report.keyed else
                   _("评价码 not verified (no --key-file): {unchecked} with one, {missing} without "
                     "one where required (not counted), {rejected} not counted (mistyped, "
                     "another group's or reused)."))
        click.echo(message.format(**counts), err=not report.keyed)
    if done.published:
        click.echo(_("The report page is under content/: the next build publishes it with the "
                     "site, names and all."), err=True)


@click.command(cls=LocalizedCommand)
@project_option
@click.argument("quiz", required=False)
@click.option("--new-key", "new_key_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Make a new key file (mode 0600) and stop; never overwrites.")
@click.option("--subject", default=None,
              help="The rated cadre (被评价人); on a 民主测评 form, the cadre the slips go to "
                   "when the rater is one of those rated (id or name): they cannot rate themself.")
@click.option("--period", default=None, help="The period (期次), one the form declares.")
@click.option("--group", default=None,
              help="On a 民主测评 form (kind: appraisal): the rater group the slips are for.")
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
           period: str | None, group: str | None, count: int | None, first: int,
           key_file: Path | None, html_path: Path | None, pdf_path: Path | None,
           csv_path: Path | None) -> None:
    """Make slips of one-time 评价码 for a rating form, one per 办件.

    Each code carries a serial and a tag keyed by the department's key file,
    bound to QUIZ, the cadre and the period; aggregate --key-file checks them.
    Keep the key file out of the project, the site and the repository.
    Without --html, --pdf or --csv, writes 评价码-SUBJECT-PERIOD-FIRST-LAST.html
    and .csv in the current folder. For a 民主测评 form, give --group (and
    --subject for slips going to a cadre who is rated: they cannot rate
    themself) instead of --subject and --period.

    \b
    Example:
        python -m generator tokens --new-key ~/评价密钥
        python -m generator tokens qunzhong-manyidu --subject 干部甲 \\
            --period 2027年第一季度 --count 200 --key-file ~/评价密钥 --pdf 干部甲.pdf
        python -m generator tokens minzhu-ceping --group banzi --subject zhang-ming \\
            --count 1 --key-file ~/评价密钥
    """
    if new_key_path is not None:
        if quiz or subject or period or count or key_file:
            raise click.UsageError(_("give --new-key FILE alone, or QUIZ with --subject, "
                                     "--period, --count and --key-file"))
        new_key(project, new_key_path)
        click.echo(_("Wrote a new key to {path} (readable by you only). Keep it out of the "
                     "project and the repository, and keep a copy: without it no 评价码 can be "
                     "checked.").format(path=shown(new_key_path)))
        return
    if quiz and group is not None and count is not None and key_file is not None:
        issued = issue_appraisal(project, quiz, group, subject, count, first, key_file,
                                 (html_path, pdf_path, csv_path))
    elif not quiz or subject is None or period is None or count is None or key_file is None:
        raise click.UsageError(_("give --new-key FILE alone, or QUIZ with --subject, "
                                 "--period, --count and --key-file"))
    else:
        issued = issue(project, quiz, subject, period, count, first, key_file, html_path, pdf_path,
                       csv_path)
    click.echo(_("Wrote slips {first} to {last}: {files}").format(
        first=issued.first, last=issued.last, files=", ".join(shown(p) for p in issued.paths)))


@click.command(cls=LocalizedCommand)
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
                     files=", ".join(shown(p) for p in done.written)))
    if done.published:
        click.echo(_("The register page is under content/: the next build publishes it with the "
                     "site, names and all."), err=True)
