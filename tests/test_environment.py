"""The same answers whatever the interpreter's environment: this machine sets PYTHONUNBUFFERED and
PYTHONDONTWRITEBYTECODE, a user's usually does not, so the console script is run both ways, explicitly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("szfacts")
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="szfacts is not installed: pip install -e '.[test]'")

INTERPRETER = ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")
CASES = {
    "lookup": (["share", "drones"], 0),
    "json": (["show", "5G base stations", "--json"], 0),
    "table": (["timeline", "--format", "table", "--as-of", "2026-11-26"], 0),
    "no match": (["show", "dornes"], 1),
    "usage": (["share", "--format", "xml"], 2),
}


def run(args: list[str], cache: Path, settings: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if k not in INTERPRETER and not k.startswith(("SZFACTS_", "FORCE_"))}
    env = {**base, **settings, "SZFACTS_CACHE_DIR": str(cache), "COLUMNS": "100"}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, env=env, timeout=60, check=False)


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_does_not_depend_on_buffering_or_bytecode(case: str, tmp_path: Path) -> None:
    args, code = CASES[case]
    bare = run(args, tmp_path / "bare", {})
    this_machine = run(args, tmp_path / "set", dict.fromkeys(INTERPRETER, "1"))
    assert bare.returncode == this_machine.returncode == code, (bare.stderr, this_machine.stderr)
    assert (bare.stdout, bare.stderr) == (this_machine.stdout, this_machine.stderr)
    assert bare.stdout if code == 0 else not bare.stdout
