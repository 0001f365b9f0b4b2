"""Text that is data (names, notes, quotes; queries) is shown, never interpreted, in every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Invoke

ESCAPES = str(Path(__file__).with_name("datasets") / "escapes.toml")
FORMATS = ["table", "plain", "json", "csv", "markdown"]
COMMANDS = [
    ["share"],
    ["share", "markup"],
    ["show", "markup"],
    ["show", "[blink]w[/blink]"],
    ["list"],
    ["compare", "markup", "plain_one"],
    ["search", "widgets"],
    ["validate"],
    ["overview"],
    ["timeline"],
    ["cite", "markup"],
]
# Characters that a terminal would act on: ESC, BEL, CR, BS, DEL, CSI, bidi and invisible formatting.
RAW = ["\x1b", "\x07", "\r", "\x08", "\x7f", "\x9b", "\u202e", "\u2066", "\u2069", "\u200b", "\ufeff"]


def _raw(text: str) -> list[str]:
    return [repr(ch) for ch in RAW if ch in text]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_escapes_are_shown_not_obeyed(szfacts: Invoke, command: list[str], fmt: str) -> None:
    options = ["--style", "markdown"] if command[0] == "cite" else ["--format", fmt]  # cite has styles, not formats
    run = szfacts(*command, *options, "--data", ESCAPES)
    assert run.code == 0, run
    assert not _raw(run.stdout), _raw(run.stdout)
    assert not _raw(run.stderr), _raw(run.stderr)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markup_is_printed_literally_in_tables(szfacts: Invoke, lang: str) -> None:
    table = szfacts("show", "markup", "--format", "table", "--data", ESCAPES, "--lang", lang).stdout
    assert "\\x1b" in table  # the escape is visible as text
    if lang == "en":
        assert "[bold red]Widgets[/bold red]" in table


def test_json_keeps_the_data_exact_while_escaping_it(szfacts: Invoke) -> None:
    run = szfacts("show", "markup", "--json", "--data", ESCAPES)
    record = json.loads(run.stdout)
    assert record["name_zh"] == "小部件\x1b[31m红\x1b[0m"
    assert record["scope_zh"] == "全球产量\u202egnp"
    assert record["source"]["quote"].startswith("\x1b]8;;https://example.invalid\x07")


@pytest.mark.parametrize("query", ["\x1b]0;pwned\x07", "[bold red]x[/]", "a\rb", "\u202eevil", "x\x00y"])
def test_queries_are_echoed_escaped(szfacts: Invoke, query: str) -> None:
    run = szfacts("show", query)
    assert (run.code, run.stdout) == (1, "")
    assert not _raw(run.stderr) and "\x00" not in run.stderr
    assert run.stderr.count("\n") == 1
