"""A small dataset's cache entry: the whole parsed dataset in one checked blob, read without importing sqlite3.

The bundled dataset is looked up on every run, and reading its snapshot (a few tens of kilobytes, one CRC-32 over
every byte, one marshal.loads) takes a fraction of what importing sqlite3 alone costs. Larger datasets are kept
in SQLite instead (database.py); cache.LARGE says where, and why there. Layout:

    "<format>\\n<body length> <body crc>\\n"  then the body (marshal): fingerprint, sources, rows, keys

A row is a record's fields in Record._fields order (row() and record() below, shared with database.py).
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, overload

from shenzhen_facts.core.model import About, Dataset, Outcome, Record, Source

# marshal's version 2 writes no back-references: 2.5 times as fast to write as the default, for 12% more bytes.
MARSHAL = 2


class Damaged(Exception):
    """Part of an entry does not check out: the caller treats the entry as missing."""


# ---------------------------------------------------------------------------------------------- rows
# A record is stored as the tuple of its fields in Record._fields order, so a field added to Record needs no
# edit here. marshal stores str, int, None and tuples as they are; these three fields need a plainer form.


def row(record: Record) -> tuple[Any, ...]:
    values: list[Any] = list(record)
    fields = type(record)._fields
    values[fields.index("source")] = record.source.id
    if record.date is not None:
        values[fields.index("date")] = record.date.isoformat()
    if record.outcome is not None:
        values[fields.index("outcome")] = (record.outcome.status, record.outcome.quote, record.outcome.source.id)
    if record.about is not None:
        values[fields.index("about")] = tuple(record.about)  # marshal takes plain tuples, not NamedTuples
    return tuple(values)


def record(values: tuple[Any, ...], sources: Mapping[str, Source]) -> Record:
    """The Record a row stands for; raises Damaged for a row of another shape."""
    fields = Record._fields
    if type(values) is not tuple or len(values) != len(fields):
        raise Damaged("a row of another shape")
    try:
        items = list(values)
        at = fields.index("source")
        items[at] = sources[items[at]]
        at = fields.index("date")
        if items[at] is not None:
            items[at] = date.fromisoformat(items[at])
        at = fields.index("outcome")
        if items[at] is not None:
            status, quote, source = items[at]
            items[at] = Outcome(status, quote, sources[source])
        at = fields.index("about")
        if items[at] is not None:
            items[at] = About._make(items[at])
        built = Record._make(items)
    except (KeyError, TypeError, ValueError) as error:
        raise Damaged(str(error)) from None
    if not (type(built.id) is str and type(built.kind) is str and type(built.name) is str):
        raise Damaged("a row of another shape")
    return built


# ---------------------------------------------------------------------------------------------- the file


def pack(dataset: Dataset, fingerprint: tuple[Any, ...], keys: Mapping[str, int], form: str) -> list[bytes]:
    """The snapshot's bytes, as pieces to write one after another."""
    sources = [tuple(source) for source in dataset.sources]
    body = marshal.dumps(
        (fingerprint, sources, [row(r) for r in dataset.records], dict(keys)),
        MARSHAL,
    )
    return [f"{form}\n{len(body)} {zlib.crc32(body)}\n".encode("ascii"), body]


class Snapshot:
    """A snapshot read and checked: every byte of it is covered by the CRC-32 verified here."""

    def __init__(self, data: bytes, form: str | None) -> None:
        """`form` None reads another version's snapshot too (to learn which dataset it was made from)."""
        first = data.find(b"\n")
        second = data.find(b"\n", first + 1)
        if first < 0 or second < 0 or (form is not None and data[:first] != form.encode("ascii")):
            raise Damaged("another version's entry")
        try:
            length, crc = (int(part) for part in data[first + 1 : second].split(b" "))
        except ValueError:
            raise Damaged("head") from None
        body = memoryview(data)[second + 1 :]
        if len(body) != length or zlib.crc32(body) != crc:
            raise Damaged("crc")
        try:
            self.fingerprint, sources, self.rows, self.keys = marshal.loads(body)
        except (EOFError, ValueError, TypeError) as error:
            raise Damaged(str(error)) from None
        if type(self.rows) is not list or type(self.keys) is not dict:
            raise Damaged("shape")
        try:
            self.sources = {source[0]: Source(*source) for source in sources}
        except (TypeError, IndexError):
            raise Damaged("sources") from None


class Rescue:
    """What damage found after loading falls back to: the dataset parsed afresh (and its entry rewritten), once."""

    def __init__(self, parse: Callable[[], Dataset]) -> None:
        self._parse = parse
        self._dataset: Dataset | None = None

    def __call__(self) -> Dataset:
        if self._dataset is None:
            self._dataset = self._parse()
        return self._dataset


class Lazy(Sequence[Record]):
    """Records built on first access, so a lookup builds one Record, not all of them; a record that cannot be
    read (`_read` raises one of `_damage`) comes from the dataset parsed afresh."""

    _damage: tuple[type[BaseException], ...] = (Damaged,)

    def __init__(self, count: int, rescue: Rescue) -> None:
        self._count = count
        self._rescue = rescue
        self._built: dict[int, Record] = {}

    def _read(self, index: int) -> Record:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        found = self._built.get(index)
        if found is None:
            try:
                found = self._read(index)
            except self._damage:
                return self._rescue().records[index]
            self._built[index] = found
        return found


class LazyRecords(Lazy):
    """A snapshot's records, from their rows."""

    def __init__(self, rows: list[Any], sources: Mapping[str, Source], rescue: Rescue) -> None:
        super().__init__(len(rows), rescue)
        self._rows = rows
        self._sources = sources

    def _read(self, index: int) -> Record:
        return record(self._rows[index], self._sources)

    def __iter__(self) -> Iterator[Record]:
        for index in range(len(self)):
            yield self[index]


def keys_checked(keys: dict[Any, Any], count: int) -> dict[str, int]:
    """The snapshot's keys, or Damaged when one is not a string naming a record position."""
    for key, position in keys.items():
        if type(key) is not str or type(position) is not int or not 0 <= position < count:
            raise Damaged("keys")
    return keys
