"""Invisible, zero-width, formatting, private-use and separator characters are shown escaped, in every format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import Invoke
from shenzhen_facts.presentation import writers

# Each of them shows nothing (or reorders, or joins) on a terminal: two names differing only by one look equal.
INVISIBLE = [
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
    "\u115f",  # Hangul choseong filler
    "\u1160",  # Hangul jungseong filler
    "\u3164",  # Hangul filler
    "\uffa0",  # half-width Hangul filler
    "\u180e",  # Mongolian vowel separator
    "\ufe00",  # variation selector 1
    "\ufe0f",  # variation selector 16
    "\u2800",  # braille pattern blank (not default-ignorable, but blank: escaped, see writers.py)
    "\u206a",  # inhibit symmetric swapping
    "\u206f",  # nominal digit shapes
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u0600",  # Arabic number sign
    "\ue000",  # private use
    "\U000f0000",  # supplementary private use
    "\U000e0001",  # language tag
    "\U000e0078",  # tag latin small letter x
    "\U000e0101",  # variation selector 18
    "\U0001d173",  # musical symbol begin beam
]
FORMATS = ["table", "plain", "json", "csv", "markdown"]


def _escape_toml(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        out.append(f"\\U{code:08x}" if code > 0x7E or code < 0x20 else ch)
    return '"' + "".join(out) + '"'


HIDDEN = "".join(INVISIBLE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("invisible") / "data.toml"
    path.write_text(
        f"""format = 1
[[sources]]
id = "s"
publication = {_escape_toml("Daily" + HIDDEN)}
publication_zh = "日报"
published = "2024"
published_zh = "2024年"

[[records]]
id = "widgets"
kind = "share"
name = "Widgets"
name_zh = "小部件"
aliases = [{_escape_toml("widget" + HIDDEN)}, {_escape_toml("gadget" + chr(10) + "evil")}]
stated = "50%"
value = 50
unit = "percent"
qualifier = "exact"
scope = {_escape_toml("global output" + HIDDEN)}
scope_zh = "全球产量"
period = "2023"
period_zh = "2023年"
source = "s"
quote = {_escape_toml("小部件占全球产量50%" + HIDDEN)}

