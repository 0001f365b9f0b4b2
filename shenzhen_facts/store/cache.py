"""A parsed cache of datasets, so a lookup in 100,000 records is about as quick as one in the bundled file.

Parsing TOML and validating is the slow part of loading, so once a file has been parsed and validated it is
stored as a packed entry (packed.py) from which a lookup reads only the record it prints.

What the cache trusts, and why it may: an entry is used only when
- the cache directory is owned by this user and nobody else may write to it (a shared or planted directory is
  ignored and the dataset parsed as if there were no cache);
- the entry is a regular file (opened without following a symlink and without blocking, then checked with
  fstat, so a FIFO or a device at its path is never read), owned by this user and writable by nobody else;
- its fingerprint matches: the dataset's path, size, modification and change times and inode (and its CRC-32
  when the file is small enough to read on every run), and the code that shaped the entry (szfacts' version,
  the size and time of each module that decides what an entry holds, Python's version);
- every piece read checks out against its CRC-32 and has the expected shape. Anything else is a miss: the
  dataset is parsed again and the entry replaced. Damage found after loading falls back to a fresh parse.
Writing is atomic (a temporary file renamed into place) and bounded: when an entry is written, entries of
datasets that no longer exist, stale temporary files and the least recently used entries beyond the limits
are removed. No failure of the cache directory is fatal; a Ctrl-C is never swallowed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shenzhen_facts.core import __version__
from shenzhen_facts.core.model import Dataset, Record

if TYPE_CHECKING:
    from shenzhen_facts.store.packed import Entry as PackedEntry

# Entries from another szfacts, Python (marshal's format differs) or byte order are simply not used.
_FORMAT = f"szfacts-cache-3/{__version__}/{sys.version_info[0]}.{sys.version_info[1]}/{sys.byteorder}"
# The modules that decide what an entry holds: the rules, the numbers, the keys, the records, the encoding.
# Relative to the package: the modules whose code decides what an entry holds.
_SHAPERS = (
    "store/cache.py",
    "store/packed.py",
    "core/model.py",
    "store/validate.py",
    "core/figures.py",
    "core/resolve.py",
)
SMALL = 1 << 20  # files up to this size are also checked by content (reading them costs well under a millisecond)
MAX_ENTRIES = 32  # least recently used entries beyond these limits are removed when an entry is written
MAX_TOTAL = 1 << 30
NARROW_FROM = 2000  # records from which a search or a miss reads a word index rather than every record
STALE = 3600  # seconds after which a temporary file is a leftover of a killed run, not another run's write
_TOUCH = 3600  # a used entry's time is refreshed at most this often: the eviction order, for the cost of a stat


def cache_dir() -> Path | None:
    """Where entries live: $SZFACTS_CACHE_DIR, else the platform's user cache directory. None disables it."""
    explicit = os.environ.get("SZFACTS_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "szfacts" / "Cache" if base and os.path.isabs(base) else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if sys.platform != "darwin" and os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "szfacts"
    home = _home()
    if home is None:
        return None  # no home, no cache: never the root directory's /.cache
    return home / ("Library/Caches" if sys.platform == "darwin" else ".cache") / "szfacts"


def _home() -> Path | None:
    home = os.environ.get("HOME")
    if home is None:
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError, OSError):
            return None  # a user with no passwd entry
    return Path(home) if home and os.path.isabs(home) and home != "/" else None


