"""A parsed cache of datasets, so a lookup in 100,000 records is about as quick as one in the bundled file.

Parsing TOML and validating is the slow part of loading, so once a file has been parsed and validated it is
kept as an entry from which a lookup reads only what it needs: for a small dataset (the bundled one) a snapshot
read whole without importing sqlite3 (snapshot.py), for a large one an SQLite file with its keys indexed and a
full-text index to narrow a search or a miss (database.py). LARGE says where one ends and the other begins.

What the cache trusts, and why it may: an entry is used only when
- the cache directory is a directory (not a symlink to one), owned by this user, and nobody else may write to
  it (a shared or planted directory is ignored and the dataset parsed as if there were no cache);
- the entry is a regular file (opened without following a symlink and without blocking, then checked with
  fstat, so a FIFO or a device at its path is never read), owned by this user and writable by nobody else;
- its fingerprint matches: the dataset's path, size, modification and change times and inode (and its CRC-32
  when the file is small enough to read on every run), and the code that shaped the entry (szfacts' version,
  the size and time of each module that decides what an entry holds, Python's version);
- what is read checks out: a snapshot against one CRC-32 over every byte, an SQLite entry by SQLite's own
  checks and a CRC-32 of each record and key. Anything else is a miss: the dataset is parsed again and the
  entry replaced. Damage found after loading falls back to a fresh parse, which rewrites the entry once.
Entries are named by the dataset's path and by the code that made them, so two installs sharing a cache keep
an entry each. Writing is atomic and durable (a temporary file flushed to disk, then renamed into place) and
bounded: each write removes entries of datasets that no longer exist, stale temporary files, and the least
recently used entries beyond MAX_ENTRIES or beyond MAX_TOTAL bytes, counting everything the cache holds and the
entry just written (which is never the one removed; each use of an entry marks it as used). Only names szfacts
makes (Directory.ours) are ever replaced or removed, in a directory opened without following a symlink: pointed
at a folder of documents, the cache deletes none. No failure of the cache directory is fatal; a Ctrl-C is
never swallowed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shenzhen_facts.core import __version__
from shenzhen_facts.core.model import Dataset, Record
from shenzhen_facts.store import snapshot

if TYPE_CHECKING:
    from shenzhen_facts.store.database import Listing

# Entries from another szfacts, Python (marshal's format differs) or byte order are simply not used.
_FORMAT = f"szfacts-cache-3/{__version__}/{sys.version_info[0]}.{sys.version_info[1]}/{sys.byteorder}"
# Relative to the package: the modules whose code decides what an entry holds (the rules, the numbers, the keys,
# the records, the encodings).
_SHAPERS = (
    "store/cache.py",
    "store/snapshot.py",
    "store/database.py",
    "core/model.py",
    "store/validate.py",
    "core/figures.py",
    "core/resolve.py",
)
# The modules that make the text of `list` kept in a large entry: a change to any of them makes it stale.
_LISTERS = (
    "presentation/listing.py",
    "presentation/views.py",
    "presentation/writers.py",
    "presentation/labels.py",
    "presentation/fields.py",
)
SMALL = 1 << 20  # files up to this size are also checked by content (reading them costs well under a millisecond)
# Dataset files from this size on are kept in SQLite; below it, as a snapshot read whole without importing
# sqlite3 (about 5 ms here). Measured here, a cached lookup in a fresh process: 500 records (250 kB) 5.5 ms from a
# snapshot, 8.4 ms from SQLite; 1,000 (500 kB) 9.1 and 8.0 ms; 2,000 (1 MB) 16.5 and 13.4 ms. The bundled file
# (35 kB) stays far below.
LARGE = 512 * 1024
MAX_ENTRIES = 32  # least recently used entries beyond these limits are removed when an entry is written
MAX_TOTAL = 1 << 30  # bytes: every file szfacts keeps in the directory counts, the entry just written included
STALE = 3600  # seconds after which a temporary file is a leftover of a killed run, not another run's write
ENTRY_PREFIX = "szfacts-"  # every name szfacts makes in a cache directory starts so; see Directory.ours
_TEMPORARY_PREFIX = ".szfacts-tmp-"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# Where the platform allows it (Linux, the BSDs, macOS) the directory is opened once, without following a link,
# and every name is taken relative to that descriptor: a link swapped in after the check is never followed.
_DIR_FD = {os.open, os.unlink, os.rename, os.rmdir} <= os.supports_dir_fd and os.scandir in os.supports_fd


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
    if directory is None or not _usable(directory):
        return parse(read())
    data = read() if info.st_size <= SMALL else None
    resolved = os.path.realpath(path)
    code = _code()
    fingerprint = (
        code,
        resolved,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
        None if data is None else zlib.crc32(data),
    )
    large = info.st_size >= LARGE
    entry = directory / entry_name(resolved, large, code)

    def fresh() -> Dataset:
        dataset = parse(read() if data is None else data)
        _write(entry, fingerprint, dataset, large)
        return dataset

    rescue = snapshot.Rescue(fresh)  # once a run: damage found later reuses the same fresh parse
    cached = (_read_large if large else _read_small)(entry, fingerprint, origin, rescue)
    return cached if cached is not None else rescue()


def entry_name(resolved: str, large: bool = False, code: tuple[Any, ...] | None = None) -> str:
    """The name of the entry of the dataset at `resolved` (a real path) made by this code (`_code()`)."""
    name = resolved.encode("utf-8", "surrogatepass")
    shaped = repr(_code() if code is None else code).encode("utf-8", "surrogatepass")
    kind = "sqlite" if large else "cache"
    return f"{ENTRY_PREFIX}{zlib.crc32(name):08x}{zlib.adler32(name):08x}-{zlib.crc32(shaped):08x}.{kind}"


# ---------------------------------------------------------------------------------------------- reading


def open_trusted(entry: Path | str) -> tuple[int, os.stat_result] | None:
    """A descriptor of the entry and its stat, or None unless it is a regular file this user alone controls."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC)
    except (OSError, ValueError):
        return None  # missing, a symlink, unreadable
    return _checked_file(fd)


