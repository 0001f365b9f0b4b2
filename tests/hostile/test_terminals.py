"""Hostile terminals and environments, in a real process: output degrades, it never crashes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("szfacts")
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="szfacts is not installed: pip install -e '.[test]'")
CLEAN = {k: v for k, v in os.environ.items() if not k.startswith(("SZFACTS_", "FORCE_COLOR", "NO_COLOR", "COLUMNS"))}


def run(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, env={**CLEAN, **env}, timeout=60, check=False)


def test_no_color_wins_over_force_color() -> None:
    done = run("share", "--format", "table", NO_COLOR="1", FORCE_COLOR="1")
    assert done.returncode == 0 and b"\x1b[" not in done.stdout


def test_force_color_alone_colours_a_table() -> None:
    # The control for the test above: forced colour really does produce escape codes.
    done = run("share", "--format", "table", FORCE_COLOR="1")
    assert done.returncode == 0 and b"\x1b[" in done.stdout


def test_dumb_terminal_gets_no_escape_codes() -> None:
    done = run("timeline", "--format", "table", TERM="dumb", FORCE_COLOR="1")
    assert done.returncode == 0 and b"\x1b[" not in done.stdout


def test_plain_output_never_has_colour_even_when_forced() -> None:
    done = run("share", FORCE_COLOR="1", TTY_COMPATIBLE="1")
    assert done.returncode == 0 and b"\x1b" not in done.stdout


@pytest.mark.parametrize("columns", ["0", "1", "5", "20", "37", "1000", "abc", "-3", ""])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_any_width_still_shows_everything(columns: str, lang: str) -> None:
    done = run("share", "--format", "table", "--lang", lang, COLUMNS=columns)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and done.stderr == b""
    flat = b"".join(done.stdout.split())  # words may wrap, but none may be lost
    assert ("消费级无人机" if lang == "zh" else "Womenswear").encode() in flat


WIDTH_COMMANDS = [
    ["share"],
    ["show", "2023-11-27"],
    ["list"],
    ["compare", "drones", "smartphones", "womenswear", "5g base stations"],
    ["timeline"],
    ["search", "byd"],
    ["validate"],
]


@pytest.mark.parametrize("width", [20, 40, 59, 60, 80, 100])
@pytest.mark.parametrize("command", WIDTH_COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal(command: list[str], width: int) -> None:
    from rich.cells import cell_len

    for lang in ("en", "zh"):
        done = run(*command, "--format", "table", "--lang", lang, COLUMNS=str(width))
        assert done.returncode == 0
        lines = done.stdout.decode().splitlines()
        assert max(cell_len(line) for line in lines) <= max(width, 20), (lang, width)


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv", "markdown"])
@pytest.mark.parametrize("command", [["share"], ["show", "消费级无人机"], ["timeline"], ["compare", "drones", "女装"]])
def test_ascii_only_output_encoding(fmt: str, command: list[str]) -> None:
    done = run(*command, "--format", fmt, "--lang", "zh", PYTHONIOENCODING="ascii", LANG="C", LC_ALL="C")
    assert done.returncode == 0, done.stderr
    done.stdout.decode("ascii")  # every byte is ASCII: Chinese arrives escaped, not as a crash
    assert b"Traceback" not in done.stderr


def test_ascii_terminal_gets_ascii_boxes() -> None:
    # 100 columns: at 80 the English names take the room the bars would have (names before decoration)
    done = run("share", "--format", "table", PYTHONIOENCODING="ascii", COLUMNS="100")
    assert done.returncode == 0 and b"+--" in done.stdout and b"#" in done.stdout


@pytest.mark.parametrize("command", [["overview"], ["share"], ["show", "drones"]], ids=" ".join)
def test_an_absurd_columns_value_is_clamped_not_a_hang(command: list[str]) -> None:
    # COLUMNS=1000000000 made rich lay out lines a billion cells wide: it hung (the timeout would fail this).
    done = subprocess.run(
        [str(SCRIPT), *command, "--format", "table"],
        capture_output=True,
        env={**CLEAN, "COLUMNS": "1000000000"},
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.decode().splitlines()) <= 1000


def test_a_long_name_is_cut_in_a_table_and_kept_whole_in_plain(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "data.toml").read_text(encoding="utf-8")
    long_name = "W" * 9_999  # the longest a dataset may hold (validate.MAX_STRING is 10,000)
    path = tmp_path / "long.toml"
    path.write_text(text.replace('name = "Consumer drones"', f'name = "{long_name}"', 1), encoding="utf-8")
    table = run("show", "drones", "--format", "table", "--data", str(path), COLUMNS="100")
    assert table.returncode == 0, table.stderr
    shown = table.stdout.decode().count("W")  # in the title and in the name's cell, each cut to 2,000
    assert shown == 2 * 1_999 and "…" in table.stdout.decode()
    plain = run("show", "drones", "--format", "plain", "--data", str(path))
    assert long_name in plain.stdout.decode()
