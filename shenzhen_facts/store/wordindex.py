"""The word index of a large cached dataset: which records a search or a miss needs to read, not all of them.

A search or a miss scores records by their words (resolve.py); in 100,000 records that is seconds of decoding
and folding. This index maps terms to the positions of the records that contain them, so resolve.Index reads
only the records that can match and scores those exactly as it would have scored all. Terms, by namespace:

    w<word>    a word of anything a search looks at (resolve.search_texts)
    n<word>    a word of a name, alias or broader term (what a miss's candidates are scored on)
    s<text>    a name, alias or broader term, normalised
    k<key>     a lookup key that is a spelling (not a wording); h<id> for an id's handle key "#<id>"

The terms are sorted, so every term with a given start is one range, found by binary search reading a few bytes
at a time; the positions of a range are one slice of the file. It is built by the first search or miss on a
dataset (a few seconds for 100,000 records) and kept beside the cache entry (cache.SIDE_SUFFIX).
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Iterable, Mapping

from shenzhen_facts.core.model import Dataset

_FORM = b"szfacts-words-1\n"


def build(dataset: Dataset, keys: Mapping[str, int]) -> list[bytes]:
    """The index file's pieces, after a line naming what it was built from (the caller's)."""
    from array import array

    from shenzhen_facts.core.resolve import name_texts, normalize, search_texts, words

    terms: dict[str, list[int]] = {}

    def add(term: str, position: int) -> None:
        found = terms.get(term)
        if found is None:
            terms[term] = [position]
        elif found[-1] != position:  # records are added in order: a repeat is always the last one
            found.append(position)

    for position, record in enumerate(dataset.records):
        # The words of texts joined by a space are the words of each text (no word spans a space, and a space
        # composes with nothing): one call a record instead of one a text, on the one-time build.
        for word in words(" ".join(search_texts(record)).replace("_", " ")):
            add("w" + word, position)
        names = name_texts(record)
        for word in words(" ".join(names)):
            add("n" + word, position)
        for text in names:
            add("s" + normalize(text), position)
    for key, position in keys.items():
        if key.startswith("#"):
            add("h" + key[1:], position)
        elif not key.startswith(" "):
            add("k" + key, position)
    ordered = sorted(terms)
    blob = "\n".join(ordered).encode("utf-8", "surrogatepass")
    starts = array("Q", [0])
    postings = array("Q", [0])
    for term in ordered:
        starts.append(starts[-1] + len(term.encode("utf-8", "surrogatepass")) + 1)
        postings.append(postings[-1] + len(terms[term]))
    positions = array("I", [p for term in ordered for p in terms[term]])
    body = [starts.tobytes(), postings.tobytes(), blob + b"\n", positions.tobytes()]
    head = marshal.dumps((len(ordered), [len(part) for part in body], [zlib.crc32(part) for part in body[:2]]), 2)
    return [_FORM, f"{len(head)} {zlib.crc32(head)}\n".encode("ascii"), head, *body]


class Damaged(Exception):
    """The index does not check out: the caller builds it again."""


class WordIndex:
    """An open index file, read by offset."""

    def __init__(self, fd: int, identity: bytes) -> None:
        self._fd = fd
        start = os.pread(fd, 4096, 0)
        if not start.startswith(_FORM + identity):
            raise Damaged("another entry's index")
        at = len(_FORM) + len(identity)
        end = start.index(b"\n", at)
        length, crc = (int(part) for part in start[at:end].split(b" "))
        head = self._read(end + 1, length)
        if zlib.crc32(head) != crc:
            raise Damaged("head")
        self.count, sizes, crcs = marshal.loads(head)
        at = end + 1 + length
        self._starts, self._postings, self._blob, self._positions = (
            at,
            at + sizes[0],
            at + sizes[0] + sizes[1],
            at + sizes[0] + sizes[1] + sizes[2],
        )
        if self._positions + sizes[3] != os.fstat(fd).st_size or sizes[0] != 8 * (self.count + 1):
            raise Damaged("size")
        self._crcs = crcs
        self._blob_size = sizes[2]

    def _read(self, at: int, size: int) -> bytes:
        data = os.pread(self._fd, size, at)
        if len(data) != size:
            raise Damaged("short read")
        return data

    def _int(self, table: int, index: int) -> int:
        value: int = memoryview(self._read(table + 8 * index, 8)).cast("Q")[0]  # native order, as written
        return value

    def _term(self, index: int) -> bytes:
        at, end = memoryview(self._read(self._starts + 8 * index, 16)).cast("Q")
        return self._read(self._blob + at, end - at - 1)

    def _first(self, prefix: bytes) -> int:
        """The index of the first term not less than `prefix`."""
        low, high = 0, self.count
        while low < high:
            middle = (low + high) // 2
            if self._term(middle) < prefix:
                low = middle + 1
            else:
                high = middle
        return low

    def _range(self, prefix: str) -> tuple[int, int]:
        """Terms starting with `prefix`: one range of the sorted terms."""
        encoded = prefix.encode("utf-8", "surrogatepass")
        # UTF-8 sorts as code points do, so every term starting with the prefix sorts before prefix + U+10FFFF.
        return self._first(encoded), self._first(encoded + "\U0010ffff".encode())

    def _positions_of(self, first: int, last: int) -> memoryview:
        if first >= last:
            return memoryview(b"").cast("I")
        start, end = self._int(self._postings, first), self._int(self._postings, last)
        return memoryview(self._read(self._positions + 4 * start, 4 * (end - start))).cast("I")

    def _size(self, first: int, last: int) -> int:
        return self._int(self._postings, last) - self._int(self._postings, first) if first < last else 0

    def starting(self, prefix: str) -> set[int]:
        """Positions of the records with a term that starts with `prefix` (namespace included)."""
        return set(self._positions_of(*self._range(prefix)))

    def exactly(self, term: str) -> set[int]:
        first, last = self._range(term)
        if first < last and self._term(first) == term.encode("utf-8", "surrogatepass"):
            return set(self._positions_of(first, first + 1))
        return set()

    def containing(self, namespace: str, text: str) -> set[int]:
        """Positions of the records with a term of `namespace` that contains `text` anywhere."""
        import bisect

        first, last = self._range(namespace)
        if first >= last:
            return set()
        starts = memoryview(self._read(self._starts, 8 * (self.count + 1))).cast("Q")
        if zlib.crc32(starts) != self._crcs[0]:
            raise Damaged("starts")
        blob = self._read(self._blob + starts[first], starts[last] - starts[first])
        needle = text.encode("utf-8", "surrogatepass")
        found: set[int] = set()
        at = blob.find(needle)
        while at >= 0:
            term = bisect.bisect_right(starts, starts[first] + at, first, last + 1) - 1
            if starts[first] + at > starts[term]:  # inside the term, after its namespace letter
                found.update(self._positions_of(term, term + 1))
            at = blob.find(needle, at + 1)
        return found

    def rarest(self, namespace: str, prefixes: Iterable[str]) -> set[int]:
        """The positions for the prefix that the fewest records have: every record having all of them is among."""
        ranges = [self._range(namespace + prefix) for prefix in prefixes]
        first, last = min(ranges, key=lambda bounds: self._size(*bounds))
        return set(self._positions_of(first, last))

    def keys_starting(self, start: str) -> dict[str, int]:
        """Lookup keys (spellings and id handles) whose text starts with `start`, with their record positions."""
        found: dict[str, int] = {}
        for namespace, mark in (("k", ""), ("h", "#")):
            first, last = self._range(namespace + start)
            if first < last:
                positions = self._positions_of(first, last)
                start_at = self._int(self._postings, first)
                for index in range(first, last):
                    at = self._int(self._postings, index) - start_at
                    found[mark + self._term(index)[1:].decode("utf-8", "surrogatepass")] = positions[at]
        return found


class Narrow:
    """resolve.Narrowing over a word index, opened (or built) on first use; None answers mean "read them all"."""

    def __init__(self, path: str, identity: bytes, dataset: Dataset) -> None:
        self._path = path
        self._identity = identity
        self._dataset = dataset
        self._index: WordIndex | None = None
        self._failed = False

    def _open(self) -> WordIndex | None:
        if self._index is None and not self._failed:
            self._index = _open_or_build(self._path, self._identity, self._dataset)
            self._failed = self._index is None
        return self._index

    def search(self, asked: list[str], spelling: str) -> Iterable[int]:
        from shenzhen_facts.core.resolve import is_cjk

        index = self._open()
        if index is None:
            return range(len(self._dataset.records))
        try:
            found = index.exactly("s" + spelling)  # a whole name, alias or broader term, however its words read
            spelled = [word for word in asked if not is_cjk(word[0])]  # words at a word start: a range of terms
            if spelled:
                found |= index.rarest("w", spelled)
            else:  # Chinese anywhere in a word: a scan of the terms
                found |= index.containing("w", max(asked, key=len))
        except (Damaged, OSError, ValueError):
            return range(len(self._dataset.records))
        return found

    def near(self, asked: set[str], spelling: str) -> Iterable[int]:
        index = self._open()
        if index is None:
            return range(len(self._dataset.records))
        try:
            found = index.exactly("s" + spelling)
            for word in asked:  # a name's word that is the asked word or starts with it
                found |= index.starting("n" + word)
            if len(spelling) >= 2:  # the query's spelling inside a name's
                found |= index.containing("s", spelling)
        except (Damaged, OSError, ValueError):
            return range(len(self._dataset.records))
        return found

    def spellings(self, spelling: str) -> dict[str, int]:
        # Near spellings are looked for among the keys that start with the query's first letter: a typo seldom
        # changes it, and in 600,000 keys difflib would take seconds. The one narrowing here that is not exact.
        index = self._open()
        if index is not None:
            try:
                return index.keys_starting(spelling[:1])
            except (Damaged, OSError, ValueError):
                pass
        return {k: p for k, p in self._keys().items() if not k.startswith(" ")}

    def _keys(self) -> Mapping[str, int]:
        from shenzhen_facts.core.resolve import build_keys

        return self._dataset.keys if self._dataset.keys is not None else build_keys(self._dataset.records)


def _open_or_build(path: str, identity: bytes, dataset: Dataset) -> WordIndex | None:
    """The index at `path` when it belongs to this entry, else built, written beside it and opened."""
    from shenzhen_facts.core.resolve import build_keys
    from shenzhen_facts.store import cache

    for _ in range(2):
        opened = cache.open_trusted(path)
        if opened is not None:
            try:
                return WordIndex(opened[0], identity)
            except (Damaged, OSError, ValueError, TypeError, EOFError, IndexError):
                os.close(opened[0])
        keys = dataset.keys if dataset.keys is not None else build_keys(dataset.records)
        pieces = build(dataset, keys)
        pieces.insert(1, identity)
        if not cache.write_beside(path, pieces):
            return None
    return None
