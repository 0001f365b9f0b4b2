"""The JSON contract: typed shapes of what `--format json` prints, built from records.

Keys are stable and English whatever `--lang` says; docs/schema.json describes the same shapes and the tests
check real output against it.
"""

from __future__ import annotations

from typing import TypedDict

from shenzhen_facts.model import Record
from shenzhen_facts.timeline import Entry


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
    related: list[str]
    outcome: OutcomeJSON | None
    note: str | None
    note_zh: str | None


class ComparisonJSON(TypedDict):
    record: RecordJSON
    ratio_to_first: float | None
    approximate: bool
    reason: str | None


class FigureJSON(TypedDict):
    id: str
    name: str
    name_zh: str
    value: int | float | None
    unit: str | None
    qualifier: str | None
    stated: str | None


class TimelineJSON(TypedDict):
    id: str
    year: int
    date: str | None
    kind: str
    name: str
    name_zh: str
    status: str
    figures: list[FigureJSON]
    quote: str


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
        "related": list(record.related),
        "outcome": outcome,
        "note": record.note,
        "note_zh": record.note_zh,
    }


def figure_json(record: Record) -> FigureJSON:
    return {
        "id": record.id,
        "name": record.name,
        "name_zh": record.name_zh,
        "value": record.number,
        "unit": record.unit,
        "qualifier": record.qualifier,
        "stated": record.stated,
    }


def comparison_json(record: Record, ratio: float | None, approximate: bool, reason: str | None) -> ComparisonJSON:
    return {"record": record_json(record), "ratio_to_first": ratio, "approximate": approximate, "reason": reason}


def timeline_json(entry: Entry) -> TimelineJSON:
    record = entry.record
    return {
        "id": record.id,
        "year": entry.year,
        "date": entry.date.isoformat() if entry.date else None,
        "kind": record.kind,
        "name": record.name,
        "name_zh": record.name_zh,
        "status": entry.status,
        "figures": [figure_json(f) for f in entry.figures],
        "quote": record.quote,
    }
