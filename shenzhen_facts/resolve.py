"""Query matching: which record a person means by `drones`, `消费级无人机` or `ＤＲＯＮＥＳ`, and search by text.

Matching is exact after normalising (Unicode NFKC, case, spaces, hyphens, underscores, apostrophes) against a
record's id, names and aliases. Nothing else is guessed: near misses become suggestions, never answers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from shenzhen_facts.errors import NoMatch
from shenzhen_facts.model import Dataset, Record

# Separators a person may type or omit besides white space: hyphens and dashes, underscores, apostrophes.
_SEPARATORS = dict.fromkeys(map(ord, "-‐‑‒–—―_'’‘ʼ`´"))
MAX_QUERY = 200  # longer input cannot name a record; it is cut before any work is done on it


def normalize(text: str) -> str:
    """The form two spellings of one name share: `New-Energy Vehicles` and `newenergyvehicles`."""
    folded = unicodedata.normalize("NFKC", text[: MAX_QUERY * 2]).casefold()
    joined = "".join(folded.split()).translate(_SEPARATORS)
    # Removing a space or a mark can leave a sequence that composes ("R¸" -> "r" + combining cedilla): normalise
    # once more so that normalising is idempotent (a property test found this).
    return unicodedata.normalize("NFKC", joined).casefold()


def build_keys(records: Sequence[Record]) -> dict[str, int]:
    """Normalised name -> position of the record it selects (the first, if a dataset repeats one)."""
    found: dict[str, int] = {}
    for position, record in enumerate(records):
        for key in keys(record):
            found.setdefault(key, position)
    return found


def keys(record: Record) -> Iterable[str]:
    """Every normalised name that selects this record."""
    for text in (record.id, record.name, record.name_zh, *record.aliases):
        key = normalize(text)
        if key:
            yield key


class Index:
    """A lookup table from normalised names to record positions, built once per dataset (or read from the cache)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._by_key: Mapping[str, int] = dataset.keys if dataset.keys is not None else build_keys(dataset.records)

    def find(self, query: str) -> Record | None:
        """The record this query names, or None."""
        position = self._by_key.get(normalize(query))
        return None if position is None else self.dataset.records[position]

    def resolve(self, query: str) -> Record:
        """The record this query names; raises NoMatch with up to three suggestions otherwise."""
        record = self.find(query)
        if record is None:
            raise NoMatch(query, self.suggest(query))
        return record

    def resolve_all(self, queries: Sequence[str]) -> list[Record]:
        return [self.resolve(query) for query in queries]

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Ids of records whose names are close to the query, best first."""
        key = normalize(query)
        if not key:
            return []
        import difflib  # only needed on the unhappy path; keeps it off the start-up of every lookup

        close = difflib.get_close_matches(key, list(self._by_key), n=limit * 3, cutoff=0.75)
        contains = [k for k in self._by_key if len(key) >= 3 and (key in k or k in key)]
        found: list[str] = []
        for k in [*close, *contains]:
            record_id = self.dataset.records[self._by_key[k]].id
            if record_id not in found:
                found.append(record_id)
        return found[:limit]

    def search(self, text: str) -> list[Record]:
        """Records whose names, aliases, scope, notes or source clause contain the text, best matches first.

        Ranked by where the text occurs: id or name exactly, then the start of a name, then a name or alias,
        then scope, notes and the quote. Ties keep dataset order.
        """
        needle = normalize(text)
        if not needle:
            return []
        scored: list[tuple[int, int, Record]] = []
        for position, record in enumerate(self.dataset.records):
            rank = _rank(record, needle)
            if rank is not None:
                scored.append((rank, position, record))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [record for _, _, record in scored]


def _rank(record: Record, needle: str) -> int | None:
    names = [normalize(t) for t in (record.id, record.name, record.name_zh)]
    aliases = [normalize(t) for t in record.aliases]
    if needle in names or needle in aliases:
        return 0
    if any(name.startswith(needle) for name in names):
        return 1
    if any(needle in name for name in names + aliases):
        return 2
    extra = (record.scope, record.scope_zh, record.note, record.note_zh, record.quote, record.stated, record.period)
    if any(needle in normalize(t) for t in extra if t):
        return 3
    return None
