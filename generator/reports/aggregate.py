"""Group reports without a server: read result files and codes, one at a time.

Results are streamed: each is scored and folded into counters at once, so
memory grows with the number of *distinct* percent values (bounded by the
questionnaire) and, for rating forms, with the number of cadres and periods,
plus one 16-byte digest per result to count a result submitted twice only
once. Item analysis keeps sufficient statistics (``stats.ItemAnalysis``).

A rating form's 满意率 (docs/cli.md): for one cadre and one declared period,
the answers counted as satisfied (``satisfied``, default 满意 and 基本满意)
over all answers but 不了解, pooled over the items of every form. Below
``min_forms`` forms it gives 样本不足 and no conclusion; otherwise 达标 at or
above the unit's ``threshold``, else 调整, or 诫勉谈话 when the period declared
just before was short too. Conclusions need declared ``periods``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import markdown as md

from generator.content.loading import Project
from generator.content.parse import suggest
from generator.errors import ContentError, GeneratorError, Problem, os_error
from generator.i18n import _
from generator.reports.results import RESULT_FORMAT, BadResult, check_answers, read_json
from generator.reports.stats import ItemAnalysis, ScaleRow
from generator.scoring.codes import CodeError, code_text, decode, encode
from generator.scoring.scorer import is_index, is_not_applicable, one_decimal, score
from generator.scoring.spec import Spec, quiz_spec
from generator.templating import environment, front_matter, nav_title

#: Result files and code lists that ``aggregate`` reads from a folder.
SUFFIXES = (".json", ".txt")

#: Characters on one line of a code list: 被评价人,期次,结果码 takes well under a hundred.
MAX_LINE = 1000


@dataclass(frozen=True)
class Result:
    source: str
    line: int
    spec: Spec
    answers: dict[str, Any]
    subject: str
    period: str
    key: bytes


def _key(code: str, subject: str, period: str) -> bytes:
    """A result's identity: its code (questionnaire, minute, answers) and whom it rates.

    An exported file and the code on its printed report give the same key."""
    text = "\n".join((code, subject, period))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _files(inputs: list[Path], problems: list[Problem]) -> Iterator[Path]:
    for path in inputs:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            yield path
        else:
            problems.append(Problem(str(path), 1, 1, _(
                "expected a result file or a folder of them, found nothing there"), "bad-result"))


def read_results(inputs: list[Path], specs: list[Spec],
                 problems: list[Problem]) -> Iterator[Result]:
    """Every readable result under *inputs*; what cannot be read goes to *problems*."""
    by_hash = {spec["hash"]: spec for spec in specs}
    for path in _files(inputs, problems):
        shown = str(path)
        if path.suffix == ".json":
            result = _read_json(path, shown, by_hash, problems)
            if result is not None:
                yield result
            continue
        for number, text in _code_lines(path, shown, problems):
            if not text or text.startswith("#"):
                continue
            parts = [p.strip() for p in text.split(",")]
            subject, period, code = (parts if len(parts) == 3 else ["", "", parts[-1]])
            if len(parts) not in (1, 3):
                problems.append(Problem(shown, number, 1, _(
                    "expected a result code, or 被评价人,期次,结果码 for a rating form"), "bad-result"))
                continue
            try:
                spec, answers, _date = decode(code, specs)
            except CodeError as exc:
                problems.append(Problem(shown, number, 1, exc.message, "bad-result"))
                continue
            yield Result(shown, number, spec, answers, subject, period,
                         _key(code_text(code), subject, period))


def _code_lines(path: Path, shown: str, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """The numbered, stripped lines of a code list, read a line at a time, each bounded."""
    number = 0
    try:
        with path.open(encoding="utf-8-sig") as handle:
            while line := handle.readline(MAX_LINE):
                number += 1
                if len(line) == MAX_LINE and not line.endswith("\n"):
                    problems.append(Problem(shown, number, 1, _(
                        "expected a result code per line, found a line of more than {limit} "
                        "characters").format(limit=MAX_LINE), "too-large"))
                    while line and not line.endswith("\n"):
                        line = handle.readline(MAX_LINE)
                    continue
                yield number, line.strip()
    except OSError as exc:
        problems.append(Problem(shown, number + 1, 1, _("cannot read it: {reason}").format(
            reason=exc.strerror), "bad-result"))
    except UnicodeDecodeError:
        problems.append(Problem(shown, number + 1, 1, _(
            "expected a UTF-8 text file of result codes, found other bytes"), "not-utf8"))


def _read_json(path: Path, shown: str, by_hash: dict[str, Spec],
               problems: list[Problem]) -> Result | None:
    try:
        data = read_json(path, shown)
    except BadResult as exc:
        problems.append(exc.problem)
        return None
    quiz = data.get("questionnaire") if isinstance(data, dict) else None
    if not isinstance(quiz, dict) or data.get("format") != RESULT_FORMAT \
            or not isinstance(data.get("answers"), dict):
        problems.append(Problem(shown, 1, 1, _(
            "expected a result exported by a questionnaire page (format {format}), found another "
            "JSON document").format(format=RESULT_FORMAT), "bad-result"))
        return None
    spec = by_hash.get(str(quiz.get("hash")))
    if spec is None:
        problems.append(Problem(shown, 1, 1, _(
            "expected a result of one of this project's questionnaires, found one of '{id}' "
            "version {version} ({hash})").format(id=quiz.get("id"), version=quiz.get("version"),
                                                 hash=quiz.get("hash")), "bad-result"))
        return None
    subject, period = str(data.get("subject") or ""), str(data.get("period") or "")
    try:
        answers = check_answers(data["answers"], spec, shown)
    except BadResult as exc:
        problems.append(exc.problem)
        return None
    try:
        code = encode(spec, answers, str(data.get("date")))
    except ValueError:
        problems.append(Problem(shown, 1, 1, _(
            "expected the result's date as an ISO date such as 2027-03-01T09:00:00Z, found "
            "{found}").format(found=repr(data.get("date"))), "bad-result"))
        return None
    return Result(shown, 1, spec, answers, subject, period, _key(code_text(code), subject, period))


@dataclass
class RatingCell:
    """One cadre's forms in one period: how many, and their answers by option text."""

    forms: int = 0
    answers: Counter[str] = field(default_factory=Counter)


