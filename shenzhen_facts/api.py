"""The library face of szfacts: the same answers as the command line, for notebooks and scripts.

    import shenzhen_facts as sz
    facts = sz.load()                     # the bundled article; load("my-city.toml") for another dataset
    facts.get("investment in manufacturing").stated    # '59.3%'

`get` follows the command line's rules exactly (it is what `szfacts show` calls): a query answers only when it
names one record; otherwise it raises NoMatch, a LookupError that carries the nearest records. Nothing here
imports typer or rich.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from shenzhen_facts.core.errors import DatasetInvalid, DatasetMissing, NoMatch, SzfactsError
from shenzhen_facts.core.model import KINDS, Dataset, Record, Source
from shenzhen_facts.core.reading import Difference, Reading, Understanding
from shenzhen_facts.core.resolve import Index

if TYPE_CHECKING:  # the timeline module is loaded only when a timeline is asked for (start-up of a lookup)
    from shenzhen_facts.core.check import Verdict
    from shenzhen_facts.core.resolve import Hit
    from shenzhen_facts.core.timeline import Entry


def __getattr__(name: str) -> object:
    """`api.Hit`, loaded when first asked for: only a search makes hits, and a lookup's start-up need not pay."""
    if name == "Hit":
        from shenzhen_facts.core.resolve import Hit

        return Hit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DatasetInvalid",
    "DatasetMissing",
    "Difference",
    "Facts",
    "Hit",
    "NoMatch",
    "Reading",
    "Record",
    "Source",
    "SzfactsError",
    "Understanding",
    "load",
]


def load(path: str | os.PathLike[str] | None = None) -> Facts:
    """The bundled dataset, or the one at `path` (validated; cached like the CLI's).

    Raises DatasetMissing for a path that is not a readable regular file, DatasetInvalid (with every problem in
    `.problems`) for a file that breaks the format.
    """
    from shenzhen_facts.store import dataset

    if path is None:
        return Facts(dataset.load_bundled())  # through importlib.resources when not on disk (a zip import)
    return Facts(dataset.load(Path(path), origin=os.fspath(path)))


class Facts:
    """One loaded dataset and its resolver."""

    def __init__(self, data: Dataset) -> None:
        self.dataset = data
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = Index(self.dataset)
        return self._index

    @property
    def records(self) -> Sequence[Record]:
        """Every record, in file order."""
        return self.dataset.records

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.dataset.sources

    def get(self, query: str) -> Record:
        """The record a query names (id, name or alias, either language); NoMatch with the nearest otherwise."""
        return self.index.resolve(_text(query))

    def __getitem__(self, query: str) -> Record:
        return self.get(query)

    def __contains__(self, query: object) -> bool:
        return isinstance(query, str) and self.find(query) is not None

    def __len__(self) -> int:
        return len(self.dataset.records)

    def find(self, query: str) -> Record | None:
        """The record a query names, or None."""
        return self.index.find(_text(query))

    def understand(self, query: str) -> Understanding:
        """What a question says about the dataset: `.answer`, the record it names (or None), and `.readings`, how
        it reads against each record whose subject it names, best first, each with `.differs` (qualifier, measure,
        scope or period) and `.unexplained` words: what `get` decides by, as a value."""
        return self.index.understand(_text(query))

    def nearest(self, query: str, limit: int = 3) -> list[Record]:
        """The records a query that names none comes nearest to, best first (what a miss lists)."""
        return self.index.candidates(_text(query), limit)

    def search(self, text: str) -> list[Hit]:
        """Records that mention every word of the text, ranked, each with where it matched."""
        return self.index.search_hits(_text(text, "text"))

    def list(self, kind: str | None = None) -> list[Record]:
        """Every record, or those of one kind (share, growth, count, money, ratio, rank, target, event)."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
        return [record for record in self.dataset.records if kind is None or record.kind == kind]

    def shares(self) -> builtins.list[Record]:
        """The shares of output, largest first (what `szfacts share` ranks)."""
        shares = self.list("share")
        return sorted(shares, key=lambda r: r.value if r.value is not None else 0, reverse=True)

    def check(self, text: str) -> builtins.list[Verdict]:
        """A verdict for every clause of `text` (plain text or Markdown) that states a figure: supported,
        contradicted (with the reason: figure, scope, period or measure) or not_in_source, with the record.

            facts.check("Shenzhen made 80% of the world's consumer drones.")[0].verdict    # 'contradicted'
        """
        from shenzhen_facts.core.check import check

        return builtins.list(check(_text(text, "text"), self.index.understand))

    def timeline(self, year: int | None = None, as_of: date | None = None) -> builtins.list[Entry]:
        """Events and targets in date order, each with its status as of a date (today by default)."""
        from shenzhen_facts.core import timeline

        return timeline.entries(self.dataset, as_of or date.today(), year)


def _text(value: object, what: str = "query") -> str:
    """A query must be text: `get(5)` is a caller's mistake, said as one, not an AttributeError from deep inside."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    return value
