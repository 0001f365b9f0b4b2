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


def as_nobody(*args: str, cache: str, bytecode: bool) -> subprocess.CompletedProcess[str]:
    # The environment is set in full: nothing of root's (HOME, caches, coverage's data files) leaks in.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": "/nonexistent",
        "SZFACTS_CACHE_DIR": cache,
    }
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [*NOBODY, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60, check=False
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
