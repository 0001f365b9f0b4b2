"""`list` in plain text, streamed: a slice of records at a time, and kept in the cache entry once made.

Listing 100,000 records one by one costs seconds of Python however lean the code, and `list | grep` is how a
large dataset gets searched, so the first plain `list` of a large cached dataset keeps its text in the cache
entry (cache.side, database.Listing) and later ones copy it out. The text is made by the very code that makes any other
list (views.list_view and writers.plain), a chunk of records at a time, so it cannot differ from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from shenzhen_facts.core.model import Dataset
from shenzhen_facts.presentation.fields import FIELDS
from shenzhen_facts.presentation.labels import Lang

CHUNK = 4096  # records a chunk: big enough to write in few pieces, small enough to keep memory flat
_KIND = FIELDS["list"].index("kind")


def plain(dataset: Dataset, lang: Lang, kind: str | None = None) -> Iterator[str]:
    """The plain text of `list` (only records of `kind`, if given), a chunk at a time."""
    from shenzhen_facts.store import cache

    stored = cache.side(dataset, f"list-{lang}")
    done = 0
    if stored is not None:
        for text in stored.chunks():
            yield _only(text, kind)
            done += CHUNK
    writer = stored.writer() if stored is not None and done == 0 else None
    try:
        for text in _made(dataset, lang, done):
            if writer is not None:
                try:
                    writer.add(text)
                except OSError:  # a full cache directory costs speed, never an answer
                    writer.abandon()
                    writer = None
            yield _only(text, kind)
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    if writer is not None:
        try:
            writer.commit()
        except OSError:
            writer.abandon()  # a full cache directory costs speed, never an answer


def _made(dataset: Dataset, lang: Lang, start: int) -> Iterator[str]:
    from shenzhen_facts.presentation.views import list_view
    from shenzhen_facts.presentation.writers import plain as plain_text

    if start >= len(dataset.records):
        return
    records = islice(dataset.records, start, None)  # after damage to the kept text only: rare, and correct
    while True:
        chunk = list(islice(records, CHUNK))
        if not chunk:
            return
        yield plain_text(list_view(chunk, lang, human=False))


def _only(text: str, kind: str | None) -> str:
    if kind is None:
        return text
    return "".join(line for line in text.splitlines(keepends=True) if line.split("\t", _KIND + 1)[_KIND] == kind)
