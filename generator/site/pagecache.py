"""Rendered lesson pages kept between the rebuilds of ``serve``, with what each one showed.

A lesson page shows its own lesson, module and course, and the link and title of the
lessons it names (先修课程, ``(id:lesson)`` links in its Markdown). The maps it reads
them from note each id looked up, so a cached page is used again only while every link
and title it showed is unchanged: renaming one lesson re-renders the pages that name it,
not all of them.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.templating import CACHED_PAGES


@dataclass(frozen=True)
class Page:
    """A generated Markdown file, relative to the docs folder."""

    path: str
    text: str


class Used:
    """The ids whose link or title a page looked up (or all of them, once it went over all)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.everything = False


class Links(Mapping[str, str]):
    """Id → relative link from one page; computed on use, since a page links to few."""

    def __init__(self, paths: dict[str, str], page: str, used: Used) -> None:
        self.paths = paths
        self.base = posixpath.dirname(page)
        self.used = used

    def __getitem__(self, ident: str) -> str:
        self.used.ids.add(ident)
        return posixpath.relpath(self.paths[ident], self.base)

    def __iter__(self) -> Iterator[str]:
        self.used.everything = True
        return iter(self.paths)

    def __len__(self) -> int:
        self.used.everything = True
        return len(self.paths)


class Titles(Mapping[str, str]):
    """Lesson id → title, noting which ones a page printed."""

    def __init__(self, titles: dict[str, str], used: Used) -> None:
        self.titles = titles
        self.used = used

    def __getitem__(self, ident: str) -> str:
        self.used.ids.add(ident)
        return self.titles[ident]

    def __iter__(self) -> Iterator[str]:
        self.used.everything = True
        return iter(self.titles)

    def __len__(self) -> int:
        self.used.everything = True
        return len(self.titles)


Shown = dict[str, tuple[str | None, str | None]]


def _shown(ids: set[str] | None, paths: dict[str, str], titles: dict[str, str]) -> Shown | str:
    """The link and title of each of *ids*; for None (every id), both whole maps as JSON."""
    if ids is None:
        return json.dumps([paths, titles], ensure_ascii=False)
    return {ident: (paths.get(ident), titles.get(ident)) for ident in ids}


class PageCache:
    """Pages by what they are made of, each with the links and titles it showed."""

    def __init__(self) -> None:
        self.pages: dict[tuple[object, ...], tuple[Page, Shown | str]] = {}

    def get(self, key: tuple[object, ...], paths: dict[str, str], titles: dict[str, str]
            ) -> Page | None:
        """The page kept for *key*, if every link and title it showed is still the same."""
        kept = self.pages.get(key)
        if kept is None:
            return None
        page, shown = kept
        ids = None if isinstance(shown, str) else set(shown)
        return page if _shown(ids, paths, titles) == shown else None

    def put(self, key: tuple[object, ...], page: Page, used: Used, paths: dict[str, str],
            titles: dict[str, str]) -> None:
        if len(self.pages) > CACHED_PAGES:
            self.pages.clear()
        self.pages[key] = (page, _shown(None if used.everything else used.ids, paths, titles))


#: Lives as long as the process: serve's MkDocs process keeps it between rebuilds.
LESSON_PAGES = PageCache()
