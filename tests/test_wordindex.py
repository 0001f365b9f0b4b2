"""The word index of a large cached dataset narrows what a search or a miss reads, never what it finds."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from shenzhen_facts.core.model import Dataset
from shenzhen_facts.core.resolve import Index, normalize, words
from shenzhen_facts.store import cache, wordindex
from shenzhen_facts.store.dataset import bundled_path, load, parse


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("SZFACTS_CACHE_DIR", str(directory))
    monkeypatch.setattr(cache, "NARROW_FROM", 1)  # every dataset gets a word index here, however small
    return directory


def _bundled_copy(tmp_path: Path) -> Path:
    path = tmp_path / "city.toml"
    shutil.copy(bundled_path(), path)
    return path


def _synthetic(tmp_path: Path, count: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_dataset
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    path = tmp_path / "synthetic.toml"
    make_dataset.write(count, path)
    return path


def _pair(path: Path) -> tuple[Index, Index]:
    """The same dataset twice: from the cache with its word index, and parsed with none."""
    load(path)
    cached = load(path)
    assert cached.narrow is not None
    plain = parse(path.read_text(encoding="utf-8"), str(path))
    assert plain.narrow is None
    return Index(cached), Index(plain)


def _queries(dataset: Dataset) -> list[str]:
    """Every name and alias, its words one by one and in pairs, their starts, misspellings, and strangers."""
    found = ["no-such-thing", "5G", "5 g", "growth", "global", "2023", "无人机", "产量", "新能源", "x", "的", "百分之"]
    for record in list(dataset.records)[::8]:
        for text in (record.id, record.name, record.name_zh, *record.aliases, *record.broader, record.quote[:6]):
            found.append(text)
            found.append(text.upper().replace(" ", "-"))
            said = words(text)
            found.extend(said)
            found.extend(" ".join(said[i : i + 2]) for i in range(len(said)))
            found.extend(word[:4] for word in said if len(word) > 4)
            if len(text) > 3:
                found.append(text[1] + text[0] + text[2:])  # a typo that keeps no first letter
                found.append(text[0] + text[2] + text[1] + text[3:])  # one that keeps it
    return list(dict.fromkeys(found))[:200]  # enough to cover every path; a scan per query is slow


def _full_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Near spellings from every key, as without an index: the word narrowing is then all that differs."""

    def every_key(self: wordindex.Narrow, spelling: str) -> dict[str, int]:
        return {k: p for k, p in self._keys().items() if not k.startswith(" ")}

    monkeypatch.setattr(wordindex.Narrow, "spellings", every_key)


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_search_and_candidates_find_what_a_full_scan_finds(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    path = _bundled_copy(tmp_path) if which == "bundled" else _synthetic(tmp_path, 80)
    narrowed, scanned = _pair(path)
    _full_spellings(monkeypatch)
    queries = _queries(scanned.dataset)
    assert len(queries) == 200
    for query in queries:
        assert narrowed.search_hits(query) == scanned.search_hits(query), query
        assert narrowed.candidates(query) == scanned.candidates(query), query
        assert narrowed.find(query) == scanned.find(query), query


def test_near_spellings_are_looked_for_among_keys_of_the_same_first_letter(cache_dir: Path, tmp_path: Path) -> None:
    narrowed, scanned = _pair(_bundled_copy(tmp_path))
    assert [r.id for r in narrowed.candidates("dornes")] == [r.id for r in scanned.candidates("dornes")]
    assert "drones" in [r.id for r in narrowed.candidates("dornes")]
    # The one place the index is not exact: a typo in the first letter is not looked for among 600,000 keys.
    assert "drones" in [r.id for r in scanned.candidates("rdones")]
    assert "drones" not in [r.id for r in narrowed.candidates("rdones")]


def test_the_index_is_kept_and_rebuilt_when_damaged(cache_dir: Path, tmp_path: Path) -> None:
    path = _synthetic(tmp_path, 50)
    narrowed, scanned = _pair(path)
    expected = [r.id for r in scanned.search("synthetic fact 42")]
    assert expected[0] == "fact_00042"
    assert [r.id for r in narrowed.search("synthetic fact 42")] == expected
    (side,) = cache_dir.glob("*.words.side")
    data = bytearray(side.read_bytes())
    side.write_bytes(bytes(data[: len(data) // 2]))  # truncated
    again = Index(load(path))
    assert [r.id for r in again.search("synthetic fact 42")] == expected
    assert side.stat().st_size == len(data)  # rebuilt in full


def test_a_search_reads_only_the_records_it_can_find(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shenzhen_facts.store import packed

    path = _synthetic(tmp_path, 400)
    load(path)
    index = Index(load(path))
    index.search("warm the index")
    decoded: list[str] = []
    real = packed.record

    def counting(values: tuple[object, ...], sources: dict[str, object]) -> object:
        built = real(values, sources)  # type: ignore[arg-type]
        decoded.append(built.id)
        return built

    monkeypatch.setattr(packed, "record", counting)
    assert [r.id for r in index.search("Synthetic fact 399")] == ["fact_00399"]
    assert decoded == ["fact_00399"]
    decoded.clear()
    with pytest.raises(LookupError):
        index.resolve("no-such-thing")
    assert decoded == []
    assert normalize("no-such-thing") == "nosuchthing"


def test_a_large_datasets_key_buckets_are_made_by_its_first_lookup(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from shenzhen_facts.store import packed

    path = _synthetic(tmp_path, 200)
    load(path)  # the first run: keys stored in one piece, no buckets yet
    assert not list(cache_dir.glob("*.keys.side"))
    assert Index(load(path)).resolve("synthetic 150").id == "fact_00150"
    (side,) = cache_dir.glob("*.keys.side")
    reads: list[int] = []
    real = os.pread

    def counting(fd: int, size: int, at: int) -> bytes:
        reads.append(size)
        return real(fd, size, at)

    monkeypatch.setattr(packed.os, "pread", counting)
    assert Index(load(path)).resolve("Synthetic Fact 151").id == "fact_00151"
    assert sum(reads) < 4096, reads  # buckets from the side file, never the whole key set
    monkeypatch.undo()
    monkeypatch.setenv("SZFACTS_CACHE_DIR", str(cache_dir))
    side.write_bytes(side.read_bytes()[:100])  # damaged: made again
    assert Index(load(path)).resolve("fact 152").id == "fact_00152"
    assert side.stat().st_size > 100


def test_without_a_usable_index_every_record_is_scored(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _synthetic(tmp_path, 30)
    _, scanned = _pair(path)
    monkeypatch.setattr(wordindex, "_open_or_build", lambda *args: None)
    fresh = Index(load(path))
    for query in ("synthetic fact 7", "合成事实7", "no-such-thing", "synthetc"):
        assert fresh.search_hits(query) == scanned.search_hits(query), query
        assert fresh.candidates(query) == scanned.candidates(query), query


def test_an_index_that_fails_when_read_falls_back_to_every_record(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _synthetic(tmp_path, 30)
    narrowed, scanned = _pair(path)
    assert narrowed.search_hits("合成事实7") == scanned.search_hits("合成事实7")  # Chinese: a scan of the terms

    def broken(*args: object) -> None:
        raise wordindex.Damaged("a bad piece")

    for method in ("exactly", "starting", "keys_starting"):
        monkeypatch.setattr(wordindex.WordIndex, method, broken)
    again = Index(load(path))
    for query in ("synthetic fact 7", "no-such-thing", "synthetc"):
        assert again.search_hits(query) == scanned.search_hits(query), query
        assert again.candidates(query) == scanned.candidates(query), query


def test_an_index_of_another_entry_is_rebuilt(cache_dir: Path, tmp_path: Path) -> None:
    path = _synthetic(tmp_path, 30)
    narrowed, scanned = _pair(path)
    narrowed.search("fact 3")
    (side,) = cache_dir.glob("*.words.side")
    data = bytearray(side.read_bytes())
    data[20] ^= 0xFF  # the line naming the entry it was built from
    side.write_bytes(bytes(data))
    assert [r.id for r in Index(load(path)).search("fact 3")] == [r.id for r in scanned.search("fact 3")]
    assert side.read_bytes()[20] != data[20]