def _checked_file(fd: int) -> tuple[int, os.stat_result] | None:
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        return None
    if not stat.S_ISREG(info.st_mode) or not _trusted(info):
        os.close(fd)
        return None
    return fd, info


def _used(fd: int) -> None:
    """Mark an entry as just used: the least recently used are the first removed, so never this one."""
    with contextlib.suppress(OSError):
        os.utime(fd)


def _read_small(entry: Path, fingerprint: tuple[Any, ...], origin: str, rescue: snapshot.Rescue) -> Dataset | None:
    opened = open_trusted(entry)
    if opened is None:
        return None
    try:
        with open(opened[0], "rb") as file:
            found = snapshot.Snapshot(file.read(), _FORMAT)
            if found.fingerprint != fingerprint:
                return None  # stale, or another dataset's
            keys = snapshot.keys_checked(found.keys, len(found.rows))
            _used(file.fileno())
    except (snapshot.Damaged, OSError):
        return None  # damaged or from another version: parse instead
    records = snapshot.LazyRecords(found.rows, found.sources, rescue)
    return Dataset(records, list(found.sources.values()), origin, keys=keys)


def _read_large(entry: Path, fingerprint: tuple[Any, ...], origin: str, rescue: snapshot.Rescue) -> Dataset | None:
    opened = open_trusted(entry)
    if opened is None:
        return None
    _used(opened[0])
    os.close(opened[0])  # checked: SQLite opens it again by name, in the directory only this user may write
    from shenzhen_facts.store import database

    try:
        found = database.Entry(str(entry))
    except database.ERRORS:
        return None  # damaged (SQLite says so, or a row does not check out): parse instead
    if found.fingerprint != fingerprint:
        found.connection.close()
        return None

    def tidy() -> None:  # the entry has grown (keys indexed, a full-text index): the limits are checked again
        with contextlib.suppress(OSError):
            directory = Directory.open(entry.parent, create=False)
            if directory is not None:
                with directory:
                    directory.tidy(entry.name)

    dataset = Dataset(database.Records(found, rescue), list(found.sources.values()), origin)
    dataset.parted = found.parted
    dataset.keys = database.Keys(found, rescue, tidy)
    dataset.narrow = database.Narrow(found, dataset, rescue, tidy)
    return dataset


# ---------------------------------------------------------------------------------------------- writing


def _write(entry: Path, fingerprint: tuple[Any, ...], dataset: Dataset, large: bool) -> None:
    """Write the dataset's entry; a cache directory that cannot be written costs speed, never an answer."""
    from shenzhen_facts.core.resolve import build_keys

    keys = dataset.keys if dataset.keys is not None else build_keys(dataset.records)
    try:
        directory = Directory.open(entry.parent, create=True)
        if directory is None:
            return
        with directory:
            if large:
                from shenzhen_facts.store import database

                directory.make(entry.name, lambda path: database.write(path, dataset, fingerprint, keys))
            else:
                directory.write(entry.name, snapshot.pack(dataset, fingerprint, keys, _FORMAT))
            directory.tidy(entry.name)
    except OSError:
        return


