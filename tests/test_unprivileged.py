"""Permissions as an ordinary user sees them: the twins of the tests that root cannot run.

Root reads any file and writes any directory, so on a machine where the suite runs as root an unreadable
dataset and a read-only cache directory cannot be made. These tests run the installed console script as
`nobody`, with privileges dropped by setpriv, where the machine allows it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES

SCRIPT = Path(sys.executable).with_name("szfacts")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _can_drop_privileges() -> str | None:
    """Why these tests cannot run here, or None when they can."""
    if os.geteuid() != 0:
        return "not root: the ordinary tests of unreadable files and read-only caches run instead"
    if shutil.which("setpriv") is None:
        return "setpriv (util-linux) is not installed"
    if not SCRIPT.exists():
        return "szfacts is not installed in this environment: run `pip install -e '.[test]'`"
    probe = subprocess.run([*NOBODY, str(SCRIPT), "--version"], capture_output=True, timeout=60, check=False)
    if probe.returncode != 0:
        return f"szfacts does not run as nobody here: {probe.stderr.decode(errors='replace').strip()[:200]}"
    return None


_WHY_NOT = _can_drop_privileges()
pytestmark = pytest.mark.skipif(_WHY_NOT is not None, reason=_WHY_NOT or "")


@pytest.fixture
def shared() -> Iterator[Path]:
    """A directory nobody may enter (pytest's tmp_path is root's alone), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="szfacts-nobody-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def as_nobody(
    *args: str, cache: str | None, bytecode: bool, xdg: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    # The environment is set in full: nothing of root's (HOME, caches, coverage's data files) leaks in.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": "/nonexistent",
    }
    if cache is not None:
        env["SZFACTS_CACHE_DIR"] = cache
    if xdg is not None:
        env["XDG_CACHE_HOME"] = xdg
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [*NOBODY, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60, check=False, cwd=cwd
    )


@pytest.mark.parametrize("bytecode", [True, False], ids=["bytecode", "no-bytecode"])
def test_unreadable_file(shared: Path, bytecode: bool) -> None:
    path = shared / "secret.toml"
    shutil.copy(FIXTURES / "valid" / "minimal.toml", path)
    path.chmod(0)
    done = as_nobody("share", "--data", str(path), cache="", bytecode=bytecode)
    assert (done.returncode, done.stdout) == (66, "")
    assert done.stderr == f"szfacts: error: cannot read dataset {path}: Permission denied\n"


@pytest.mark.parametrize("bytecode", [True, False], ids=["bytecode", "no-bytecode"])
def test_a_readable_file_is_read_as_nobody(shared: Path, bytecode: bool) -> None:
    # The control for the test above: the same file, readable, is read.
    path = shared / "minimal.toml"
    shutil.copy(FIXTURES / "valid" / "minimal.toml", path)
    path.chmod(0o644)
    done = as_nobody("share", "widgets", "--data", str(path), cache="", bytecode=bytecode)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("widgets\t25\tpercent\tapprox\t约1/4\t")


@pytest.mark.parametrize("bytecode", [True, False], ids=["bytecode", "no-bytecode"])
def test_a_read_only_cache_directory_is_harmless(shared: Path, bytecode: bool) -> None:
    path = shared / "minimal.toml"
    shutil.copy(FIXTURES / "valid" / "minimal.toml", path)
    path.chmod(0o644)
    cache = shared / "cache"
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    for _ in range(2):  # the second run finds no entry either, and still answers
        done = as_nobody("share", "widgets", "--data", str(path), cache=str(cache), bytecode=bytecode)
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout.startswith("widgets\t25\t")
    assert list(cache.iterdir()) == []


def test_a_cache_directory_nobody_may_not_enter_is_harmless(shared: Path) -> None:
    path = shared / "minimal.toml"
    shutil.copy(FIXTURES / "valid" / "minimal.toml", path)
    path.chmod(0o644)
    cache = shared / "closed"
    cache.mkdir(mode=0o700)
    done = as_nobody(
        "show", "widgets", "--value", "-q", "--data", str(path), cache=str(cache / "szfacts"), bytecode=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "25\n", "")


def test_a_writable_cache_directory_is_filled_as_nobody(shared: Path) -> None:
    # The control for the read-only case: the same run, allowed to write, leaves an entry.
    path = shared / "minimal.toml"
    shutil.copy(FIXTURES / "valid" / "minimal.toml", path)
    path.chmod(0o644)
    cache = shared / "cache"
    cache.mkdir()
    # nobody's own, and private: the cache trusts no directory that another user may write (issue 11)
    os.chown(cache, 65534, 65534)
    cache.chmod(0o700)
    done = as_nobody("share", "widgets", "--data", str(path), cache=str(cache), bytecode=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert list(cache.iterdir()) != []


# ---------------------------------------------------------------------------------------------- tidying (issue 22 #1)

# A user's own files in a folder the cache is pointed at: names that end like szfacts' files, stale-looking ones.
USERS_FILES = {"report.cache": b"data", "dark.side": b"essay", ".tmp-draft.cache": b"an old draft"}


def _users_folder(folder: Path, owner: int) -> None:
    folder.mkdir(mode=0o755)
    for name, data in USERS_FILES.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (1_000_000, 1_000_000))
        os.chown(folder / name, owner, owner)
    os.chown(folder, owner, owner)


def test_a_cache_pointed_at_a_users_folder_deletes_none_of_their_files(shared: Path) -> None:
    # `cd ~/work; echo data > report.cache; echo essay > dark.side; SZFACTS_CACHE_DIR=. szfacts share drones`,
    # as the user who owns them all: the files are theirs, the folder theirs and private to writes.
    work = shared / "work"
    _users_folder(work, 65534)
    for args in (["share", "drones"], ["list", "--format", "plain"], ["list", "--format", "plain"]):
        done = as_nobody(*args, cache=".", bytecode=False, cwd=work)
        assert (done.returncode, done.stderr) == (0, "")
    assert {name: (work / name).read_bytes() for name in USERS_FILES} == USERS_FILES
    assert any(name.startswith("szfacts-") for name in os.listdir(work))  # the cache itself works there


def test_another_users_symlink_in_a_shared_cache_home_is_not_trusted(shared: Path) -> None:
    # XDG_CACHE_HOME is world-writable and sticky, and made by another user (uid 54321), who planted
    # `szfacts -> alice's docs` in it. The symlink and the directory have one owner, so the kernel follows the link
    # whatever fs.protected_symlinks says: only szfacts' own refusal to follow it protects the docs.
    docs = shared / "docs"
    _users_folder(docs, 65534)
    xdg = shared / "xdg"
    xdg.mkdir()
    xdg.chmod(0o1777)
    os.chown(xdg, 54321, 54321)
    (xdg / "szfacts").symlink_to(docs)
    os.lchown(xdg / "szfacts", 54321, 54321)
    for _ in range(2):
        done = as_nobody("share", "drones", cache=None, xdg=str(xdg), bytecode=False)
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout.startswith("drones\t70\t")
    assert sorted(os.listdir(docs)) == sorted(USERS_FILES)  # nothing written into the docs, nothing deleted
    assert {name: (docs / name).read_bytes() for name in USERS_FILES} == USERS_FILES
