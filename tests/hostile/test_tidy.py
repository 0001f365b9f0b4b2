"""Tidying the cache removes only what szfacts made (issue 22 #1): whatever folder the cache is pointed at, a
user's own files there are never deleted or replaced, and a cache directory that is a symlink is not used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import Invoke

# What a user keeps in a folder: files whose names end like szfacts' own, a temporary-looking file long untouched,
# and a name in the shape szfacts' entries had before (a hash, a length, the dataset's name).
USERS_FILES = {
    "report.cache": b"data",
    "dark.side": b"essay",
    ".tmp-draft.cache": b"an old draft",
    "0badf00d-12-city.toml.cache": b"a file of mine",
    "szfacts-notes.cache": b"notes about szfacts",
    "szfacts-0badf00d-12.cache.bak": b"a backup",
}


def _fill(folder: Path) -> None:
    for name, data in USERS_FILES.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (1_000_000, 1_000_000))  # long untouched: stale, were they szfacts'


def _unchanged(folder: Path) -> bool:
    return all((folder / name).read_bytes() == data for name, data in USERS_FILES.items())


@pytest.mark.parametrize("cache_mode", ["off"])  # the cache is set here; the run modes would only repeat it
def test_a_cache_pointed_at_a_users_folder_deletes_nothing(
    szfacts: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir(mode=0o700)
    _fill(work)
    monkeypatch.chdir(work)
    for args in (["share", "drones"], ["list", "--format", "plain"], ["list", "--format", "plain"]):
        run = szfacts(*args, env={"SZFACTS_CACHE_DIR": "."})
        assert run.code == 0, run
    assert _unchanged(work)
    made = sorted(set(os.listdir(work)) - set(USERS_FILES))
    assert made and all(name.startswith("szfacts-") for name in made), made  # the cache works, in its own names


def _docs_behind_a_link(tmp_path: Path, link: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir(mode=0o700)
    _fill(docs)
    link.parent.mkdir(mode=0o700, exist_ok=True)
    link.symlink_to(docs)
    return docs


@pytest.mark.parametrize("cache_mode", ["off"])
@pytest.mark.parametrize("setting", ["SZFACTS_CACHE_DIR", "XDG_CACHE_HOME"])
def test_a_cache_directory_that_is_a_symlink_is_not_used(szfacts: Invoke, tmp_path: Path, setting: str) -> None:
    link = tmp_path / "xdg" / "szfacts"
    docs = _docs_behind_a_link(tmp_path, link)
    env = (
        {"SZFACTS_CACHE_DIR": str(link)}
        if setting == "SZFACTS_CACHE_DIR"
        else {
            "SZFACTS_CACHE_DIR": None,
            "XDG_CACHE_HOME": str(link.parent),
        }
    )
    for _ in range(2):
        run = szfacts("share", "drones", env=env)
        assert run.code == 0 and run.stdout.startswith("drones\t70\t"), run
    assert sorted(os.listdir(docs)) == sorted(USERS_FILES)  # nothing written through the link, nothing deleted
    assert _unchanged(docs)


def test_tidying_judges_only_szfacts_own_regular_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shenzhen_facts.store import cache
    from shenzhen_facts.store.dataset import load

    directory = tmp_path / "a" / "b" / "cache"  # made with its parents on the first write
    monkeypatch.setenv("SZFACTS_CACHE_DIR", str(directory))
    dataset = tmp_path / "city.toml"
    dataset.write_text(
        (Path(__file__).parent.parent / "fixtures" / "valid" / "minimal.toml").read_text("utf-8"), "utf-8"
    )
    load(dataset)
    (entry,) = [p for p in directory.iterdir() if cache.Directory.ours(p.name) == "entry"]
    other = entry.name.replace(entry.name[8:24], "0123456789abcdef")
    orphan = directory / f"{other[:-6]}.sqlite-journal"  # an SQLite entry's journal whose entry is gone
    orphan.write_bytes(b"journal")
    damaged = directory / other  # szfacts' own name, nothing like an entry inside
    damaged.write_bytes(b"damaged")
    theirs = tmp_path / "theirs.txt"
    theirs.write_bytes(b"a user's file")
    link = directory / other.replace("0123456789abcdef", "00000000000000aa")  # szfacts' name, but a link
    link.symlink_to(theirs)
    folder = directory / other.replace("0123456789abcdef", "fedcba9876543210")
    folder.mkdir()
    (folder / "inside").write_bytes(b"kept")
    journal = directory / (entry.name.replace(".cache", ".sqlite") + "-journal")
    journal.write_bytes(b"a journal beside no entry of its own")
    dataset.write_text(dataset.read_text("utf-8") + "\n# an edit\n", "utf-8")
    load(dataset)  # a write: tidying runs
    assert not orphan.exists() and not damaged.exists() and not journal.exists()
    assert link.is_symlink() and theirs.read_bytes() == b"a user's file"
    assert (folder / "inside").read_bytes() == b"kept"
    assert entry.exists()
