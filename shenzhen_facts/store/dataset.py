"""Finding and loading a dataset file: the bundled one or a user's, through the parsed cache when it can.

`load(path)` either returns a Dataset whose every record has been validated (validate.py holds the rules), or
raises DatasetInvalid listing *all* problems found, or DatasetMissing. Nothing here knows about terminals, and
nothing heavy is imported until a file actually has to be parsed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from shenzhen_facts.core.errors import DatasetInvalid, DatasetMissing
from shenzhen_facts.core.model import Dataset

# Big is fine, absurd is refused: 100,000 records are ~52 MB and load (once, then cached) in seconds with ~0.6 GB
# of memory at the peak. 128 MiB allows some 250,000 records; beyond it, parsing alone would take about 1.5 GB.
MAX_BYTES = 128 * 1024 * 1024
BUNDLED_NAME = "data.toml"


# ---------------------------------------------------------------------------------------------- finding


def bundled_path() -> Path:
    """The dataset that ships inside the package (a wheel puts the top-level data.toml there).

    A path on disk for an installed package or a checkout. In a zip import there is no such file: the Path then
    names the resource inside the archive, which only load_bundled() (through importlib.resources) can read.
    """
    found = _bundled_file()
    if found is not None:
        return found
    from importlib.resources import files

    return Path(str(files("shenzhen_facts").joinpath(BUNDLED_NAME)))


def _bundled_file() -> Path | None:
    package = Path(__file__).parent.parent  # shenzhen_facts/, where a wheel puts data.toml
    beside = package / BUNDLED_NAME
    if beside.is_file():
        # An installed package on disk: the very file importlib.resources.files() would name, without the
        # ~2 ms its import adds to every run.
        return beside
    checkout = package.resolve().parent
    if (checkout / "pyproject.toml").is_file() and (checkout / BUNDLED_NAME).is_file():
        # Running from a checkout (or an editable install): the repository's top-level data.toml.
        return checkout / BUNDLED_NAME
    return None


def _bundled_bytes() -> bytes:
    from importlib.resources import files  # any other kind of install, a zip file for one

    return files("shenzhen_facts").joinpath(BUNDLED_NAME).read_bytes()


BUNDLED_ORIGIN = "bundled data.toml"


def load_bundled() -> Dataset:
    """The bundled dataset: its file through the cache when it is on disk; otherwise (a zip import) its bytes
    through importlib.resources, parsed without the cache, which keys its entries by a file on disk."""
    found = _bundled_file()
    if found is not None:
        return load(found, origin=BUNDLED_ORIGIN)
    try:
        data = _bundled_bytes()
    except (OSError, KeyError) as error:  # a zip without the data file raises KeyError or FileNotFoundError
        raise DatasetMissing(f"the bundled {BUNDLED_NAME} is missing from this installation ({error})") from None
    return parse(decode(data, BUNDLED_ORIGIN), BUNDLED_ORIGIN)


def check(path: Path) -> os.stat_result:
    """The file's stat, refusing anything that is not a regular file of sane size (before it is opened)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DatasetMissing(f"dataset not found: {path}") from None
    except (OSError, ValueError) as error:  # symlink loops, permission on a parent, names too long, …
        raise DatasetMissing(f"cannot read dataset {path}: {getattr(error, 'strerror', None) or error}") from None
    return _checked(path, info)


def _checked(path: Path, info: os.stat_result) -> os.stat_result:
    if stat.S_ISDIR(info.st_mode):
        raise DatasetMissing(f"dataset is a directory, not a file: {path}")
    if not stat.S_ISREG(info.st_mode):
        raise DatasetMissing(f"dataset is not a regular file: {path}")
    if info.st_size > MAX_BYTES:
        from shenzhen_facts.core.errors import Problem

        raise DatasetInvalid(str(path), [Problem("", f"file is {info.st_size} bytes; the limit is {MAX_BYTES}")])
    return info


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything that is not a readable regular file of sane size.

    Special files are refused before they are opened, and the file is opened without blocking and checked
    again, so a FIFO or a device swapped in meanwhile can never make szfacts hang.
    """
    check(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise DatasetMissing(f"cannot read dataset {path}: {error.strerror or error}") from None
    try:
        with open(fd, "rb", closefd=True) as file:
            _checked(path, os.fstat(file.fileno()))
            return file.read(MAX_BYTES + 1)
    except OSError as error:
        raise DatasetMissing(f"cannot read dataset {path}: {error.strerror or error}") from None


def decode(data: bytes, origin: str) -> str:
    """The text of a dataset file, or DatasetInvalid naming the line of the first byte that is not UTF-8.

    A leading UTF-8 byte order mark (what some Windows editors write) is accepted and dropped: it is not part of
    the TOML, and without this the file got only "Invalid statement (line 1, column 1)".
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        if _wide(data[:4096]):  # ASCII in UTF-16 or UTF-32 is valid UTF-8, full of zero bytes
            raise UnicodeDecodeError("utf-8", data, 0, 1, "zero bytes")
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        from shenzhen_facts.core.errors import Problem

        named = _encoding(data)
        if named is not None:  # the whole file is in another encoding: its name says what to do
            raise DatasetInvalid(origin, [Problem("", f"{named} text, not UTF-8: save it as UTF-8")]) from None
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte {error.start})"
        raise DatasetInvalid(origin, [Problem("", message, line=line)]) from None


# Byte order marks, longest first (UTF-32's little-endian mark starts like UTF-16's).
_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide(head: bytes) -> bool:
    """Whether the start of a file is mostly zero bytes, as UTF-16 or UTF-32 text is (TOML allows none)."""
    return len(head) >= 4 and head.count(0) * 4 >= len(head)


def _encoding(data: bytes) -> str | None:
    """The encoding a file that is not UTF-8 is plainly in, where it can be told: by a byte order mark, by the
    zero bytes of UTF-16 (a TOML file is mostly ASCII), or as Chinese in GB 18030 (GBK), the likeliest other."""
    for mark, name in _MARKS:
        if data.startswith(mark):
            return name
    head = data[:4096]
    if _wide(head):
        return "UTF-32" if head.count(0) * 2 > len(head) else "UTF-16"  # ASCII: 3 bytes of 4 zero, or 1 of 2
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # GB 18030 decodes most byte strings: it is named only when what it reads is Chinese and nothing odd.
    chinese = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    odd = sum(not (ch.isprintable() or ch in "\t\r\n") for ch in text)
    return "GB 18030 (GBK)" if chinese and not odd and chinese * 2 >= sum(ord(ch) > 127 for ch in text) else None


# ---------------------------------------------------------------------------------------------- loading


def load(path: Path, origin: str | None = None) -> Dataset:
    """Read, parse and validate one dataset file, or take it from the parsed cache (cache.py) when fresh."""
    from shenzhen_facts.store import cache

    label = origin or str(path)
    # A fresh cache entry means this very file was decoded and validated before: a warm run stats it, no more.
    info = check(path)
    return cache.load(path, info, label, lambda: read_bytes(path), lambda data: parse(decode(data, label), label))


def parse(text: str, origin: str) -> Dataset:
    """Parse TOML text and validate it into a Dataset (no cache)."""
    import gc

    from shenzhen_facts.store.validate import parse as parse_and_validate

    # Parsing and validating make millions of objects and free few: the cyclic collector would walk them all
    # again and again, so the time grew faster than the file. It runs as usual again afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        dataset = parse_and_validate(text, origin)
    finally:
        if enabled:
            gc.enable()
    # The records live as long as the run and hold no cycles: later collections (a `list` of every record makes
    # as many objects again) need not walk them.
    gc.freeze()
    return dataset
