"""A parsed cache of datasets, so a lookup in a 10,000-record file is about as quick as one in the bundled file.

Parsing TOML and validating is the slow part of loading (most of a second for 10,000 records, and most of
szfacts' own start-up even for the bundled file), so once a file has been parsed and validated its records are
stored with `marshal`, one small blob per record, and decoded only when read. A cache entry is keyed by the
file's resolved path (the entry's name) and checked against the file's size, modification time and a content
hash (stored inside it); a stale, foreign or corrupt entry is ignored and rewritten. Entries are written
atomically, and any failure to read or write the cache directory (read-only, full, missing) just means the file
is parsed as if there were no cache.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, overload

from shenzhen_facts import __version__
from shenzhen_facts.model import Dataset, Outcome, Record, Source
from shenzhen_facts.resolve import build_keys

# Entries from another szfacts or Python version (marshal's format differs) are simply not used.
_FORMAT = f"szfacts-cache-2/{__version__}/{sys.version_info[0]}.{sys.version_info[1]}"


def cache_dir() -> Path | None:
    """Where entries live: $SZFACTS_CACHE_DIR, else the platform's user cache directory. None disables it."""
    explicit = os.environ.get("SZFACTS_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "szfacts" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "szfacts"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "szfacts"


def load(path: Path, data: bytes, origin: str, parse: Callable[[], Dataset]) -> Dataset:
    """The dataset in `data` (the bytes of `path`), from the cache when fresh, else parsed and cached.

    `parse` decodes and validates the bytes into a Dataset; it raises for an invalid file, which is never cached.
    """
    directory = cache_dir()
    if directory is None:
        return parse()
    resolved = os.path.realpath(path)
    info = os.stat(resolved)
    # The rules as well as the file: an entry validated by other code (a development checkout) is not reused.
    rules = os.stat(Path(__file__).with_name("validate.py"))
    # CRC-32 as the content hash: it catches any accidental change that kept size and mtime, at a fraction of
    # the cost of a cryptographic hash (and of hashlib's import), and nothing here defends against an attacker.
    fingerprint = (resolved, info.st_size, info.st_mtime_ns, zlib.crc32(data), rules.st_size, rules.st_mtime_ns)
    name = resolved.encode("utf-8", "surrogatepass")
    entry = directory / f"{zlib.crc32(name):08x}-{len(name)}-{Path(resolved).name[:40]}.cache"
    cached = _read(entry, fingerprint, origin)
    if cached is not None:
        return cached
    dataset = parse()
    _write(entry, fingerprint, dataset)
    return dataset


# ---------------------------------------------------------------------------------------------- entries


def _read(entry: Path, fingerprint: tuple[Any, ...], origin: str) -> Dataset | None:
    try:
        blob = entry.read_bytes()
        first = blob.index(b"\n")
        second = blob.index(b"\n", first + 1)
        body = memoryview(blob)[second + 1 :]  # a view, not a copy of megabytes
        if blob[:first].decode("ascii") != _FORMAT or int(blob[first + 1 : second]) != zlib.crc32(body):
            return None  # another version's entry, or a damaged one
        stored, sources, keys, rows = marshal.loads(body)
        if tuple(stored) != fingerprint:
            return None
        by_id = {source[0]: Source(*source) for source in sources}
        return Dataset(LazyRecords(rows, by_id), list(by_id.values()), origin, keys=PackedKeys(keys))
    except (OSError, ValueError, EOFError, TypeError, KeyError, UnicodeDecodeError):
        return None  # missing, unreadable, truncated or from another version: parse instead


def _write(entry: Path, fingerprint: tuple[Any, ...], dataset: Dataset) -> None:
    sources = [(s.id, s.publication, s.publication_zh, s.published, s.published_zh) for s in dataset.sources]
    rows = [marshal.dumps(_row(record)) for record in dataset.records]
    body = marshal.dumps((fingerprint, sources, PackedKeys.pack(build_keys(dataset.records)), rows))
    header = f"{_FORMAT}\n{zlib.crc32(body)}\n".encode("ascii")
    try:
        import tempfile  # only when writing: it costs a few milliseconds to import

        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".cache")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(header + body)
            os.replace(temporary, entry)  # atomic: a reader sees the old entry or the new one, never half
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a read-only or full cache directory costs speed, never an answer