def _trusted(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (the same test for the directory and its entries)."""
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _code() -> tuple[Any, ...]:
    """The code that shapes an entry, as a few stats: an edit to an editable install changes it."""
    return (_FORMAT, Record._fields, *_stamps(_SHAPERS))


def _stamps(names: tuple[str, ...]) -> list[tuple[int, int]]:
    here = Path(__file__).parent.parent
    stamps = []
    for name in names:
        try:
            info = os.stat(here / name)
        except OSError:  # a zip import: the archive's own time stands for its modules
            info = os.stat(next(p for p in here.parents if os.path.exists(p)))
        stamps.append((info.st_size, info.st_mtime_ns))
    return stamps


def load(
    path: Path,
    info: os.stat_result,
    origin: str,
    read: Callable[[], bytes],
    parse: Callable[[bytes], Dataset],
) -> Dataset:
    """The dataset at `path` (whose stat is `info`), from the cache when fresh, else read, parsed and cached.

    `parse` decodes and validates the bytes into a Dataset; it raises for an invalid file, which is never cached.
    """
    directory = cache_dir()
    try:
        trusted = directory is not None and _trusted(os.stat(directory))
    except FileNotFoundError:
        trusted = directory is not None  # made on the first write, by this user, private
    except (OSError, ValueError):
        trusted = False
    if directory is None or not trusted:
        return parse(read())
    data = read() if info.st_size <= SMALL else None
    resolved = os.path.realpath(path)
    fingerprint = (
        _code(),
        resolved,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
        None if data is None else zlib.crc32(data),
    )
    name = resolved.encode("utf-8", "surrogatepass")
    entry = directory / f"{zlib.crc32(name):08x}-{len(name)}-{Path(resolved).name[:40]}.cache"

    def fresh() -> Dataset:
        dataset = parse(read() if data is None else data)
        _write(entry, fingerprint, dataset)
        return dataset

    cached = _read(entry, fingerprint, origin, fresh)
    return cached if cached is not None else fresh()


# ---------------------------------------------------------------------------------------------- reading


def open_trusted(entry: Path | str) -> tuple[int, os.stat_result] | None:
    """A descriptor of the entry and its stat, or None unless it is a regular file this user alone controls."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None  # missing, a symlink, unreadable
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        return None
    if not stat.S_ISREG(info.st_mode) or not _trusted(info):
        os.close(fd)
        return None
    return fd, info


def _read(entry: Path, fingerprint: tuple[Any, ...], origin: str, fresh: Callable[[], Dataset]) -> Dataset | None:
    from shenzhen_facts.store import packed

    opened = open_trusted(entry)
    if opened is None:
        return None
    fd, info = opened
    try:
        found = packed.Entry(fd, info.st_size, _FORMAT, str(entry))
        if found.fingerprint != fingerprint:
            raise packed.Damaged("stale")
    except (packed.Damaged, OSError, ValueError, TypeError, EOFError, IndexError, KeyError, OverflowError):
        os.close(fd)
        return None  # stale, damaged, or from another version: parse instead
    if time.time() - info.st_mtime > _TOUCH:
        with contextlib.suppress(OSError):
            os.utime(fd)  # recently used: the last to be evicted
    rescue = packed.Rescue(fresh)
    records = packed.LazyRecords(found, rescue)
    index = None if found.buckets else lambda: _key_index(entry, found)
    keys = packed.PackedKeys(found, rescue, index)
    dataset = Dataset(records, list(found.sources.values()), origin, keys=keys)
    dataset.parted = found.parted
    if found.count >= NARROW_FROM:
        from shenzhen_facts.store import wordindex

        identity = f"{found.identity} {_stamps(('wordindex.py', 'resolve.py'))}\n".encode()
        dataset.narrow = wordindex.Narrow(f"{entry}.words{SIDE_SUFFIX}", identity, dataset)
    return dataset


def _key_index(entry: Path, found: PackedEntry) -> PackedEntry | None:
    """The key buckets of an entry written with its keys deferred: a side file, made by the first lookup."""
    from shenzhen_facts.store import packed

    path = f"{entry}.keys{SIDE_SUFFIX}"
    identity = (found.identity,)
    for _ in range(2):
        opened = open_trusted(path)
        if opened is not None:
            try:
                index = packed.Entry(opened[0], opened[1].st_size, _FORMAT)
                if index.fingerprint == identity and index.count == found.count and index.buckets > 0:
                    return index
            except (packed.Damaged, OSError, ValueError, TypeError, EOFError, IndexError, KeyError, OverflowError):
                pass
            os.close(opened[0])
        try:
            keys = found.pending()
        except (packed.Damaged, OSError):
            return None
        if not write_beside(path, packed.pack_keys(keys, found.count, identity, _FORMAT)):
            return None
    return None


# ---------------------------------------------------------------------------------------------- writing


def _write(entry: Path, fingerprint: tuple[Any, ...], dataset: Dataset) -> None:
    from shenzhen_facts.core.resolve import build_keys
    from shenzhen_facts.store import packed

    keys = dataset.keys if dataset.keys is not None else build_keys(dataset.records)
    defer = len(dataset.records) >= NARROW_FROM  # a large dataset's key buckets are made by its first lookup
    write_beside(entry, packed.pack(dataset, fingerprint, keys, _FORMAT, defer=defer), tidy=True)


def write_beside(path: Path | str, pieces: list[bytes], tidy: bool = False) -> bool:
    """Write a file of the cache directory atomically; False when it cannot be (which is never an error)."""
    path = Path(path)
    try:
        import tempfile  # only when writing: it costs a few milliseconds to import

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(path.parent)):
            return False
        if tidy:
            _tidy(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".cache")
        try:
            with os.fdopen(handle, "wb") as file:
                file.writelines(pieces)
            os.replace(temporary, path)  # atomic: a reader sees the old file or the new one, never half
        except BaseException:
            # Interrupted or failed before the rename: no leftover. After it, there is nothing to remove; either
            # way the exception goes on (a Ctrl-C must end the run with 130, never be taken for a cache failure).
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return False  # a read-only or full cache directory costs speed, never an answer
    return True


