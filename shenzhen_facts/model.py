"""The typed records of a dataset. Plain data: no I/O, no terminal, no validation (that is dataset.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

# Kinds of figure a record can be; `target` and `event` are the timeline's entries.
FIGURE_KINDS = ("share", "growth", "count", "money", "ratio", "rank")
KINDS = (*FIGURE_KINDS, "target", "event")
OUTCOMES = ("met", "missed")
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Source:
    """A publication that records quote from."""

    id: str
    publication: str
    publication_zh: str
    published: str
    published_zh: str


@dataclass(frozen=True)
class Outcome:
    """What became of a target, where a source says so. The bundled article records none."""

    status: str  # one of OUTCOMES
    quote: str
    source: Source


@dataclass(frozen=True)
class Record:
    """One fact of the article: a figure, a target or an event, with the clause that states it."""

    id: str
    kind: str
    name: str
    name_zh: str
    aliases: tuple[str, ...]
    period: str
    period_zh: str
    source: Source
    quote: str
    stated: str | None = None
    value: Fraction | None = None
    unit: str | None = None
    qualifier: str | None = None
    scope: str | None = None
    scope_zh: str | None = None
    note: str | None = None
    note_zh: str | None = None
    deadline: int | None = None
    date: date | None = None
    related: tuple[str, ...] = ()
    outcome: Outcome | None = None

    @property
    def year(self) -> int | None:
        """The year a timeline entry belongs to: the event's year or the target's deadline."""
        if self.date is not None:
            return self.date.year
        return self.deadline


@dataclass(frozen=True)
class Dataset:
    """All records of one dataset file, in file order, with where they came from."""

    records: tuple[Record, ...]
    sources: tuple[Source, ...]
    origin: str = "bundled data.toml"
    by_id: dict[str, Record] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update((record.id, record) for record in self.records)

    def kinds(self) -> dict[str, int]:
        """How many records of each kind, in the order of KINDS."""
        counts = {kind: 0 for kind in KINDS}
        for record in self.records:
            counts[record.kind] += 1
        return {kind: n for kind, n in counts.items() if n}
