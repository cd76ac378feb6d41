"""Read 民主测评 forms: exported files (``kb-appraisal``, docs/questionnaire-format.md) and
text files of their result codes (format 3 and 4), one form at a time.

Forms are streamed: each is checked and handed on, never kept. Whatever cannot be used goes to
*problems* with its file and line; a rating of the rater's own row (the file's ``self``, or
the cadre the 评价码 was issued to) is dropped and counted, never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
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
from generator.scoring.appraisal import (
    FILE_FORMAT,
    TOKEN_VERSION,
    UNKNOWN,
    VERSION,
    Ratings,
    appraisal_spec,
    decode,
    encode,
)
from generator.scoring.codes import (
    ALPHABET,
    HASH_SYMBOLS,
    TIME_SYMBOLS,
    TOKEN_SYMBOLS,
    code_text,
    minute_of,
)
from generator.scoring.tokens import APPRAISAL_VERSION, TokenError, bare, read


@dataclass(frozen=True)
class Decoded:
    """One rater's form as a file or a code holds it: answers as in the exported file."""

    group: str
    ratings: Ratings  # subject id → {"grade": id, 不了解 or None, "dimensions": {id: level}}
    date: str
    token: str | None
    own: str | None = None  # the file's ``self``: the rater is this cadre


def form_key(code: str, token: str | None) -> bytes:
    """A form's identity: its result code's form, minute and answers (without the format, the
    评价码 and the check symbols), and the 评价码 as typed; an exported file and the code the
    page showed for it give one key."""
    text = code_text(code)
    if text[:1] == ALPHABET[TOKEN_VERSION]:
        start = 1 + HASH_SYMBOLS + TIME_SYMBOLS
        text = text[:start] + text[start + TOKEN_SYMBOLS:]
    core = f"{text[1:-2]}\n{bare(token or '')}"
    return hashlib.blake2b(core.encode("utf-8"), digest_size=16).digest()


@dataclass
class Selves:
    """Ratings of the rater's own row, dropped."""

    dropped: int = 0


def read_forms(inputs: list[Path], form: Appraisal, problems: list[Problem],
               selves: Selves | None = None) -> Iterator[Form]:
    """Every readable form of *form* under *inputs*; the rest go to *problems*."""
    selves = selves or Selves()
    spec = appraisal_spec(form)
    for path in result_files(inputs, problems):
        shown = str(path)
        if path.suffix == ".json":
            decoded = _read_json(path, shown, form, spec["hash"], problems)
            if decoded is not None:
                code = encode(spec, decoded.group, decoded.ratings, decoded.date)
                yield _form(form, decoded, shown, 1, selves, form_key(code, decoded.token))
            continue
        for line, text in code_lines(path, shown, problems):
            code = text.split(",")[-1].strip()
            try:
                _spec, group, ratings, date, token = decode(code, [spec])
            except GeneratorError as exc:
                problems.append(Problem(shown, line, 1, exc.message, "bad-result"))
                continue
            yield _form(form, Decoded(group, ratings, date, token), shown, line, selves,
                        form_key(code, token))


def _form(form: Appraisal, decoded: Decoded, shown: str, line: int, selves: Selves,
          key: bytes) -> Form:
    own = self_of(form, decoded)
    ratings = {}
    for subject, entry in decoded.ratings.items():
        if subject == own:
            selves.dropped += 1
            continue
        grade = entry.get("grade")
        levels = entry.get("dimensions") or {}
        ratings[subject] = Rating(None if grade == UNKNOWN else grade,
                                  {d: None if v == UNKNOWN else v for d, v in levels.items()},
                                  str(entry.get("comment") or "") if form.comment else "")
    return Form(shown, line, decoded.group, ratings, decoded.token, key)


def self_of(form: Appraisal, decoded: Decoded) -> str | None:
    """The rater's own row: the file's ``self``, else the cadre the 评价码 was issued to (its
    subject number), else None."""
    if decoded.own is not None or not decoded.token:
        return decoded.own
    try:
        token = read(decoded.token, APPRAISAL_VERSION)
    except TokenError:
        return None
    cadres = form.cadres()
    return cadres[token.subject - 1].id if 1 <= token.subject <= len(cadres) else None


