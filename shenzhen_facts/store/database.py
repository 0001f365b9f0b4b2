"""A large dataset's cache entry: one SQLite file holding its records, its lookup keys and a full-text index.

A lookup in 100,000 records reads one key and one record; a search or a miss asks the FTS5 trigram index which
records can match, and resolve.Index scores those with the very Python ranking that scores a small dataset's
every record (the index only narrows: it answers a superset of the true matches, see `Narrow`). Tables:

    meta      fingerprint, sources, record count; the keys as one blob until the first lookup indexes them
    records   position -> the record's row (snapshot.row, marshal) and the row's CRC-32
    keys      normalised key -> position, with a CRC-32 of both     (made by the first lookup that reads keys)
    texts     position -> the folded words a search and a miss look at, and the names' spellings
    words     FTS5 trigram index over texts                         (texts and words: by the first search or miss)
    listing   the plain text of `list`, a chunk of records a row, with its CRC-32 (by the second plain list)

What SQLite does not check, the rows do: a record's or a key's bytes are checked against their CRC when read, and
a lookup that finds no key checks the keys either side of where it would be (a flipped byte in a key moves it
out of reach without breaking the file's structure). Anything SQLite finds malformed (DatabaseError) and any
row that does not check out is damage: the dataset is parsed afresh and the entry rewritten, once.

The entry is made whole under a temporary name and renamed into place (cache.Directory.write); what later runs
add (keys, the index, the listing) goes in by SQLite transactions, which its journal makes atomic and durable.
"""

from __future__ import annotations

import marshal
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from shenzhen_facts.core.model import Dataset, Record, Source
from shenzhen_facts.store import snapshot
from shenzhen_facts.store.snapshot import MARSHAL, Damaged, Rescue

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE records (position INTEGER PRIMARY KEY, row BLOB NOT NULL, crc INTEGER NOT NULL);
"""
_KEYS = "CREATE TABLE keys (key TEXT PRIMARY KEY, position INTEGER NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID"
_WORDS = """
CREATE TABLE texts (position INTEGER PRIMARY KEY, names TEXT NOT NULL, rest TEXT NOT NULL, spellings TEXT NOT NULL);
CREATE VIRTUAL TABLE words USING fts5(
    names, rest, spellings, content='texts', content_rowid='position', tokenize='trigram'
);
"""
_LISTING = "CREATE TABLE listing (name TEXT, chunk INTEGER, text TEXT NOT NULL, crc INTEGER NOT NULL,"
_LISTING += " PRIMARY KEY (name, chunk)) WITHOUT ROWID"
# Errors that mean "this file is not what was written": damage, or a file of another shape.
ERRORS = (sqlite3.DatabaseError, Damaged, EOFError, ValueError, TypeError, KeyError, IndexError, OverflowError)


_TIMEOUT = 5.0  # seconds to wait for another run that is writing the entry (indexing it, keeping its listing)


def _damage(error: BaseException) -> bool:
    """Whether an error says the entry is damaged, rather than that it cannot be written now (another run holds
    it, the disk is full, the directory is read-only: SQLite's OperationalError), which no rebuild would mend."""
    return not isinstance(error, sqlite3.OperationalError)


def _create(connection: sqlite3.Connection, schema: str) -> None:
    # One statement at a time: executescript() would commit the transaction these are part of.
    for statement in schema.split(";"):
        if statement.strip():
            connection.execute(statement)


def _checked_blob(value: Any) -> bytes:
    """A value of the meta table: marshal's bytes behind their CRC-32 (SQLite checks no byte of a value)."""
    blob = marshal.dumps(value, MARSHAL)
    return zlib.crc32(blob).to_bytes(4, "little") + blob


def _unblob(data: Any) -> Any:
    if type(data) is not bytes or len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "little"):
        raise Damaged("meta")
    return marshal.loads(data[4:])


