"""Result codes: a questionnaire result written as a short code that survives paper.

A code is ``V FFFFFFF TTTTT [KKKKKKKKKKKKK] AAAA… CC`` in a 31-symbol alphabet with no
0/O, 1/I/L:

* ``V``  the code format version: 1 without a 评价码, 2 with one (``TOKEN_VERSION``);
* ``F``  seven symbols of the questionnaire's content hash, so a code is only
  ever read against the exact version it was made from;
* ``T``  the minute the result was made (since 2020-01-01 UTC), so that two
  people giving the same answers make different codes, while the same result
  entered twice makes the same code and is counted once;
* ``K``  format 2 only: the rating token (``scoring.tokens``) the rater typed, its 13
  symbols but for its own two check symbols, which the code's check symbols stand for;
* ``A``  the answers of the scored items in spec order, as one mixed-radix
  number (a choice item: 0 unanswered or option + 1, its 不适用 / 不了解 and
  未遇到 choices counting as the options after the last; a multi item: the bitmask of its
  picks), written with a fixed number of symbols for that spec;
* ``CC`` two check symbols: sums of the symbols weighted by ``w`` and ``w²``
  modulo 31 (a prime), with ``w`` never 0 mod 31, so every single-symbol typo
  and every swap of two neighbours is caught.

Text answers are never in a code: reflections stay on the reader's device.
Printed in groups of five joined by hyphens; spaces, hyphens and case are ignored.
The twin encoder is in ``assets/kb-score.js``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from generator.errors import GeneratorError
from generator.i18n import _
from generator.scoring.scorer import choices, is_index
from generator.scoring.spec import ItemSpec, Spec

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
VERSION = 1  # a code without a token: what every page wrote before tokens, still written then
TOKEN_VERSION = 2  # a code carrying the rater's 评价码
TOKEN_SYMBOLS = 13  # a token's version, serial and tag (scoring.tokens.LENGTH − 2)
HASH_SYMBOLS = 7  # 31**7 > 16**7: seven symbols hold seven hex digits of the hash
TIME_SYMBOLS = 5  # 31**5 minutes: about 54 years from EPOCH
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
GROUP = 5

#: A result code's spec: a questionnaire's (``Spec``) or a 民主测评 form's (``scoring.appraisal``).
AnySpec = TypeVar("AnySpec", bound=Mapping[str, Any])



class CodeError(GeneratorError):
    """A code that cannot be read: mistyped, or for another questionnaire."""


def _radix(item: ItemSpec) -> int:
    return 2 ** len(item["scores"]) if item["type"] == "multi" else choices(item) + 1


def _digit(item: ItemSpec, answer: Any) -> int:
    size = len(item["scores"])
    if item["type"] == "multi":
        picks = answer if isinstance(answer, list) else []
        return sum(1 << int(a) for a in {int(a) for a in picks if is_index(a, size)})
    return int(answer) + 1 if is_index(answer, choices(item)) else 0


def _scored(spec: Spec) -> list[ItemSpec]:
    return [item for item in spec["items"] if item["type"] != "text"]


def width(radices: Iterable[int]) -> int:
    """Symbols a mixed-radix number with these radices takes: enough for the largest."""
    largest = 1
    for radix in radices:
        largest *= radix
    count = 0
    while largest > 1:
        largest = -(-largest // BASE)
        count += 1
    return max(count, 1)


def _width(spec: Spec) -> int:
    """Symbols the answers take for this spec."""
    return width(_radix(item) for item in _scored(spec))


def symbols(number: int, width: int) -> list[int]:
    """*number* as *width* digits in base 31, most significant first."""
    digits = []
    for _step in range(width):
        number, digit = divmod(number, BASE)
        digits.append(digit)
    return digits[::-1]


def number(values: Iterable[int]) -> int:
    """The number base-31 digits stand for, most significant first (the inverse of ``symbols``)."""
    result = 0
    for value in values:
        result = result * BASE + value
    return result


def grouped(text: str) -> str:
    """Symbols in groups of five joined by hyphens, as every code of ours is printed."""
    return "-".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))


def checks(values: Iterable[int]) -> tuple[int, int]:
    first = second = 0
    for position, value in enumerate(values):
        weight = position % (BASE - 1) + 1
        first = (first + weight * value) % BASE
        second = (second + weight * weight * value) % BASE
    return first, second


def minute_of(date: str) -> int:
    """Minutes from EPOCH to an ISO date such as the pages write (``…Z``)."""
    when = datetime.fromisoformat(date.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - EPOCH).total_seconds() // 60))


def encode(spec: Spec, answers: dict[str, Any], date: str, token: str | None = None) -> str:
    """The code of *answers* to *spec* made at *date* (invalid answers count as unanswered);
    format 2 with *token*, the bare symbols of a 评价码 whose check symbols hold."""
    number = 0
    for item in _scored(spec):
        number = number * _radix(item) + _digit(item, answers.get(item["id"]))
    values = [VERSION if token is None else TOKEN_VERSION]
    values += symbols(int(spec["hash"][:HASH_SYMBOLS], 16), HASH_SYMBOLS)
    values += symbols(minute_of(date), TIME_SYMBOLS)
    if token is not None:
        values += [ALPHABET.index(c) for c in token[:TOKEN_SYMBOLS]]
    values += symbols(number, _width(spec))
    values += checks(values)
    return grouped("".join(ALPHABET[v] for v in values))


def code_text(code: str) -> str:
    """A code as its bare symbols: no spaces or hyphens, upper case."""
    return "".join(code.split()).replace("-", "").upper()


def sound_values(code: str, versions: tuple[int, ...]) -> list[int]:
    """A code's symbols as numbers once its alphabet, length, check symbols and format (one of
    *versions*) are sound; CodeError saying what is wrong otherwise."""
    text = code_text(code)
    wrong = sorted({c for c in text if c not in ALPHABET})
    if wrong:
        raise CodeError(_("result code {code}: expected only the symbols {alphabet}, found "
                          "{found} (codes use no 0, O, 1, I or L)").format(
                              code=repr(code), alphabet=ALPHABET,
                              found=", ".join(repr(c) for c in wrong)))
    if len(text) < 1 + HASH_SYMBOLS + TIME_SYMBOLS + 3:
        raise CodeError(_("result code {code}: expected at least {count} symbols, found {found}")
                        .format(code=repr(code), count=HASH_SYMBOLS + TIME_SYMBOLS + 4,
                                found=len(text)))
    values = [ALPHABET.index(c) for c in text]
    if checks(values[:-2]) != tuple(values[-2:]):
        raise CodeError(_("result code {code}: the check symbols do not match: a symbol is "
                          "mistyped or missing; compare it with the printed report").format(
                              code=repr(code)))
    if values[0] not in versions:
        raise CodeError(_("result code {code}: expected a code of format {version}, found "
                          "format {found}").format(code=repr(code),
                                                   version="/".join(map(str, versions)),
                                                   found=values[0]))
    return values


def spec_of(code: str, values: list[int], specs: Sequence[AnySpec]) -> AnySpec:
    """The spec whose hash the code's fingerprint symbols hold; CodeError when none does."""
    fingerprint = number(values[1:1 + HASH_SYMBOLS])
    spec = next((s for s in specs if int(s["hash"][:HASH_SYMBOLS], 16) == fingerprint), None)
    if spec is None:
        raise CodeError(_("result code {code}: expected a code of one of this project's "
                          "questionnaires, found one of another questionnaire or another "
                          "version of it").format(code=repr(code)))
    return spec


