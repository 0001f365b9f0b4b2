"""Hostile dataset files: every one gets exit 65 or 66, promptly, one named problem, nothing on stdout."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from shenzhen_facts.store.dataset import MAX_BYTES


def _write(text: str | bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / "data.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return make


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "fifo.toml")
    return tmp / "fifo.toml"


def _loop(tmp: Path) -> Path:
    (tmp / "a.toml").symlink_to(tmp / "b.toml")
    (tmp / "b.toml").symlink_to(tmp / "a.toml")
    return tmp / "a.toml"


def _dangling(tmp: Path) -> Path:
    (tmp / "link.toml").symlink_to(tmp / "gone.toml")
    return tmp / "link.toml"


def _huge(tmp: Path) -> Path:
    path = tmp / "huge.toml"
    with path.open("wb") as file:  # sparse: costs no disk, but its size is over the limit
        file.truncate(MAX_BYTES + 1)
    return path


# name -> (how to make it, exit code, a phrase the error must contain)
CASES: dict[str, tuple[Callable[[Path], Path], int, str]] = {
    "empty": (_write(""), 65, "must be 1"),
    "whitespace only": (_write("  \n\t\n"), 65, "records"),
    "broken syntax": (_write("format = 1\n[[records]\nid = 'x'\n"), 65, "line 2"),
    "binary": (_write(bytes(range(256)) * 8), 65, "UTF-8"),
    "latin-1": (_write("format = 1\nname = 'caf\xe9'\n".encode("latin-1")), 65, "not UTF-8"),
    # issue 22 #6: a file saved in another encoding is named as such, not as a bad byte at position 0.
    "UTF-16 with a mark": (_write("format = 1\n".encode("utf-16")), 65, "UTF-16 text, not UTF-8"),
    "UTF-16 without one": (_write("format = 1\n".encode("utf-16-le")), 65, "UTF-16 text, not UTF-8"),
    "UTF-16 big-endian": (_write("format = 1\n".encode("utf-16-be")), 65, "UTF-16 text, not UTF-8"),
    "UTF-32": (_write("format = 1\n".encode("utf-32")), 65, "UTF-32 text, not UTF-8"),
    "GBK": (_write('format = 1\nname = "深圳无人机"\n'.encode("gbk")), 65, "GB 18030 (GBK) text, not UTF-8"),
    "NUL byte": (_write("format = 1\x00\n"), 65, "TOML syntax"),
    "deep arrays": (_write("a = " + "[" * 50_000 + "]" * 50_000), 65, "nesting too deep"),
    "deep tables": (_write("a = " + "{b = " * 5_000 + "1" + "}" * 5_000), 65, "nesting too deep"),
    "wrong top-level types": (_write("format = 'one'\nsources = 3\nrecords = 'x'\n"), 65, "records"),
    "records not tables": (_write("format = 1\nrecords = [1, 'two', true]\n"), 65, "records"),
    "infinite value": (_write("format = 1\n[[records]]\nvalue = inf\n"), 65, "finite"),
    "directory": (lambda tmp: tmp, 66, "directory"),
    "missing": (lambda tmp: tmp / "nope.toml", 66, "not found"),
    "fifo": (_fifo, 66, "not a regular file"),
    "device": (lambda tmp: Path("/dev/zero"), 66, "not a regular file"),
    "symlink loop": (_loop, 66, "symbolic links"),
    "dangling symlink": (_dangling, 66, "not found"),
    "too large": (_huge, 65, "the limit is"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", [["share"], ["show", "drones"], ["validate"]])
def test_hostile_dataset(szfacts: Invoke, tmp_path: Path, case: str, command: list[str]) -> None:
    make, code, phrase = CASES[case]
    path = make(tmp_path)
    run = szfacts(*command, "--data", str(path))
    assert run.code == code, run
    assert run.stdout == ""
    assert run.stderr.startswith("szfacts: error: ")
    assert phrase in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file, so an unreadable one cannot be made")
def test_unreadable_file(szfacts: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text("format = 1\n", encoding="utf-8")
    path.chmod(0)
    run = szfacts("share", "--data", str(path))
    assert (run.code, run.stdout) == (66, "")
    assert "Permission denied" in run.stderr


def test_every_problem_of_a_badly_typed_dataset_is_listed(szfacts: Invoke, tmp_path: Path) -> None:
    text = """format = 1
[[sources]]
id = 1
[[records]]
id = "ok"
kind = 7
name = ["x"]
value = "seventy"
extra = true
[[records]]
id = "ok"
kind = "share"
"""
    run = szfacts("validate", str(_write(text)(tmp_path)))
    assert run.code == 65
    problems = run.stderr.splitlines()[1:]
    assert len(problems) >= 6
    assert any("records[0].extra" in p and "unknown field" in p for p in problems)
    assert any("records[0].kind" in p for p in problems)
    assert any("sources[0]" in p for p in problems)
