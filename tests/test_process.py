"""The installed console script as a real process: pipes, encodings, exit codes only a process shows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("szfacts")
if not SCRIPT.exists():  # installed somewhere else on PATH (e.g. a user install)
    SCRIPT = Path(shutil.which("szfacts") or SCRIPT)

pytestmark = pytest.mark.skipif(
    not SCRIPT.exists(), reason="szfacts is not installed in this environment: run `pip install -e '.[test]'`"
)


def run(*args: str, env: dict[str, str] | None = None, cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "SZFACTS_DATA", "SZFACTS_LANG")}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, env={**base, **(env or {})}, cwd=cwd, timeout=60, check=False
    )


def test_piped_lookup_is_plain(tmp_path: Path) -> None:
    done = run("share", "drones", cwd=str(tmp_path))  # from outside the checkout
    assert done.returncode == 0
    assert done.stdout == b"drones\t70\tpercent\texact\t70%\tglobal output\t2023\tConsumer drones\n"
    assert done.stderr == b""


def test_value_for_command_substitution() -> None:
    assert run("share", "drones", "--value").stdout == b"70\n"


def test_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shenzhen_facts", "show", "消费级无人机", "--json"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["id"] == "drones"


def test_ascii_terminal_does_not_crash() -> None:
    done = run("share", "--format", "table", env={"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    done = run("show", "drones", "--lang", "zh", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and b"\\u" in done.stdout  # Chinese escaped, not a crash


def test_errors_are_one_line_on_stderr() -> None:
    done = run("show", "no-such-thing")
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode().count("\n") == 1


def complete(words: str, cword: int) -> list[str]:
    done = run(env={"_SZFACTS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().split()


def test_tab_completion_of_queries_uses_ids_and_aliases() -> None:
    assert complete("szfacts show dro", 2) == ["drones"]
    assert complete("szfacts compare drones 电化", 3) == ["电化学储能", "电化学储能产品"]
    assert "womenswear" in complete("szfacts cite women", 2)
    assert complete("szfacts share zzz", 2) == []


def test_tab_completion_of_command_names() -> None:
    assert complete("szfacts sh", 1) == ["share", "show"]