@dataclass
class Cohort:
    """Counters of one questionnaire's results: all a report needs."""

    spec: Spec
    results: int = 0
    duplicates: int = 0
    complete: int = 0
    percents: dict[str, Counter[float]] = field(default_factory=dict)
    bands: dict[str, Counter[int]] = field(default_factory=dict)
    profiles: Counter[str] = field(default_factory=Counter)
    checks: Counter[str] = field(default_factory=Counter)
    #: rating forms: subject → period → its forms
    ratings: dict[str, dict[str, RatingCell]] = field(default_factory=dict)
    seen: set[bytes] = field(default_factory=set)
    items: ItemAnalysis = field(init=False)

    def __post_init__(self) -> None:
        self.items = ItemAnalysis(self.spec)

    def add(self, result: Result) -> bool:
        """Fold one result in; False when the same result was already counted."""
        if result.key in self.seen:
            self.duplicates += 1
            return False
        self.seen.add(result.key)
        self.results += 1
        scored = score(self.spec, result.answers)
        if not scored["complete"]:
            return True
        self.complete += 1
        self.items.add(result.answers)
        self.checks.update(scored["checks"])
        if self.spec["kind"] == "rating":
            cell = self.ratings.setdefault(result.subject, {}).setdefault(result.period,
                                                                          RatingCell())
            cell.forms += 1
            cell.answers.update(_labels(self.spec, result.answers))
            return True
        values = {"overall": scored["overall"]}
        values.update(scored["dimensions"])
        for key, value in values.items():
            if value["percent"] is None:  # a dimension of optional items, all left out
                continue
            self.percents.setdefault(key, Counter())[value["percent"]] += 1
            self.bands.setdefault(key, Counter())[value["band"]] += 1
        self.profiles.update(scored["profiles"])
        return True


