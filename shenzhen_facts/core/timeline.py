"""The timeline: the article's dated events and its 2025/2035 targets, each with a status as of a date."""

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from shenzhen_facts.core.model import Dataset, Record

# Statuses a target can have. A deadline counts as passed once its whole year is over.
OPEN, DEADLINE_PASSED = "open", "deadline-passed"
HELD, SCHEDULED = "held", "scheduled"


class Entry(NamedTuple):
    record: Record
    year: int
    date: date | None  # None for a target that names only a year
    status: str
    figures: tuple[Record, ...]  # the figures involved: the target itself, or what an event decided


def status(record: Record, as_of: date) -> str:
    """A target's status as of a date, or an event's (held once its day has come)."""
    if record.kind == "event" and record.date is not None:
        return HELD if record.date <= as_of else SCHEDULED
    if record.outcome is not None:
        return record.outcome.status
    assert record.deadline is not None, "targets always have a deadline (the loader checks)"
    return DEADLINE_PASSED if as_of > date(record.deadline, 12, 31) else OPEN


def entries(dataset: Dataset, as_of: date, year: int | None = None) -> list[Entry]:
    """Events and targets in date order (a year-only target sorts at the end of its year)."""
    found: list[tuple[date, int, Entry]] = []
    for position, record in enumerate(dataset.records):
        entry_year = record.year
        if record.kind not in ("event", "target") or entry_year is None:
            continue
        if year is not None and entry_year != year:
            continue
        figures = _figures(dataset, record)
        entry = Entry(record, entry_year, record.date, status(record, as_of), figures)
        found.append((record.date or date(entry_year, 12, 31), position, entry))
    found.sort(key=lambda item: (item[0], item[1]))
    return [entry for _, _, entry in found]


def _figures(dataset: Dataset, record: Record) -> tuple[Record, ...]:
    has_figure = record.quantity is not None or record.stated is not None
    own = (record,) if record.kind == "target" and has_figure else ()
    related = tuple(dataset.by_id[i] for i in record.related if i in dataset.by_id)
    return own + tuple(r for r in related if r.kind != "event")


def passed_years(found: Sequence[Entry]) -> list[int]:
    """Years whose targets have passed their deadline with no outcome recorded, for a plain-words warning."""
    return sorted({entry.year for entry in found if entry.status == DEADLINE_PASSED})
