"""Checking a text against the article: for every clause that states a figure, a verdict that says why.

The record a clause is about is found by the resolver (Index.understand), given the clause's words with the
figure taken out; never by a loose search. Then (docs/checking.md):
- the resolver names one record: the figure is compared with the record's (numbers.agrees): `supported`, or
  `contradicted` for the `figure` (or the `measure`, when the figure is in another unit: a count for a share);
- it names none, but the clause says a record's subject and differs from it in a named way: `contradicted`
  for the `period` (another year or part of one), the `measure` (a level for a growth) or the `scope` (a missing
  qualifier: drones for consumer drones; another scope: the global market for China's high-end market);
- nothing in the dataset is about it (no record's subject is said, or words nothing accounts for remain, even
  beside a named difference): `not_in_source`, a note rather than a failure.
A qualifier said earlier in the same sentence carries over to the clauses after it ("BYD's revenue grew 57.75 %
and its net profit 129.47 %": the second clause is BYD's too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from shenzhen_facts.core import numbers
from shenzhen_facts.core.draft import Claim, claims

if TYPE_CHECKING:
    from shenzhen_facts.core.model import Record
    from shenzhen_facts.core.reading import Difference, Reading, Understanding

SUPPORTED, CONTRADICTED, NOT_IN_SOURCE = "supported", "contradicted", "not_in_source"
VERDICTS = (SUPPORTED, CONTRADICTED, NOT_IN_SOURCE)
REASONS = ("figure", "scope", "period", "measure")


class Verdict(NamedTuple):
    """What the article says about one clause of a text."""

    line: int
    column: int  # where the figure starts, 1-based, in characters of the line
    text: str  # the clause
    verdict: str  # SUPPORTED, CONTRADICTED or NOT_IN_SOURCE
    reason: str | None  # for CONTRADICTED: "figure", "scope", "period" or "measure"
    record: Record | None  # the record the clause is about (None when not in the source)
    stated: str  # the figure as the clause states it
    differs: tuple[Difference, ...] = ()  # for scope/period/measure: how the clause differs from the record
    unexplained: tuple[str, ...] = ()  # for NOT_IN_SOURCE: the words nothing in the dataset accounts for

    @property
    def quote(self) -> str | None:
        return self.record.quote if self.record is not None else None


Understand = Callable[[str], "Understanding"]


def check(text: str, understand: Understand) -> Iterator[Verdict]:
    """A verdict for every clause of `text` that states a figure, in order of the text."""
    seen: dict[str, Understanding] = {}  # drafts repeat their phrasings; the resolver need read each once

    def cached(words: str) -> Understanding:
        found = seen.get(words)
        if found is None:
            found = seen[words] = understand(words)
        return found

    for claim in claims(text):
        verdict = judge(claim, cached)
        if verdict is not None:
            yield verdict


def judge(claim: Claim, understand: Understand) -> Verdict | None:
    """The verdict on one clause; None when the clause names a record that states no figure (a target's year)."""
    if claim.stated.unit == numbers.RANK:
        # "first", "No. 1", 第一 say a rank, and the figure is taken out of the words the resolver reads: the
        # word for what they say goes back in ("BYD is No. 1 in global NEV sales" asks for BYD's rank).
        asked = understand
        understand = lambda words: asked(f"{words} rank")  # noqa: E731
    understood = _understood(claim, claim.words, understand)
    if not _decided(understood):
        # A clause that says more than any record does may be about one in a narrower part: first without what
        # follows the figure's comma, then the part between the commas around the figure alone, which keeps a
        # period said before it ("到2030年，深圳要打造形成4个…" must not pass for the 2025 target).
        wider = understood
        leading = _understood(claim, claim.leading, understand) if claim.leading else None
        if leading is not None and _decided(leading):
            understood = leading
        else:
            wider = leading or wider
            narrower = _understood(claim, claim.narrow, understand) if claim.narrow else None
            if narrower is not None and _decided(narrower):
                understood = _keeping_period(narrower, wider)
    record = understood.answer
    if record is None:
        record = _only_fitting(claim, understood.readings)
    if record is not None:
        if record.quantity is None:
            return None
        agreement = numbers.agrees(claim.stated, record)
        if agreement.ok:
            return _verdict(claim, SUPPORTED, None, record)
        return _verdict(claim, CONTRADICTED, agreement.aspect, record)
    if not understood.readings:
        return _verdict(claim, NOT_IN_SOURCE, None, None)
    best = understood.readings[0]
    if best.record.quantity is None and not best.unexplained:
        return None  # about a target or an event: the number is not a figure the article gives for it
    if not best.differs or best.unexplained:
        # Words nothing accounts for make it another thing ("high-tech enterprises" is not the enterprises on
        # the cloud): the article says nothing about it, rather than something else about it.
        return _verdict(claim, NOT_IN_SOURCE, None, None, unexplained=best.unexplained)
    aspects = {difference.aspect for difference in best.differs}
    reason = next(r for r in ("period", "measure", "scope") if r in aspects or (r == "scope" and aspects))
    return _verdict(claim, CONTRADICTED, reason, best.record, differs=best.differs)


def _understood(claim: Claim, words: str, understand: Understand) -> Understanding:
    """What the resolver makes of the words, with the qualifiers the sentence said before them carried over."""
    understood = understand(words)
    if understood.answer is None and understood.readings:
        carried = _carry_qualifiers(claim, words, understood.readings[0])
        if carried is not None:
            with_them = understand(carried)
            if _decided(with_them):
                return with_them
    return understood


def _keeping_period(narrower: Understanding, wider: Understanding) -> Understanding:
    """The narrower understanding, unless the wider one read the same record with another period."""
    record = narrower.answer or narrower.readings[0].record
    for reading in wider.readings:
        if reading.record == record and any(d.aspect == "period" for d in reading.differs):
            periods = tuple(d for d in reading.differs if d.aspect == "period")
            return wider._replace(answer=None, readings=(reading._replace(differs=periods, unexplained=()),))
    return narrower


def _decided(understood: Understanding) -> bool:
    """It names a record, or a named difference from one with nothing left unaccounted for."""
    if understood.answer is not None:
        return True
    return bool(understood.readings) and bool(understood.readings[0].differs) and not understood.readings[0].unexplained


def _verdict(
    claim: Claim,
    verdict: str,
    reason: str | None,
    record: Record | None,
    differs: tuple[Difference, ...] = (),
    unexplained: tuple[str, ...] = (),
) -> Verdict:
    return Verdict(
        claim.line, claim.column, claim.text, verdict, reason, record, claim.stated.text, differs, unexplained
    )


def _only_fitting(claim: Claim, readings: tuple[Reading, ...]) -> Record | None:
    """Where several records fit the words equally (none answers), the one whose figure is in the clause's unit.

    "新能源汽车产量 1/8": the share of global output and the growth of output both fit the words; only the share is a
    fraction of a whole. Two that remain are left undecided: the clause is then not in the source."""
    fitting = [r.record for r in readings if not r.differs and not r.unexplained]
    if len(fitting) < 2:
        return None
    same_unit = [r for r in fitting if r.quantity is not None and numbers.unit_of(r) == claim.stated.unit]
    return same_unit[0] if len(same_unit) == 1 else None


def _carry_qualifiers(claim: Claim, words: str, reading: Reading) -> str | None:
    """The clause's words with the qualifiers it lacks, when the sentence said them before this clause."""
    missing = [d for d in reading.differs if d.aspect == "qualifier" and not d.said]
    if not missing or len(missing) != len(reading.differs) or not claim.before:
        return None
    about = reading.record.about
    groups = about.qualifiers if about is not None else ()
    before = claim.before.casefold()
    added: list[str] = []
    for difference in missing:
        # every wording of the group the difference names (its label shows only the first of each language)
        group = next(
            (g for g in groups if any(w in difference.expected for w in g)),
            tuple(w.strip() for w in difference.expected.split("/")),
        )
        said = next((w for w in sorted(group, key=len, reverse=True) if w and w.casefold() in before), None)
        if said is None:
            return None
        added.append(said)
    return " ".join([*added, words])