def _labels(spec: Spec, answers: dict[str, Any]) -> list[str]:
    """The option texts a form picked on its single-choice items (不了解 included)."""
    picked = []
    for item in spec["items"]:
        if item["type"] in ("text", "multi"):
            continue
        answer = answers.get(item["id"])
        if is_not_applicable(item, answer):
            picked.append(item["na"])
        elif answer is not None and is_index(answer, len(item["labels"])):
            picked.append(item["labels"][int(answer)])
    return picked


def quantile(counts: Counter[float], p: float) -> float:
    """The p-quantile of the counted values, interpolated as statistics' 'inclusive' method."""
    ordered = sorted(counts.items())

    def nth(index: int) -> float:  # the index-th value of the sorted, expanded list
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > index:
                return value
        return ordered[-1][0]

    position = (sum(counts.values()) - 1) * p
    below = int(position)
    low, high = nth(below), nth(below + 1)
    return low + (position - below) * (high - low)


def summary(counts: Counter[float]) -> dict[str, float]:
    total = sum(counts.values())
    mean = sum(v * c for v, c in counts.items()) / total
    return {"n": total, "mean": mean, "q1": quantile(counts, 0.25),
            "median": quantile(counts, 0.5), "q3": quantile(counts, 0.75)}


#: Conclusions for a cadre in a period (the article's rule, with the unit's threshold).
MET, ADJUST, ADMONISH, TOO_FEW = "达标", "调整", "诫勉谈话", "样本不足"


def rating_flag(rate: float, previous_short: bool, threshold: float) -> str:
    """The article's rule: short of the unit's 满意率 once, 调整; short again in the period
    after the adjustment, 诫勉谈话."""
    if rate >= threshold:
        return MET
    return ADMONISH if previous_short else ADJUST


@dataclass(frozen=True)
class DimensionRow:
    name: str
    stats: dict[str, float] | None
    change: float | None
    bands: list[tuple[str, int]]


@dataclass(frozen=True)
class PeriodCell:
    period: str
    forms: int
    rate: float | None  # 满意率, percent; None when every answer was 不了解
    shares: list[tuple[str, float]]  # option text, share of all answers (percent)
    conclusion: str | None  # None without a threshold or declared periods


@dataclass(frozen=True)
class RatingRow:
    subject: str
    cells: list[PeriodCell | None]  # one per period of the report, None without forms
    flag: str | None  # the conclusion of the latest period with forms


def dimension_rows(cohort: Cohort, baseline: Cohort | None) -> list[DimensionRow]:
    """Per dimension, then overall: statistics, change of the mean, band distribution."""
    spec = cohort.spec
    rows = []
    for key, name, bands in [(d["id"], d["name"], d["bands"]) for d in spec["dimensions"]] + [
            ("overall", "总体", spec["bands"])]:
        counts = cohort.percents.get(key)
        stats = summary(counts) if counts else None
        change = None
        if baseline is not None and stats and baseline.percents.get(key):
            change = stats["mean"] - summary(baseline.percents[key])["mean"]
        spread = cohort.bands.get(key, Counter())
        rows.append(DimensionRow(name, stats, change,
                                 [(band["label"], spread[i]) for i, band in enumerate(bands)]))
    return rows


def report_periods(cohort: Cohort) -> list[str]:
    """The periods of a rating report: as declared, else as written (sorted)."""
    return list(cohort.spec.get("periods") or []) or sorted(
        {p for subject in cohort.ratings.values() for p in subject})


def answer_labels(spec: Spec) -> list[str]:
    """The option texts of a rating form's items, in scale order, then 不了解."""
    labels = list(dict.fromkeys(label for item in spec["items"] if item["type"] not in (
        "text", "multi") for label in item["labels"]))
    return labels + list(dict.fromkeys(i["na"] for i in spec["items"] if i.get("na")))


