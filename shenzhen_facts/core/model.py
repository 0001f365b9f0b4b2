"""The typed records of a dataset. Plain data: no I/O, no terminal, no validation (that is validate.py).

Records are NamedTuples rather than dataclasses: immutable and typed all the same, and several times cheaper
to define, which matters because this module is imported on every run. For the same reason this module does
without `from __future__ import annotations`: a NamedTuple compiles each field's annotation given as a string
(a third of a millisecond here), and evaluates it for nothing when given as an object.
"""

from collections.abc import Mapping, Sequence
from datetime import date as _Date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from fractions import Fraction

    from shenzhen_facts.core.resolve import Narrowing

# Kinds of figure a record can be; `target` and `event` are the timeline's entries.
FIGURE_KINDS = ("share", "growth", "count", "money", "ratio", "rank")
KINDS = (*FIGURE_KINDS, "target", "event")
OUTCOMES = ("met", "missed")


class Source(NamedTuple):
    """A publication that records quote from."""

    id: str
    publication: str
    publication_zh: str
    published: str
    published_zh: str


class Outcome(NamedTuple):
    """What became of a target, where a source says so. The bundled article records none."""

    status: str  # one of OUTCOMES
    quote: str
    source: Source


class About(NamedTuple):
    """What a record measures, in parts (docs/dataset-format.md, "The record's parts"): the resolver reads a
    question against these, so that a question that says more than a name (the measure, scope, period) answers,
    and one that drops a qualifier is refused with the reason."""

    subject: tuple[str, ...]  # the thing, every wording in both languages: 无人机, drone, uav
    qualifiers: tuple[tuple[str, ...], ...] = ()  # groups; a question must say one wording of each: (消费级, consumer)
    also: tuple[str, ...] = ()  # words a question may add that change nothing: 产量, output
    scope: tuple[str, ...] = ()  # the wordings of the record's scope: 全球产量, global output
    period: tuple[str, ...] = ()  # the wordings of its period: 2023, 2023年 (none where the article states none)


class Record(NamedTuple):
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
    # The value as an exact ratio (numerator, denominator) in the base unit: 1/7 of a whole is (100, 7) percent.
    # Kept as two ints so a lookup need not import fractions; `value` gives the Fraction when arithmetic needs it.
    quantity: tuple[int, int] | None = None
    unit: str | None = None
    qualifier: str | None = None
    scope: str | None = None
    scope_zh: str | None = None
    note: str | None = None
    note_zh: str | None = None
    deadline: int | None = None
    date: _Date | None = None  # (`date` itself is this field's default, None, by the time it is evaluated)
    related: tuple[str, ...] = ()
    outcome: Outcome | None = None
    # Wider wordings that must never answer with this narrower figure ("batteries" for electrochemical energy
    # storage): a query naming one is refused and lists this record among the nearest.
    broader: tuple[str, ...] = ()
    # Display names for tables too narrow for the full name; the full name is always one `show` away.
    short_name: str | None = None
    short_name_zh: str | None = None
    # What the record measures, in parts, where the dataset says (the bundled one does for every record).
    about: About | None = None

    @property
    def value(self) -> "Fraction | None":
        """The exact value, for arithmetic (ratios); None where the article gives no number."""
        if self.quantity is None:
            return None
        from fractions import Fraction

        return Fraction(*self.quantity)

    @property
    def number(self) -> int | float | None:
        """The value as JSON/CSV number: an int when whole, else the nearest float (int / int rounds correctly)."""
        if self.quantity is None:
            return None
        numerator, denominator = self.quantity
        return numerator // denominator if denominator == 1 else numerator / denominator

    @property
    def year(self) -> int | None:
        """The year a timeline entry belongs to: the event's year or the target's deadline."""
        if self.date is not None:
            return self.date.year
        return self.deadline


class Dataset:
    """All records of one dataset file, in file order, with where they came from.

    `records` is any sequence: a tuple when freshly validated, or a lazy sequence from the parsed cache that
    builds a record only when it is read. `keys`, when given, maps normalised names to record positions so a
    lookup need not normalise every alias again (see resolve.Index).
    """

    def __init__(
        self,
        records: Sequence[Record],
        sources: Sequence[Source],
        origin: str = "bundled data.toml",
        keys: Mapping[str, int] | None = None,
    ) -> None:
        self.records = records
        self.sources = tuple(sources)
        self.origin = origin
        self.keys = keys
        # Set by the parsed cache for a large dataset: which records a search or a miss needs to read.
        self.narrow: Narrowing | None = None
        # Positions of the records that have parts (`about`), where the loader knows them without reading every
        # record again (the resolver reads questions against these).
        self.parted: Sequence[int] | None = None
        self._by_id: dict[str, Record] | None = None

    @property
    def by_id(self) -> dict[str, Record]:
        if self._by_id is None:
            self._by_id = {record.id: record for record in self.records}
        return self._by_id

    def kinds(self) -> dict[str, int]:
        """How many records of each kind, in the order of KINDS."""
        counts = dict.fromkeys(KINDS, 0)
        for record in self.records:
            counts[record.kind] += 1
        return {kind: n for kind, n in counts.items() if n}
