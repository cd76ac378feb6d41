"""Turn pydantic's validation errors into ``path:line:col`` problems.

Every message says where (a readable key path), what was expected and what
was found; an unknown key also gets a "did you mean" hint.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.yamlsource import Document, Loc
from generator.errors import Problem
from generator.i18n import N_, _, join_or, ngettext

M = TypeVar("M", bound=BaseModel)


def parse(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate *doc* against *model*: the instance, or every problem found."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = _misspelt_required(doc, model, exc.errors(include_url=False))
        problems = [_problem(doc, model, err) for err in errors]
        return None, sorted(set(problems))


def format_loc(loc: Loc) -> str:
    """``('modules', 0, 'title')`` → ``modules[0].title``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("(top level)")


def describe(value: Any) -> str:
    """How a found value is named in a message."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'" if value else _("empty text")
    if isinstance(value, list):
        return (ngettext("a list of {count}", "a list of {count}", len(value)).format(
            count=len(value)) if value else _("an empty list"))
    if isinstance(value, dict):
        return _("a mapping of keys")
    return type(value).__name__


def closest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The choice *word* most likely misspells, if any is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """``; did you mean 'x'?`` when a close choice exists, else nothing."""
    close = closest(word, choices)
    return _("; did you mean '{word}'?").format(word=close) if close else ""


def quoted_choices(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` joined again in the current language."""
    return join_or([s for part in expected.split(" or ") for s in part.split(", ")])


def where(loc: Loc) -> str:
    """``modules[0]: `` before a message about something inside *loc*; nothing at the top."""
    return _("{where}: ").format(where=format_loc(loc)) if loc else ""


def _data_loc(model: type[BaseModel], data: Any, loc: tuple[Any, ...]) -> Loc:
    """Drop the tags pydantic puts into a loc after each discriminated union."""
    kept: list[str | int] = []
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, list) and isinstance(data, dict) and part == data.get("type"):
            current = next((m for m in current if _tag_of(m) == part), None)
            continue
        kept.append(part)
        current = _step(current, part)
        data = _child(data, part)
    return tuple(kept)


def _step(current: Any, part: str | int) -> Any:
    """The annotation one loc part below *current* (a model, a list, or None)."""
    if isinstance(part, int):
        return _unwrap(current, item=True)
    if isinstance(current, type) and issubclass(current, BaseModel):
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        return field.annotation if field else None
    return None


