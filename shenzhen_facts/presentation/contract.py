"""The JSON contract: typed shapes of what `--format json` prints, built from records.

Keys are stable and English whatever `--lang` says; docs/schema.json describes the same shapes and the tests
check real output against it. One family: every element of every array command is a record object, the same as
`show --json` prints, with that command's own keys beside the record's (never nested), so `.[] | .value` works
on all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from shenzhen_facts.core.errors import Candidate
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


class AnswerJSON(RecordJSON):
    """One query's answer when several are asked (`show A B`, `show -`): the record, with the query beside it."""

    query: str


class CandidateJSON(TypedDict):
    """A record a missed query came near to: enough to see how it differs (its figure as the article states it)."""

    id: str
    kind: str
    name: str
    name_zh: str
    stated: str | None
    scope: str | None
    scope_zh: str | None
    differs: str  # how the query differs from this record, one clause ("" where that is not known)
    differs_zh: str


class MissJSON(TypedDict):
    """One query's answer when it named no record: the query, the error message and the nearest records."""

    query: str
    error: str
    nearest: list[CandidateJSON]


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


def answer_json(query: str, record: Record) -> AnswerJSON:
    return {"query": query, **record_json(record)}


def miss_json(query: str, error: str, nearest: Iterable[Candidate]) -> MissJSON:
    return {"query": query, "error": error, "nearest": [candidate_json(c) for c in nearest]}


def candidate_json(candidate: Candidate) -> CandidateJSON:
    document: CandidateJSON = candidate._asdict()  # type: ignore[assignment]  # the same fields (test_schema)
    return document


def flat_fields(record: Record) -> dict[str, object]:
    """A record's fields by name, as `--field NAME` prints them: the JSON object's keys, with its source's
    (quote, publication, publication_zh, published) among them rather than nested."""
    document: dict[str, object] = dict(record_json(record))
    source = document.pop("source")
    assert isinstance(source, dict)
    document.update(source)
    outcome = document.pop("outcome")
    document["outcome"] = outcome["status"] if isinstance(outcome, dict) else None
    return document


# What `--field NAME` takes: every key of the record object, with the source's keys in place of `source`.
FIELD_NAMES = (*(key for key in RecordJSON.__annotations__ if key != "source"), *SourceJSON.__annotations__)


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
