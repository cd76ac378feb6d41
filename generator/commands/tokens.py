"""``tokens``: make the department's key, and slips of one-time 评价码 for a cadre and period."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config.layout import Paths, find_paths
from generator.content.parse import suggest
from generator.errors import GeneratorError, ProjectError
from generator.i18n import _
from generator.reports import slips
from generator.reports.results import find_spec
from generator.scoring.tokens import normal_name
from generator.site.project import load_project
from generator.utils.files import write_output


def _paths(root: Path) -> Paths | None:
    try:
        return find_paths(root)
    except ProjectError:
        return None


def new_key(root: Path, path: Path) -> None:
    """Write a new key to *path* (mode 0600), never over an existing file."""
    slips.new_key(path, _paths(root))


@dataclass(frozen=True)
class Issued:
    paths: list[Path]
    first: int
    last: int


def issue(root: Path, quiz: str, subject: str, period: str, count: int, first: int,
          key_file: Path, html: Path | None, pdf: Path | None, csv: Path | None) -> Issued:
    """Write slips *first*… for *subject* in *period* of rating form *quiz*.

    Without --html, --pdf or --csv: 评价码-SUBJECT-PERIOD-FIRST-LAST.html and .csv here."""
    project = load_project(root)
    key = slips.read_key(key_file, project.paths)
    spec = find_spec(project, quiz)
    if spec["kind"] != "rating":
        raise GeneratorError(_("'{id}' is a self-assessment: 评价码 are for rating forms "
                               "(kind: rating)").format(id=spec["id"]))
    subject, period = normal_name(subject), normal_name(period)
    if not subject:
        raise GeneratorError(_("expected the rated cadre (被评价人), found nothing"))
    periods = spec.get("periods") or []
    if periods and period not in periods:
        raise GeneratorError(_("expected a period declared by '{id}' ({periods}), found "
                               "'{found}'{hint}").format(id=spec["id"], periods=", ".join(periods),
                                                         found=period, hint=suggest(period, periods)))
    made = slips.make_slips(key, spec["id"], subject, period, first, count)
    if html is None and pdf is None and csv is None:
        stem = f"评价码-{subject}-{period}-{first}-{first + count - 1}"
        html, csv = Path(stem + ".html"), Path(stem + ".csv")
    page = slips.slips_html(spec["title"], subject, period, made)
    table = slips.slips_csv(subject, period, made)
    return _write(project.paths, made, page, table, (html, pdf, csv))


def _write(paths: Paths, made: list[slips.Slip], page: str, table: str,
           targets: tuple[Path | None, Path | None, Path | None]) -> Issued:
    """Write the slips' page, PDF and table where *targets* (html, pdf, csv) say."""
    html, pdf, csv = targets
    outputs: list[tuple[Path, bytes]] = []
    if html is not None:
        outputs.append((html, page.encode("utf-8")))
    if pdf is not None:
        outputs.append((pdf, slips.slips_pdf(page)))
    if csv is not None:
        outputs.append((csv, table.encode("utf-8")))
    for path, data in outputs:
        slips.refuse_published(paths, path)
        write_output(path, data)
    return Issued([p for p, _data in outputs], made[0].serial, made[-1].serial)


def issue_appraisal(root: Path, ref: str, group: str, subject: str | None, count: int, first: int,
                    key_file: Path, targets: tuple[Path | None, Path | None, Path | None]) -> Issued:
    """Write slips *first*… for raters of *group* of 民主测评 form *ref*; with *subject* (an id
    or a name), for that cadre as a rater: the slips name them, and their page refuses them.

    Without --html, --pdf or --csv: 评价码-FORM-GROUP[-SUBJECT]-FIRST-LAST.html and .csv here."""
    project = load_project(root)
    key = slips.read_key(key_file, project.paths)
    form = next((a.form for a in project.appraisals if ref in (a.form.id, a.doc.display)), None)
    if form is None:
        find_spec(project, ref)  # says which forms there are, or that it is a questionnaire
        raise GeneratorError(_("'{id}' is not a 民主测评 form: --group is for forms of kind: "
                               "appraisal").format(id=ref))
    groups = [g.id for g in form.groups]
    if group not in groups:
        raise GeneratorError(_("expected a rater group of '{id}' ({groups}), found '{found}'{hint}")
                             .format(id=form.id, groups=", ".join(groups), found=group,
                                     hint=suggest(group, groups)))
    cadres = form.cadres()
    named = None
    if subject is not None:
        named = next((c for c in cadres if subject in (c.id, normal_name(c.name))), None)
        if named is None:
            ids = [c.id for c in cadres]
            raise GeneratorError(_("expected a cadre of '{id}' (an id or a name), found '{found}'"
                                   "{hint}").format(id=form.id, found=subject, hint=suggest(subject, ids)))
    made = slips.make_appraisal_slips(key, form, group, named, first, count)
    html, pdf, csv = targets
    if html is None and pdf is None and csv is None:
        stem = "-".join(["评价码", form.id, group] + ([named.id] if named else [])
                        + [str(first), str(first + count - 1)])
        html, csv = Path(stem + ".html"), Path(stem + ".csv")
    name = next(g.name for g in form.groups if g.id == group)
    page = slips.slips_html(form.title, "", form.period or "", made, group=name,
                            rater=named.name if named else None)
    table = slips.appraisal_csv(name, named.name if named else "", form.period or "", made)
    return _write(project.paths, made, page, table, (html, pdf, csv))
