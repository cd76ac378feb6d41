"""Read exported result files and text files of result codes, one result at a time.

Results are streamed: a cohort of any size is read in constant memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.parse import describe
from generator.errors import Problem
from generator.i18n import _
from generator.reports.results import RESULT_FORMAT, BadResult, check_answers, read_json
from generator.scoring.codes import CodeError, code_text, encode, read_code
from generator.scoring.spec import Spec
from generator.scoring.tokens import bare

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
    #: the 评价码 the rater typed, as given (None: none); checked by ``reports.verify``
    token: str | None = None


def _key(code: str, subject: str, period: str, token: str | None) -> bytes:
    """A result's identity: its code (questionnaire, minute, answers), whom it rates and the
    评价码 typed with it.

    An exported file and the code on its printed report give the same key."""
    text = "\n".join((code, subject, period, bare(token or "")))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def result_files(inputs: list[Path], problems: list[Problem]) -> Iterator[Path]:
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
    for path in result_files(inputs, problems):
        shown = str(path)
        if path.suffix == ".json":
            result = _read_json(path, shown, by_hash, problems)
            if result is not None:
                yield result
            continue
        for number, text in code_lines(path, shown, problems):
            parts = [p.strip() for p in text.split(",")]
            subject, period, code = (parts if len(parts) == 3 else ["", "", parts[-1]])
            if len(parts) not in (1, 3):
                problems.append(Problem(shown, number, 1, _(
                    "expected a result code, or 被评价人,期次,结果码 for a rating form"), "bad-result"))
                continue
            try:
                spec, answers, date, token = read_code(code, specs)
            except CodeError as exc:
                problems.append(Problem(shown, number, 1, exc.message, "bad-result"))
                continue
            yield Result(shown, number, spec, answers, subject, period,
                         _key(code_text(encode(spec, answers, date)), subject, period, token),
                         token)


def code_lines(path: Path, shown: str, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """The numbered, stripped lines of a code list, read a line at a time, each bounded; blank
    lines and ``#`` comments are left out (their numbers counted)."""
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
                text = line.strip()
                if text and not text.startswith("#"):
                    yield number, text
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
    token = data.get("token")
    if token is not None and not isinstance(token, str):
        problems.append(Problem(shown, 1, 1, _(
            "expected the 评价码 (token) as text, found {found}").format(found=describe(token)),
            "bad-result"))
        return None
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
    return Result(shown, 1, spec, answers, subject, period,
                  _key(code_text(code), subject, period, token or None), token or None)
