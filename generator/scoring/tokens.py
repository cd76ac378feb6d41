"""One-time 评价码 (rating tokens): a slip handed out with each 办件, typed into a rating form.

A token is ``V SSS TTTTTTTTT CC`` in the result codes' 31-symbol alphabet (no 0/O, 1/I/L),
printed as three groups of five (``XXXXX-XXXXX-XXXXX``):

* ``V``  the token format version (``VERSION``);
* ``S``  three symbols of serial number, 1 to 31³ − 1 (29 790) per cadre and period;
* ``T``  nine symbols of tag: HMAC-SHA256, under a key the department keeps, of the
  questionnaire id, the rated cadre, the period and the serial, read as a number
  modulo 31⁹ (≈ 2.6 × 10¹³, about 44 bits): a guessed tag is right once in 26 trillion tries;
* ``CC`` two check symbols, as in result codes (``codes.checks``): every single mistyped
  symbol and every swap of two neighbours is caught without the key.

A 民主测评 form (``kind: appraisal``) uses format 2, ``V SSS G WW TTTTTT CC``: after the
serial, ``G`` the rater group's index in the form's ``groups`` and ``WW`` the number (from 1) of
the subject the slip was issued to, when the rater is one of the cadres rated (0 otherwise),
so that the page can refuse a self-rating; the tag is then six symbols (31⁶, about 30 bits) of
the HMAC of the form, period, group, subject and serial. Format 1 tokens read and verify as
before: ``read`` accepts only the format its caller names.

The key never leaves the department: checking the check symbols needs no key (the page
and ``assets/kb-token.js`` do that), checking the tag does (``aggregate --key-file``).
Pure functions: no files are read here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import dataclass

from generator.errors import GeneratorError
from generator.i18n import _
from generator.scoring.codes import ALPHABET, BASE, checks, grouped, number, symbols

VERSION = 1
APPRAISAL_VERSION = 2
SERIAL_SYMBOLS = 3
TAG_SYMBOLS = 9
#: Format 2: the group (one symbol) and the subject (two) take three of the tag's symbols.
APPRAISAL_TAG_SYMBOLS = 6
LENGTH = 1 + SERIAL_SYMBOLS + TAG_SYMBOLS + 2  # 15: three groups of five
MAX_SERIAL = BASE ** SERIAL_SYMBOLS - 1
#: Bytes of a key made by ``new_key``; a key file holds them as hexadecimal.
KEY_BYTES = 32

#: What typing may add to a code and reading it ignores: spaces and every kind of dash.
_IGNORED = re.compile(r"[\s\-‐‑‒–—―−－﹣_.·・]+")


class TokenError(GeneratorError):
    """A token that cannot be read: ``kind`` is ``symbols``, ``length``, ``check`` or ``version``
    (the same kinds ``assets/kb-token.js`` gives)."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Token:
    """A readable token: its serial and tag, and its text in groups of five."""

    serial: int
    tag: int
    text: str
    #: Format 2 (民主测评) only: the rater group's index, and the subject's number (0: none).
    group: int | None = None
    subject: int = 0


def bare(typed: str) -> str:
    """*typed* as bare symbols: full-width forms folded (NFKC), upper case, no spaces or dashes."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", typed)).upper()


def normal_name(text: str) -> str:
    """A cadre's name or a period as the tag binds it: NFKC, spaces trimmed and collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def tag(key: bytes, quiz: str, subject: str, period: str, serial: int) -> int:
    """The keyed tag of one slip: HMAC-SHA256 of what it binds, modulo 31⁹."""
    message = json.dumps(["kb-rating-token", VERSION, quiz, normal_name(subject),
                          normal_name(period), serial], ensure_ascii=False, separators=(",", ":"))
    digest = hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest, "big") % int(BASE ** TAG_SYMBOLS)


def encode(key: bytes, quiz: str, subject: str, period: str, serial: int) -> str:
    """The token of slip *serial* for *subject* in *period* of rating form *quiz*."""
    if not 1 <= serial <= MAX_SERIAL:
        raise TokenError(_("expected a serial number from 1 to {last}, found {found}").format(
            last=MAX_SERIAL, found=serial))
    values = [VERSION, *symbols(serial, SERIAL_SYMBOLS),
              *symbols(tag(key, quiz, subject, period, serial), TAG_SYMBOLS)]
    values += checks(values)
    return grouped("".join(ALPHABET[v] for v in values))