def rating_rows(cohort: Cohort) -> list[RatingRow]:
    """Per rated cadre: 满意率, answer shares and the conclusion of each period."""
    spec = cohort.spec
    threshold = spec.get("threshold")
    concludes = threshold is not None and bool(spec.get("periods"))
    satisfied = set(spec.get("satisfied", []))
    unknown = {i["na"] for i in spec["items"] if i.get("na")}
    labels = answer_labels(spec)
    rows = []
    for subject in sorted(cohort.ratings):
        cells: list[PeriodCell | None] = []
        previous_short = False
        flag = None
        for period in report_periods(cohort):
            cell = cohort.ratings[subject].get(period)
            if cell is None:
                cells.append(None)
                previous_short = False
                continue
            total = sum(cell.answers.values())
            counted = total - sum(cell.answers[label] for label in unknown)
            good = sum(cell.answers[label] for label in satisfied)
            rate = 100 * good / counted if counted else None
            conclusion = None
            if concludes and (cell.forms < spec["min_forms"] or rate is None):
                conclusion = TOO_FEW
            elif threshold is not None and concludes and rate is not None:
                conclusion = rating_flag(rate, previous_short, threshold)
            previous_short = conclusion in (ADJUST, ADMONISH)
            flag = conclusion
            cells.append(PeriodCell(period, cell.forms, rate,
                                    [(label, 100 * cell.answers[label] / total if total else 0.0)
                                     for label in labels], conclusion))
        rows.append(RatingRow(subject, cells, flag))
    return rows


def render_report(cohort: Cohort, baseline: Cohort | None, min_group: int, title: str) -> str:
    """The group report as a Markdown page of the site (SVG charts drawn here, at build time)."""
    scales: list[ScaleRow] = cohort.items.rows() if cohort.complete >= min_group else []
    return environment().get_template("report.md.j2").render(
        front_matter=front_matter(title=nav_title(title), search={"exclude": True}),
        title=title, spec=cohort.spec, cohort=cohort, baseline=baseline, min_group=min_group,
        rows=dimension_rows(cohort, baseline), ratings=rating_rows(cohort),
        periods=report_periods(cohort), labels=answer_labels(cohort.spec), scales=scales,
        checks=[(CHECK_NAMES[c], cohort.checks[c]) for c in CHECK_NAMES if cohort.checks[c]])


#: The response-style checks as the report names them.
CHECK_NAMES = {"acquiescence": "对相反的说法都表示同意", "straight": "全部量表题选同一项",
               "not_applicable": "“不适用”过多"}


def csv_text(value: str) -> str:
    """Text a spreadsheet shows as text: a leading =, +, -, @, tab or CR would start a formula."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def report_csv(cohort: Cohort, baseline: Cohort | None, min_group: int) -> str:
    """The per-dimension (or per-cadre) table for a spreadsheet, with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if cohort.spec["kind"] == "rating":
        labels = answer_labels(cohort.spec)
        writer.writerow(["被评价人", "期次", "份数", "满意率", *labels, "结论"])
        for row in rating_rows(cohort):
            for cell in row.cells:
                if cell is None:
                    continue
                writer.writerow([csv_text(row.subject), csv_text(cell.period), cell.forms,
                                 "" if cell.rate is None else one_decimal(cell.rate),
                                 *(one_decimal(share) for _name, share in cell.shares),
                                 cell.conclusion or ""])
    elif cohort.complete >= min_group:
        writer.writerow(["维度", "份数", "平均", "下四分位", "中位数", "上四分位", "较对照"])
        for dim in dimension_rows(cohort, baseline):
            if dim.stats:
                s = dim.stats
                writer.writerow([dim.name, int(s["n"]), *(one_decimal(s[k]) for k in
                                 ("mean", "q1", "median", "q3")),
                                 "" if dim.change is None else one_decimal(dim.change, sign=True)])
    return "\ufeff" + out.getvalue()


