"""The parsed cache: fresh entries are used, stale or damaged ones are rebuilt, and no cache failure is fatal."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from conftest import FIXTURES
from shenzhen_facts import packed
from shenzhen_facts.dataset import load
from shenzhen_facts.errors import DatasetInvalid
from shenzhen_facts.resolve import Index, build_keys


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
    return sorted(directory.glob("*.cache")) if directory.exists() else []


def test_first_load_writes_an_entry_and_the_second_uses_it(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(dataset_file)
    assert len(entries(cache_dir)) == 1
    monkeypatch.setattr("shenzhen_facts.dataset.parse", _must_not_parse)
    second = load(dataset_file)
    assert isinstance(second.records, packed.LazyRecords)
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
    # Rewritten: the next run uses the entry again (marshal's bytes may differ run to run, its content not).
    assert entry.read_bytes() != damaged
    monkeypatch.setattr("shenzhen_facts.dataset.parse", _must_not_parse)
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
    assert [p.name for p in cache_dir.iterdir() if not p.name.endswith(".cache")] == []


def test_packed_keys_behave_like_a_dict(cache_dir: Path, dataset_file: Path) -> None:
    first = load(dataset_file)
    keys = load(dataset_file).keys
    assert isinstance(keys, packed.PackedKeys)
    assert dict(keys) == build_keys(first.records)
    assert len(keys) == len(build_keys(first.records))
    assert keys.get("widgets") == 0 and keys.get("nosuchname") is None and keys.get("") is None
    assert keys.get("widgets\t0\ngadgets") is None


def test_lazy_records_build_only_what_is_read(cache_dir: Path, dataset_file: Path) -> None:
    load(dataset_file)
    records = load(dataset_file).records
    assert isinstance(records, packed.LazyRecords)
    assert records[1].id == "gadgets_target"
    assert list(records._built) == [1]
    assert [r.id for r in records[0:2]] == ["widgets", "gadgets_target"]


def test_a_cache_directory_that_refuses_writes_is_harmless(
    cache_dir: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only directory does to a non-root user, simulated so it also runs as root."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert load(dataset_file).by_id["widgets"].name == "Widgets"
    assert entries(cache_dir) == []
