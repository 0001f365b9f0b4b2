"""A small stand-in for the resolver's understand() (core/resolve.py), for the claim logic's own tests: it knows
a handful of subjects and reports differences in the real types (core/reading.py), so check.py's decisions are
tested alone."""

from __future__ import annotations

from shenzhen_facts.core.model import Record
from shenzhen_facts.core.reading import Difference, Reading, Understanding

__all__ = ["Difference", "FakeIndex", "Reading", "Understanding"]


class FakeIndex:
    """Subject word -> (record id, qualifier wordings or None); anything else left in the words is unexplained."""

    SMALL = frozenset(
        [
            "shenzhen",
            "made",
            "of",
            "the",
            "world's",
            "global",
            "output",
            "and",
            "in",
            "2023",
            "占全球产量",
            "its",
            "'s",
            "grew",
            "will",
            "be",
            "completed",
            "2025",
        ]
    )

    def __init__(self, records: dict[str, Record], subjects: dict[str, tuple[str, str | None]]) -> None:
        self.records = records
        self.subjects = subjects

    def understand(self, query: str) -> Understanding:
        text = query.casefold().replace(",", " ").replace(".", " ")
        for subject, (record_id, qualifier) in self.subjects.items():
            if subject in text:
                record = self.records[record_id]
                rest = text.replace(subject, " ")
                differs: list[Difference] = []
                if qualifier is not None:
                    if qualifier in rest:
                        rest = rest.replace(qualifier, " ")
                    else:
                        differs.append(Difference("qualifier", "", f"{qualifier} / {qualifier}"))
                if "2022" in rest:
                    differs.append(Difference("period", "2022", record.period))
                    rest = rest.replace("2022", " ")
                unexplained = tuple(w for w in rest.split() if w not in self.SMALL)
                answer = record if not differs and not unexplained else None
                return Understanding(query, answer, (Reading(record, tuple(differs), unexplained),))
        return Understanding(query, None, ())
