"""References to lessons, checked once every course has been read as far as it can be.

One mistake, one report: when a course file cannot be read (a YAML error) or its
modules and lessons cannot all be walked, a reference to a lesson that is not found
may well point into it. Such references are not reported as missing; one problem says
that they could not be checked, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.content.parse import suggest
from generator.errors import Problem
from generator.i18n import _, ngettext

#: Ids named in the note about references that could not be checked.
SHOWN_IDS = 5


@dataclass
class LessonIds:
    """The lesson ids of the project, and the course files whose lessons are not all known."""

    ids: set[str]
    unsure: list[str] = field(default_factory=list)
    deferred: list[tuple[tuple[str, int, int], str]] = field(default_factory=list)

    def missing(self, target: str, place: tuple[str, int, int]) -> bool:
        """Whether *target* is surely no lesson (report it); when unsure, remember *place*."""
        if target in self.ids:
            return False
        if self.unsure:
            self.deferred.append((place, target))
            return False
        return True

    def hint(self, target: str) -> str:
        return suggest(target, sorted(self.ids))

    def note(self) -> list[Problem]:
        """One problem for every reference that could not be checked, at the first of them."""
        if not self.deferred:
            return []
        (path, line, column), _target = min(self.deferred)
        targets = sorted({target for _place, target in self.deferred})
        more = ["…"] if len(targets) > SHOWN_IDS else []  # joined like the ids: "、…" in Chinese
        shown = _(", ").join([*targets[:SHOWN_IDS], *more])
        count = len(self.deferred)
        message = ngettext(
            "{count} reference to a lesson ({ids}) could not be checked, because {files} "
            "could not be read in full: fix the errors reported there first",
            "{count} references to lessons ({ids}) could not be checked, because {files} "
            "could not be read in full: fix the errors reported there first", count,
        ).format(count=count, ids=shown, files=_(", ").join(self.unsure))
        return [Problem(path, line, column, message, "not-checked")]
