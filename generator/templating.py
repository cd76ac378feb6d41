"""The one Jinja environment, its filters, and front matter: how every template prints values."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from generator.scoring.scorer import one_decimal


def nav_title(text: str) -> str:
    """A title as MkDocs and Material print it into the page, which they do unescaped."""
    return html.escape(text, quote=False)


#: Characters HTML or Markdown (with attr_list, tables and md_in_html) may read as markup.
_PLAIN = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                        **{c: f"&#{ord(c)};" for c in "'\\`*_{}[]()!|#~"}})


#: The start of a line that Markdown would read as a list item or a quotation.
_LEADING_MARK = re.compile(r"^(\s*)([-+>]|\d+(?=[.)](?:\s|$)))")


def plain_text(value: object) -> object:
    """A plain-text value as Markup that HTML and Markdown both show exactly as typed.

    The template environment's ``finalize``: Markup (rendered Markdown, front
    matter, JSON) passes through, and so do numbers.
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    text = " ".join(value.splitlines()).translate(_PLAIN)
    return Markup(_LEADING_MARK.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)),
                                    text))


def url(value: object) -> Markup:
    """A validated web address, written as it is (entities would break a Markdown link)."""
    return Markup(str(value).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20"))


#: Time zones a reader in China knows by another name.
ZONE_NAMES = {"Asia/Shanghai": "北京时间", "Asia/Chongqing": "北京时间", "Asia/Harbin": "北京时间",
              "Asia/Urumqi": "乌鲁木齐时间", "Asia/Hong_Kong": "香港时间", "Asia/Macau": "澳门时间",
              "Asia/Taipei": "台北时间"}


def zone_name(zone: str) -> str:
    """How a schedule's times are said: 北京时间, or the zone itself (“Europe/Berlin 时区”)."""
    return ZONE_NAMES.get(zone, f" {zone} 时区")


def format_hours(value: float) -> str:
    """2.0 → '2', 1.5 → '1.5'."""
    return f"{value:g}"


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: files from templates/, strict and escaping."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=plain_text,
    )
    # Figures made from numbers: Markup, so that "-0.26" is not taken for a list item.
    env.filters["hours"] = lambda value: Markup(format_hours(value))
    env.globals["zone_name"] = zone_name
    env.filters["url"] = url
    env.filters["number"] = lambda value: Markup(one_decimal(value))
    env.filters["two"] = lambda value: "—" if value is None else Markup(one_decimal(value, places=2))
    env.filters["signed"] = lambda value: ("—" if value is None
                                           else one_decimal(value, sign=True).replace("-", "−"))
    return env


def front_matter(**fields: Any) -> Markup:
    """YAML front matter for MkDocs, dumped safely (never through Jinja escaping)."""
    key = json.dumps(fields, ensure_ascii=False, sort_keys=False)
    if key not in _FRONT_MATTER:
        if len(_FRONT_MATTER) > CACHED_PAGES:
            _FRONT_MATTER.clear()
        dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        _FRONT_MATTER[key] = Markup(f"---\n{dumped}---\n")
    return _FRONT_MATTER[key]


#: Pages kept rendered between the rebuilds of ``serve`` (whose process lives on): a saved
#: change re-renders the pages it touches, not all of them (benchmarks/README.md).
CACHED_PAGES = 20_000


_FRONT_MATTER: dict[str, Markup] = {}
