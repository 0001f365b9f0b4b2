"""The parsed cache: fresh entries are used, stale or damaged ones are rebuilt, and no cache failure is fatal."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, Invoke
from shenzhen_facts.core.errors import DatasetInvalid
from shenzhen_facts.core.model import Dataset, Record
from shenzhen_facts.core.resolve import Index, build_keys
from shenzhen_facts.store import cache, snapshot
from shenzhen_facts.store.dataset import load


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("SZFACTS_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    path = tmp_path / "city.toml"
    shutil.copy(FIXTURES / "valid" / "minimal.toml", path)
    return path


def entries(directory: Path) -> list[Path]:
    return (
        sorted(p for p in directory.iterdir() if cache.Directory.ours(p.name) == "entry") if directory.exists() else []
    )


def test_first_load_writes_an_entry_and_the_second_uses_it(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(dataset_file)
    assert len(entries(cache_dir)) == 1
    monkeypatch.setattr("shenzhen_facts.store.dataset.parse", _must_not_parse)
    second = load(dataset_file)
    assert isinstance(second.records, snapshot.LazyRecords)
    assert list(second.records) == list(first.records)
    assert Index(second).resolve("Widget").id == "widgets"
    assert second.sources == first.sources


def _must_not_parse(text: str, origin: str) -> None:
    raise AssertionError("a fresh cache entry must spare the parse")


def test_a_changed_file_is_parsed_again(cache_dir: Path, dataset_file: Path) -> None:
    load(dataset_file)
    text = dataset_file.read_text(encoding="utf-8").replace('name = "Widgets"', 'name = "Sprockets"')
    size_and_times = os.stat(dataset_file)
    dataset_file.write_text(text, encoding="utf-8")
    # Same modification time as before: only the size and the content hash can tell.
    os.utime(dataset_file, ns=(size_and_times.st_atime_ns, size_and_times.st_mtime_ns))
    assert load(dataset_file).by_id["widgets"].name == "Sprockets"
    assert len(entries(cache_dir)) == 1  # rewritten in place, not piled up


def test_a_same_size_edit_with_the_same_mtime_is_caught_by_the_content_hash(
    cache_dir: Path, dataset_file: Path
) -> None:
    load(dataset_file)
    before = os.stat(dataset_file)
    text = dataset_file.read_text(encoding="utf-8").replace('name = "Widgets"', 'name = "Gidgets"')
    dataset_file.write_text(text, encoding="utf-8")
    os.utime(dataset_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(dataset_file).st_size == before.st_size
    assert load(dataset_file).by_id["widgets"].name == "Gidgets"


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_entry_is_ignored_and_rewritten(
    cache_dir: Path, dataset_file: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(dataset_file)
    (entry,) = entries(cache_dir)
    blob = entry.read_bytes()
    damaged = {
        "truncate": blob[: len(blob) // 2],
        "flip": blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:],
        "garbage": b"\x00\xff" * 100,
        "empty": b"",
    }[damage]
    entry.write_bytes(damaged)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    # Rewritten: the next run uses the entry again.
    assert entry.read_bytes() != damaged
    monkeypatch.setattr("shenzhen_facts.store.dataset.parse", _must_not_parse)
    assert [r.name for r in load(dataset_file).records] == ["Widgets", "Gadget plants by 2025", "Launch meeting"]


def test_an_invalid_file_is_never_cached(cache_dir: Path) -> None:
    with pytest.raises(DatasetInvalid):
        load(FIXTURES / "invalid" / "value_mismatch.toml")
    assert entries(cache_dir) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions, so read-only cannot be tested")
def test_a_read_only_cache_directory_is_harmless(cache_dir: Path, dataset_file: Path) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert load(dataset_file).by_id["widgets"].name == "Widgets"
    finally:
        cache_dir.chmod(stat.S_IRWXU)


def test_an_unwritable_cache_location_is_harmless(
    tmp_path: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("SZFACTS_CACHE_DIR", str(blocker / "cache"))
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert load(dataset_file).by_id["widgets"].name == "Widgets"


def test_an_empty_setting_disables_the_cache(
    tmp_path: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SZFACTS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert not (tmp_path / "xdg").exists()


def test_writes_leave_no_temporary_files(cache_dir: Path, dataset_file: Path) -> None:
    load(dataset_file)
    assert [p.name for p in cache_dir.iterdir() if cache.Directory.ours(p.name) != "entry"] == []


def test_cached_keys_are_the_keys(cache_dir: Path, dataset_file: Path) -> None:
    first = load(dataset_file)
    keys = load(dataset_file).keys
    assert keys is not None and dict(keys) == build_keys(first.records)


def test_lazy_records_build_only_what_is_read(cache_dir: Path, dataset_file: Path) -> None:
    load(dataset_file)
    records = load(dataset_file).records
    assert isinstance(records, snapshot.LazyRecords)
    assert records[1].id == "gadgets_target"
    assert list(records._built) == [1]
    assert [r.id for r in records[0:2]] == ["widgets", "gadgets_target"]


def test_a_cache_directory_that_refuses_writes_is_harmless(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only directory does to a non-root user, simulated so it also runs as root."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.Directory, "create", refuse)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert entries(cache_dir) == []


# ---------------------------------------------------------------------------------------------- trust


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every parse of a dataset's text, recorded (the real parse still runs)."""
    from shenzhen_facts.store import dataset

    calls: list[str] = []
    real = dataset.parse

    def counting(text: str, origin: str) -> Dataset:
        calls.append(origin)
        return real(text, origin)

    monkeypatch.setattr(dataset, "parse", counting)
    return calls


