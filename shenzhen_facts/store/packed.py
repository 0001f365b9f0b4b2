"""The packed cache entry: one dataset's records and lookup keys in a file where each can be read alone.

A lookup in 100,000 records must not read 100,000 records: it reads a small head, one bucket of the key index
and one record, each at a known offset with `os.pread`, each checked against its own CRC-32. Layout:

    "<format>\\n<head length> <head crc>\\n"  then the head (marshal): fingerprint, sources, counts, offsets
    key buckets   marshal blobs of {normalised key: record position}; a key's bucket is crc32(key) % buckets
    bucket table  offsets of the buckets and one closing offset (8 bytes each), then their CRCs (4 bytes each)
    record table  the same for the records
    records       one marshal blob a record, fields in Record._fields order

marshal rather than sqlite3: the bundled lookup reads its entry on every run, and importing sqlite3 alone cost
more than a whole cached lookup takes to read its record (see the README's Speed section).
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Callable, ItemsView, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, overload

from shenzhen_facts.core.model import About, Dataset, Outcome, Record, Source

# Tables are arrays of native machine integers (the format names the byte order): read with memoryview.cast.


# marshal's version 2 writes no back-references: 2.5 times as fast to write as the default, for 12% more bytes.
_MARSHAL = 2


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


# ---------------------------------------------------------------------------------------------- writing


def pack(
    dataset: Dataset, fingerprint: tuple[Any, ...], keys: Mapping[str, int], form: str, defer: bool = False
) -> list[bytes]:
    """The entry's bytes, as pieces to write one after another.

    `defer` stores the keys as one blob, to be spread into buckets by the first lookup (pack_keys, a side file):
    bucketing a million keys is a tenth of a large dataset's first run, which then answers that much sooner.
    """
    sources = [tuple(source) for source in dataset.sources]
    blobs = [marshal.dumps(row(r), _MARSHAL) for r in dataset.records]
    # marshal takes a dict, not any mapping; the loader's keys are one already (copying 2,000,000 costs 0.1 s).
    blob = keys if type(keys) is dict else dict(keys)
    bucket_blobs = [marshal.dumps(blob, _MARSHAL)] if defer else _buckets(keys)
    # Offsets count from the end of the head, so the head's own size does not depend on them.
    bucket_table_at = sum(map(len, bucket_blobs))
    table_at = bucket_table_at + 12 * len(bucket_blobs) + 8
    records_at = table_at + 12 * len(blobs) + 8
    end = records_at + sum(map(len, blobs))
    offsets = [0 if defer else len(bucket_blobs), bucket_table_at, table_at, end]
    parted = list(
        dataset.parted if dataset.parted is not None else [n for n, r in enumerate(dataset.records) if r.about]
    )
    head = marshal.dumps((fingerprint, sources, len(blobs), offsets, list(parted)), _MARSHAL)
    return [
        f"{form}\n{len(head)} {zlib.crc32(head)}\n".encode("ascii"),
        head,
        *bucket_blobs,
        _table(bucket_blobs, 0),
        _table(blobs, records_at),
        *blobs,
    ]


def pack_keys(keys: Mapping[str, int], count: int, fingerprint: tuple[Any, ...], form: str) -> list[bytes]:
    """A key index on its own, in an entry's format with no records (`count` bounds the positions)."""
    bucket_blobs = _buckets(keys)
    bucket_table_at = sum(map(len, bucket_blobs))
    table_at = bucket_table_at + 12 * len(bucket_blobs) + 8
    head = marshal.dumps((fingerprint, [], count, [len(bucket_blobs), bucket_table_at, table_at, table_at + 8], []), 2)
    return [
        f"{form}\n{len(head)} {zlib.crc32(head)}\n".encode("ascii"),
        head,
        *bucket_blobs,
        _table(bucket_blobs, 0),
        _table([], table_at + 8),
    ]


