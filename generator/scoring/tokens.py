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
SERIAL_SYMBOLS = 3
TAG_SYMBOLS = 9
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


def read(typed: str) -> Token:
    """The serial and tag of a typed token whose check symbols hold; TokenError otherwise.

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
    if values[0] != VERSION:
        raise TokenError(_("评价码 {code}: expected a code of format {version}, found format "
                           "{found}").format(code=repr(typed), version=VERSION, found=values[0]), "version")
    serial = number(values[1:1 + SERIAL_SYMBOLS])
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