def _misspelt_required(doc: Document, model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """One error for a misspelt required key, where pydantic gives two.

    ``keypoints:`` written for the required ``key_points:`` is both an unknown key and a
    missing one; when the unknown key's closest match is the missing key, the two become one
    ``misspelt_required`` error at the unknown key (its ``ctx`` names the key meant).
    """
    missing = {_data_loc(model, doc.data, err["loc"]): err for err in errors
               if err["type"] == "missing"}
    replaced: set[int] = set()  # ids of the "missing" errors that an unknown key explains
    result = []
    for err in errors:
        if missing and err["type"] == "extra_forbidden":
            loc = _data_loc(model, doc.data, err["loc"])
            meant = closest(str(loc[-1]), _fields_at(model, loc[:-1], doc.data))
            wanted = missing.get(loc[:-1] + (meant,)) if meant is not None else None
            if wanted is not None and id(wanted) not in replaced:
                replaced.add(id(wanted))
                err = {**err, "type": "misspelt_required", "ctx": {"meant": meant}}
        result.append(err)
    return [err for err in result if id(err) not in replaced]


def _problem(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    loc = _data_loc(model, doc.data, err["loc"])
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    found = err.get("input")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        loc = loc + ("type",)
        tags = str(ctx.get("expected_tags", ""))
        found = ctx.get("tag")
        hint = suggest(found, [t.strip(" '") for t in tags.split(",")]) if found else ""
        return doc.problem(loc, _("{where}: expected one of {choices}, found {found}{hint}").format(
            where=format_loc(loc), choices=_(", ").join(t.strip() for t in tags.split(",")),
            found=describe(found), hint=hint))
    if kind == "missing":
        parent, name = loc[:-1], loc[-1]
        return doc.problem(parent, where(parent) + _("missing required key '{key}'").format(
            key=name), code="missing-key")
    if kind == "misspelt_required":
        parent, name = loc[:-1], str(loc[-1])
        return doc.problem(loc, where(parent) + _(
            "unknown key '{key}'; did you mean the required key '{meant}'?").format(
                key=name, meant=ctx["meant"]), key=True, code="unknown-key")
    if kind == "extra_forbidden":
        parent, name = loc[:-1], str(loc[-1])
        fields = _fields_at(model, parent, doc.data)
        return doc.problem(loc, where(parent) + _(
            "unknown key '{key}'{hint} (expected one of: {allowed})").format(
                key=name, hint=suggest(name, fields), allowed=", ".join(fields)),
            key=True, code="unknown-key")
    expected = _expected(kind, ctx, err.get("msg", ""))
    if kind == "value_error" and isinstance(found, dict):  # a rule across keys of a mapping
        return doc.problem(loc, _("{where}: expected {expected}").format(
            where=format_loc(loc), expected=expected))
    hint = ""
    if kind == "string_type" and isinstance(found, bool):
        hint = _(" (YAML reads unquoted yes/no/on/off/true/false as true or false: put it in quotes)")
    if found is None and _comment_after(doc, loc):
        hint = _(" (YAML reads the text after “#” as a comment and leaves it out: put the whole "
                 "text in quotes, such as {example})").format(example=_comment_after(doc, loc))
    if kind == "literal_error" and isinstance(found, str):
        hint = suggest(found, [s.strip("'") for s in str(ctx.get("expected", "")).split(" or ")
                               for s in s.split(", ")])
    code = "expected-type" if kind in _TYPES else "invalid-value"
    return doc.problem(loc, _("{where}: expected {expected}, found {found}{hint}").format(
        where=format_loc(loc), expected=expected, found=describe(found), hint=hint), code=code)


def _comment_after(doc: Document, loc: Loc) -> str:
    """For a value YAML read as nothing because its text starts with ``#``: the line, quoted."""
    line = doc.mark(loc)[0]
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    key, colon, rest = text.partition(":")
    rest = rest.strip()
    if not colon or not rest.startswith("#"):
        return ""
    value = rest.replace("\\", "\\\\").replace('"', '\\"')
    return f'{key.strip().removeprefix("- ")}: "{value}"'


_EXPECTED = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "int_parsing": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "float_type": N_("a number"),
    "float_parsing": N_("a number"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
    "list_type": N_("a list"),
    "dict_type": N_("a mapping of keys"),
    "model_type": N_("a mapping of keys"),
    "model_attributes_type": N_("a mapping of keys"),
    "string_pattern_mismatch": N_("an id of lowercase letters, digits and hyphens (such as "
                                  "'shouwen-fuze')"),
    "string_too_short": N_("non-empty text"),
    "url_type": N_("a web address starting with http:// or https://"),
    "url_parsing": N_("a web address starting with http:// or https://"),
    "url_scheme": N_("a web address starting with http:// or https://"),
    "date_type": N_("a date such as 2027-03-01"),
    "date_parsing": N_("a date such as 2027-03-01"),
    "date_from_datetime_parsing": N_("a real date such as 2027-03-01"),
    "time_type": N_("a time such as 09:30"),
    "time_parsing": N_("a time such as 09:30"),
}

#: Pydantic's errors that say a value is of the wrong kind (code ``expected-type``).
_TYPES = {"string_type", "int_type", "int_parsing", "int_from_float", "float_type",
          "float_parsing", "bool_type", "bool_parsing", "list_type", "dict_type", "model_type",
          "model_attributes_type", "url_type", "date_type", "time_type"}


def _expected(kind: str, ctx: dict[str, Any], msg: str) -> str:
    if kind in _EXPECTED:
        return _(_EXPECTED[kind])
    if kind == "literal_error":
        return _("one of {choices}").format(choices=quoted_choices(str(ctx.get("expected"))))
    if kind == "too_short":
        n = int(ctx.get("min_length", 1))
        return ngettext("at least {count} item", "at least {count} items", n).format(count=n)
    if kind == "too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("at most {count} item", "at most {count} items", n).format(count=n)
    if kind == "string_too_long":
        return _("at most {count} characters").format(count=ctx.get("max_length"))
    if kind == "greater_than":
        return _("a number greater than {limit}").format(limit=_number(ctx.get("gt")))
    if kind == "greater_than_equal":
        return _("a number of at least {limit}").format(limit=_number(ctx.get("ge")))
    if kind == "less_than":
        return _("a number less than {limit}").format(limit=_number(ctx.get("lt")))
    if kind == "less_than_equal":
        return _("a number of at most {limit}").format(limit=_number(ctx.get("le")))
    if kind in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg[:1].lower() + msg[1:]


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _fields_at(model: type[BaseModel], loc: Loc, data: Any) -> list[str]:
    """The keys the model accepts at *loc* (for hints on unknown keys)."""
    current: Any = model
    for part in loc:
        current = _step(_pick(_unwrap(current), data), part)
        data = _child(data, part)
    current = _pick(_unwrap(current), data)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _pick(current: Any, data: Any) -> Any:
    """A union of models resolved by the data's ``type`` tag; anything else as it is."""
    if isinstance(current, list):
        tag = data.get("type") if isinstance(data, dict) else None
        return next((m for m in current if _tag_of(m) == tag), None)
    return current


def _child(data: Any, part: str | int) -> Any:
    if isinstance(data, dict):
        return data.get(part)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return None


def _tag_of(model: Any) -> Any:
    is_model = isinstance(model, type) and issubclass(model, BaseModel)
    field = model.model_fields.get("type") if is_model else None
    args = typing.get_args(field.annotation) if field else ()
    return args[0] if args else None


def _unwrap(tp: Any, *, item: bool = False) -> Any:
    """Strip ``Annotated``, ``X | None`` and, when *item*, one ``list[...]``."""
    while True:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Annotated:
            tp = args[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            if len(members) > 1:
                return members  # a discriminated union: the caller picks by tag
            tp = members[0]
        elif item and origin in (list, tuple):
            tp, item = args[0], False
        else:
            return tp