def date_of(values: list[int]) -> str:
    """The minute a code was made, as the pages write it."""
    minute = number(values[1 + HASH_SYMBOLS:1 + HASH_SYMBOLS + TIME_SYMBOLS])
    return (EPOCH + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%MZ")


def decode(code: str, specs: list[Spec]) -> tuple[Spec, dict[str, Any], str]:
    """The spec a code belongs to, its answers and its date; CodeError when it cannot be."""
    spec, answers, date, _token = read_code(code, specs)
    return spec, answers, date


def read_code(code: str, specs: list[Spec]) -> tuple[Spec, dict[str, Any], str, str | None]:
    """The spec a code belongs to, its answers, its date and the bare symbols of the 评价码 it
    carries (format 2; None in format 1); CodeError when it cannot be read."""
    values = sound_values(code, (VERSION, TOKEN_VERSION))
    token = None
    if values[0] == TOKEN_VERSION:
        start = 1 + HASH_SYMBOLS + TIME_SYMBOLS
        if len(values) < start + TOKEN_SYMBOLS + 3:
            raise CodeError(_("result code {code}: expected at least {count} symbols, found "
                              "{found}").format(code=repr(code), count=start + TOKEN_SYMBOLS + 3,
                                                found=len(values)))
        kept = values[start:start + TOKEN_SYMBOLS]
        token = "".join(ALPHABET[v] for v in kept + list(checks(kept)))
        values = values[:start] + values[start + TOKEN_SYMBOLS:]
    spec = spec_of(code, values, specs)
    date = date_of(values)
    body = values[1 + HASH_SYMBOLS + TIME_SYMBOLS:-2]
    if len(body) != _width(spec):
        raise CodeError(_("result code {code}: expected {count} answer symbols for '{id}', "
                          "found {found}").format(code=repr(code), count=_width(spec),
                                                  id=spec["id"], found=len(body)))
    rest = number(body)
    answers: dict[str, Any] = {}
    for item in reversed(_scored(spec)):
        rest, digit = divmod(rest, _radix(item))
        if item["type"] == "multi" and digit:
            answers[item["id"]] = [i for i in range(len(item["scores"])) if digit >> i & 1]
        elif item["type"] != "multi" and digit:
            answers[item["id"]] = digit - 1
    if rest:
        raise CodeError(_("result code {code}: expected answers that fit '{id}', found a "
                          "number too large for its questions").format(code=repr(code),
                                                                        id=spec["id"]))
    ordered = {item["id"]: answers[item["id"]] for item in _scored(spec) if item["id"] in answers}
    return spec, ordered, date, token
