"""``tokens``: make the department's key, and slips of one-time 评价码 for a cadre and period."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config.layout import Paths, find_paths
from generator.content.parse import suggest
from generator.errors import GeneratorError, ProjectError, os_error
from generator.i18n import _
from generator.reports import slips
from generator.reports.results import find_spec
from generator.scoring.tokens import normal_name
from generator.site.project import load_project


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
    outputs: list[tuple[Path, bytes]] = []
    if html is not None:
        outputs.append((html, page.encode("utf-8")))
    if pdf is not None:
        outputs.append((pdf, slips.slips_pdf(page)))
    if csv is not None:
        outputs.append((csv, slips.slips_csv(subject, period, made).encode("utf-8")))
    for path, data in outputs:
        slips.refuse_published(project.paths, path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise os_error(exc, path) from None
    return Issued([p for p, _data in outputs], first, first + count - 1)
