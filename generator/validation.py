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

from .errors import Problem
from .yamlsource import Document, Loc

M = TypeVar("M", bound=BaseModel)


def parse(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate *doc* against *model*: the instance, or every problem found."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = [_problem(doc, model, err) for err in exc.errors(include_url=False)]
        return None, sorted(set(problems))


def format_loc(loc: Loc) -> str:
    """``('modules', 0, 'title')`` → ``modules[0].title``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def describe(value: Any) -> str:
    """How a found value is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'" if value else "empty text"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """``; did you mean 'x'?`` when a close choice exists, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


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
        return doc.problem(loc, f"{format_loc(loc)}: expected one of {tags}, found "
                           f"{describe(found)}{hint}")
    if kind == "missing":
        parent, name = loc[:-1], loc[-1]
        where = f"{format_loc(parent)}: " if parent else ""
        return doc.problem(parent, f"{where}missing required key '{name}'")
    if kind == "extra_forbidden":
        parent, name = loc[:-1], str(loc[-1])
        fields = _fields_at(model, parent, doc.data)
        hint = suggest(name, fields)
        allowed = ", ".join(fields)
        where = f"{format_loc(parent)}: " if parent else ""
        return doc.problem(
            loc, f"{where}unknown key '{name}'{hint} (expected one of: {allowed})", key=True,
        )
    expected = _expected(kind, ctx, err.get("msg", ""))
    if kind == "value_error" and isinstance(found, dict):  # a rule across keys of a mapping
        return doc.problem(loc, f"{format_loc(loc)}: expected {expected}")
    hint = ""
    if kind == "string_type" and isinstance(found, bool):
        hint = " (YAML reads unquoted yes/no/on/off/true/false as true or false: put it in quotes)"
    if kind == "literal_error" and isinstance(found, str):
        hint = suggest(found, [s.strip("'") for s in str(ctx.get("expected", "")).split(" or ")
                               for s in s.split(", ")])
    return doc.problem(loc, f"{format_loc(loc)}: expected {expected}, found {describe(found)}{hint}")


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "string_pattern_mismatch": "an id of lowercase letters, digits and hyphens (such as 'shouwen-fuze')",
    "string_too_short": "non-empty text",
    "url_type": "a web address starting with http:// or https://",
    "url_parsing": "a web address starting with http:// or https://",
    "url_scheme": "a web address starting with http:// or https://",
    "date_type": "a date such as 2027-03-01",
    "date_parsing": "a date such as 2027-03-01",
    "date_from_datetime_parsing": "a real date such as 2027-03-01",
    "time_type": "a time such as 09:30",
    "time_parsing": "a time such as 09:30",
}


def _expected(kind: str, ctx: dict[str, Any], msg: str) -> str:
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if kind == "literal_error":
        return f"one of {ctx.get('expected')}"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        n = ctx.get("max_length")
        return f"at most {n} item{'s' if n != 1 else ''}"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "greater_than":
        return f"a number greater than {_number(ctx.get('gt'))}"
    if kind == "greater_than_equal":
        return f"a number of at least {_number(ctx.get('ge'))}"
    if kind == "less_than":
        return f"a number less than {_number(ctx.get('lt'))}"
    if kind == "less_than_equal":
        return f"a number of at most {_number(ctx.get('le'))}"
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