[[records]]
id = "twin"
kind = "share"
name = {_escape_toml("Gizmos" + chr(0xE0078))}
name_zh = {_escape_toml("小部件" + HIDDEN)}
stated = "25%"
value = 25
unit = "percent"
qualifier = "exact"
scope = "global output"
scope_zh = "全球产量"
period = "2023"
period_zh = "2023年"
source = "s"
quote = "占全球产量25%"
""",
        encoding="utf-8",
    )
    return str(path)


def _raw(text: str) -> list[str]:
    return [f"U+{ord(ch):04X}" for ch in INVISIBLE if ch in text]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", [["list"], ["share"], ["show", "widgets"], ["show", "twin"], ["overview"]])
def test_invisible_characters_are_shown_escaped(
    szfacts: Invoke, hostile: str, command: list[str], fmt: str, lang: str
) -> None:
    run = szfacts(*command, "--format", fmt, "--lang", lang, "--data", hostile)
    assert run.code == 0, run
    assert not _raw(run.stdout), _raw(run.stdout)
    assert not _raw(run.stderr), _raw(run.stderr)


def test_invisible_characters_in_names_are_shown(szfacts: Invoke, hostile: str) -> None:
    rows = szfacts("list", "--format", "plain", "--data", hostile).stdout.splitlines()
    names = [row.split("\t")[-1] for row in rows]
    assert names == ["Widgets", "Gizmos\\U000e0078"]


def test_look_alike_names_are_refused_as_ambiguous(szfacts: Invoke, hostile: str, tmp_path: Path) -> None:
    # Names that differ only by an invisible character cannot be told apart by a person or a query.
    twin = (
        Path(hostile)
        .read_text(encoding="utf-8")
        .replace(_escape_toml("Gizmos" + chr(0xE0078)), _escape_toml("Widgets" + chr(0xE0078)))
    )
    path = tmp_path / "twins.toml"
    path.write_text(twin, encoding="utf-8")
    run = szfacts("list", "--data", str(path))
    assert (run.code, run.stdout) == (65, "")
    assert "also names record 'widgets'" in run.stderr and not _raw(run.stderr)


def test_json_keeps_the_data_exact(szfacts: Invoke, hostile: str) -> None:
    run = szfacts("show", "widgets", "--json", "--data", hostile)
    assert not _raw(run.stdout)
    record = json.loads(run.stdout)
    assert record["scope"] == "global output" + HIDDEN
    assert record["aliases"] == ["widget" + HIDDEN, "gadget\nevil"]


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_exports_escape_them(szfacts: Invoke, hostile: str, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"picture{suffix}"
    assert szfacts("show", "twin", "--export", str(target), "--data", hostile).code == 0
    assert not _raw(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("style", ["text", "markdown", "bibtex"])
def test_citations_escape_them(szfacts: Invoke, hostile: str, style: str) -> None:
    run = szfacts("cite", "widgets", "--style", style, "--data", hostile)
    assert run.code == 0 and not _raw(run.stdout)


def test_a_lone_surrogate_in_a_query_is_echoed_escaped(szfacts: Invoke) -> None:
    run = szfacts("show", "drones\udcff")  # what an undecodable byte in argv becomes
    assert run.code == 1 and "drones\\udcff" in run.stderr


def test_every_control_format_private_and_separator_character_is_escaped() -> None:
    # Against the running Python's Unicode tables, so a newer Unicode version's additions are caught.
    wanted = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")]
    shown = writers.safe("".join(wanted))
    assert shown.isascii() and shown.isprintable()
    for ch in wanted[:: max(1, len(wanted) // 500)]:
        assert writers.safe(ch) in (f"\\x{ord(ch):02x}", f"\\u{ord(ch):04x}", f"\\U{ord(ch):08x}")


def test_ordinary_text_is_left_alone() -> None:
    for text in ["drones", "消费级无人机", "Ｄｒｏｎｅｓ", "café", "e\u0301", "a\u3000b", "😀", "한국어"]:
        assert writers.safe(text) == text


SCRIPT = Path(sys.executable).with_name("szfacts")


@pytest.mark.skipif(not SCRIPT.exists(), reason="szfacts is not installed: pip install -e '.[test]'")
def test_completion_escapes_candidates_and_never_splits_one(hostile: str) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SZFACTS_")},
        "SZFACTS_DATA": hostile,
        "_SZFACTS_COMPLETE": "complete_bash",
        "COMP_WORDS": "szfacts show ",
        "COMP_CWORD": "2",
    }
    done = subprocess.run([str(SCRIPT)], capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    candidates = done.stdout.decode().splitlines()
    # The alias with a newline is not offered at all (escaped it would not resolve, raw it would split in two).
    assert candidates and not any("evil" in c for c in candidates)
    assert not _raw(done.stdout.decode())
    assert all(c.isprintable() for c in candidates)


@pytest.mark.parametrize(
    "value, shown",
    [
        ("a\tb", "a\\x09b"),  # a TAB in a field would shift every later column
        ("a\nb", "a\\x0ab"),  # a line break would make two records of one
        ("a\u202eb", "a\\u202eb"),  # anything else invisible, as everywhere
        ("a\u2800b", "a\\u2800b"),
    ],
)
def test_plain_lines_escape_what_would_break_the_layout(value: str, shown: str) -> None:
    from shenzhen_facts.presentation.views import Column, View

    columns = [Column("id", "id"), Column("name", "name"), Column("value", "value")]
    rows: list[dict[str, object]] = [
        {"id": "one", "name": "plain", "value": 1.5},
        {"id": "two", "name": value, "value": None},
        {"id": "three", "name": "消费级无人机", "value": 7},
    ]
    text = writers.plain(View("list", "t", columns, rows, lambda: None))
    assert text == f"one\tplain\t1.5\ntwo\t{shown}\t\nthree\t消费级无人机\t7\n"
    # One field, one line, one record: the layout a script splits on.
    assert [len(line.split("\t")) for line in text.splitlines()] == [3, 3, 3]


def test_plain_text_of_no_rows_is_empty() -> None:
    from shenzhen_facts.presentation.views import Column, View

    assert writers.plain(View("list", "t", [Column("id", "id")], [], lambda: None)) == ""
