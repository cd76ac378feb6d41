"""Group reports without a server: read result files and codes, one at a time.

Results are streamed: each is scored and folded into counters at once, so
memory grows with the number of *distinct* percent values (bounded by the
questionnaire), plus one 16-byte digest per result to count a result
submitted twice only once.
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

from .codes import CodeError, code_text, decode, encode
from .errors import ContentError, GeneratorError, Problem, os_error
from .pages import environment, front_matter, nav_title
from .project import Project
from .questionnaires import quiz_spec
from .results import RESULT_FORMAT, BadResult, check_answers, read_json
from .scoring import band_index, one_decimal, score

Spec = dict[str, Any]

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
            problems.append(Problem(str(path), 1, 1, "expected a result file or a folder of them, "
                                    "found nothing there"))


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
                problems.append(Problem(shown, number, 1, "expected a result code, or "
                                        "被评价人,期次,结果码 for a rating form"))
                continue
            try:
                spec, answers, _ = decode(code, specs)
            except CodeError as exc:
                problems.append(Problem(shown, number, 1, exc.message))
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
                    problems.append(Problem(shown, number, 1, f"expected a result code per line, "
                                            f"found a line of more than {MAX_LINE} characters"))
                    while line and not line.endswith("\n"):
                        line = handle.readline(MAX_LINE)
                    continue
                yield number, line.strip()
    except OSError as exc:
        problems.append(Problem(shown, number + 1, 1, f"cannot read it: {exc.strerror}"))
    except UnicodeDecodeError:
        problems.append(Problem(shown, number + 1, 1, "expected a UTF-8 text file of result "
                                "codes, found other bytes"))


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
        problems.append(Problem(shown, 1, 1, f"expected a result exported by a questionnaire "
                                f"page (format {RESULT_FORMAT}), found another JSON document"))
        return None
    spec = by_hash.get(str(quiz.get("hash")))
    if spec is None:
        problems.append(Problem(shown, 1, 1, "expected a result of one of this project's "
                                f"questionnaires, found one of '{quiz.get('id')}' version "
                                f"{quiz.get('version')} ({quiz.get('hash')})"))
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
        problems.append(Problem(shown, 1, 1, "expected the result's date as an ISO date such as "
                                f"2027-03-01T09:00:00Z, found {data.get('date')!r}"))
        return None
    return Result(shown, 1, spec, answers, subject, period, _key(code_text(code), subject, period))


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
    #: rating forms: subject → period → [sum of overall percents, count]
    ratings: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    seen: set[bytes] = field(default_factory=set)

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
        values = {"overall": scored["overall"]}
        values.update(scored["dimensions"])
        for key, value in values.items():
            if value["percent"] is None:  # a dimension of optional items, all left out
                continue
            self.percents.setdefault(key, Counter())[value["percent"]] += 1
            self.bands.setdefault(key, Counter())[value["band"]] += 1
        self.profiles.update(scored["profiles"])
        if self.spec["kind"] == "rating":
            cell = self.ratings.setdefault(result.subject or "（未填写）", {}).setdefault(
                result.period or "（未填写）", [0.0, 0])
            cell[0] += scored["overall"]["percent"]
            cell[1] += 1
        return True


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


def rating_flag(latest: float, previous: float | None, threshold: float) -> str:
    """The article's rule: below the 满意率 once, 调整; still below after that, 诫勉谈话."""
    if latest >= threshold:
        return "达标"
    return "诫勉谈话" if previous is not None and previous < threshold else "调整"


@dataclass(frozen=True)
class DimensionRow:
    name: str
    stats: dict[str, float] | None
    change: float | None
    bands: list[tuple[str, int]]


@dataclass(frozen=True)
class RatingRow:
    subject: str
    periods: list[tuple[str, float, int, str]]  # period, 满意率, ratings, band
    flag: str | None


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


def rating_rows(cohort: Cohort) -> list[RatingRow]:
    """Per rated cadre: 满意率 by period, and the flag from the last two periods."""
    threshold = cohort.spec.get("threshold")
    rows = []
    for subject in sorted(cohort.ratings):
        periods = []
        for period, (total, count) in sorted(cohort.ratings[subject].items()):
            band = band_index(cohort.spec["bands"], total / count)
            label = "—" if band is None else cohort.spec["bands"][band]["label"]
            periods.append((period, total / count, int(count), label))
        flag = None
        if threshold is not None:
            previous = periods[-2][1] if len(periods) > 1 else None
            flag = rating_flag(periods[-1][1], previous, threshold)
        rows.append(RatingRow(subject, periods, flag))
    return rows


def render_report(cohort: Cohort, baseline: Cohort | None, min_group: int, title: str) -> str:
    """The group report as a Markdown page of the site (SVG charts drawn here, at build time)."""
    periods = sorted({p for subject in cohort.ratings.values() for p in subject})
    return environment().get_template("report.md.j2").render(
        front_matter=front_matter(title=nav_title(title), search={"exclude": True}),
        title=title, spec=cohort.spec, cohort=cohort, baseline=baseline, min_group=min_group,
        rows=dimension_rows(cohort, baseline), ratings=rating_rows(cohort), periods=periods)


def csv_text(value: str) -> str:
    """Text a spreadsheet shows as text: a leading =, +, -, @, tab or CR would start a formula."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def report_csv(cohort: Cohort, baseline: Cohort | None, min_group: int) -> str:
    """The per-dimension (or per-cadre) table for a spreadsheet, with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if cohort.spec["kind"] == "rating":
        writer.writerow(["被评价人", "期次", "满意率", "份数", "档次", "结论"])
        for row in rating_rows(cohort):
            for index, (period, rate, count, band) in enumerate(row.periods):
                last = index == len(row.periods) - 1
                writer.writerow([csv_text(row.subject), csv_text(period), one_decimal(rate), count, band,
                                 row.flag if last and row.flag else ""])
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
            known = ", ".join(s["id"] for s in specs) or "none"
            raise GeneratorError(f"no questionnaire '{quiz_id}': expected one of: {known}")
        cohort = Cohort(spec)
    for result in read_results(inputs, specs, problems):
        cohort = cohort or Cohort(result.spec)
        if result.spec["hash"] != cohort.spec["hash"]:
            problems.append(Problem(result.source, result.line, 1, f"expected results of "
                                    f"'{cohort.spec['id']}' version {cohort.spec['version']} "
                                    f"only, found one of '{result.spec['id']}' version "
                                    f"{result.spec['version']}"))
            continue
        cohort.add(result)
    return cohort


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
        raise GeneratorError("no result to report: expected result files (.json) or result "
                             "codes (.txt) in the inputs")
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
    return [path for path, _ in outputs]
