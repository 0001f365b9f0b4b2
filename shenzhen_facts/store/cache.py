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
Writing is atomic and durable (a temporary file flushed to disk, then renamed into place) and bounded: when an
entry is written, entries of datasets that no longer exist, stale temporary files and the least recently used
entries beyond the limits are removed. Only names szfacts makes (Directory.ours) are ever replaced or removed,
in a directory opened without following a symlink: pointed at a folder of documents, the cache deletes none.
No failure of the cache directory is fatal; a Ctrl-C is never swallowed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shenzhen_facts.core import __version__
from shenzhen_facts.core.model import Dataset, Record

if TYPE_CHECKING:
    from shenzhen_facts.store.packed import Entry as PackedEntry

# Entries from another szfacts, Python (marshal's format differs) or byte order are simply not used.
_FORMAT = f"szfacts-cache-2/{__version__}/{sys.version_info[0]}.{sys.version_info[1]}/{sys.byteorder}"
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
    if directory is None or not _usable(directory):
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
    entry = directory / entry_name(resolved)

    def fresh() -> Dataset:
        dataset = parse(read() if data is None else data)
        _write(entry, fingerprint, dataset)
        return dataset

    cached = _read(entry, fingerprint, origin, fresh)
    return cached if cached is not None else fresh()


def entry_name(resolved: str) -> str:
    """The name of the entry of the dataset at `resolved` (a real path): one entry a dataset file."""
    name = resolved.encode("utf-8", "surrogatepass")
    return f"{ENTRY_PREFIX}{zlib.crc32(name):08x}-{len(name)}.cache"


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
        directory = Directory.open(path.parent, create=True)
        if directory is None:
            return False
        with directory:
            if tidy:
                directory.tidy(path.name)
            directory.write(path.name, pieces)
    except OSError:
        return False  # a read-only or full cache directory costs speed, never an answer
    return True


# ---------------------------------------------------------------------------------------------- the directory

ENTRY_PREFIX = "szfacts-"  # every name szfacts makes in a cache directory starts so; see Directory.ours
_TEMPORARY_PREFIX = ".szfacts-tmp-"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# Where the platform allows it (Linux, the BSDs, macOS) the directory is opened once, without following a link,
# and every name is taken relative to that descriptor: a link swapped in after the check is never followed.
_DIR_FD = {os.open, os.unlink, os.rename, os.stat, os.scandir} <= os.supports_dir_fd | os.supports_fd


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

    def replace(self, source: str, target: str) -> None:
        os.replace(self._at(source), self._at(target), src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def unlink(self, name: str) -> None:
        os.unlink(self._at(name), dir_fd=self.fd)

    @staticmethod
    def ours(name: str) -> str | None:
        """What a name szfacts makes stands for ("entry", "side", "temporary"); None for any other name."""
        if name.startswith(_TEMPORARY_PREFIX):
            stem, dot, suffix = name[len(_TEMPORARY_PREFIX) :].partition(".")
            hexadecimal = len(stem) == 16 and all(c in "0123456789abcdef" for c in stem)
            return "temporary" if hexadecimal and dot and f".{suffix}" in (".cache", SIDE_SUFFIX) else None
        if not name.startswith(ENTRY_PREFIX):
            return None
        entry, dot, rest = name.partition(".cache")
        parts = entry[len(ENTRY_PREFIX) :].split("-")
        if len(parts) != 2 or len(parts[0]) != 8 or not all(c in "0123456789abcdef" for c in parts[0]):
            return None
        if not parts[1].isdigit() or not parts[1].isascii() or not dot:
            return None
        if not rest:
            return "entry"
        side_name = rest[1 : -len(SIDE_SUFFIX)]
        if rest.startswith(".") and rest.endswith(SIDE_SUFFIX) and side_name and _plain(side_name):
            return "side"
        return None

    def tidy(self, keep: str) -> None:
        """Remove stale temporary files, entries whose dataset is gone, and the least recently used beyond limits.

        Only files that `ours` recognises, that are regular and this user's own, are looked at.
        """
        from shenzhen_facts.store import packed

        now = time.time()
        kept: list[tuple[float, int, str]] = []
        with os.scandir(self.fd if self.fd is not None else self.path) as listing:
            names = [item.name for item in listing]
        for name in names:
            kind = self.ours(name)
            if kind is None:
                continue  # not a name szfacts makes: never touched, whatever it holds
            opened = self.open_file(name)
            if opened is None:
                continue  # not ours to judge (a symlink, a directory, another user's file)
            fd, info = opened
            try:
                if kind == "temporary":
                    if now - info.st_mtime > STALE:
                        self.unlink(name)
                    continue
                if kind == "side":  # derived from an entry: goes with it
                    if name.partition(".cache")[0] + ".cache" not in names:
                        self.unlink(name)
                    continue
                if name == keep:
                    continue
                try:
                    dataset_path = packed.Entry(fd, info.st_size, _FORMAT).fingerprint[1]
                    gone = not os.path.exists(dataset_path)
                except (packed.Damaged, ValueError, TypeError, EOFError, IndexError, KeyError, OverflowError):
                    gone = True  # another version's or a damaged entry is of no use to anyone
                if gone:
                    self.unlink(name)
                else:
                    kept.append((info.st_mtime, info.st_size, name))
            except OSError:
                continue
            finally:
                os.close(fd)
        kept.sort(reverse=True)  # most recently used first; the entry being written counts as one
        total = 0
        for count, (_, size, name) in enumerate(kept, start=2):
            total += size
            if count > MAX_ENTRIES or total > MAX_TOTAL:
                with contextlib.suppress(OSError):
                    self.unlink(name)


def _plain(name: str) -> bool:
    """A side file's own name: lower-case ASCII letters, digits and hyphens (`words`, `list-en`)."""
    return name.isascii() and all(c.isalnum() or c == "-" for c in name) and name == name.lower()


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
    """Writes a side file as its chunks are made, renamed into place only once complete (and on disk)."""

    def __init__(self, side: Side) -> None:
        self._side = side
        directory = Directory.open(Path(side.path).parent, create=False)
        if directory is None:
            raise PermissionError(f"{side.path}: not a trusted cache directory")
        self._directory = directory
        self._name = os.path.basename(side.path)
        self._temporary = directory.temporary(self._name)
        try:
            self._file: Any = open(directory.create(self._temporary), "wb")  # noqa: SIM115 (open until commit)
        except BaseException:
            directory.close()
            raise
        self._file.write(side.identity)

    def add(self, text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        self._file.write(f"{len(data)} {zlib.crc32(data)}\n".encode("ascii") + data)

    def commit(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())  # before the rename: never a side file of zeroed pages after a power loss
        self._file.close()
        self._directory.replace(self._temporary, self._name)
        self._directory.close()

    def abandon(self) -> None:
        self._file.close()
        with contextlib.suppress(OSError):
            self._directory.unlink(self._temporary)
        self._directory.close()


def side(dataset: Dataset, name: str) -> Side | None:
    """The side file `name` of the cache entry a dataset was read from; None for a dataset not from the cache."""
    from shenzhen_facts.store import packed

    records = dataset.records
    if not isinstance(records, packed.LazyRecords) or not records.entry.path:
        return None
    # The text is made by these modules: a change to any of them makes the side file stale.
    code = _stamps(("listing.py", "views.py", "writers.py", "labels.py", "fields.py"))
    return Side(f"{records.entry.path}.{name}{SIDE_SUFFIX}", f"{records.entry.identity} {name} {code}")
