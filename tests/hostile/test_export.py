"""--export: the file is either the old one or the complete new one, and only a regular file is replaced."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import Invoke

SCRIPT = Path(sys.executable).with_name("szfacts")
OLD = b"<svg>the good picture made yesterday</svg>"


def test_the_picture_replaces_the_old_one_and_keeps_its_permissions(szfacts: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "f.svg"
    target.write_bytes(OLD)
    target.chmod(0o640)
    run = szfacts("share", "--export", str(target))
    assert run.code == 0, run
    assert target.read_bytes().startswith(b"<svg") and target.read_bytes() != OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.svg"]  # no temporary file left


def test_a_new_picture_gets_the_umask_mode(szfacts: Invoke, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert szfacts("share", "--export", str(tmp_path / "f.html")).code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.html").stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_intact(
    szfacts: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.svg"
    target.write_bytes(OLD)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    run = szfacts("share", "--export", str(target))
    assert (run.code, run.stdout) == (73, "")
    assert run.stderr == f"szfacts: error: cannot write {target}: No space left on device\n"
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.svg"]


@pytest.mark.skipif(not SCRIPT.exists(), reason="szfacts is not installed: pip install -e '.[test]'")
def test_a_file_size_limit_part_way_leaves_the_old_file_intact(tmp_path: Path) -> None:
    # RLIMIT_FSIZE: the kernel takes the first 4 KiB and refuses the rest (EFBIG), as a disk that fills up does.
    target = tmp_path / "f.svg"
    target.write_bytes(OLD)
    script = f"trap '' XFSZ; ulimit -f 4; exec '{SCRIPT}' overview --export '{target}'"
    # Without COVERAGE_*: under --cov, the child's coverage could not write its data past the same limit.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    done = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (73, b"")
    assert done.stderr.decode() == f"szfacts: error: cannot write {target}: File too large\n"
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.svg"]


@pytest.mark.skipif(not SCRIPT.exists(), reason="szfacts is not installed: pip install -e '.[test]'")
def test_a_fifo_named_like_a_picture_is_refused_without_waiting(tmp_path: Path) -> None:
    # A subprocess with a timeout: opening a FIFO for writing waits for a reader, so a regression would hang.
    os.mkfifo(tmp_path / "f.svg")
    done = subprocess.run(
        [str(SCRIPT), "share", "--export", str(tmp_path / "f.svg")], capture_output=True, timeout=30, check=False
    )
    assert (done.returncode, done.stdout) == (73, b"")
    assert done.stderr.decode().startswith(f"szfacts: error: cannot write {tmp_path / 'f.svg'}: it is not a regular")


def test_a_directory_named_like_a_picture_is_refused(szfacts: Invoke, tmp_path: Path) -> None:
    (tmp_path / "d.svg").mkdir()
    run = szfacts("share", "--export", str(tmp_path / "d.svg"))
    assert (run.code, run.stdout) == (73, "")
    assert run.stderr == f"szfacts: error: cannot write {tmp_path / 'd.svg'}: it is a directory\n"


def test_a_link_to_a_device_is_refused(szfacts: Invoke, tmp_path: Path) -> None:
    (tmp_path / "null.svg").symlink_to(os.devnull)
    run = szfacts("share", "--export", str(tmp_path / "null.svg"))
    assert (run.code, run.stdout) == (73, "") and "symbolic link" in run.stderr


# The premise changed (issue 22): a link used to be followed and the file it named replaced; that let another
# user's /tmp/report.svg -> ~/notes.txt replace your notes. A link is now refused, whatever it points at.
def test_a_symlink_to_a_file_is_refused_and_neither_is_touched(szfacts: Invoke, tmp_path: Path) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_bytes(b"my notes")
    before = mine.stat().st_ino
    (tmp_path / "link.svg").symlink_to(mine)
    run = szfacts("share", "--export", str(tmp_path / "link.svg"))
    assert (run.code, run.stdout) == (73, "")
    assert run.stderr == (
        f"szfacts: error: cannot write {tmp_path / 'link.svg'}: it is a symbolic link (--export never writes"
        " through one)\n"
    )
    assert mine.read_bytes() == b"my notes" and mine.stat().st_ino == before
    assert (tmp_path / "link.svg").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.svg", "mine.txt"]  # no temporary file left


def test_a_dangling_symlink_is_refused_and_creates_nothing(szfacts: Invoke, tmp_path: Path) -> None:
    (tmp_path / "link.svg").symlink_to(tmp_path / "elsewhere" / "target.txt")
    (tmp_path / "elsewhere").mkdir()
    run = szfacts("share", "--export", str(tmp_path / "link.svg"))
    assert (run.code, run.stdout) == (73, "") and "symbolic link" in run.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_the_temporary_file_is_made_beside_the_name_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shenzhen_facts.cli import output

    made: list[str] = []
    real = tempfile.mkstemp

    def spy(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)  # type: ignore[call-overload]
        made.append(name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    monkeypatch.chdir(tmp_path)
    output.write_atomically("picture.svg", b"<svg/>")
    assert (tmp_path / "picture.svg").read_bytes() == b"<svg/>"
    assert [Path(name).parent.resolve() for name in made] == [tmp_path.resolve()]


def test_a_read_only_picture_is_not_replaced() -> None:
    # The rename would replace it regardless of its mode; a plain write would have been refused, and so is this.
    command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    if command and not shutil.which("setpriv"):
        pytest.skip("root writes any file, and setpriv is missing to drop privileges")
    folder = Path(tempfile.mkdtemp(prefix="szfacts-export-"))  # not under pytest's root-only tmp_path
    try:
        folder.chmod(0o777)  # the folder is writable: only the file's own mode refuses
        target = folder / "f.svg"
        target.write_bytes(OLD)
        target.chmod(0o444)
        done = subprocess.run(
            [*command, sys.executable, "-m", "shenzhen_facts", "share", "--export", str(target)],
            capture_output=True,
            # Without COVERAGE_*: user nobody cannot write coverage's data file beside the checkout.
            env={k: v for k, v in os.environ.items() if not k.startswith(("SZFACTS_", "COVERAGE_"))}
            | {"SZFACTS_CACHE_DIR": ""},
            cwd=folder,
            timeout=60,
            check=False,
        )
        if command and b"No module named" in done.stderr:
            pytest.skip("user nobody cannot import szfacts here")
        assert (done.returncode, done.stdout) == (73, b""), done.stderr
        assert done.stderr.decode() == f"szfacts: error: cannot write {target}: Permission denied\n"
        assert target.read_bytes() == OLD
        assert sorted(p.name for p in folder.iterdir()) == ["f.svg"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
