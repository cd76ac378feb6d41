"""Say what a YAML syntax error means, for someone who has never heard of tokens; place it, and
a byte that is not UTF-8, as a problem (for content files and mkdocs.yml alike).

PyYAML reports what its parser expected (``expected <block end>, but found '?'``);
an author needs the mistake they made and its fix. The common ones are recognised
from the error and the source line: a colon or a quote inside unquoted text, a tab,
indentation that matches no level above, a list item among keys, an unclosed quote
or bracket, a character that cannot start a value, a Chinese colon after a key.
Anything else is still placed and worded plainly, with PyYAML's own words kept in
``detail`` (and shown in English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.errors import Problem
from generator.i18n import _, language

#: ``key: rest`` (after the indentation and an optional ``- ``), the key without ``#`` or quotes.
_KEY_LINE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"{\[][^:#]*?):(?:\s+(?P<rest>.*))?$")


def syntax_problem(display: str, exc: yaml.MarkedYAMLError, lines: list[str]) -> Problem:
    """A YAML syntax error as the mistake an author made, with its fix.

    PyYAML's own words are kept in ``detail`` and, in English, after the explanation.
    """
    raw = raw_message(exc)
    explained = explain(exc, lines)
    message = explained.message
    if language() == "en":
        message += f" (YAML: {raw})"
    return Problem(display, explained.line, explained.column, message, "yaml-syntax", raw)


def not_utf8(display: str, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """The place of the first byte that is not UTF-8, as a problem."""
    line = raw.count(b"\n", 0, exc.start) + 1
    before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start]
    column = len(before.decode("utf-8", errors="replace")) + 1
    bad = raw[exc.start : exc.start + 1].hex()
    return Problem(display, line, column, _("expected UTF-8 text, found the byte 0x{byte} "
                                            "(save the file as UTF-8)").format(byte=bad), "not-utf8")


def yaml_problem(display: str, exc: yaml.YAMLError, text: str) -> Problem:
    """Any error PyYAML raised on *text*, placed and worded as a problem of *display*."""
    if isinstance(exc, yaml.MarkedYAMLError):
        return syntax_problem(display, exc, text.splitlines())
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        return Problem(display, line, column, _("expected printable text, found {character}").format(
            character=repr(exc.character)), "not-utf8")
    return Problem(display, 1, 1, _("YAML syntax: {detail}").format(detail=exc), "yaml-syntax",
                   str(exc))


@dataclass(frozen=True)
class Explained:
    line: int
    column: int
    message: str


def raw_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's message in one line, as before: what it found, and what it was inside."""
    mark = exc.problem_mark or exc.context_mark
    what = (exc.problem or "invalid YAML").replace(", but got", ", found")
    what = what.replace("found unexpected end of stream", "found the end of the file")
    if exc.context and exc.context_mark and exc.context_mark != mark:
        what += (f" ({exc.context} that starts at line {exc.context_mark.line + 1}, "
                 f"column {exc.context_mark.column + 1})")
    elif exc.context:
        what = f"{exc.context}: {what}"
    return what


def explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> Explained:
    """The place and plain words of the mistake behind *exc* in a file of *lines*."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = exc.context_mark
    at_line, at_col = (opened.line + 1, opened.column + 1) if opened else (line, column)

    def source(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    text = source(line)
    if "'\\t'" in problem or "tab character" in problem:
        if text[: column - 1].strip():
            return Explained(line, column, _(
                "line {line} has a tab character (Tab) inside it; YAML accepts only spaces "
                "between a key and its value: replace the tab with a space").format(line=line))
        return Explained(line, column, _(
            "line {line} is indented with a tab character (Tab); YAML accepts only spaces: "
            "replace the tabs at the start of the line with spaces (most editors can insert "
            "spaces when Tab is pressed)").format(line=line))
    if "quoted scalar" in context and "end of" in problem:
        quote = source(at_line)[at_col - 1: at_col] or '"'
        return Explained(at_line, at_col, _(
            "the quote {quote} opened on line {line} is never closed: add the closing {quote} "
            "at the end of the text").format(quote=quote, line=at_line))
    if "flow sequence" in context or "flow mapping" in context:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return Explained(at_line, at_col, _(
            "the {bracket} opened on line {line} is not closed where expected: end the list "
            "with {closing} on the same line, and separate its entries with a comma and a "
            "space").format(bracket=bracket, closing=closing, line=at_line))
    if "cannot start any token" in problem or "alias" in context:
        char = text[column - 1: column] or "?"
        return Explained(line, column, _(
            "line {line}: a value cannot start with {char} in YAML: put the whole text in "
            "quotes, such as {example}").format(line=line, char=char,
                                                example=_quoted_example(text, column)))
    if "mapping values are not allowed" in problem:
        return _colon(line, column, lines)
    if "sequence entries are not allowed" in problem:
        return Explained(line, column, _(
            "line {line}: a list item (“- ”) cannot follow a key on the same line: put the "
            "text in quotes, or write the item on the next line, indented under the key"
        ).format(line=line))
    if "simple key" in context and "expected ':'" in problem and "：" in source(at_line):
        wrong = source(at_line)
        return Explained(at_line, wrong.index("：") + 1, _(
            "line {line} separates a key from its value with the Chinese colon “：”: YAML needs "
            "the English colon followed by a space, such as {example}").format(
                line=at_line, example=wrong.strip().replace("：", ": ", 1)))
    if "simple key" in context and "expected ':'" in problem:
        return Explained(at_line, at_col, _(
            "line {line} is neither a key with a colon (key: value) nor a list item (- value): "
            "add the key and a colon, or indent the text under the key it belongs to"
        ).format(line=at_line))
    if "block mapping" in context or "block collection" in context or "block end" in problem:
        return _block(line, column, at_line, text, source(at_line), lines[: line - 1])
    return Explained(line, column, _(
        "line {line} is not valid YAML: check the indentation, colons and quotes of this "
        "line and the line above").format(line=line))


def _colon(line: int, column: int, lines: list[str]) -> Explained:
    """``mapping values are not allowed``: a second ``: ``, a deeper indent, or a Chinese colon."""
    text = lines[line - 1] if line <= len(lines) else ""
    match = _KEY_LINE.match(text)
    rest = match.group("rest") if match else None
    if match and rest and ": " in rest + " " and match.end("key") + 1 < column:
        key = match.group("key").strip()
        return Explained(line, column, _(
            "the text on line {line} contains a colon followed by a space (“: ”), which YAML "
            "reads as the start of another key: put the whole text in quotes, such as "
            "{example}").format(line=line, example=f"{key}: {_quote(rest)}"))
    above = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), 0)
    if above and "：" in lines[above - 1] and ": " not in lines[above - 1] + " ":
        return Explained(above, lines[above - 1].index("：") + 1, _(
            "line {line} separates a key from its value with the Chinese colon “：”: YAML needs "
            "the English colon followed by a space, such as {example}").format(
                line=above, example=lines[above - 1].strip().replace("：", ": ", 1)))
    return Explained(line, _indent(text) + 1, _(
        "line {line} is indented more than the keys above it, so YAML reads it as part of the "
        "text before: indent the keys of one mapping by the same number of spaces"
    ).format(line=line))


def _block(line: int, column: int, at_line: int, text: str, opener: str,
           lines_before: list[str]) -> Explained:
    """A line that does not fit the list or mapping around it."""
    stripped = text.strip()
    if stripped.startswith("- ") or stripped == "-":
        return Explained(line, column, _(
            "line {line} is a list item (“- ”) among the keys of a mapping (which starts on line "
            "{start}): put it under a key that holds a list, indented below that key"
        ).format(line=line, start=at_line))
    before = text[: column - 1]
    if before.strip() and before.rstrip().endswith(("\"", "'")):
        return Explained(line, column, _(
            "line {line} has more text after a closing quote: put the whole text inside the "
            "quotes").format(line=line))
    if _indent(text) == _indent(opener) and opener.strip().startswith("-"):
        return Explained(line, _indent(text) + 1, _(
            "line {line} stands where the list items that start on line {start} stand, but does "
            "not start with “- ”: indent it further to belong to the item above, or start it "
            "with “- ” to make a new item").format(line=line, start=at_line))
    return Explained(line, _indent(text) + 1, _(
        "line {line} is indented {found} spaces, which matches no level above it ({levels}): "
        "indent it like the keys it belongs with").format(
            line=line, found=_indent(text), levels=_levels(lines_before)))


def _levels(lines: list[str]) -> str:
    """The indentations of the keys above, such as ``0, 2 or 4 spaces``."""
    kept = [t for t in lines if t.strip() and not t.lstrip().startswith("#")]
    found = sorted({_indent(t) for t in kept} | {_key_indent(t) for t in kept})
    if len(found) == 1:
        return _("{count} spaces").format(count=found[0])
    return _("{counts} or {last} spaces").format(counts=_(", ").join(map(str, found[:-1])),
                                               last=found[-1])


def _key_indent(text: str) -> int:
    """Where the key of a line starts: after the indentation and any ``- `` marks."""
    stripped = text.lstrip(" ")
    while stripped.startswith("- "):
        stripped = stripped[2:].lstrip(" ")
    return len(text) - len(stripped)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _quote(text: str) -> str:
    """*text* as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quoted_example(text: str, column: int) -> str:
    """The line with its value, from *column*, in quotes."""
    match = _KEY_LINE.match(text)
    if match and match.group("rest"):
        return f"{match.group('key').strip()}: {_quote(match.group('rest'))}"
    return _quote(text[column - 1:].strip())
