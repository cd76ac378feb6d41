"""A 民主测评 form's spec (what its page embeds) and the result code of one rater's form.

The code is ``V FFFFFFF TTTTT [KKKKKKKKKKKKK] AAAA… CC`` in the result codes' alphabet
(``scoring.codes``): ``V`` 3 without a 评价码, 4 with one; the first seven hex digits of the
spec's hash; the minute it was made; format 4 only, the 评价码's 13 symbols but for its check
symbols; the answers as one mixed-radix number — the rater group's index, then for each subject
in order its grade (0 unanswered, 1… the scale's grades, then 不了解) and each dimension (0
unanswered, 1… the levels, then 不了解) — in a fixed number of symbols for the spec; two check
symbols. Comments are never in a code. The twin encoder is ``assets/kb-appraisal.js``; shared
vectors in ``tests/vectors/appraisal.json``.
"""

from __future__ import annotations

from typing import Any

from generator.content.models.appraisal import Appraisal
from generator.content.models.base import fingerprint_of
from generator.i18n import _
from generator.scoring.codes import (
    ALPHABET,
    HASH_SYMBOLS,
    TIME_SYMBOLS,
    TOKEN_SYMBOLS,
    CodeError,
    checks,
    date_of,
    grouped,
    minute_of,
    number,
    sound_values,
    spec_of,
    symbols,
    width,
)

VERSION = 3  # a 民主测评 code without a 评价码
TOKEN_VERSION = 4  # with one
#: The answer a rater gives about what they have not seen: in files and specs, never an id.
UNKNOWN = "不了解"
#: The format of the file the page exports (``kb.store.FORMAT.appraisal``).
FILE_FORMAT = "kb-appraisal"

Spec = dict[str, Any]
Ratings = dict[str, dict[str, Any]]


def appraisal_spec(form: Appraisal) -> Spec:
    """The JSON the page reads; its ``hash`` covers the ids answers are read by, not labels."""
    spec: Spec = {
        "format": 1, "kind": "appraisal", "id": form.id, "title": form.title,
        "version": form.version, "period": form.period,
        "subjects": [{"id": s.id, "name": s.name, "title": s.title} for s in form.cadres()],
        "groups": [{"id": g.id, "name": g.name, "token": g.token} for g in form.groups],
        "scale": [{"id": g.id, "label": g.label} for g in form.scale],
        "dimensions": [{"id": d.id, "name": d.name} for d in form.dimensions],
        "levels": [{"id": level.id, "label": level.label} for level in form.levels],
        "comment": form.comment,
    }
    spec["hash"] = fingerprint_of({
        "id": form.id, "period": form.period,
        **{key: [entry["id"] for entry in spec[key]]
           for key in ("subjects", "groups", "scale", "dimensions", "levels")}})
    return spec


def _radixes(spec: Spec) -> list[int]:
    """The radix of each digit of the answers: the group, then each subject's grade and levels."""
    per_subject = [len(spec["scale"]) + 2] + [len(spec["levels"]) + 2] * len(spec["dimensions"])
    return [len(spec["groups"])] + per_subject * len(spec["subjects"])


def _width(spec: Spec) -> int:
    return width(_radixes(spec))


def _digit(choices: list[dict[str, Any]], answer: Any) -> int:
    ids = [choice["id"] for choice in choices]
    if answer == UNKNOWN:
        return len(ids) + 1
    return ids.index(answer) + 1 if answer in ids else 0


def encode(spec: Spec, group: str, ratings: Ratings, date: str, token: str | None = None) -> str:
    """The code of one rater's form: *ratings* maps subject id → {"grade", "dimensions"} as in
    the exported file (anything else counts as unanswered); *token* the 评价码's bare symbols."""
    digits = [[g["id"] for g in spec["groups"]].index(group)]
    for subject in spec["subjects"]:
        rating = ratings.get(subject["id"]) or {}
        given = rating.get("dimensions") or {}
        digits.append(_digit(spec["scale"], rating.get("grade")))
        digits += [_digit(spec["levels"], given.get(d["id"])) for d in spec["dimensions"]]
    answers = 0
    for radix, digit in zip(_radixes(spec), digits, strict=True):
        answers = answers * radix + digit
    values = [VERSION if token is None else TOKEN_VERSION]
    values += symbols(int(spec["hash"][:HASH_SYMBOLS], 16), HASH_SYMBOLS)
    values += symbols(minute_of(date), TIME_SYMBOLS)
    if token is not None:
        values += [ALPHABET.index(c) for c in token[:TOKEN_SYMBOLS]]
    values += symbols(answers, _width(spec))
    values += checks(values)
    return grouped("".join(ALPHABET[v] for v in values))


def decode(code: str, specs: list[Spec]) -> tuple[Spec, str, Ratings, str, str | None]:
    """The spec a code belongs to, the group, the ratings, the date (minute) and the bare 评价码
    (None in format 3); CodeError when it cannot be read."""
    values = sound_values(code, (VERSION, TOKEN_VERSION))
    start = 1 + HASH_SYMBOLS + TIME_SYMBOLS
    token = None
    if values[0] == TOKEN_VERSION:
        kept = values[start:start + TOKEN_SYMBOLS]
        token = "".join(ALPHABET[v] for v in kept + list(checks(kept)))
        start += TOKEN_SYMBOLS
    spec = spec_of(code, values, specs)
    body = values[start:-2]
    if len(body) != _width(spec):
        raise CodeError(_("result code {code}: expected {count} answer symbols for '{id}', "
                          "found {found}").format(code=repr(code), count=_width(spec),
                                                  id=spec["id"], found=len(body)))
    date = date_of(values)
    rest, digits = number(body), []
    for radix in reversed(_radixes(spec)):
        rest, digit = divmod(rest, radix)
        digits.append(digit)
    digits.reverse()
    if rest:
        raise CodeError(_("result code {code}: expected answers that fit '{id}', found a "
                          "number too large for its questions").format(code=repr(code), id=spec["id"]))
    return spec, spec["groups"][digits[0]]["id"], _ratings(spec, digits[1:]), date, token


def _ratings(spec: Spec, digits: list[int]) -> Ratings:
    def answer(choices: list[dict[str, Any]], digit: int) -> str | None:
        return None if digit == 0 else UNKNOWN if digit > len(choices) else choices[digit - 1]["id"]

    ratings: Ratings = {}
    step = 1 + len(spec["dimensions"])
    for index, subject in enumerate(spec["subjects"]):
        own = digits[index * step:(index + 1) * step]
        grade = answer(spec["scale"], own[0])
        levels = {d["id"]: answer(spec["levels"], digit)
                  for d, digit in zip(spec["dimensions"], own[1:], strict=True)}
        given = {key: value for key, value in levels.items() if value is not None}
        if grade is not None or given:
            ratings[subject["id"]] = {"grade": grade, "dimensions": given}
    return ratings