def _tidy(keep: Path) -> None:
    """Remove stale temporary files, entries whose dataset is gone, and the least recently used beyond limits."""
    from shenzhen_facts.store import packed

    now = time.time()
    kept: list[tuple[float, int, str]] = []
    with os.scandir(keep.parent) as listing:
        names = [item.name for item in listing]
    for name in names:
        path = os.path.join(keep.parent, name)
        opened = open_trusted(path)
        if opened is None:
            continue  # not ours to judge (a symlink, a directory, another user's file)
        fd, info = opened
        try:
            if name.startswith(".tmp-"):
                if now - info.st_mtime > STALE:
                    os.unlink(path)
                continue
            if name.endswith(SIDE_SUFFIX):  # derived from an entry: goes with it
                owner = name[: -len(SIDE_SUFFIX)].rsplit(".", 1)[0]  # "<entry>.<name>.side"
                if not os.path.exists(os.path.join(keep.parent, owner)):
                    os.unlink(path)
                continue
            if not name.endswith(".cache") or name == keep.name:
                continue
            try:
                dataset_path = packed.Entry(fd, info.st_size, _FORMAT).fingerprint[1]
                gone = not os.path.exists(dataset_path)
            except (packed.Damaged, ValueError, TypeError, EOFError, IndexError, KeyError, OverflowError):
                gone = True  # another version's or a damaged entry is of no use to anyone
            if gone:
                os.unlink(path)
            else:
                kept.append((info.st_mtime, info.st_size, path))
        except OSError:
            continue
        finally:
            os.close(fd)
    kept.sort(reverse=True)  # most recently used first; the entry being written counts as one
    total = 0
    for count, (_, size, path) in enumerate(kept, start=2):
        total += size
        if count > MAX_ENTRIES or total > MAX_TOTAL:
            with contextlib.suppress(OSError):
                os.unlink(path)


# ---------------------------------------------------------------------------------------------- side files

SIDE_SUFFIX = ".side"


class Side:
    """A file beside a cache entry holding text derived from it, in checked chunks (the plain text of `list`).

    It names the entry it was made from, so a rebuilt entry makes it stale; the same trust rules apply.
    """

    def __init__(self, path: str, identity: str) -> None:
        self.path = path
        self.identity = identity.encode("utf-8") + b"\n"

    def chunks(self) -> Iterator[str]:
        """The stored chunks in order; stops at the first that is missing or does not check out."""
        opened = open_trusted(self.path)
        if opened is None:
            return
        with open(opened[0], "rb") as file:
            if file.readline() != self.identity:
                return
            while True:
                line = file.readline()
                try:
                    length, crc = (int(part) for part in line.split())
                except ValueError:
                    return  # the end, or damage: the caller makes the rest itself
                data = file.read(length)
                if len(data) != length or zlib.crc32(data) != crc:
                    return
                try:
                    yield data.decode("utf-8")
                except UnicodeDecodeError:
                    return

    def writer(self) -> SideWriter | None:
        try:
            return SideWriter(self)
        except OSError:
            return None


class SideWriter:
    """Writes a side file as its chunks are made, renamed into place only once complete."""

    def __init__(self, side: Side) -> None:
        import tempfile

        self._side = side
        directory = os.path.dirname(side.path)
        handle, self._temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=SIDE_SUFFIX)
        self._file: Any = os.fdopen(handle, "wb")
        self._file.write(side.identity)

    def add(self, text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        self._file.write(f"{len(data)} {zlib.crc32(data)}\n".encode("ascii") + data)

    def commit(self) -> None:
        self._file.close()
        os.replace(self._temporary, self._side.path)

    def abandon(self) -> None:
        self._file.close()
        with contextlib.suppress(OSError):
            os.unlink(self._temporary)


def side(dataset: Dataset, name: str) -> Side | None:
    """The side file `name` of the cache entry a dataset was read from; None for a dataset not from the cache."""
    from shenzhen_facts.store import packed

    records = dataset.records
    if not isinstance(records, packed.LazyRecords) or not records.entry.path:
        return None
    # The text is made by these modules: a change to any of them makes the side file stale.
    code = _stamps(("listing.py", "views.py", "writers.py", "labels.py", "fields.py"))
    return Side(f"{records.entry.path}.{name}{SIDE_SUFFIX}", f"{records.entry.identity} {name} {code}")
