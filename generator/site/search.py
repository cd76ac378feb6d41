"""The search plugin's settings for a build: domain terms that a query finds whole.

Material's search segments Chinese twice. At build time jieba cuts the pages' text into
words joined by zero-width spaces (U+200B), and the project's ``search-terms.txt``
(``jieba_dict_user``) keeps each domain term one word: 诫勉谈话 is one token of the index.
In the browser the query is cut again, against the index's own words, by a segmenter
that never looks at a run's last character: it takes the longest indexed word starting
at each position and ending before that character, and searches each piece as a prefix.
诫勉谈话 becomes ``诫勉* 谈*``, so a section about 考核谈话 outranks the one headed
第二步：仍不达标的诫勉谈话.

The one documented setting that reaches both sides is the plugin's ``separator`` (a
regular expression that may hold lookarounds). For each domain term of three or more
characters standing as a whole word, it adds a zero-width split before the last character:
the index holds 诫勉谈 + 话, the browser's segmenter finds 诫勉谈 as the longest word ending
before the query's last character, and the query ``诫勉谈*`` matches only the text that
holds the whole term. A two-character term has a one-character head that most texts share,
so it is left as jieba keeps it; a longer term whose head is a common word (执行 of 执行力)
gains nothing, the query staying ``执行*``. Material highlights the word it matched: the
head, in the results and on the page (诫勉谈 of 诫勉谈话).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: Material's separator for ``theme.language: zh`` (partials/languages/zh.html), used when
#: the project sets none: whitespace, U+200B (jieba's word boundary), hyphens, CJK punctuation.
DEFAULT_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"

#: The plugin's names in ``plugins:``.
SEARCH_PLUGINS = ("search", "material/search")

#: Shorter terms are left whole (see the module's docstring).
MIN_SPLIT_LENGTH = 3


def read_terms(path: Path) -> list[str]:
    """The words of a jieba user dictionary: the first field of each non-blank line."""
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return []  # MkDocs' search plugin reports a missing or unreadable dictionary itself
    return [line.split()[0] for line in text.splitlines() if line.strip()]


def term_split(term: str) -> str:
    """A zero-width split before *term*'s last character where the term is a whole word of
    the index: after a zero-width space or at the start of a field, and before a zero-width
    space. A typed query holds none, so the pieces the browser cut it into are not split
    again (首问负责, the head of the query 首问负责制)."""
    head, last = re.escape(term[:-1]), re.escape(term[-1])
    return rf"(?<![^\u200b]{head})(?<={head})(?={last}\u200b)"


def separator(base: str, terms: list[str]) -> str:
    """*base* or a split for each term long enough to gain from it, longest first.

    The splits sit behind one lookahead for any term's last character: the browser tries
    the separator at every character of the index, and one test there instead of one per
    term makes the splitting three times cheaper (benchmarks/README.md). Material's page
    highlighter cuts the separator at each ``|`` and turns the pieces that are only
    lookarounds into a character no text holds: what is left is still a valid expression.
    """
    kept = sorted({t for t in terms if len(t) >= MIN_SPLIT_LENGTH}, key=lambda t: (-len(t), t))
    if not kept:
        return base
    lasts = "".join(sorted({re.escape(t[-1]) for t in kept}))
    return rf"{base}|(?=[{lasts}]\u200b)(?:{'|'.join(term_split(t) for t in kept)})"


def search_plugins(config: dict[str, Any], root: Path) -> list[Any] | dict[str, Any] | None:
    """The project's ``plugins:`` with the search plugin's separator keeping domain terms whole
    for queries, or None when there is nothing to change (no search plugin, no term to split).
    *root* is the project's folder, which the plugin reads ``jieba_dict_user`` from.

    The generated mkdocs.yml inherits the project's. MkDocs merges a mapping of plugins on
    inheritance (the separator alone is written) but replaces a list: a list is written again
    whole, every other entry as it was, unless an option reads as nothing (a tag such as
    ``!ENV``, which the settings reader does not run): such a list is left alone, and the
    search is Material's own.
    """
    plugins = config.get("plugins", ["search"])
    entries: list[tuple[str | None, Any]]
    if isinstance(plugins, dict):
        entries = [(str(k), {} if v is None else v) for k, v in plugins.items()]
    elif isinstance(plugins, list):
        entries = [_entry(e) for e in plugins]
    else:
        return None
    for n, (name, options) in enumerate(entries):
        if name not in SEARCH_PLUGINS or not isinstance(options, dict):
            continue
        user_dict = options.get("jieba_dict_user")
        terms = read_terms(root / user_dict) if isinstance(user_dict, str) else []
        if not any(len(t) >= MIN_SPLIT_LENGTH for t in terms):
            return None
        base = options.get("separator")
        split = separator(base if isinstance(base, str) else DEFAULT_SEPARATOR, terms)
        if isinstance(plugins, dict):
            return {name: {"separator": split}}
        if any(_unread(o) for _n, o in entries):
            return None
        return [*plugins[:n], {name: {**options, "separator": split}}, *plugins[n + 1:]]
    return None


def _entry(entry: Any) -> tuple[str | None, Any]:
    """A ``plugins:`` entry as (name, options): ``- search`` or ``- search: {...}``."""
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and len(entry) == 1:
        name, options = next(iter(entry.items()))
        return str(name), options if options is not None else {}
    return None, None


def _unread(value: Any) -> bool:
    """Whether a plugin's options hold a value read as None (a tag the reader did not run)."""
    if isinstance(value, dict):
        return any(v is None or _unread(v) for v in value.values())
    if isinstance(value, list):
        return any(v is None or _unread(v) for v in value)
    return False