def _key_crc(key: str, position: int) -> int:
    return zlib.crc32(f"{position} {key}".encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------------------------------------- writing


def write(path: str, dataset: Dataset, fingerprint: tuple[Any, ...], keys: Mapping[str, int]) -> None:
    """Fill the empty file at `path` (a temporary name, renamed into place by the caller once it is synced)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # No journal and no syncs while it is made: a killed run leaves a temporary file, which is never read.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA auto_vacuum = INCREMENTAL")  # the keys' blob is given back once indexed
        connection.execute("BEGIN")
        _create(connection, _SCHEMA)
        blobs = (marshal.dumps(snapshot.row(r), MARSHAL) for r in dataset.records)
        connection.executemany(
            "INSERT INTO records VALUES (?, ?, ?)", ((n, blob, zlib.crc32(blob)) for n, blob in enumerate(blobs))
        )
        # The keys as one blob: indexing a million keys is a large part of a first run, which answers that much
        # sooner; the first lookup that reads this entry makes the index (Keys._index).
        meta = {
            "fingerprint": _checked_blob(fingerprint),
            "sources": _checked_blob([tuple(s) for s in dataset.sources]),
            "count": _checked_blob(len(dataset.records)),
            # The records with parts (`about`): the resolver reads questions against these without a full scan.
            "parted": _checked_blob(list(_parted(dataset))),
            "pending keys": _checked_blob(keys if type(keys) is dict else dict(keys)),
        }
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.execute("COMMIT")
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------- reading


def _parted(dataset: Dataset) -> Iterator[int]:
    if dataset.parted is not None:
        return iter(dataset.parted)
    return (n for n, record in enumerate(dataset.records) if record.about is not None)


class Entry:
    """An open entry. Raises one of ERRORS when it is not an entry this code wrote."""

    def __init__(self, path: str) -> None:
        from urllib.parse import quote

        self.path = path
        # mode=rw: a file that vanished since it was checked is not made anew, empty.
        self.connection = sqlite3.connect(
            f"file:{quote(path)}?mode=rw", uri=True, isolation_level=None, timeout=_TIMEOUT
        )
        try:
            meta = dict(
                self.connection.execute(
                    "SELECT name, value FROM meta WHERE name IN ('fingerprint', 'sources', 'count', 'parted')"
                )
            )
            self.fingerprint = _unblob(meta["fingerprint"])
            self.sources = {source[0]: Source(*source) for source in _unblob(meta["sources"])}
            self.count: int = _unblob(meta["count"])
            self.parted: list[int] = _unblob(meta["parted"])
            if type(self.count) is not int or self.count < 0 or type(self.fingerprint) is not tuple:
                raise Damaged("meta")
            if type(self.parted) is not list or not all(type(n) is int and 0 <= n < self.count for n in self.parted):
                raise Damaged("meta")
        except BaseException:
            self.connection.close()
            raise
        self.identity = f"{path} {zlib.crc32(meta['fingerprint'])}"

    def row(self, position: int) -> Any:
        found = self.connection.execute("SELECT row, crc FROM records WHERE position = ?", (position,)).fetchone()
        if found is None:
            raise Damaged("a missing record")
        return _decode(*found)

    def rows(self) -> Iterator[tuple[int, Any]]:
        expected = 0
        for position, blob, crc in self.connection.execute("SELECT position, row, crc FROM records ORDER BY position"):
            if position != expected:
                raise Damaged("a missing record")
            yield position, _decode(blob, crc)
            expected += 1
        if expected != self.count:
            raise Damaged("missing records")

    def has(self, table: str) -> bool:
        query = "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?"
        return self.connection.execute(query, (table,)).fetchone() is not None


def _decode(blob: bytes, crc: int) -> Any:
    if type(blob) is not bytes or zlib.crc32(blob) != crc:
        raise Damaged("crc")
    return marshal.loads(blob)


class Records(snapshot.Lazy):
    """The entry's records, each read and checked when first asked for; damage falls back to a fresh parse."""

    _damage = ERRORS

    def __init__(self, entry: Entry, rescue: Rescue) -> None:
        super().__init__(entry.count, rescue)
        self.entry = entry

    def _read(self, index: int) -> Record:
        return snapshot.record(self.entry.row(index), self.entry.sources)

    def __iter__(self) -> Iterator[Record]:
        # Streamed, and not kept: a walk of 100,000 records holds a few of them at a time.
        done = 0
        try:
            for position, values in self.entry.rows():
                yield self._built.get(position) or snapshot.record(values, self.entry.sources)
                done += 1
        except ERRORS:
            yield from self._rescue().records[done:]


class Keys(Mapping[str, int]):
    """Normalised name -> record position, from the entry's indexed keys (made by the first lookup)."""

    def __init__(self, entry: Entry, rescue: Rescue, tidy: Any) -> None:
        self._entry = entry
        self._rescue = rescue
        self._tidy = tidy  # the cache's tidying, after the entry has grown
        self._ready = False
        self._pending: dict[str, int] | None = None  # the keys, when they could not be indexed in the entry

    def _index(self) -> None:
        """Index the keys the first write left as one blob (in one transaction: all of them or none)."""
        if self._ready:
            return
        connection = self._entry.connection
        if not self._entry.has("keys"):
            (blob,) = connection.execute("SELECT value FROM meta WHERE name = 'pending keys'").fetchone()
            pending = _unblob(blob)
            if type(pending) is not dict:
                raise Damaged("keys")
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:  # another run is indexing them, or the entry cannot be written
                self._pending = pending
                self._ready = True
                return
            try:
                connection.execute(_KEYS)
                # In key order: the index is appended to, not shuffled (several times as fast for a million keys).
                connection.executemany(
                    "INSERT INTO keys VALUES (?, ?, ?)",
                    ((key, pending[key], _key_crc(key, pending[key])) for key in sorted(pending)),
                )
                connection.execute("DELETE FROM meta WHERE name = 'pending keys'")
                connection.execute("COMMIT")
            except sqlite3.OperationalError:  # a full disk: this run uses the keys as read
                connection.execute("ROLLBACK")
                self._pending = pending
                self._ready = True
                return
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("PRAGMA incremental_vacuum")
            self._tidy()
        self._ready = True

    def _checked(self, rows: Iterable[tuple[str, int, int]]) -> Iterator[tuple[str, int]]:
        count = self._entry.count
        for key, position, crc in rows:
            if type(key) is not str or type(position) is not int or _key_crc(key, position) != crc:
                raise Damaged("a key")
            if not 0 <= position < count:
                raise Damaged("a key's position")
            yield key, position

    def __getitem__(self, key: str) -> int:
        try:
            position = self._find(key)
        except ERRORS:
            return self._fresh()[key]
        if position is None:
            raise KeyError(key)
        return position

    def _find(self, key: str) -> int | None:
        self._index()
        if self._pending is not None:
            return self._pending.get(key)
        connection = self._entry.connection
        found = connection.execute("SELECT key, position, crc FROM keys WHERE key = ?", (key,)).fetchall()
        if found:
            position: int = next(self._checked(found))[1]
            return position
        # A miss: the keys either side of where this one would be are checked, since a damaged byte in a key
        # moves it out of reach without breaking the file's structure.
        either_side = connection.execute(
            "SELECT * FROM (SELECT key, position, crc FROM keys WHERE key < ? ORDER BY key DESC LIMIT 1)"
            " UNION ALL SELECT * FROM (SELECT key, position, crc FROM keys WHERE key > ? ORDER BY key LIMIT 1)",
            (key, key),
        )
        for _ in self._checked(either_side):
            pass
        return None

    def _fresh(self) -> Mapping[str, int]:
        from shenzhen_facts.core.resolve import build_keys

        dataset = self._rescue()
        return dataset.keys if dataset.keys is not None else build_keys(dataset.records)

    def _all(self) -> dict[str, int]:
        try:
            self._index()
            if self._pending is not None:
                return self._pending
            return dict(self._checked(self._entry.connection.execute("SELECT key, position, crc FROM keys")))
        except ERRORS:
            return dict(self._fresh())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def starting(self, start: str) -> dict[str, int]:
        """Keys that are spellings or id handles (not wordings) starting with `start`, with their positions."""
        self._index()
        if self._pending is not None:
            return {k: p for k, p in self._pending.items() if k.startswith((start, "#" + start))}
        end = start + "\U0010ffff"
        query = "SELECT key, position, crc FROM keys WHERE (key >= ? AND key < ?) OR (key >= ? AND key < ?)"
        return dict(self._checked(self._entry.connection.execute(query, (start, end, "#" + start, "#" + end))))


# ---------------------------------------------------------------------------------------------- narrowing


class Narrow:
    """resolve.Narrowing over the entry's trigram index, made by the first search or miss.

    The index holds, for each record, the folded words of what a search looks at (`names`: the id, names,
    aliases and broader terms; `rest`: scope, notes, quote, figure, period) and of its names' spellings, each
    word behind a space, exactly as resolve's own matching writes them. Every test resolve makes is a substring
    test of those texts, so a trigram query for the same substrings finds every record the ranking could keep.
    A needle shorter than a trigram cannot be asked of the index: those are looked for in the texts themselves
    (a scan in SQLite, not in Python), and a dataset whose index cannot be used is scored record by record.
    """

    def __init__(self, entry: Entry, dataset: Dataset, rescue: Rescue, tidy: Any) -> None:
        self._entry = entry
        self._dataset = dataset
        self._rescue = rescue
        self._tidy = tidy
        self._keys = dataset.keys
        self._ready: bool | None = None

    def _open(self) -> bool:
        if self._ready is None:
            try:
                if not self._entry.has("words"):
                    self._build()
                self._ready = True
            except ERRORS as error:
                if _damage(error):
                    self._rescue()
                self._ready = False
        return self._ready

    def _build(self) -> None:
        from shenzhen_facts.core.resolve import name_texts, normalize, search_texts

        connection = self._entry.connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            _create(connection, _WORDS)
            rows = ((position, *_texts(r, name_texts, search_texts, normalize)) for position, r in _walk(self._entry))
            connection.executemany("INSERT INTO texts VALUES (?, ?, ?, ?)", rows)
            connection.execute("INSERT INTO words (words) VALUES ('rebuild')")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        self._tidy()

    def _query(self, sql: str, parameters: tuple[Any, ...]) -> set[int] | None:
        try:
            found = {position for (position,) in self._entry.connection.execute(sql, parameters)}
        except ERRORS as error:
            if _damage(error):
                self._rescue()  # damage: the entry is made afresh, once, and this run scores every record
            return None
        if any(type(p) is not int or not 0 <= p < self._entry.count for p in found):
            return None
        return found

    def search(self, asked: list[str], spelling: str) -> Iterable[int]:
        from shenzhen_facts.core.resolve import is_cjk

        every = range(len(self._dataset.records))
        if not self._open():
            return every
        # resolve._has_all: an English word at a word start, a number whole, Chinese anywhere.
        needles = [word if is_cjk(word[0]) else f" {word} " if word.isdigit() else f" {word}" for word in asked]
        words, clauses, parameters = _match(needles, "{names rest}", " AND ")
        scans = [n for n in needles if len(n) < 3]
        if not words:
            if not scans:
                return every
            clauses, parameters = _instr(scans, "names || rest", " AND ")
        elif scans:  # the short needles, tested in the rows the long ones found
            extra, more = _instr(scans, "texts.names || texts.rest", " AND ")
            clauses = f"({clauses}) AND {extra}"
            parameters = (*parameters, *more)
        found = self._query(_select(words, clauses), parameters)
        named = self._spelled(spelling)
        if found is None or named is None:
            return every
        return found | named

    def near(self, asked: set[str], spelling: str) -> Iterable[int]:
        every = range(len(self._dataset.records))
        if not self._open():
            return every
        # resolve.Index.candidates: a name's word that is an asked word or starts with it (" word"), a broader
        # term whose words are the asked ones (found by any of them), the spelling inside a name's spelling.
        found = self._spelled(spelling) or set()
        for needle, column in [*((f" {word}", "names") for word in asked), (spelling, "spellings")]:
            if column == "spellings" and len(spelling) < 2:
                continue
            if len(needle) >= 3:
                more = self._query("SELECT rowid FROM words WHERE words MATCH ?", (f"{column} : {_phrase(needle)}",))
            else:
                more = self._query(f"SELECT position FROM texts WHERE instr({column}, ?) > 0", (needle,))
            if more is None:
                return every
            found |= more
        return found

    def _spelled(self, spelling: str) -> set[int] | None:
        """Records with a name, alias or broader term spelled `spelling` (the ranks above words)."""
        needle = f" {spelling} "
        return self._query("SELECT rowid FROM words WHERE words MATCH ?", (f"spellings : {_phrase(needle)}",))

    def spellings(self, spelling: str) -> dict[str, int]:
        # Near spellings are looked for among the keys that start with the query's first letter: a typo seldom
        # changes it, and in a million keys difflib would take seconds. The one narrowing that is not exact.
        keys = self._keys
        try:
            if isinstance(keys, Keys):
                return keys.starting(spelling[:1])
        except ERRORS:
            keys = None
        if keys is None:
            from shenzhen_facts.core.resolve import build_keys

            keys = build_keys(self._rescue().records)
        return {k: p for k, p in keys.items() if not k.startswith(" ")}


def _walk(entry: Entry) -> Iterator[tuple[int, Record]]:
    for position, values in entry.rows():
        yield position, snapshot.record(values, entry.sources)


def _texts(r: Record, name_texts: Any, search_texts: Any, normalize: Any) -> tuple[str, str, str]:
    from shenzhen_facts.core.resolve import words

    names = name_texts(r)
    rest = search_texts(r)[len(names) :]
    # As resolve._text writes them: each text's folded words, every word behind a space.
    folded = [" ".join(words(t)) for t in names]
    return (
        " " + " ".join(folded) + " ",
        " " + " ".join(" ".join(words(t)) for t in rest) + " ",
        " " + " ".join(normalize(t) for t in (r.id, r.name, r.name_zh, *r.aliases, *r.broader)) + " ",
    )


def _phrase(needle: str) -> str:
    return '"' + needle.replace('"', '""') + '"'


def _match(needles: list[str], columns: str, joint: str) -> tuple[bool, str, tuple[Any, ...]]:
    long = [n for n in needles if len(n) >= 3]
    if not long:
        return False, "", ()
    return True, "words MATCH ?", (joint.join(f"{columns} : {_phrase(n)}" for n in long),)


def _instr(needles: list[str], text: str, joint: str) -> tuple[str, tuple[Any, ...]]:
    return joint.join(f"instr({text}, ?) > 0" for _ in needles), tuple(needles)


def _select(words: bool, clauses: str) -> str:
    if words:
        return f"SELECT words.rowid FROM words JOIN texts ON texts.position = words.rowid WHERE {clauses}"
    return f"SELECT position FROM texts WHERE {clauses}"


# ---------------------------------------------------------------------------------------------- the listing


class Listing:
    """The plain text of `list` kept in the entry, a chunk of records a row (presentation/listing.py)."""

    def __init__(self, entry: Entry, name: str, identity: str) -> None:
        self._entry = entry
        self._name = name
        self._identity = identity.encode("utf-8")

    def chunks(self) -> Iterator[str]:
        """The stored chunks in order; stops at the first that is missing or does not check out."""
        try:
            connection = self._entry.connection
            if not self._entry.has("listing"):
                return
            stored = connection.execute("SELECT value FROM meta WHERE name = ?", (f"listing {self._name}",))
            if stored.fetchone() != (self._identity,):
                return
            query = "SELECT chunk, text, crc FROM listing WHERE name = ? ORDER BY chunk"
            for expected, (chunk, text, crc) in enumerate(connection.execute(query, (self._name,))):
                data = text.encode("utf-8", "surrogatepass") if type(text) is str else b""
                if chunk != expected or zlib.crc32(data) != crc:
                    return
                yield text
        except ERRORS:
            return

    def writer(self) -> ListingWriter | None:
        try:
            return ListingWriter(self)
        except (*ERRORS, OSError):
            return None


class ListingWriter:
    """Writes the listing as its chunks are made, in one transaction: kept only once complete."""

    def __init__(self, listing: Listing) -> None:
        self._listing = listing
        self._connection = listing._entry.connection
        self._chunk = 0
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            self._connection.execute(_LISTING.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
            self._connection.execute("DELETE FROM listing WHERE name = ?", (listing._name,))
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise

    def add(self, text: str) -> None:
        crc = zlib.crc32(text.encode("utf-8", "surrogatepass"))
        try:
            self._connection.execute(
                "INSERT INTO listing VALUES (?, ?, ?, ?)", (self._listing._name, self._chunk, text, crc)
            )
        except sqlite3.Error as error:
            raise OSError(str(error)) from None  # a full disk costs speed, never an answer
        self._chunk += 1

    def commit(self) -> None:
        try:
            self._connection.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"listing {self._listing._name}", self._listing._identity)
            )
            self._connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise OSError(str(error)) from None

    def abandon(self) -> None:
        try:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
