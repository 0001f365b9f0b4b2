"""A large dataset's cache entry (store/database.py): one SQLite file whose full-text index narrows what a search
or a miss reads, never what it finds, and whose damage of any kind costs one fresh parse, never a wrong answer."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_cache import _count_parses

from conftest import ROOT, Invoke
from shenzhen_facts.core.model import Dataset, Record
from shenzhen_facts.core.resolve import Index, words
from shenzhen_facts.store import cache, database, snapshot
from shenzhen_facts.store.dataset import bundled_path, load, parse


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("SZFACTS_CACHE_DIR", str(directory))
    monkeypatch.setattr(cache, "LARGE", 0)  # every dataset is kept in SQLite here, however small
    return directory


def _bundled_copy(tmp_path: Path) -> Path:
    path = tmp_path / "city.toml"
    shutil.copy(bundled_path(), path)
    return path


def _make_dataset() -> Any:
    """benchmarks/make_dataset.py, the benchmark's maker of synthetic records."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_dataset
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return make_dataset


def _synthetic(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "synthetic.toml"
    _make_dataset().write(count, path)
    return path


def _decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the records decoded from an entry from now on, in order."""
    decoded: list[str] = []
    real = snapshot.record

    def counting(values: tuple[object, ...], sources: dict[str, object]) -> Record:
        built = real(values, sources)  # type: ignore[arg-type]
        decoded.append(built.id)
        return built

    monkeypatch.setattr(snapshot, "record", counting)
    return decoded


def _entry(cache_dir: Path) -> Path:
    (entry,) = cache_dir.glob("szfacts-*.sqlite")
    return entry


def _pair(path: Path) -> tuple[Index, Index]:
    """The same dataset twice: from its SQLite entry, and parsed with no cache."""
    load(path)
    cached = load(path)
    assert isinstance(cached.records, database.Records) and cached.narrow is not None
    plain = parse(path.read_text(encoding="utf-8"), str(path))
    assert plain.narrow is None
    return Index(cached), Index(plain)


def _queries(dataset: Dataset) -> list[str]:
    """Every name and alias, its words one by one and in pairs, their starts, misspellings, and strangers."""
    found = ["no-such-thing", "5G", "5 g", "growth", "global", "2023", "无人机", "产量", "新能源", "x", "的", "百分之"]
    found += ["车", "g", "5", "芯片", '"quoted"', "a'b"]
    for record in list(dataset.records)[::8]:
        for text in (record.id, record.name, record.name_zh, *record.aliases, *record.broader, record.quote[:6]):
            found.append(text)
            found.append(text.upper().replace(" ", "-"))
            said = words(text)
            found.extend(said)
            found.extend(" ".join(said[i : i + 2]) for i in range(len(said)))
            found.extend(word[:4] for word in said if len(word) > 4)
            found.extend(word[:2] for word in said if len(word) > 2)
            if len(text) > 3:
                found.append(text[1] + text[0] + text[2:])  # a typo that keeps no first letter
                found.append(text[0] + text[2] + text[1] + text[3:])  # one that keeps it
    return list(dict.fromkeys(found))[:240]  # enough to cover every path; a scan per query is slow


def _full_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Near spellings from every key, as without an index: the full-text narrowing is then all that differs."""

    def every_key(self: database.Narrow, spelling: str) -> dict[str, int]:
        assert self._keys is not None
        return {k: p for k, p in self._keys.items() if not k.startswith(" ")}

    monkeypatch.setattr(database.Narrow, "spellings", every_key)


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_search_and_candidates_find_what_a_full_scan_finds(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    path = _bundled_copy(tmp_path) if which == "bundled" else _synthetic(tmp_path, 80)
    narrowed, scanned = _pair(path)
    _full_spellings(monkeypatch)
    queries = _queries(scanned.dataset)
    assert len(queries) == 240
    for query in queries:
        assert narrowed.search_hits(query) == scanned.search_hits(query), query
        assert narrowed.candidates(query) == scanned.candidates(query), query
        assert narrowed.find(query) == scanned.find(query), query


def test_a_search_spelled_as_one_word_finds_the_name_it_spells(cache_dir: Path, tmp_path: Path) -> None:
    # No word of "consumerdrones" is a word of any text: only the spellings of names narrow it to the record.
    narrowed, scanned = _pair(_bundled_copy(tmp_path))
    for query, expected in [("consumerdrones", "drones"), ("NewEnergy Vehicles", "nev"), ("5gbase stations", None)]:
        hits = narrowed.search_hits(query)
        assert hits == scanned.search_hits(query) and hits, query
        assert expected is None or hits[0].record.id == expected


def test_questions_are_read_from_the_entry_as_from_the_file(cache_dir: Path, tmp_path: Path) -> None:
    # The entry says which records have parts (its records are not decoded to find out): a question reads the same.
    narrowed, scanned = _pair(_bundled_copy(tmp_path))
    for query in (
        "消費級無人機占全球產量",
        "how many 5G base stations",
        "新能源汽车产量",
        "drones share of global output",
    ):
        assert narrowed.understand(query) == scanned.understand(query), query
    assert narrowed.resolve("消費級無人機占全球產量").id == "drones"


def test_a_question_decodes_only_the_records_with_parts(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled records (with parts) and synthetic ones (without): which have parts is the entry's to say.
    record = _make_dataset().record
    path = tmp_path / "mixed.toml"
    synthetic = "".join(record(n).replace('source = "synthetic"', 'source = "sztqb"') for n in range(1, 60))
    path.write_text(bundled_path().read_text("utf-8") + synthetic, "utf-8")
    load(path)
    decoded = _decoded(monkeypatch)
    warm = Index(load(path))
    assert warm.resolve("消费级无人机占全球产量").id == "drones"
    assert decoded and not [record_id for record_id in decoded if record_id.startswith("fact_")]


def test_the_narrowing_is_a_superset_and_narrower_than_everything(cache_dir: Path, tmp_path: Path) -> None:
    narrowed, _ = _pair(_synthetic(tmp_path, 200))
    narrow = narrowed.dataset.narrow
    assert narrow is not None
    found = set(narrow.search(["synthetic", "fact", "42"], "syntheticfact42"))
    assert 41 in found and len(found) < 5, found  # fact_00042 is at 41; a few others say "42" (a figure of 42%)
    near = set(narrow.near({"00042"}, "00042"))
    assert 41 in near and len(near) < 5, near
    assert len(set(narrow.near({"fact", "00042"}, "fact00042"))) == 200  # "fact" is in every name: all may score
    # Needles shorter than a trigram are looked for in the texts themselves.
    assert 41 in set(narrow.near({"42"}, "42"))


def test_near_spellings_are_looked_for_among_keys_of_the_same_first_letter(cache_dir: Path, tmp_path: Path) -> None:
    narrowed, scanned = _pair(_bundled_copy(tmp_path))
    assert [r.id for r in narrowed.candidates("dornes")] == [r.id for r in scanned.candidates("dornes")]
    assert "drones" in [r.id for r in narrowed.candidates("dornes")]
    # The one place the index is not exact: a typo in the first letter is not looked for among a million keys.
    assert "drones" in [r.id for r in scanned.candidates("rdones")]
    assert "drones" not in [r.id for r in narrowed.candidates("rdones")]


def _tables(entry: Path) -> set[str]:
    with sqlite3.connect(entry) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_keys_are_indexed_by_the_first_lookup_and_the_full_text_index_by_the_first_search(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = _synthetic(tmp_path, 60)
    load(path)
    entry = _entry(cache_dir)
    assert _tables(entry) == {"meta", "records"}  # the first run answers sooner: no index made yet
    assert Index(load(path)).resolve("synthetic fact 7").id == "fact_00007"
    assert {"keys"} <= _tables(entry) and "texts" not in _tables(entry)
    assert [r.id for r in Index(load(path)).search("synthetic fact 7")][:1] == ["fact_00007"]
    assert {"keys", "texts", "words"} <= _tables(entry)
    with sqlite3.connect(entry) as connection:
        assert connection.execute("SELECT count(*) FROM meta WHERE name = 'pending keys'").fetchone() == (0,)


def test_a_lookup_and_a_search_read_only_the_records_they_need(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _synthetic(tmp_path, 300)
    load(path)
    Index(load(path)).search("warm")  # indexes made
    decoded = _decoded(monkeypatch)
    monkeypatch.setattr("shenzhen_facts.store.dataset.parse", _must_not_parse)
    index = Index(load(path))
    assert index.resolve("Synthetic fact 271").id == "fact_00271"
    assert decoded == ["fact_00271"]
    decoded.clear()
    assert [r.id for r in index.search("synthetic fact 277")] == ["fact_00277"]
    assert len(decoded) <= 2, decoded


def _must_not_parse(text: str, origin: str) -> None:
    raise AssertionError("a fresh cache entry must spare the parse")


def test_show_runs_from_the_entry(cache_dir: Path, tmp_path: Path, szfacts: Invoke) -> None:
    path = _synthetic(tmp_path, 300)
    env = {"SZFACTS_CACHE_DIR": str(cache_dir)}
    for _ in range(3):
        run = szfacts("show", "Synthetic fact 271", "--format", "plain", "--data", str(path), env=env)
        assert run.code == 0 and run.stdout.startswith("fact_00271\t"), run


# ---------------------------------------------------------------------------------------------- damage


def _damage(entry: Path, how: str) -> None:
    data = bytearray(entry.read_bytes())
    page = 4096
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "header":
        data[:100] = bytes(100)
    elif how == "zero pages":
        middle = len(data) // page // 2
        data[middle * page : (middle + 2) * page] = bytes(2 * page)
    elif how == "empty":
        data = bytearray()
    entry.write_bytes(bytes(data))


def _flip(entry: Path, needle: bytes, offset: int = 0) -> None:
    """Flip one bit of the byte `offset` after `needle`, everywhere the needle is (an index may repeat it)."""
    data = bytearray(entry.read_bytes())
    at = data.find(needle)
    assert at >= 0, needle
    while at >= 0:
        data[at + offset] ^= 0x01
        at = data.find(needle, at + len(needle))
    entry.write_bytes(bytes(data))


def _answers_then_rebuilt(path: Path, monkeypatch: pytest.MonkeyPatch, query: str, expected: str) -> None:
    """The next run answers right (parsing afresh), and the run after uses a good entry again: rebuilt once."""
    parses = _count_parses(monkeypatch)
    index = Index(load(path))
    assert index.resolve(query).id == expected
    assert [r.id for r in index.search(query)][:1] == [expected]
    assert len(parses) <= 1
    parses.clear()
    again = Index(load(path))
    assert again.resolve(query).id == expected
    assert [r.id for r in again.search(query)][:1] == [expected]
    assert parses == []


def _built(cache_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    path = _synthetic(tmp_path, 400)
    load(path)
    Index(load(path)).search("synthetic fact 1")  # every table made
    return path, _entry(cache_dir)


@pytest.mark.parametrize("how", ["truncated", "header", "zero pages", "empty"])
def test_a_damaged_entry_answers_right_and_is_rebuilt_once(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    path, entry = _built(cache_dir, tmp_path)
    _damage(entry, how)
    _answers_then_rebuilt(path, monkeypatch, "fact_00377", "fact_00377")


def test_a_flipped_bit_in_a_record_is_caught_by_its_crc(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, entry = _built(cache_dir, tmp_path)
    _flip(entry, "合成产品377".encode(), offset=1)  # inside the record's quote: SQLite itself would not notice
    parses = _count_parses(monkeypatch)
    record = Index(load(path)).resolve("fact_00377")
    assert "合成产品377" in record.quote
    assert len(parses) == 1
    _answers_then_rebuilt(path, monkeypatch, "fact_00377", "fact_00377")


def test_a_flipped_bit_in_a_key_is_caught_when_the_key_is_missed(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 22 #3 and #4 in SQLite: a damaged key must not make a record that exists "not found", and must be
    # repaired once, not met again on every run.
    path, entry = _built(cache_dir, tmp_path)
    _flip(entry, b"#fact_00377", offset=10)  # the handle key: #fact_00377 becomes #fact_00376, say
    _answers_then_rebuilt(path, monkeypatch, "fact_00377", "fact_00377")


def test_a_damaged_full_text_index_costs_a_rebuild_not_a_wrong_search(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, entry = _built(cache_dir, tmp_path)
    with sqlite3.connect(entry) as connection:
        connection.execute("DELETE FROM words_data WHERE id > 10")  # the index's pages, gone (the file well formed)
    parses = _count_parses(monkeypatch)
    assert [r.id for r in Index(load(path)).search("synthetic fact 377")] == ["fact_00377"]
    assert len(parses) == 1
    _answers_then_rebuilt(path, monkeypatch, "fact_00377", "fact_00377")


@pytest.mark.parametrize("contents", ["empty", "with a file"])
def test_a_directory_where_the_entry_should_be(cache_dir: Path, tmp_path: Path, contents: str) -> None:
    path = _synthetic(tmp_path, 30)
    load(path)
    entry = _entry(cache_dir)
    entry.unlink()
    entry.mkdir()
    if contents == "with a file":
        (entry / "mine.txt").write_text("not szfacts'", encoding="utf-8")
    for _ in range(2):
        assert Index(load(path)).resolve("fact_00007").id == "fact_00007"
    if contents == "empty":
        assert entry.is_file()  # an empty directory at szfacts' own name held nothing: replaced
    else:
        assert (entry / "mine.txt").read_text(encoding="utf-8") == "not szfacts'"


def test_an_entry_that_cannot_be_grown_still_answers(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys and the full-text index cannot be written (a full disk, another run's lock): answers all the same."""
    path = _synthetic(tmp_path, 40)
    load(path)
    real_connect = sqlite3.connect

    def read_only(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(target.replace("mode=rw", "mode=ro"), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database.sqlite3, "connect", read_only)
    parses = _count_parses(monkeypatch)
    index = Index(load(path))
    assert index.resolve("fact_00007").id == "fact_00007"
    assert [r.id for r in index.search("synthetic fact 7")][:1] == ["fact_00007"]
    assert [r.id for r in index.candidates("synthetic fakt 7")]
    assert parses == []  # not damage: nothing parsed again


# ---------------------------------------------------------------------------------------------- writing


def test_the_entry_is_synced_before_it_is_renamed_into_place(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _synthetic(tmp_path, 20)
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(*args: object, **kwargs: object) -> None:
        events.append("rename")
        real_replace(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache.os, "fsync", fsync)
    monkeypatch.setattr(cache.os, "replace", replace)
    load(path)
    assert events == ["fsync", "rename"]


def test_an_interrupted_write_leaves_no_temporary_file(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _synthetic(tmp_path, 20)

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "write", interrupt)
    with pytest.raises(KeyboardInterrupt):
        load(path)
    assert os.listdir(cache_dir) == []


def test_a_full_disk_while_writing_costs_speed_not_an_answer(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _synthetic(tmp_path, 20)

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "write", full)
    assert Index(load(path)).resolve("fact_00007").id == "fact_00007"
    assert os.listdir(cache_dir) == []


# ---------------------------------------------------------------------------------------------- the listing


def _listed(szfacts: Invoke, cache_dir: Path, path: Path, *args: str) -> str:
    run = szfacts("list", "--format", "plain", "--data", str(path), *args, env={"SZFACTS_CACHE_DIR": str(cache_dir)})
    assert run.code == 0 and run.stderr == "", run
    return run.stdout


def _listing_rows(entry: Path, lang: str) -> int:
    with sqlite3.connect(entry) as connection:
        (count,) = connection.execute("SELECT count(*) FROM listing WHERE name = ?", (f"list-{lang}",)).fetchone()
    return int(count)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_kept_list_is_the_list(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, szfacts: Invoke, lang: str
) -> None:
    from shenzhen_facts.presentation import listing, writers
    from shenzhen_facts.presentation.views import list_view

    synthetic = _synthetic(tmp_path, 300)
    monkeypatch.setattr(listing, "CHUNK", 64)  # several chunks, the last one short
    expected = writers.plain(list_view(parse(synthetic.read_text(encoding="utf-8"), "x").records, lang))  # type: ignore[arg-type]
    assert _listed(szfacts, cache_dir, synthetic, "--lang", lang) == expected  # first run: parsed
    assert _listed(szfacts, cache_dir, synthetic, "--lang", lang) == expected  # from the entry, text kept in it
    entry = _entry(cache_dir)
    assert _listing_rows(entry, lang) == 5
    real_record = snapshot.record
    monkeypatch.setattr(snapshot, "record", _must_not_decode)
    assert _listed(szfacts, cache_dir, synthetic, "--lang", lang) == expected  # from the kept text, no record read
    growth = "".join(line + "\n" for line in expected.splitlines() if line.split("\t")[1] == "growth")
    assert _listed(szfacts, cache_dir, synthetic, "--lang", lang, "--kind", "growth") == growth
    monkeypatch.setattr(snapshot, "record", real_record)
    with sqlite3.connect(entry) as connection:  # a flipped byte in the third chunk: SQLite would not notice
        connection.execute("UPDATE listing SET text = replace(text, 'fact', 'fbct') WHERE chunk = 2")
    assert _listed(szfacts, cache_dir, synthetic, "--lang", lang) == expected  # the rest is made afresh


def _must_not_decode(*args: object) -> None:
    raise AssertionError("the kept text must spare reading records")


def test_the_kept_list_of_an_older_entry_is_not_used(cache_dir: Path, tmp_path: Path, szfacts: Invoke) -> None:
    path = _synthetic(tmp_path, 30)
    first = _listed(szfacts, cache_dir, path)
    _listed(szfacts, cache_dir, path)
    text = path.read_text(encoding="utf-8").replace('Synthetic fact 7"', 'Sprocket fact 7"')
    path.write_text(text, encoding="utf-8")
    _listed(szfacts, cache_dir, path)  # a new entry
    assert _listed(szfacts, cache_dir, path) == first.replace("Synthetic fact 7\n", "Sprocket fact 7\n")


def test_a_list_that_cannot_be_kept_costs_nothing_but_speed(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shenzhen_facts.presentation import listing

    path = _synthetic(tmp_path, 30)
    load(path)
    expected = "".join(listing.plain(load(path), "en"))
    entry = _entry(cache_dir)
    for stage in ("add", "commit"):

        def refuse(*args: object) -> None:
            raise OSError(28, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(database.ListingWriter, stage, refuse)
            with sqlite3.connect(entry) as connection:
                connection.execute("DROP TABLE IF EXISTS listing")
            assert "".join(listing.plain(load(path), "en")) == expected
            assert "listing" not in _tables(entry) or _listing_rows(entry, "en") == 0


# ---------------------------------------------------------------------------------------------- the threshold


def _imports_sqlite(*args: str, cache: Path) -> bool:
    code = (
        "import sys\nfrom shenzhen_facts.cli.commands import main\nsys.argv = ['szfacts', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nprint('sqlite3' in sys.modules, file=sys.stderr)"
    )
    env = {**os.environ, "SZFACTS_CACHE_DIR": str(cache)}
    env = {k: v for k, v in env.items() if not k.startswith(("COVERAGE_", "COV_CORE_"))}
    for _ in range(2):  # the second run reads the entry the first one wrote
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)
    return done.stderr.strip().splitlines()[-1] == "True"


def test_only_a_large_dataset_imports_sqlite3(tmp_path: Path) -> None:
    large = _synthetic(tmp_path, 1200)
    assert large.stat().st_size >= cache.LARGE > bundled_path().stat().st_size
    assert not _imports_sqlite("share", "drones", cache=tmp_path / "cache")
    assert _imports_sqlite("show", "fact_00007", "--data", str(large), cache=tmp_path / "cache")


# ---------------------------------------------------------------------------------------------- the sequences


def test_records_and_keys_behave_like_a_sequence_and_a_mapping(cache_dir: Path, tmp_path: Path) -> None:
    path = _synthetic(tmp_path, 30)
    first = load(path)
    cached = load(path)
    records, keys = cached.records, cached.keys
    assert isinstance(records, database.Records) and isinstance(keys, database.Keys)
    assert [r.id for r in records[28:]] == ["fact_00029", "fact_00030"]
    assert records[-1] == first.records[-1] and list(records) == list(first.records)
    with pytest.raises(IndexError):
        records[30]
    assert dict(keys) == dict(first.keys or {}) and len(keys) == len(first.keys or {})
    assert keys.get("nosuchname") is None and keys["#fact_00003"] == 2
    assert "#fact_00003" in keys.starting("fact") and "syntheticfact3" in keys.starting("s")


@pytest.mark.parametrize("damage", ["a missing row", "a row's crc", "the count", "a key's position"])
def test_damage_found_while_reading_falls_back_to_a_fresh_parse(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    path = _synthetic(tmp_path, 30)
    expected = list(load(path).records)
    assert Index(load(path)).resolve("fact_00003")  # keys indexed
    statement = {
        "a missing row": "DELETE FROM records WHERE position = 4",
        "a row's crc": "UPDATE records SET crc = crc + 1 WHERE position = 4",
        "the count": "UPDATE meta SET value = x'00' WHERE name = 'count'",
        "a key's position": "UPDATE keys SET position = 99 WHERE key = '#fact_00005'",
    }[damage]
    with sqlite3.connect(_entry(cache_dir)) as connection:
        connection.execute(statement)
    parses = _count_parses(monkeypatch)
    dataset = load(path)
    assert list(dataset.records) == expected
    assert Index(dataset).resolve("fact_00005").id == "fact_00005"
    assert len(parses) == 1
    assert list(load(path).records) == expected
    assert len(parses) == 1  # rewritten: the run after reads a good entry


def test_keys_that_cannot_be_indexed_are_read_from_their_blob(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _synthetic(tmp_path, 30)
    first = load(path)
    holder = sqlite3.connect(_entry(cache_dir), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run is writing the entry
    try:
        monkeypatch.setattr(database, "_TIMEOUT", 0.05)
        cached = load(path)
        keys = cached.keys
        assert isinstance(keys, database.Keys)
        assert keys["#fact_00003"] == 2 and len(keys) == len(first.keys or {})
        assert "#fact_00003" in keys.starting("fact") and "syntheticfact3" in keys.starting("s")
        assert [r.id for r in Index(cached).search("synthetic fact 3")][:1] == ["fact_00003"]  # scored in full
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_list_while_another_run_writes_the_entry_is_made_not_kept(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shenzhen_facts.presentation import listing

    path = _synthetic(tmp_path, 30)
    load(path)
    expected = "".join(listing.plain(parse(path.read_text(encoding="utf-8"), "x"), "en"))
    monkeypatch.setattr(database, "_TIMEOUT", 0.05)
    holder = sqlite3.connect(_entry(cache_dir), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert "".join(listing.plain(load(path), "en")) == expected
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "listing" not in _tables(_entry(cache_dir))


def test_an_sqlite_without_the_trigram_tokenizer_still_answers_every_search(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FTS5's trigram tokenizer came with SQLite 3.34 (this machine has 3.40); an older SQLite, or one built without
    # FTS5, refuses the index: every record is then scored, and nothing is taken for damage.
    path = _synthetic(tmp_path, 40)
    _, scanned = _pair(path)
    monkeypatch.setattr(database, "_WORDS", database._WORDS.replace("'trigram'", "'no_such_tokenizer'"))
    parses = _count_parses(monkeypatch)
    index = Index(load(path))
    for query in ("synthetic fact 7", "合成产品7", "no-such-thing", "fakt 7"):
        assert index.search_hits(query) == scanned.search_hits(query), query
        assert index.candidates(query) == scanned.candidates(query), query
    assert parses == []
    assert "words" not in _tables(_entry(cache_dir)) and "texts" not in _tables(_entry(cache_dir))