# ---------------------------------------------------------------------------------------------- records


def _row(record: Record) -> tuple[Any, ...]:
    outcome = (
        None if record.outcome is None else (record.outcome.status, record.outcome.quote, record.outcome.source.id)
    )
    when = None if record.date is None else record.date.isoformat()
    return (
        record.id,
        record.kind,
        record.name,
        record.name_zh,
        record.aliases,
        record.period,
        record.period_zh,
        record.source.id,
        record.quote,
        record.stated,
        record.quantity,
        record.unit,
        record.qualifier,
        record.scope,
        record.scope_zh,
        record.note,
        record.note_zh,
        record.deadline,
        when,
        record.related,
        outcome,
        record.broader,
        record.short_name,
        record.short_name_zh,
    )


def _record(row: tuple[Any, ...], sources: dict[str, Source]) -> Record:
    (
        id_,
        kind,
        name,
        name_zh,
        aliases,
        period,
        period_zh,
        source,
        quote,
        stated,
        value,
        unit,
        qualifier,
        scope,
        scope_zh,
        note,
        note_zh,
        deadline,
        when,
        related,
        outcome,
        broader,
        short_name,
        short_name_zh,
    ) = row
    return Record(
        id=id_,
        kind=kind,
        name=name,
        name_zh=name_zh,
        aliases=tuple(aliases),
        period=period,
        period_zh=period_zh,
        source=sources[source],
        quote=quote,
        stated=stated,
        quantity=None if value is None else (value[0], value[1]),
        unit=unit,
        qualifier=qualifier,
        scope=scope,
        scope_zh=scope_zh,
        note=note,
        note_zh=note_zh,
        deadline=deadline,
        date=None if when is None else date.fromisoformat(when),
        related=tuple(related),
        outcome=None if outcome is None else Outcome(outcome[0], outcome[1], sources[outcome[2]]),
        broader=tuple(broader),
        short_name=short_name,
        short_name_zh=short_name_zh,
    )


class LazyRecords(Sequence[Record]):
    """Records decoded from their cached blobs on first access, so a lookup builds one record, not 10,000."""

    def __init__(self, rows: list[bytes], sources: dict[str, Source]) -> None:
        self._rows = rows
        self._sources = sources
        self._built: list[Record | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        record = self._built[index]
        if record is None:
            record = self._built[index] = _record(marshal.loads(self._rows[index]), self._sources)
        return record

    def __iter__(self) -> Iterator[Record]:
        for index in range(len(self._rows)):
            yield self[index]


class PackedKeys(Mapping[str, int]):
    """Normalised name -> record position, packed in one string as "\\nkey\\tposition" lines.

    Unmarshalling a dict of 60,000 names took longer than everything else a cached lookup does; one string
    loads as a single copy, and a lookup is one `str.find`. Names never contain a tab or newline (normalising
    removes all white space).
    """

    def __init__(self, packed: str) -> None:
        self._packed = packed

    @staticmethod
    def pack(keys: Mapping[str, int]) -> str:
        return "\n" + "".join(f"{key}\t{position}\n" for key, position in keys.items())

    def __getitem__(self, key: str) -> int:
        if "\n" in key or "\t" in key or not key:
            raise KeyError(key)
        start = self._packed.find(f"\n{key}\t")
        if start < 0:
            raise KeyError(key)
        start += len(key) + 2
        return int(self._packed[start : self._packed.index("\n", start)])

    def __iter__(self) -> Iterator[str]:
        for line in self._packed[1:-1].split("\n"):
            yield line.partition("\t")[0]

    def __len__(self) -> int:
        return self._packed.count("\n") - 1
