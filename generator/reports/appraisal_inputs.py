"""Read 民主测评 forms: exported files (``kb-appraisal``, docs/questionnaire-format.md) and
text files of their result codes (format 3 and 4), one form at a time.

Forms are streamed: each is checked and handed on, never kept. Whatever cannot be used goes to
*problems* with its file and line; a rating of the rater's own row (the file's ``self``, or
the cadre the 评价码 was issued to) is dropped and counted, never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.models.appraisal import Appraisal
from generator.content.parse import describe, suggest
from generator.errors import GeneratorError, Problem
from generator.i18n import _
from generator.reports.appraisal import Form, Rating
from generator.reports.inputs import code_lines, result_files
from generator.reports.results import BadResult, read_json
from generator.scoring.codes import ALPHABET, minute_of, number
from generator.scoring.tokens import bare

APPRAISAL_FORMAT = "kb-appraisal"
#: What the page writes for 不了解, for a grade or a dimension.
UNKNOWN = "不了解"


@dataclass(frozen=True)
class Decoded:
    """What a result code of an appraisal form holds (``scoring.appraisal``)."""

    form: Appraisal
    group: str
    ratings: dict[str, Rating]
    date: str
    token: str | None
    code: str
    own: str | None = None  # the file's ``self``: the rater is this cadre


#: Reads one result code against the project's forms: Decoded, or raises a GeneratorError.
CodeReader = Callable[[str], Decoded]


def form_key(code: str) -> bytes:
    """A form's identity: its result code (form, minute, group, answers and 评价码); an exported
    file and the code the page showed for it give the same key."""
    bare = "".join(code.split()).replace("-", "").upper()
    return hashlib.blake2b(bare.encode("ascii", "replace"), digest_size=16).digest()


@dataclass
class Selves:
    """Ratings of the rater's own row, dropped."""

    dropped: int = 0


def read_forms(inputs: list[Path], forms: dict[str, Appraisal], problems: list[Problem],
               read_code: CodeReader, encode: Callable[[Decoded], str],
               selves: Selves | None = None) -> Iterator[Form]:
    """Every readable form under *inputs* (*forms*: hash → form); the rest go to *problems*."""
    selves = selves or Selves()
    for path in result_files(inputs, problems):
        shown = str(path)
        if path.suffix == ".json":
            decoded = _read_json(path, shown, forms, problems)
            if decoded is not None:
                yield _form(decoded, shown, 1, selves, encode)
            continue
        for line, text in code_lines(path, shown, problems):
            if not text or text.startswith("#"):
                continue
            try:
                decoded = read_code(text.split(",")[-1].strip())
            except GeneratorError as exc:
                problems.append(Problem(shown, line, 1, exc.message, "bad-result"))
                continue
            yield _form(decoded, shown, line, selves, encode)


def _form(decoded: Decoded, shown: str, line: int, selves: Selves,
          encode: Callable[[Decoded], str]) -> Form:
    ratings = dict(decoded.ratings)
    own = self_of(decoded)
    if own is not None and own in ratings:
        del ratings[own]
        selves.dropped += 1
    return Form(shown, line, decoded.group, ratings, decoded.token, form_key(encode(decoded)))


def self_of(decoded: Decoded) -> str | None:
    """The rater's own row: the file's ``self``, else the cadre the 评价码 was issued to (its
    symbols 6–7: the subject's number from 1), else None."""
    if decoded.own is not None or not decoded.token:
        return decoded.own
    text = bare(decoded.token)
    if len(text) < 7 or any(c not in ALPHABET for c in text[5:7]):
        return None
    index = number(ALPHABET.index(c) for c in text[5:7])
    cadres = decoded.form.cadres()
    return cadres[index - 1].id if 1 <= index <= len(cadres) else None


def _bad(shown: str, message: str) -> Problem:
    return Problem(shown, 1, 1, message, "bad-result")