def appraisal_tag(key: bytes, form: str, period: str, group: str, subject: str,
                  serial: int) -> int:
    """The keyed tag of one 民主测评 slip (format 2); *subject* is "" for a rater rated by none."""
    message = json.dumps(["kb-appraisal-token", APPRAISAL_VERSION, form, normal_name(period), group,
                          subject, serial], ensure_ascii=False, separators=(",", ":"))
    digest = hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest, "big") % int(BASE ** APPRAISAL_TAG_SYMBOLS)


def encode_appraisal(key: bytes, form: str, period: str, groups: list[str], group: str,
                     subjects: list[str], subject: str | None, serial: int) -> str:
    """The format 2 token of slip *serial* for a rater of *group* of 民主测评 form *form*;
    *subject* is the cadre the slip is issued to, when the rater is one of *subjects*."""
    if not 1 <= serial <= MAX_SERIAL:
        raise TokenError(_("expected a serial number from 1 to {last}, found {found}").format(
            last=MAX_SERIAL, found=serial))
    number = 0 if subject is None else subjects.index(subject) + 1
    values = [APPRAISAL_VERSION, *symbols(serial, SERIAL_SYMBOLS), groups.index(group),
              *symbols(number, 2),
              *symbols(appraisal_tag(key, form, period, group, subject or "", serial),
                       APPRAISAL_TAG_SYMBOLS)]
    values += checks(values)
    return grouped("".join(ALPHABET[v] for v in values))


def verify_appraisal(key: bytes, form: str, period: str, groups: list[str],
                     subjects: list[str], token: Token) -> bool:
    """Whether format 2 *token* was issued under *key* for this form and period, for the group
    and subject it names (as indexes into *groups* and *subjects*, the form's ids in order)."""
    if token.group is None or token.group >= len(groups) or token.subject > len(subjects):
        return False
    subject = subjects[token.subject - 1] if token.subject else ""
    expected = appraisal_tag(key, form, period, groups[token.group], subject, token.serial)
    return token.serial >= 1 and hmac.compare_digest(expected.to_bytes(8, "big"),
                                                     token.tag.to_bytes(8, "big"))


def read(typed: str, version: int = VERSION) -> Token:
    """The serial and tag of a typed token whose check symbols hold; TokenError otherwise.

    *version* is the format the caller takes: 1 for rating forms, ``APPRAISAL_VERSION`` for
    民主测评 forms (whose tokens also carry a group and a subject).
    Needs no key: a mistyped token is caught here, a forged one only by ``verify``."""
    text = bare(typed)
    wrong = sorted({c for c in text if c not in ALPHABET})
    if wrong:
        raise TokenError(_("评价码 {code}: expected only the symbols {alphabet}, found {found} "
                           "(codes use no 0, O, 1, I or L)").format(
                               code=repr(typed), alphabet=ALPHABET,
                               found=", ".join(repr(c) for c in wrong)), "symbols")
    if len(text) != LENGTH:
        raise TokenError(_("评价码 {code}: expected {count} symbols, found {found}").format(
            code=repr(typed), count=LENGTH, found=len(text)), "length" if text else "empty")
    values = [ALPHABET.index(c) for c in text]
    if checks(values[:-2]) != tuple(values[-2:]):
        raise TokenError(_("评价码 {code}: the check symbols do not match: a symbol is mistyped "
                           "or missing; compare it with the slip").format(code=repr(typed)), "check")
    if values[0] != version:
        raise TokenError(_("评价码 {code}: expected a code of format {version}, found format "
                           "{found}").format(code=repr(typed), version=version, found=values[0]), "version")
    serial = number(values[1:1 + SERIAL_SYMBOLS])
    if version == APPRAISAL_VERSION:
        rest = values[1 + SERIAL_SYMBOLS:-2]
        return Token(serial, number(rest[3:]), grouped(text), rest[0], number(rest[1:3]))
    return Token(serial, number(values[1 + SERIAL_SYMBOLS:-2]), grouped(text))


def verify(key: bytes, quiz: str, subject: str, period: str, token: Token) -> bool:
    """Whether *token* was issued under *key* for this form, cadre and period."""
    expected = tag(key, quiz, subject, period, token.serial)
    return token.serial >= 1 and hmac.compare_digest(expected.to_bytes(8, "big"),
                                                     token.tag.to_bytes(8, "big"))


def parse_key(text: str) -> bytes | None:
    """The key in a key file's text (hexadecimal, at least 16 bytes), or None."""
    hexa = "".join(text.split())
    if len(hexa) < 32 or len(hexa) % 2 or not re.fullmatch(r"[0-9a-fA-F]+", hexa):
        return None
    return bytes.fromhex(hexa)
