"""`cite --style bibtex` with hostile ids and text: one entry, the fields szfacts writes, nothing injected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Invoke

FIELDS = ["author", "title", "howpublished", "year", "note"]


def parse_entry(text: str) -> tuple[str, dict[str, str], str]:
    """Read one entry the way BibTeX does: braces nest, and a backslash does not escape one."""
    head = re.match(r"@misc\{([^,\s{}]*),", text)
    assert head, text[:200]
    key, at, fields = head.group(1), head.end(), {}
    while True:
        field = re.compile(r"\s*(\w+)\s*=\s*\{").match(text, at)
        if not field:
            break
        depth, at = 1, field.end()
        start = at
        while depth:
            depth += {"{": 1, "}": -1}.get(text[at], 0)
            at += 1
        assert field.group(1) not in fields, f"field {field.group(1)} twice"
        fields[field.group(1)] = text[start : at - 1]
        comma = re.compile(r"\s*,").match(text, at)
        at = comma.end() if comma else at
    rest = text[at:]
    return key, fields, rest


def write(tmp_path: Path, source_id: str, quote: str) -> str:
    path = tmp_path / "data.toml"
    path.write_text(
        f"""format = 1
[[sources]]
id = {source_id}
publication = "Daily }}, title = {{x"
publication_zh = "日报"
published = "2024"
published_zh = "2024年"

[[records]]
id = "widgets"
kind = "share"
name = "Widgets"
name_zh = "小部件"
stated = "50%"
value = 50
unit = "percent"
qualifier = "exact"
scope = "global output"
scope_zh = "全球产量"
period = "2023"
period_zh = "2023年"
source = {source_id}
quote = {quote}
""",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize(
    ("source_id", "quote"),
    [
        ('"evil},\\n  note = {pwned"', '"小部件占全球产量50%"'),
        ('"evil"', '"50%}, title = {injected"'),
        ('"evil"', '"50%\\\\}, title = \\\\{injected"'),
        ('"a b,c\\"d"', '"50%\\n@misc{second, title = {x}}"'),
    ],
)
def test_nothing_injects_a_field_or_an_entry(szfacts: Invoke, tmp_path: Path, source_id: str, quote: str) -> None:
    run = szfacts("cite", "widgets", "--style", "bibtex", "--data", write(tmp_path, source_id, quote))
    assert run.code == 0, run
    key, fields, rest = parse_entry(run.stdout)
    assert list(fields) == FIELDS
    assert rest == "\n}\n"
    assert re.fullmatch(r"[A-Za-z0-9_.:-]+", key)
    assert "injected" not in fields["title"] and "Widgets" in fields["title"]


def test_the_bundled_entry_reads_back(szfacts: Invoke) -> None:
    key, fields, rest = parse_entry(szfacts("cite", "drones", "--style", "bibtex").stdout)
    assert (key, list(fields), rest) == ("sztqb2024_drones", FIELDS, "\n}\n")
    assert fields["note"] == "Quoted clause: 消费级无人机占全球产量70\\%"
