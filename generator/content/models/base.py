"""Shared building blocks of the content models."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: Stable identifiers: they become file names and URLs, so keep them ASCII.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="稳定标识：小写字母、数字和连字符，如 jiaoyu-yindao；用作网址，发布后不要修改"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class MarkdownText:
    """Marks a text field as Markdown: rendered as Markdown, so its links are checked.

    The checks find Markdown fields by this mark on the models' types
    (``generator.content.walk``): declaring a field ``Markdown`` is the one edit needed.
    """

    def __repr__(self) -> str:
        return "MarkdownText()"


Markdown = Annotated[str, StringConstraints(min_length=1), MarkdownText()]


def fingerprint_of(data: object) -> str:
    """16 hex digits of SHA-256 over canonical JSON: the one fingerprint rule of the project."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class ContentModel(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        frozen=True,
    )

    def fingerprint(self) -> str:
        """Changes whenever the content changes: keys what readers keep on their devices.

        Defaults are left out, so that a new optional field does not change it."""
        return fingerprint_of(self.model_dump(mode="json", by_alias=True, exclude_defaults=True))
