"""The JSON contract: typed shapes of what `--format json` prints, built from records.

Keys are stable and English whatever `--lang` says; docs/schema.json describes the same shapes and the tests
check real output against it. One family: every element of every array command is a record object, the same as
`show --json` prints, with that command's own keys beside the record's (never nested), so `.[] | .value` works
on all of them.
"""

from __future__ import annotations

from typing import TypedDict

from shenzhen_facts.core.model import Record, Source
from shenzhen_facts.core.timeline import Entry


class SourceJSON(TypedDict):
    publication: str
    publication_zh: str
    published: str
    quote: str


class OutcomeJSON(TypedDict):
    status: str
    quote: str
    publication: str


class RecordJSON(TypedDict):
    id: str
    kind: str
    name: str
    name_zh: str
    value: int | float | None
    unit: str | None
    qualifier: str | None
    stated: str | None
    scope: str | None
    scope_zh: str | None
    period: str
    period_zh: str
    deadline: int | None
    date: str | None
    source: SourceJSON
    aliases: list[str]
    broader: list[str]
    related: list[str]
    outcome: OutcomeJSON | None
    note: str | None
    note_zh: str | None
    short_name: str | None
    short_name_zh: str | None


class ComparisonJSON(RecordJSON):
    """A compared record: the record's own keys, and the comparison's beside them."""

    ratio_to_first: float | None
    ratio_approximate: bool
    comparable: bool
    reason: str | None


class SearchHitJSON(RecordJSON):
    """A search hit: the record's own keys, and where the text was found beside them."""

    matched: str


class TimelineJSON(RecordJSON):
    """A timeline entry: the record's own keys, with the entry's year, date and status beside them."""

    year: int
    status: str


class DatasetSourceJSON(TypedDict):
    id: str
    publication: str
    publication_zh: str
    published: str
    published_zh: str


class OverviewJSON(TypedDict):
    shares: list[RecordJSON]
    growth: list[RecordJSON]
    timeline: list[TimelineJSON]
    source: DatasetSourceJSON
    as_of: str


def record_json(record: Record) -> RecordJSON:
    outcome: OutcomeJSON | None = None
    if record.outcome is not None:
        outcome = {
            "status": record.outcome.status,
            "quote": record.outcome.quote,
            "publication": record.outcome.source.publication,
        }
    return {
        "id": record.id,
        "kind": record.kind,
        "name": record.name,
        "name_zh": record.name_zh,
        "value": record.number,
        "unit": record.unit,
        "qualifier": record.qualifier,
        "stated": record.stated,
        "scope": record.scope,
        "scope_zh": record.scope_zh,
        "period": record.period,
        "period_zh": record.period_zh,
        "deadline": record.deadline,
        "date": None if record.date is None else record.date.isoformat(),
        "source": {
            "publication": record.source.publication,
            "publication_zh": record.source.publication_zh,
            "published": record.source.published,
            "quote": record.quote,
        },
        "aliases": list(record.aliases),
        "broader": list(record.broader),
        "related": list(record.related),
        "outcome": outcome,
        "note": record.note,
        "note_zh": record.note_zh,
        "short_name": record.short_name,
        "short_name_zh": record.short_name_zh,
    }


def comparison_json(
    record: Record, ratio: float | None, approximate: bool, comparable: bool, reason: str | None
) -> ComparisonJSON:
    return {
        **record_json(record),
        "ratio_to_first": ratio,
        "ratio_approximate": approximate,
        "comparable": comparable,
        "reason": reason,
    }


def search_hit_json(record: Record, matched: str) -> SearchHitJSON:
    return {**record_json(record), "matched": matched}


def timeline_json(entry: Entry) -> TimelineJSON:
    # An entry's date is its record's date (events), and null for a target that names only a year.
    return {**record_json(entry.record), "year": entry.year, "status": entry.status}


def dataset_source_json(source: Source) -> DatasetSourceJSON:
    return {
        "id": source.id,
        "publication": source.publication,
        "publication_zh": source.publication_zh,
        "published": source.published,
        "published_zh": source.published_zh,
    }