def standalone_html(markdown_page: str, title: str) -> str:
    """The report as one HTML file, for mail or a shared drive (no site, no assets)."""
    body = markdown_page.split("---\n", 2)[2]
    html = md.markdown(body, extensions=["tables", "admonition", "md_in_html"])
    return (
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>body{{font-family:sans-serif;max-width:50rem;"
        "margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse}}"
        "td,th{{border:1px solid #999;padding:.3em .6em}}svg{{max-width:22rem}}</style></head>"
        f"<body>\n{html}\n</body></html>\n"
    )


@dataclass
class Report:
    cohort: Cohort
    baseline: Cohort | None
    min_group: int
    skipped: list[Problem]


def _cohort(inputs: list[Path], specs: list[Spec], problems: list[Problem],
            quiz_id: str | None) -> Cohort | None:
    """Fold every result of one questionnaire version; others are problems."""
    cohort = None
    if quiz_id is not None:
        spec = next((s for s in specs if s["id"] == quiz_id), None)
        if spec is None:
            known = ", ".join(s["id"] for s in specs) or _("none")
            raise GeneratorError(_("no questionnaire '{ref}': expected one of: {known}").format(
                ref=quiz_id, known=known))
        cohort = Cohort(spec)
    for result in read_results(inputs, specs, problems):
        cohort = cohort or Cohort(result.spec)
        if result.spec["hash"] != cohort.spec["hash"]:
            problems.append(Problem(result.source, result.line, 1, _(
                "expected results of '{id}' version {version} only, found one of '{found}' "
                "version {found_version}").format(
                    id=cohort.spec["id"], version=cohort.spec["version"], found=result.spec["id"],
                    found_version=result.spec["version"]), "bad-result"))
            continue
        problem = _rating_problem(cohort.spec, result)
        if problem is not None:
            problems.append(problem)
            continue
        cohort.add(result)
    return cohort


def _rating_problem(spec: Spec, result: Result) -> Problem | None:
    """A rating names whom it rates, in one of the questionnaire's declared periods."""
    if spec["kind"] != "rating":
        return None
    if not result.subject:
        return Problem(result.source, result.line, 1, _(
            "expected the rated cadre (被评价人), found nothing"), "bad-result")
    periods = spec.get("periods") or []
    if periods and result.period not in periods:
        return Problem(result.source, result.line, 1, _(
            "expected a period declared by '{id}' ({periods}), found '{found}'{hint}").format(
                id=spec["id"], periods=", ".join(periods), found=result.period,
                hint=suggest(result.period, periods)), "bad-result")
    return None


def make_report(project: Project, inputs: list[Path], quiz_id: str | None, baseline: list[Path],
                min_group: int, skip_bad: bool) -> Report:
    """Read every input (and the baseline); all unreadable inputs are reported together."""
    specs = [quiz_spec(q.quiz) for q in project.quizzes]
    problems: list[Problem] = []
    cohort = _cohort(inputs, specs, problems, quiz_id)
    base = _cohort(baseline, specs, problems, cohort.spec["id"] if cohort else None) \
        if baseline else None
    if problems and not skip_bad:
        raise ContentError(problems)
    if cohort is None:
        raise GeneratorError(_("no result to report: expected result files (.json) or result "
                               "codes (.txt) in the inputs"))
    return Report(cohort, base, min_group, problems)


def write_report(report: Report, target: Path, html_path: Path | None,
                 csv_path: Path | None) -> list[Path]:
    """Write the page (and the HTML and CSV when asked); return what was written."""
    title = f"{report.cohort.spec['title']} · 汇总报告"
    page = render_report(report.cohort, report.baseline, report.min_group, title)
    outputs = [(target, page)]
    if html_path:
        outputs.append((html_path, standalone_html(page, title)))
    if csv_path:
        outputs.append((csv_path, report_csv(report.cohort, report.baseline, report.min_group)))
    for path, text in outputs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise os_error(exc, path) from None
    return [path for path, _text in outputs]