def _usable(directory: Path) -> bool:
    """Whether entries may be read from `directory`: it is missing (made on the first write) or trusted."""
    try:
        opened = Directory.open(directory, create=False)
    except FileNotFoundError:
        return True  # made on the first write, by this user, private
    except (OSError, ValueError):
        return False
    if opened is None:
        return False
    opened.close()
    return True


class Directory:
    """The cache directory, opened for writing: a real directory (not a symlink) that this user alone may write.

    Only names that szfacts makes (`ours`) are ever replaced or removed in it: a user who points the cache at a
    folder of their own documents loses nothing, whatever the files there are called.
    """

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd = fd

    @classmethod
    def open(cls, path: Path, create: bool) -> Directory | None:
        """The directory at `path` (made private when missing and `create`), or None when it is not trusted.

        Raises OSError when it cannot be opened (FileNotFoundError when it is missing and not to be made).
        """
        if create:
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.mkdir(path, 0o700)
        if not _DIR_FD:
            info = os.lstat(path)  # no descriptors to hold: at least never a link
            return cls(path, None) if stat.S_ISDIR(info.st_mode) and _trusted(info) else None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC)
        try:
            info = os.fstat(fd)
        except OSError:
            os.close(fd)
            raise
        if stat.S_ISDIR(info.st_mode) and _trusted(info):
            return cls(path, fd)
        os.close(fd)
        return None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> Directory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _at(self, name: str) -> str:
        return name if self.fd is not None else os.path.join(self.path, name)

    def open_file(self, name: str) -> tuple[int, os.stat_result] | None:
        """A descriptor of the file `name` and its stat when it is a regular file this user alone controls."""
        try:
            fd = os.open(self._at(name), os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC, dir_fd=self.fd)
        except (OSError, ValueError):
            return None
        return _checked_file(fd)

    def write(self, name: str, pieces: Iterable[bytes]) -> None:
        """Write `name` atomically and durably: a temporary file, flushed to disk, then renamed over it."""
        temporary = self.temporary(name)
        try:
            with open(self.create(temporary), "wb") as file:
                file.writelines(pieces)
                file.flush()
                os.fsync(file.fileno())  # before the rename: a power loss leaves the old file or the whole new one
            self.replace(temporary, name)
        except BaseException:
            # Interrupted or failed before the rename: no leftover. After it, there is nothing to remove; either
            # way the exception goes on (a Ctrl-C must end the run with 130, never be taken for a cache failure).
            with contextlib.suppress(OSError):
                self.unlink(temporary)
            raise

    def temporary(self, name: str) -> str:
        """A new temporary name for a file that will become `name` (it keeps name's suffix)."""
        return f"{_TEMPORARY_PREFIX}{os.urandom(8).hex()}{os.path.splitext(name)[1]}"

    def create(self, name: str) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
        return os.open(self._at(name), flags, 0o600, dir_fd=self.fd)

    def make(self, name: str, fill: Callable[[str], None]) -> None:
        """Make `name` atomically and durably from a new empty file that `fill(path)` fills (an SQLite entry)."""
        temporary = self.temporary(name)
        try:
            os.close(self.create(temporary))
            try:
                fill(os.path.join(self.path, temporary))
            except Exception as error:  # sqlite3's errors (a full disk), without importing it here
                raise OSError(f"cannot write {name}: {error}") from None
            fd = os.open(self._at(temporary), os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=self.fd)
            try:
                os.fsync(fd)  # before the rename: a power loss leaves the old entry or the whole new one
            finally:
                os.close(fd)
            self.replace(temporary, name)
        except BaseException:
            with contextlib.suppress(OSError):
                self.unlink(temporary)
            raise

    def replace(self, source: str, target: str) -> None:
        try:
            os.replace(self._at(source), self._at(target), src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except IsADirectoryError:
            # An empty directory at an entry's own name holds nothing to lose; one with files in it stays (and
            # this dataset is then parsed on every run: slower, never wrong).
            os.rmdir(self._at(target), dir_fd=self.fd)
            os.replace(self._at(source), self._at(target), src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def unlink(self, name: str) -> None:
        os.unlink(self._at(name), dir_fd=self.fd)

    @staticmethod
    def ours(name: str) -> str | None:
        """What a name szfacts makes stands for ("entry", "journal", "temporary"); None for any other name.

        Entries: szfacts-<16 hex digits>-<8 hex digits>.cache or .sqlite, and an SQLite entry's -journal;
        temporary files: .szfacts-tmp-<16 hex digits>.cache or .sqlite.
        """
        if name.startswith(_TEMPORARY_PREFIX):
            stem, _, suffix = name[len(_TEMPORARY_PREFIX) :].partition(".")
            return "temporary" if _hexadecimal(stem, 16) and suffix in ("cache", "sqlite") else None
        if not name.startswith(ENTRY_PREFIX):
            return None
        stem, _, suffix = name[len(ENTRY_PREFIX) :].partition(".")
        dataset, dash, code = stem.partition("-")
        if not (_hexadecimal(dataset, 16) and dash and _hexadecimal(code, 8)):
            return None
        if suffix in ("cache", "sqlite"):
            return "entry"
        return "journal" if suffix == "sqlite-journal" else None

    def tidy(self, keep: str) -> None:
        """Remove stale temporary files, entries whose dataset is gone, and the least recently used entries
        beyond the limits; `keep` (the entry just written or grown) is counted first and never removed.

        Only files that `ours` recognises, that are regular and this user's own, are looked at.
        """
        now = time.time()
        with os.scandir(self.fd if self.fd is not None else self.path) as listing:
            names = {item.name for item in listing}
        used: list[tuple[float, str]] = []
        sizes: dict[str, int] = {}  # entry -> its bytes on disk, its journal's included
        total = 0
        for name in sorted(names):
            kind = self.ours(name)
            if kind is None:
                continue  # not a name szfacts makes: never touched, whatever it holds
            opened = self.open_file(name)
            if opened is None:
                continue  # not ours to judge (a symlink, a directory, another user's file)
            fd, info = opened
            try:
                if kind == "temporary" and now - info.st_mtime > STALE:
                    self.unlink(name)
                elif kind == "journal" and name.removesuffix("-journal") not in names:
                    self.unlink(name)  # its entry was removed: nothing left to roll back
                elif kind == "journal":
                    sizes[name.removesuffix("-journal")] = sizes.get(name.removesuffix("-journal"), 0) + info.st_size
                elif kind == "temporary":
                    total += info.st_size  # another run's write, under way: it counts, and stays
                elif name != keep and _dataset_gone(fd, name, os.path.join(self.path, name)):
                    self.remove(name)
                else:
                    sizes[name] = sizes.get(name, 0) + info.st_size
                    used.append((info.st_mtime, name))
            except OSError:
                continue
            finally:
                os.close(fd)
        used.sort(reverse=True)  # most recently used first, after the entry just written
        order = [keep] + [name for _, name in used if name != keep]
        for count, name in enumerate(order, start=1):
            total += sizes.get(name, 0)
            if name != keep and (count > MAX_ENTRIES or total > MAX_TOTAL):
                with contextlib.suppress(OSError):
                    self.remove(name)
                total -= sizes.get(name, 0)

    def remove(self, entry: str) -> None:
        """Remove an entry and its journal (which would roll back nothing any more)."""
        self.unlink(entry)
        with contextlib.suppress(FileNotFoundError):
            self.unlink(entry + "-journal")


def _hexadecimal(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdef" for c in text)


def _dataset_gone(fd: int, name: str, path: str) -> bool:
    """Whether the dataset an entry was made from no longer exists (a damaged entry has none)."""
    try:
        if name.endswith(".cache"):
            with open(os.dup(fd), "rb") as file:
                dataset_path = snapshot.Snapshot(file.read(), None).fingerprint[1]
        else:
            from shenzhen_facts.store import database

            try:
                found = database.Entry(path)
            except database.ERRORS:
                return True
            found.connection.close()
            dataset_path = found.fingerprint[1]
    except (snapshot.Damaged, TypeError, IndexError, KeyError, ValueError):
        return True  # damaged: of no use to anyone
    return type(dataset_path) is not str or not os.path.exists(dataset_path)


# ---------------------------------------------------------------------------------------------- the listing


def side(dataset: Dataset, name: str) -> Listing | None:
    """Where the text `name` of a large cached dataset is kept (its entry); None for any other dataset."""
    database = sys.modules.get("shenzhen_facts.store.database")  # not loaded: the dataset is not from SQLite
    if database is None or not isinstance(dataset.records, database.Records):
        return None
    listing: Listing = database.Listing(dataset.records.entry, name, f"{name} {_stamps(_LISTERS)}")
    return listing