def _buckets(keys: Mapping[str, int]) -> list[bytes]:
    buckets: list[dict[str, int]] = [{} for _ in range(max(1, len(keys) // 8))]
    names = list(keys)
    # Keys come from validated UTF-8 text, so plain encoding equals the lookup's (which allows surrogates).
    count = len(buckets)
    for name, code, position in zip(names, map(zlib.crc32, map(str.encode, names)), keys.values(), strict=True):
        buckets[code % count][name] = position
    return [marshal.dumps(bucket, _MARSHAL) for bucket in buckets]


def _table(blobs: list[bytes], start: int) -> bytes:
    from array import array  # only when writing

    offsets = array("Q", [start])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    return offsets.tobytes() + array("I", [zlib.crc32(blob) for blob in blobs]).tobytes()


def _bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets


# ---------------------------------------------------------------------------------------------- reading


class Entry:
    """An open entry: reads pieces of it by offset. The file descriptor lives as long as the run."""

    def __init__(self, fd: int, size: int, form: str, path: str = "") -> None:
        self.fd = fd
        self.path = path
        start = os.pread(fd, 512, 0)
        first = start.index(b"\n")
        second = start.index(b"\n", first + 1)
        if start[:first] != form.encode("ascii"):
            raise Damaged("another version's entry")
        length, crc = (int(part) for part in start[first + 1 : second].split(b" "))
        head = self._read(second + 1, length)
        if zlib.crc32(head) != crc:
            raise Damaged("head")
        self.identity = f"{form} {crc} {length}"  # names this very entry, for files derived from it
        self.fingerprint, sources, count, offsets, parted = marshal.loads(head)
        self.parted = [int(n) for n in parted]  # the records with parts (`about`), for the resolver
        self.count = int(count)
        base = second + 1 + length
        self._base = base
        self.buckets, bucket_table, table, end = (int(offset) for offset in offsets)
        self._bucket_table, self._table = base + bucket_table, base + table
        if base + end != size or self.buckets < 0 or self.count < 0:
            raise Damaged("size")  # truncated, or grown by something else
        self.sources = {source[0]: Source(*source) for source in sources}

    def _read(self, at: int, size: int) -> bytes:
        data = os.pread(self.fd, size, at)
        if len(data) != size:
            raise Damaged("short read")
        return data

    def _piece(self, table: int, count: int, index: int) -> Any:
        """Piece `index` of a table of `count` pieces, checked and decoded."""
        at, end = memoryview(self._read(table + 8 * index, 16)).cast("Q")
        (crc,) = memoryview(self._read(table + 8 * (count + 1) + 4 * index, 4)).cast("I")
        if not 0 <= end - at <= 1 << 30:
            raise Damaged("table")
        return _decode(self._read(self._base + at, end - at), crc)

    def row(self, index: int) -> Any:
        return self._piece(self._table, self.count, index)

    def rows(self) -> Iterator[Any]:
        """Every row in order, read about a megabyte at a time: memory stays flat however large the dataset."""
        import bisect

        count = self.count
        offsets = memoryview(self._read(self._table, 8 * (count + 1))).cast("Q")
        crcs = memoryview(self._read(self._table + 8 * (count + 1), 4 * count)).cast("I")
        index = 0
        while index < count:
            first = offsets[index]
            last = max(index + 1, min(count, bisect.bisect_right(offsets, first + (1 << 20), index) - 1))
            data = memoryview(self._read(self._base + first, offsets[last] - first))
            for n in range(index, last):
                yield _decode(data[offsets[n] - first : offsets[n + 1] - first], crcs[n])
            index = last

    def pending(self) -> dict[str, int]:
        """The keys of an entry written with `defer` (no buckets yet), all in one dictionary."""
        keys = self._piece(self._bucket_table, 1, 0)
        if self.buckets != 0 or type(keys) is not dict:
            raise Damaged("keys")
        return keys

    def position(self, key: str) -> int | None:
        if self.buckets < 1:
            raise Damaged("no key index")
        bucket = self._piece(self._bucket_table, self.buckets, _bucket(key, self.buckets))
        if type(bucket) is not dict:
            raise Damaged("bucket")
        position = bucket.get(key)
        if position is not None and (type(position) is not int or not 0 <= position < self.count):
            raise Damaged("bucket")
        return position

    def every_key(self) -> Iterator[tuple[str, int]]:
        """Every key and its position, bucket by bucket (for a dataset too small to have a word index)."""
        for index in range(self.buckets):
            bucket = self._piece(self._bucket_table, self.buckets, index)
            if type(bucket) is not dict:
                raise Damaged("bucket")
            yield from bucket.items()


def _decode(data: bytes | memoryview, crc: int) -> Any:
    if zlib.crc32(data) != crc:
        raise Damaged("crc")
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError) as error:
        raise Damaged(str(error)) from None


# ---------------------------------------------------------------------------------------------- sequences


class Rescue:
    """What a damaged piece found after loading falls back to: the dataset parsed afresh, once."""

    def __init__(self, parse: Callable[[], Dataset]) -> None:
        self._parse = parse
        self._dataset: Dataset | None = None

    def __call__(self) -> Dataset:
        if self._dataset is None:
            self._dataset = self._parse()
        return self._dataset


class LazyRecords(Sequence[Record]):
    """Records decoded from the entry on first access, so a lookup builds one record, not 100,000."""

    def __init__(self, entry: Entry, rescue: Rescue) -> None:
        self.entry = entry
        self._entry = entry
        self._rescue = rescue
        self._built: dict[int, Record] = {}

    def __len__(self) -> int:
        return self._entry.count

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
                found = record(self._entry.row(index), self._entry.sources)
            except (Damaged, OSError):
                return self._rescue().records[index]
            self._built[index] = found
        return found

    def __iter__(self) -> Iterator[Record]:
        # Streamed, and not kept: a walk of 100,000 records holds one slice of them at a time.
        done = 0
        try:
            for values in self._entry.rows():
                yield self._built.get(done) or record(values, self._entry.sources)
                done += 1
        except (Damaged, OSError):
            yield from self._rescue().records[done:]


class PackedKeys(Mapping[str, int]):
    """Normalised name -> record position, looked up in one bucket of the entry's key index."""

    def __init__(self, entry: Entry, rescue: Rescue, index: Callable[[], Entry | None] | None = None) -> None:
        self._entry = entry
        self._rescue = rescue
        self._index = index  # where the buckets are when the entry's keys were deferred (a side file)
        self._opened: Entry | None = None

    def _buckets(self) -> Entry:
        if self._index is None:
            return self._entry
        if self._opened is None:
            self._opened = self._index()
            if self._opened is None:
                raise Damaged("no key index")
        return self._opened

    def _fallback(self) -> Mapping[str, int]:
        from shenzhen_facts.core.resolve import build_keys

        return build_keys(self._rescue().records)

    def __getitem__(self, key: str) -> int:
        try:
            position = self._buckets().position(key)
        except (Damaged, OSError):
            return self._fallback()[key]
        if position is None:
            raise KeyError(key)
        return position

    def __iter__(self) -> Iterator[str]:
        try:
            found = dict(self._buckets().every_key())
        except (Damaged, OSError):
            found = dict(self._fallback())
        yield from found

    def items(self) -> ItemsView[str, int]:  # one read of each bucket, not one per key
        try:
            return dict(self._buckets().every_key()).items()
        except (Damaged, OSError):
            return dict(self._fallback()).items()

    def __len__(self) -> int:
        return sum(1 for _ in self)