def _read_json(path: Path, shown: str, forms: dict[str, Appraisal],
               problems: list[Problem]) -> Decoded | None:
    try:
        data = read_json(path, shown)
    except BadResult as exc:
        problems.append(exc.problem)
        return None
    head = data.get("form") if isinstance(data, dict) else None
    if not isinstance(head, dict) or data.get("format") != APPRAISAL_FORMAT \
            or not isinstance(data.get("ratings"), dict):
        problems.append(_bad(shown, _(
            "expected a 民主测评 file exported by its page (format {format}), found another "
            "JSON document").format(format=APPRAISAL_FORMAT)))
        return None
    form = forms.get(str(head.get("hash")))
    if form is None:
        problems.append(_bad(shown, _(
            "expected a 民主测评 file of one of this project's forms, found one of '{id}' "
            "version {version} ({hash})").format(id=head.get("id"), version=head.get("version"),
                                                 hash=head.get("hash"))))
        return None
    try:
        return _checked(data, form, shown)
    except BadResult as exc:
        problems.append(exc.problem)
        return None


def _text_or_none(data: dict[str, Any], key: str, shown: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise BadResult(_bad(shown, _("{where}: expected text or null, found {found}").format(
            where=key, found=describe(value))))
    return value or None


def _one_of(value: Any, known: list[str], where: str, shown: str) -> str | None:
    """*value* when it is one of *known*, None for 不了解; BadResult otherwise."""
    if value == UNKNOWN:
        return None
    if not isinstance(value, str) or value not in known:
        raise BadResult(_bad(shown, _("{where}: expected one of {known} or 不了解, found {found}{hint}")
                             .format(where=where, known=", ".join(known), found=describe(value),
                                     hint=suggest(value, known) if isinstance(value, str) else "")))
    return value


def _checked(data: dict[str, Any], form: Appraisal, shown: str) -> Decoded:
    groups = [g.id for g in form.groups]
    group = data.get("group")
    if not isinstance(group, str) or group not in groups:
        raise BadResult(_bad(shown, _("group: expected one of {known}, found {found}").format(
            known=", ".join(groups), found=describe(group))))
    period = data.get("period")
    if (period or None) != form.period:
        raise BadResult(_bad(shown, _("period: expected '{period}' as the form declares, found "
                                      "{found}").format(period=form.period, found=describe(period))))
    token = _text_or_none(data, "token", shown)
    date = data.get("date")
    try:
        minute_of(str(date))
    except ValueError:
        raise BadResult(_bad(shown, _(
            "expected the result's date as an ISO date such as 2027-03-01T09:00:00Z, found "
            "{found}").format(found=repr(date)))) from None
    subjects = [s.id for s in form.cadres()]
    grades, levels = [g.id for g in form.scale], [lv.id for lv in form.levels]
    dims = [d.id for d in form.dimensions]
    ratings: dict[str, Rating] = {}
    for subject, entry in data["ratings"].items():
        where = f"ratings.{subject}"
        if subject not in subjects:
            raise BadResult(_bad(shown, _("{where}: expected the id of a cadre of '{id}', found "
                                          "'{found}'{hint}").format(
                where="ratings", id=form.id, found=subject, hint=suggest(subject, subjects))))
        if not isinstance(entry, dict):
            raise BadResult(_bad(shown, _("{where}: expected an object, found {found}").format(
                where=where, found=describe(entry))))
        grade = _one_of(entry.get("grade"), grades, f"{where}.grade", shown)
        given = entry.get("dimensions") or {}
        if not isinstance(given, dict):
            raise BadResult(_bad(shown, _("{where}: expected an object, found {found}").format(
                where=f"{where}.dimensions", found=describe(given))))
        chosen: dict[str, str | None] = {}
        for dim, level in given.items():
            if dim not in dims:
                raise BadResult(_bad(shown, _("{where}: expected one of {known}, found {found}")
                                     .format(where=f"{where}.dimensions", known=", ".join(dims),
                                             found=describe(dim))))
            chosen[dim] = _one_of(level, levels, f"{where}.dimensions.{dim}", shown)
        comment = entry.get("comment") or ""
        if not isinstance(comment, str):
            raise BadResult(_bad(shown, _("{where}: expected text, found {found}").format(
                where=f"{where}.comment", found=describe(comment))))
        ratings[subject] = Rating(grade, chosen, comment if form.comment else "")
    own = _text_or_none(data, "self", shown)
    if own is not None and own not in subjects:
        raise BadResult(_bad(shown, _("self: expected the id of a cadre of '{id}' or null, found "
                                      "'{found}'").format(id=form.id, found=own)))
    return Decoded(form, group, ratings, str(date), token, str(data.get("code") or ""), own)
