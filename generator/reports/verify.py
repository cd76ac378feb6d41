"""Checking the 评价码 of rating forms as they stream in (``aggregate --key-file``).

Each distinct form (a duplicate submission is dropped before) is one of:

* ``verified``: its token's tag holds under the key for this form, cadre and period, and the
  token was not used before;
* ``unchecked``: it has a well-typed token, not yet used, and no key was given;
* ``none``: no token (counted apart; left out of the conclusion when tokens are required);
* ``rejected``: a mistyped token (check symbols), a forged one or one for another cadre or
  period (with the key), or a second use of a token: listed with its place, never counted.

A second use is told by the token's text: the first form read (in path order) keeps it.
Whom a rejected token was issued to is worked out at the end, over every cadre the inputs name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.content.models.appraisal import Appraisal
from generator.reports.inputs import Result
from generator.scoring import tokens

VERIFIED, UNCHECKED, NONE, REJECTED = "verified", "unchecked", "none", "rejected"


@dataclass
class Rejected:
    source: str
    line: int
    token: str
    reason: str  # mistyped, forged, other, reused; group (民主测评: another group's code)
    detail: str = ""  # the check's message; the cadre and period it was issued for; the first use


@dataclass
class TokenCheck:
    quiz: str
    key: bytes | None
    periods: list[str]
    used: dict[str, tuple[str, int]] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    seen_periods: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        (VERIFIED, UNCHECKED, NONE, REJECTED), 0))

    def check(self, result: Result) -> str:
        """What *result*'s token makes of it (see the module doc)."""
        self.subjects.add(result.subject)
        self.seen_periods.add(result.period)
        status = self._status(result)
        self.counts[status] += 1
        return status

    def _status(self, result: Result) -> str:
        if not result.token:
            return NONE
        try:
            token = tokens.read(result.token)
        except tokens.TokenError as exc:
            self._reject(result, result.token, "mistyped", exc.message)
            return REJECTED
        if self.key is not None and not tokens.verify(self.key, self.quiz, result.subject,
                                                      result.period, token):
            self._reject(result, token.text, "forged")
            return REJECTED
        first = self.used.get(token.text)
        if first is not None:
            self._reject(result, token.text, "reused", f"{first[0]}:{first[1]}")
            return REJECTED
        self.used[token.text] = (result.source, result.line)
        return VERIFIED if self.key is not None else UNCHECKED

    def _reject(self, result: Result, token: str, reason: str, detail: str = "") -> None:
        self.rejected.append(Rejected(result.source, result.line, token, reason, detail))

    def finish(self) -> list[Rejected]:
        """The rejected forms, those issued for another cadre or period named as such."""
        if self.key is not None:
            for entry in self.rejected:
                if entry.reason == "forged":
                    self._whose(entry)
        return sorted(self.rejected, key=lambda r: (r.source, r.line))

    def _whose(self, entry: Rejected) -> None:
        token = tokens.read(entry.token)
        assert self.key is not None
        for subject in sorted(self.subjects):
            for period in self.periods or sorted(self.seen_periods):
                if tokens.verify(self.key, self.quiz, subject, period, token):
                    entry.reason, entry.detail = "other", f"{subject}，{period}"
                    return


#: A 民主测评 form without a 评价码 where its group requires one: counted apart, left out.
MISSING = "missing"

@dataclass
class AppraisalTokens:
    """The 评价码 of 民主测评 forms: one form per code, the code of the rater's own group.

    A group with ``token: none`` takes none (a code typed anyway is ignored); ``required``
    leaves a form without one out (``missing``), ``optional`` counts it apart (``none``)."""

    form: Appraisal
    key: bytes | None
    used: dict[str, tuple[str, int]] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        (VERIFIED, UNCHECKED, NONE, MISSING, REJECTED), 0))

    def check(self, source: str, line: int, group: str, token: str | None) -> str:
        status = self._status(source, line, group, token)
        self.counts[status] += 1
        return status

    def _status(self, source: str, line: int, group: str, token: str | None) -> str:
        groups = [g.id for g in self.form.groups]
        policy = self.form.groups[groups.index(group)].token
        if policy == "none" or not token:
            return MISSING if policy == "required" else NONE
        try:
            read = tokens.read(token, tokens.APPRAISAL_VERSION)
        except tokens.TokenError as exc:
            self.rejected.append(Rejected(source, line, token, "mistyped", exc.message))
            return REJECTED
        text = read.text
        index = read.group if read.group is not None else -1
        if index != groups.index(group):
            named = self.form.groups[index].name if 0 <= index < len(groups) else str(index)
            self.rejected.append(Rejected(source, line, text, "group", named))
            return REJECTED
        if self.key is not None and not tokens.verify_appraisal(
                self.key, self.form.id, self.form.period or "", groups,
                [s.id for s in self.form.cadres()], read):
            self.rejected.append(Rejected(source, line, text, "forged"))
            return REJECTED
        first = self.used.get(text)
        if first is not None:
            self.rejected.append(Rejected(source, line, text, "reused", f"{first[0]}:{first[1]}"))
            return REJECTED
        self.used[text] = (source, line)
        return VERIFIED if self.key is not None else UNCHECKED
