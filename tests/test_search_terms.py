"""Domain terms in the search index: jieba keeps each whole, and the separator the build
writes splits each term of three characters or more before its last character in the index
only, so that the browser's query segmenter finds the term's head (generator/site/search.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config.settings import read_settings
from generator.site.build import generate
from generator.site.project import load_project
from generator.site.search import DEFAULT_SEPARATOR, read_terms, search_plugins, separator
from tests.conftest import REPO

ZWSP = "\u200b"


def tokens(text: str, pattern: str) -> list[str]:
    """Split as Material's tokenizer does: at every match, empty pieces left out."""
    return [t for t in re.split(pattern, text) if t]


def test_a_term_is_split_before_its_last_character_only_where_jieba_left_it_whole() -> None:
    pattern = separator(DEFAULT_SEPARATOR, ["诫勉谈话", "首问负责", "首问负责制", "显绩"])
    assert tokens(f"进行{ZWSP}诫勉谈话{ZWSP}，", pattern) == ["进行", "诫勉谈", "话"]
    assert tokens(f"诫勉谈话{ZWSP}的", pattern) == ["诫勉谈", "话", "的"]  # a field's first word
    # A nested term is split at its own last character, not at the shorter term's.
    assert tokens(f"理解{ZWSP}首问负责制{ZWSP}的", pattern) == ["理解", "首问负责", "制", "的"]
    assert tokens(f"落实{ZWSP}首问负责{ZWSP}。", pattern) == ["落实", "首问负", "责"]
    # Not inside another word, not a two-character term, not a query as typed.
    assert tokens(f"{ZWSP}首问负责人{ZWSP}", pattern) == ["首问负责人"]
    assert tokens(f"{ZWSP}显绩{ZWSP}", pattern) == ["显绩"]
    assert tokens("首问负责", pattern) == ["首问负责"]
    assert separator(DEFAULT_SEPARATOR, ["显绩"]) == DEFAULT_SEPARATOR
    # Characters special to a regular expression are taken as they are written.
    odd = separator(DEFAULT_SEPARATOR, ["C++课]", "a.b^"])
    assert tokens(f"学{ZWSP}C++课]{ZWSP}a.b^{ZWSP}axb^", odd) == ["学", "C++课", "]", "a.b", "^", "axb^"]


def test_terms_are_read_as_jieba_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "terms.txt"
    path.write_text("\ufeff诫勉谈话 n\n\n首问负责 20 n\n  \n容错纠错\n", encoding="utf-8")
    assert read_terms(path) == ["诫勉谈话", "首问负责", "容错纠错"]
    assert read_terms(tmp_path / "missing.txt") == []


@pytest.mark.parametrize(("plugins", "expected"), [
    (None, None),  # MkDocs' default search, no user dictionary: nothing to split
    (["search", "tags"], None),
    ([{"search": {"jieba_dict_user": "terms.txt"}}, "offline"], "terms"),
    ([{"material/search": {"jieba_dict_user": "terms.txt", "separator": "[\\s]+"}}], "own"),
    ([{"search": {"jieba_dict_user": "short.txt"}}], None),
    # A tag such as !ENV reads as None: rewriting the list would lose its value.
    ([{"search": {"jieba_dict_user": "terms.txt"}}, {"offline": {"enabled": None}}], None),
], ids=["default", "no-dictionary", "dictionary", "own-separator", "only-short-terms",
        "unread-option"])
def test_the_search_plugin_gets_the_splits_and_every_other_plugin_stays(
    tmp_path: Path, plugins: list[Any] | None, expected: str | None
) -> None:
    (tmp_path / "terms.txt").write_text("诫勉谈话 n\n显绩 n\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text("显绩 n\n", encoding="utf-8")
    config = {} if plugins is None else {"plugins": plugins}
    result = search_plugins(config, tmp_path)
    if expected is None:
        assert result is None
        return
    assert result is not None and plugins is not None
    [entry] = [e for e in result if isinstance(e, dict)]
    [(name, options)] = entry.items()
    assert name == next(iter(plugins[0]))
    base = "[\\s]+" if expected == "own" else DEFAULT_SEPARATOR
    assert options == {"jieba_dict_user": "terms.txt",
                       "separator": separator(base, ["诫勉谈话"])}
    assert result[1:] == plugins[1:]


def test_a_mapping_of_plugins_gets_only_the_search_entry(tmp_path: Path) -> None:
    """MkDocs merges a mapping on inheritance: the other plugins stay as the project wrote them."""
    (tmp_path / "terms.txt").write_text("诫勉谈话 n\n", encoding="utf-8")
    config = {"plugins": {"search": {"jieba_dict_user": "terms.txt"}, "offline": {"enabled": None}}}
    assert search_plugins(config, tmp_path) == {
        "search": {"separator": separator(DEFAULT_SEPARATOR, ["诫勉谈话"])}}


def test_the_generated_config_carries_the_separator_and_the_projects_plugins(
    project: Path,
) -> None:
    own = read_settings(project / "mkdocs.yml")
    written = generate(load_project(project)).config
    config = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert [list(p) if isinstance(p, dict) else p for p in config["plugins"]] == [
        list(p) if isinstance(p, dict) else p for p in own["plugins"]]
    search = config["plugins"][0]["search"]
    assert search["jieba_dict_user"] == "search-terms.txt"
    assert search["separator"] == separator(DEFAULT_SEPARATOR,
                                            read_terms(project / "search-terms.txt"))


def test_the_built_index_keeps_every_domain_term_whole(default_site: Path) -> None:
    """Every term of search-terms.txt that the pages use is one jieba word in the index (a
    term cut in two is found by neither query), and the index's separator splits each term
    of three characters or more there, before its last character."""
    index = json.loads((default_site / "search" / "search_index.json").read_text("utf-8"))
    pattern = index["config"]["separator"]
    text = ZWSP.join(d["title"] + ZWSP + d["text"] for d in index["docs"])
    words = set(re.split(r"[\s\u200b<>]+", text))
    plain = text.replace(ZWSP, "")
    used = [t for t in read_terms(REPO / "search-terms.txt") if t in plain]
    assert len(used) >= 40
    assert [t for t in used if t not in words] == []
    for term in (t for t in used if len(t) >= 3):
        assert tokens(f"{ZWSP}{term}{ZWSP}", pattern) == [term[:-1], term[-1]], term