#: The first symbol of a 民主测评 result code: format 3 (no 评价码) or 4.
CODE_FORMATS = (ALPHABET[VERSION], ALPHABET[TOKEN_VERSION])


def looks_like_appraisal(inputs: list[Path], forms: list[Appraisal]) -> Appraisal | None:
    """The form of the first readable input when it is a 民主测评 file or code, else None."""
    problems: list[Problem] = []
    specs = [appraisal_spec(f) for f in forms]
    by_hash = {spec["hash"]: form for spec, form in zip(specs, forms, strict=True)}
    for path in result_files(inputs, problems):
        if path.suffix == ".json":
            try:
                data = read_json(path, str(path))
            except BadResult:
                continue
            head = data.get("form") if isinstance(data, dict) else None
            if not isinstance(head, dict) or data.get("format") != FILE_FORMAT:
                return None
            return by_hash.get(str(head.get("hash"))) or (forms[0] if len(forms) == 1 else None)
        for _line, text in code_lines(path, str(path), problems):
            code = text.split(",")[-1].strip()
            if not code.upper().startswith(CODE_FORMATS):
                return None
            try:
                return by_hash[decode(code, specs)[0]["hash"]]
            except GeneratorError:
                return forms[0] if len(forms) == 1 else None
    return None


def _bad(shown: str, message: str) -> Problem:
    return Problem(shown, 1, 1, message, "bad-result")


def _read_json(path: Path, shown: str, form: Appraisal, hash_: str,
               problems: list[Problem]) -> Decoded | None:
    try:
        data = read_json(path, shown)
    except BadResult as exc:
        problems.append(exc.problem)
        return None
    head = data.get("form") if isinstance(data, dict) else None
    if not isinstance(head, dict) or data.get("format") != FILE_FORMAT \
            or not isinstance(data.get("ratings"), dict):
        problems.append(_bad(shown, _(
            "expected a 民主测评 file exported by its page (format {format}), found another "
            "JSON document").format(format=FILE_FORMAT)))
        return None
    if head.get("hash") != hash_:
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


def _one_of(value: Any, known: list[str], where: str, shown: str) -> None:
    """BadResult unless *value* is one of *known* or 不了解."""
    if value != UNKNOWN and (not isinstance(value, str) or value not in known):
        raise BadResult(_bad(shown, _("{where}: expected one of {known} or 不了解, found {found}{hint}")
                             .format(where=where, known=", ".join(known), found=describe(value),
                                     hint=suggest(value, known) if isinstance(value, str) else "")))


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
    ratings: Ratings = {}
    for subject, entry in data["ratings"].items():
        where = f"ratings.{subject}"
        if subject not in subjects:
            raise BadResult(_bad(shown, _("{where}: expected the id of a cadre of '{id}', found "
                                          "'{found}'{hint}").format(
                where="ratings", id=form.id, found=subject, hint=suggest(subject, subjects))))
        if not isinstance(entry, dict):
            raise BadResult(_bad(shown, _("{where}: expected an object, found {found}").format(
                where=where, found=describe(entry))))
        _one_of(entry.get("grade"), grades, f"{where}.grade", shown)
        given = entry.get("dimensions") or {}
        if not isinstance(given, dict):
            raise BadResult(_bad(shown, _("{where}: expected an object, found {found}").format(
                where=f"{where}.dimensions", found=describe(given))))
        for dim, level in given.items():
            if dim not in dims:
                raise BadResult(_bad(shown, _("{where}: expected one of {known}, found {found}")
                                     .format(where=f"{where}.dimensions", known=", ".join(dims),
                                             found=describe(dim))))
            _one_of(level, levels, f"{where}.dimensions.{dim}", shown)
        comment = entry.get("comment") or ""
        if not isinstance(comment, str):
            raise BadResult(_bad(shown, _("{where}: expected text, found {found}").format(
                where=f"{where}.comment", found=describe(comment))))
        ratings[subject] = {"grade": entry.get("grade"), "dimensions": given, "comment": comment}
    own = _text_or_none(data, "self", shown)
    if own is not None and own not in subjects:
        raise BadResult(_bad(shown, _("self: expected the id of a cadre of '{id}' or null, found "
                                      "'{found}'").format(id=form.id, found=own)))
    return Decoded(group, ratings, str(date), token, own)
