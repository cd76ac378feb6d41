"""Names as they are matched and ordered: normalised forms, 姓氏笔画 and pinyin order.

按姓氏笔画: fewer strokes first; at the same count, the shapes of the strokes in writing order,
横 before 竖 before 撇 before 点 before 折; then the next character of the name in the same way.
The table (``data/strokes.txt``, from cnchar-order, MIT: ``data/NOTICE.md``) covers all of
GB 2312 level 1; a character missing from it sorts after every character in it, by code point.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

#: Sort key of one character: known ones (0, strokes, shapes), unknown ones (1, 0, code point).
CharKey = tuple[int, int, str]


def normalise(text: str) -> str:
    """A name or unit as matched: NFKC (full-width forms half-width), no spaces of any kind."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Zs")


@cache
def strokes() -> dict[str, str]:
    """Character → its stroke shapes in writing order as digits 1–5 (横竖撇点折)."""
    text = resources.files("generator.register").joinpath("data/strokes.txt").read_text("utf-8")
    return {line[0]: line[1:] for line in text.splitlines() if line and not line.startswith("#")}


def char_key(char: str) -> CharKey:
    shapes = strokes().get(char)
    if shapes is None:
        return (1, 0, f"{ord(char):08x}")
    return (0, len(shapes), shapes)


def stroke_key(name: str) -> tuple[CharKey, ...]:
    """The key ordering *name* 按姓氏笔画."""
    return tuple(char_key(c) for c in normalise(name))


def unknown_chars(name: str) -> list[str]:
    """Characters of *name* the stroke table does not know (CJK ones only)."""
    table = strokes()
    return [c for c in normalise(name) if c not in table and unicodedata.category(c) == "Lo"]


def pinyin_key(name: str) -> tuple[str, ...]:
    """The key ordering *name* by pinyin (tone numbers after, ``--sort pinyin``)."""
    from pypinyin import Style, lazy_pinyin

    text = normalise(name)
    return (*lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True), text)