def _forge(entry: Path, fingerprint: object, dataset_file: Path) -> None:
    """Write an entry that matches the dataset's fingerprint but says something else: what an attacker plants."""
    from shenzhen_facts.store.validate import parse

    text = dataset_file.read_text(encoding="utf-8").replace('name = "Widgets"', 'name = "Forged"')
    forged = parse(text, "forged")
    pieces = snapshot.pack(forged, fingerprint, build_keys(forged.records), cache._FORMAT)
    entry.write_bytes(b"".join(pieces))


def _fingerprint(entry: Path) -> object:
    return snapshot.Snapshot(entry.read_bytes(), cache._FORMAT).fingerprint


def test_a_forged_entry_is_believed_only_when_this_user_wrote_it(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The baseline for the trust tests below: a forgery of the right fingerprint works once it is trusted."""
    load(dataset_file)
    (entry,) = entries(cache_dir)
    _forge(entry, _fingerprint(entry), dataset_file)
    assert load(dataset_file).by_id["widgets"].name == "Forged"  # ours, in our private directory: believed
    os.chown(entry, 65534, 65534)  # the same bytes, planted by another user
    parses = _count_parses(monkeypatch)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert parses == [str(dataset_file)]
    assert os.stat(entry).st_uid == os.geteuid()  # replaced by our own


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_directory_others_may_write_is_not_used(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    load(dataset_file)
    (entry,) = entries(cache_dir)
    _forge(entry, _fingerprint(entry), dataset_file)
    cache_dir.chmod(mode)
    parses = _count_parses(monkeypatch)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert len(parses) == 2  # no cache at all: neither read nor written
    assert b"Forged" in entry.read_bytes()


def test_a_directory_of_another_user_is_not_used(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(dataset_file)
    (entry,) = entries(cache_dir)
    _forge(entry, _fingerprint(entry), dataset_file)
    os.chown(cache_dir, 65534, 65534)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"


@pytest.mark.parametrize("mode", [0o666, 0o620])
def test_an_entry_others_may_write_is_not_used(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    load(dataset_file)
    (entry,) = entries(cache_dir)
    _forge(entry, _fingerprint(entry), dataset_file)
    entry.chmod(mode)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600  # replaced


def _entry_path(cache_dir: Path, dataset_file: Path) -> Path:
    load(dataset_file)
    (entry,) = entries(cache_dir)
    entry.unlink()
    return entry


def test_a_fifo_at_an_entry_path_neither_hangs_nor_stays(cache_dir: Path, dataset_file: Path) -> None:
    entry = _entry_path(cache_dir, dataset_file)
    os.mkfifo(entry)
    # In a child process with a timeout: a regression would hang here, not fail.
    code = (
        "import sys; from pathlib import Path; from shenzhen_facts.store.dataset import load; "
        "print(load(Path(sys.argv[1])).by_id['widgets'].name)"
    )
    env = {**os.environ, "SZFACTS_CACHE_DIR": str(cache_dir)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(dataset_file)], capture_output=True, text=True, env=env, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, "Widgets\n"), done.stderr
    assert stat.S_ISREG(os.lstat(entry).st_mode)  # replaced by a real entry


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "elsewhere"])
def test_a_symlink_at_an_entry_path_is_not_followed(cache_dir: Path, dataset_file: Path, target: str) -> None:
    load(dataset_file)
    (entry,) = entries(cache_dir)
    if target == "elsewhere":  # a perfectly good entry, but reached through a link someone could redirect
        target = str(cache_dir.parent / "moved.cache")
        entry.rename(target)
    else:
        entry.unlink()
    entry.symlink_to(target)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert stat.S_ISREG(os.lstat(entry).st_mode)


# ---------------------------------------------------------------------------------------------- shape


def test_an_entry_of_the_right_checksum_but_another_shape_is_a_miss_and_replaced(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal
    import zlib

    entry = _entry_path(cache_dir, dataset_file)
    head = marshal.dumps(("not", "an", "entry"))
    entry.write_bytes(f"{cache._FORMAT}\n{len(head)} {zlib.crc32(head)}\n".encode() + head)
    parses = _count_parses(monkeypatch)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert len(parses) == 1  # the second run used the rebuilt entry


def test_rows_of_another_shape_fall_back_to_a_fresh_parse(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_row = snapshot.row
    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "row", lambda record: real_row(record)[:-1])  # one field short, checksums right
        load(dataset_file)
    parses = _count_parses(monkeypatch)
    records = load(dataset_file).records
    assert [r.name for r in records] == ["Widgets", "Gadget plants by 2025", "Launch meeting"]
    assert len(parses) == 1  # noticed when read, parsed afresh, entry rewritten
    assert load(dataset_file).records[0].name == "Widgets"
    assert len(parses) == 1


def test_the_row_encoding_follows_the_record_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field added to Record (short_name, say) round-trips through the cache with no edit to the encoding."""
    import marshal
    from collections import namedtuple

    from shenzhen_facts.store.dataset import bundled_path

    base = load(bundled_path()).by_id["drones"]
    wider = namedtuple("Record", [*Record._fields[:4], "nickname", *Record._fields[4:]])  # type: ignore[misc]
    record = wider(*base[:4], "UAVs", *base[4:])
    monkeypatch.setattr(snapshot, "Record", wider)
    sources = {source.id: source for source in load(bundled_path()).sources}
    assert snapshot.record(marshal.loads(marshal.dumps(snapshot.row(record))), sources) == record


# ---------------------------------------------------------------------------------------------- code


def test_an_edit_to_the_code_that_shapes_entries_makes_them_stale(
    cache_dir: Path, dataset_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapers = {"core/resolve.py", "core/figures.py", "store/validate.py", "core/model.py", "store/snapshot.py"}
    assert shapers | {"store/database.py"} <= set(cache._SHAPERS)
    package = tmp_path / "package"
    shutil.copytree(Path(cache.__file__).parent.parent, package)
    monkeypatch.setattr(cache, "__file__", str(package / "store" / "cache.py"))
    load(dataset_file)
    parses = _count_parses(monkeypatch)
    load(dataset_file)
    assert parses == []
    for module in ("core/resolve.py", "core/figures.py"):
        path = package / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
        load(dataset_file)
        assert len(parses) == 1, module
        parses.clear()


# ---------------------------------------------------------------------------------------------- bounds


def _datasets(tmp_path: Path, count: int) -> list[Path]:
    text = (FIXTURES / "valid" / "minimal.toml").read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = tmp_path / f"city{n}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_entries_of_deleted_datasets_are_removed_when_writing(cache_dir: Path, tmp_path: Path) -> None:
    files = _datasets(tmp_path, 5)
    for path in files[:4]:
        load(path)
    assert len(entries(cache_dir)) == 4
    for path in files[:3]:
        path.unlink()
    load(files[4])
    assert entries(cache_dir) == sorted(_entries_of(cache_dir, files[3], files[4]))


def _entries_of(cache_dir: Path, *datasets: Path) -> list[Path]:
    return [cache_dir / cache.entry_name(os.path.realpath(path)) for path in datasets]


def test_the_least_recently_used_entries_go_beyond_the_limit(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    files = _datasets(tmp_path, 5)
    for age, path in enumerate(files[:4]):
        load(path)
        (entry,) = _entries_of(cache_dir, path)
        os.utime(entry, (1_000_000 + age * 10_000, 1_000_000 + age * 10_000))
    load(files[0])  # used again: its time is refreshed (it was long ago)
    load(files[4])
    assert entries(cache_dir) == sorted(_entries_of(cache_dir, files[0], files[3], files[4]))


def _made_by(cache_dir: Path, path: Path) -> Path:
    """The entry that loading `path` makes (found by what appears, whatever the entries are named)."""
    before = set(entries(cache_dir))
    load(path)
    (made,) = set(entries(cache_dir)) - before
    return made


def test_the_entry_just_used_is_never_the_one_removed(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 22 #6: the use of an entry was recorded at most hourly, so the entry used minutes ago went first.
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    files = _datasets(tmp_path, 3)
    first, second = _made_by(cache_dir, files[0]), _made_by(cache_dir, files[1])
    now = time.time()
    os.utime(first, (now - 600, now - 600))
    os.utime(second, (now - 300, now - 300))
    load(files[0])  # used again, ten minutes after it was made
    third = _made_by(cache_dir, files[2])
    assert entries(cache_dir) == sorted([first, third])


def test_two_installs_sharing_a_cache_keep_an_entry_each(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 22 #6: an entry was named by its dataset alone, so two versions of szfacts replaced each other's.
    real = cache._code
    load(dataset_file)
    monkeypatch.setattr(cache, "_code", lambda: (*real(), "another install"))
    load(dataset_file)
    parses = _count_parses(monkeypatch)
    load(dataset_file)
    monkeypatch.setattr(cache, "_code", real)
    load(dataset_file)
    assert parses == []
    assert len(entries(cache_dir)) == 2


def _footprint(directory: Path) -> int:
    return sum(os.lstat(path).st_size for path in directory.iterdir())


def test_the_size_limit_counts_everything_the_cache_holds(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 22 #5: files beside the entries (indexes, kept listings: 1.5 times their entry) were not counted, nor
    # the entry being written, so a 1 GiB limit let the cache hold 1.7 GiB.
    from shenzhen_facts.presentation import listing

    monkeypatch.setattr(cache, "LARGE", 0, raising=False)  # SQLite entries, with their full-text indexes
    monkeypatch.setattr(cache, "NARROW_FROM", 1, raising=False)  # (the old store's word index)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_dataset
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))

    def use(n: int) -> None:
        path = tmp_path / f"synthetic{n}.toml"
        make_dataset.write(60, path)
        load(path)
        index = Index(load(path))
        assert index.resolve("fact_00007").id == "fact_00007"
        assert index.search("synthetic fact 7")
        "".join(listing.plain(load(path), "en"))
        "".join(listing.plain(load(path), "en"))

    use(0)
    one = _footprint(cache_dir)
    monkeypatch.setattr(cache, "MAX_TOTAL", int(one * 2.5))
    for n in range(1, 5):
        use(n)
        assert _footprint(cache_dir) <= cache.MAX_TOTAL
    assert 1 <= len(entries(cache_dir)) <= 2


def test_stale_temporary_files_are_removed_when_writing(cache_dir: Path, dataset_file: Path, tmp_path: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    old, new = cache_dir / ".szfacts-tmp-0123456789abcdef.cache", cache_dir / ".szfacts-tmp-fedcba9876543210.cache"
    old.write_bytes(b"half an entry")
    new.write_bytes(b"another run, writing now")
    os.utime(old, (1_000_000, 1_000_000))
    load(dataset_file)
    assert not old.exists() and new.exists()


def test_a_ctrl_c_during_the_write_is_never_swallowed(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def replace_then_interrupt(source: str, target: str, **at: int | None) -> None:
        real_replace(source, target, **at)
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        load(dataset_file)
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".szfacts-tmp-")] == []


def test_a_ctrl_c_during_the_write_exits_130(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch, szfacts: Invoke
) -> None:
    def interrupt(*args: object, **at: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.os, "replace", interrupt)
    run = szfacts("show", "widgets", "--data", str(dataset_file), env={"SZFACTS_CACHE_DIR": str(cache_dir)})
    assert (run.code, run.stdout) == (130, "")
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".szfacts-tmp-")] == []


# ---------------------------------------------------------------------------------------------- location


@pytest.mark.parametrize("xdg", ["relative/cache", "./cache", ""])
def test_a_relative_or_empty_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, xdg: str) -> None:
    monkeypatch.delenv("SZFACTS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", "/home/someone")
    assert cache.cache_dir() == Path("/home/someone/.cache/szfacts")


def test_an_absolute_xdg_cache_home_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SZFACTS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/me")
    assert cache.cache_dir() == Path("/var/cache/me/szfacts")


@pytest.mark.parametrize("home", ["", "/", "relative"])
def test_no_usable_home_means_no_cache(monkeypatch: pytest.MonkeyPatch, home: str) -> None:
    monkeypatch.delenv("SZFACTS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    assert cache.cache_dir() is None


def test_no_home_and_no_passwd_entry_means_no_cache(
    monkeypatch: pytest.MonkeyPatch, dataset_file: Path, szfacts: Invoke
) -> None:
    import pwd

    def no_entry(uid: int) -> None:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.delenv("SZFACTS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert cache.cache_dir() is None
    run = szfacts("share", "widgets", "--data", str(dataset_file))
    assert run.code == 0 and run.stdout.startswith("widgets\t25\t"), run


# ---------------------------------------------------------------------------------------------- a second user


def _as_nobody() -> list[str] | None:
    """A command prefix that runs this checkout's szfacts as user `nobody`, or None where that is impossible."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    import sysconfig

    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env"]
    path = (
        f"PYTHONPATH={ROOT}{os.pathsep}{sysconfig.get_paths()['purelib']}{os.pathsep}{sysconfig.get_paths()['platlib']}"
    )
    # This interpreter may live where nobody can reach it (under /root); the system's of the same version will do.
    for python in (sys.executable, "/usr/bin/python3"):
        probe = [*prefix, path, python, "-c", "import sys, shenzhen_facts, typer, tomli; print(sys.version_info[:2])"]
        done = subprocess.run(probe, capture_output=True, text=True, cwd="/", check=False)
        if done.returncode == 0 and done.stdout.strip() == str(sys.version_info[:2]):
            return [*prefix, path, python, "-m", "shenzhen_facts"]
    return None


@pytest.fixture
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory every user can reach (pytest's own are private to root)."""
    import tempfile

    directory = Path(tempfile.mkdtemp(prefix="szfacts-shared-"))
    directory.chmod(0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize("owner", ["root's directory", "nobody's directory"])
def test_another_users_planted_entry_is_not_believed(shared: Path, owner: str) -> None:
    nobody = _as_nobody()
    if nobody is None:
        pytest.skip("needs root, setpriv and a Python that user nobody can run with szfacts importable")
    dataset_file = shared / "city.toml"
    shutil.copy(FIXTURES / "valid" / "minimal.toml", dataset_file)
    dataset_file.chmod(0o644)
    cache_dir = shared / "cache"
    # root fills the cache, then forges its entry: right fingerprint, wrong name.
    env = {**os.environ, "SZFACTS_CACHE_DIR": str(cache_dir), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(
        [sys.executable, "-m", "shenzhen_facts", "show", "widgets", "--data", str(dataset_file)],
        env=env,
        check=True,
        capture_output=True,
    )
    (entry,) = entries(cache_dir)
    _forge(entry, _fingerprint(entry), dataset_file)
    entry.chmod(0o644)
    cache_dir.chmod(0o755)
    if owner == "nobody's directory":
        os.chown(cache_dir, 65534, 65534)
    args = ["share", "widgets", "--format", "json", "--data", str(dataset_file)]
    done = subprocess.run(
        [*nobody[:4], "env", f"SZFACTS_CACHE_DIR={cache_dir}", *nobody[5:], *args],
        capture_output=True,
        text=True,
        cwd="/",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"name": "Widgets"' in done.stdout and "Forged" not in done.stdout
    if owner == "nobody's directory":  # nobody's own directory: the planted entry replaced by nobody's
        assert os.stat(entry).st_uid == 65534


def test_a_user_with_no_passwd_entry_and_no_home_gets_answers(shared: Path) -> None:
    nobody = _as_nobody()
    if nobody is None:
        pytest.skip("needs root, setpriv and a Python that an unprivileged user can run with szfacts importable")
    stranger = [
        nobody[0],
        "--reuid=54321",
        "--regid=54321",
        "--clear-groups",
        "env",
        "-u",
        "HOME",
        "-u",
        "SZFACTS_CACHE_DIR",
        "-u",
        "XDG_CACHE_HOME",
        *nobody[5:],
    ]
    done = subprocess.run([*stranger, "share", "drones"], capture_output=True, text=True, cwd="/", timeout=60)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("drones\t70\t")


# ---------------------------------------------------------------------------------------------- the snapshot


def test_rows_round_trip_and_rows_of_another_shape_are_damage() -> None:
    import marshal

    from shenzhen_facts.core.model import Outcome
    from shenzhen_facts.store.dataset import bundled_path

    dataset = load(bundled_path())
    sources = {source.id: source for source in dataset.sources}
    target = next(r for r in dataset.records if r.kind == "target")
    met = target._replace(outcome=Outcome("met", "q", dataset.sources[0]))
    assert snapshot.record(marshal.loads(marshal.dumps(snapshot.row(met))), sources) == met
    good = snapshot.row(met)
    for bad in [("x",), ["list", *good[1:]], (*good[:7], "no-such-source", *good[8:]), (1, *good[1:])]:
        with pytest.raises(snapshot.Damaged):
            snapshot.record(bad, sources)  # type: ignore[arg-type]


def test_lazy_records_index_like_a_sequence_and_fall_back_on_damage(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(dataset_file)
    records = load(dataset_file).records
    assert isinstance(records, snapshot.LazyRecords)
    assert records[-1].id == records[len(records) - 1].id
    with pytest.raises(IndexError):
        records[len(records)]
    records._rows[1] = ("a row", "of another shape")
    parses = _count_parses(monkeypatch)
    assert records[1].id == "gadgets_target"  # from a fresh parse
    assert len(parses) == 1


@pytest.mark.parametrize("where", ["head", "body", "length"])
def test_any_damaged_byte_of_a_snapshot_is_a_miss(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    load(dataset_file)
    (entry,) = entries(cache_dir)
    blob = bytearray(entry.read_bytes())
    body = blob.index(b"\n", blob.index(b"\n") + 1) + 1
    at = {"head": 3, "length": blob.index(b"\n") + 1, "body": body + (len(blob) - body) // 2}[where]
    blob[at] ^= 0x01  # one bit
    entry.write_bytes(bytes(blob))
    parses = _count_parses(monkeypatch)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert len(parses) == 1
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert len(parses) == 1  # rewritten by the first run: the second uses it


@pytest.mark.parametrize(
    "body",
    [("fingerprint", "sources", "not a list", {}), ("f", [("only an id",)], [], {}), ("f", [], [], {"k": 5})],
    ids=["rows", "sources", "keys"],
)
def test_a_snapshot_of_the_right_checksum_but_another_shape_is_damage(body: tuple[object, ...]) -> None:
    import marshal
    import zlib

    blob = marshal.dumps(body)
    data = f"{cache._FORMAT}\n{len(blob)} {zlib.crc32(blob)}\n".encode() + blob
    with pytest.raises(snapshot.Damaged):
        found = snapshot.Snapshot(data, cache._FORMAT)
        snapshot.keys_checked(found.keys, len(found.rows))
    with pytest.raises(snapshot.Damaged):
        snapshot.Snapshot(f"{cache._FORMAT}\nno numbers\n".encode() + blob, cache._FORMAT)


def test_a_large_dataset_with_parts_answers_questions_from_its_database(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled records (with parts) and enough synthetic ones (without) to make the file large: its entry is an
    # SQLite database, which must keep which records have parts, so a warm run reads questions as a cold one does.
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_dataset import record

    text = (ROOT / "data.toml").read_text("utf-8")
    path = tmp_path / "large.toml"
    synthetic = "".join(record(n).replace('source = "synthetic"', 'source = "sztqb"') for n in range(1, 1_200))
    path.write_text(text + synthetic, "utf-8")
    assert path.stat().st_size >= cache.LARGE
    cold = load(path)
    monkeypatch.setattr("shenzhen_facts.store.dataset.parse", _must_not_parse)
    warm = load(path)
    assert warm.narrow is not None and list(warm.parted or ()) == list(cold.parted or ()) == list(range(38))
    assert Index(warm).resolve("消費級無人機占全球產量").id == "drones"
    with pytest.raises(LookupError) as caught:
        Index(warm).resolve("drones share of global output")
    assert caught.value.differs["drones"].startswith("the article's figure is for “Consumer drones”")  # type: ignore[attr-defined]
