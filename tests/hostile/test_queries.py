"""Odd queries: a clear answer or a clear "no match", and a huge query is never echoed back whole."""

from __future__ import annotations

import pytest

from conftest import Invoke


@pytest.mark.parametrize(
    ("query", "record_id"),
    [
        ("ＤＲＯＮＥＳ", "drones"),
        ("dRoNeS", "drones"),
        ("  drones  ", "drones"),
        ("Consumer-Drones", "drones"),
        ("ｗｏｍｅｎ’ｓ ｗｅａｒ", "womenswear"),
        ("５Ｇ基站", "base_stations_5g"),
        ("消费级 无人机", "drones"),
    ],
)
def test_spellings_that_name_a_record(szfacts: Invoke, query: str, record_id: str) -> None:
    run = szfacts("show", query, "--value")
    assert run.code == 0, run
    assert run.stdout.strip() == szfacts("show", record_id, "--value").stdout.strip()


# ("-" is not among them: it reads the queries from stdin, tests/test_queries.py.)
@pytest.mark.parametrize("query", ["", " ", "\t", "🚁", "🚁🚁🚁", "_", "'", "drones!", "无人", "x" * 100_000])
@pytest.mark.parametrize("command", ["show", "share"])
def test_no_match_is_clear_and_short(szfacts: Invoke, command: str, query: str) -> None:
    run = szfacts(command, query)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.startswith("szfacts: error: no record matches ")
    assert run.stderr.count("\n") == 1
    assert len(run.stderr) < 300


def test_huge_search_and_compare(szfacts: Invoke) -> None:
    huge = "無" * 200_000
    run = szfacts("search", huge)
    assert (run.code, run.stdout) == (1, "") and len(run.stderr) < 300
    run = szfacts("compare", "drones", huge)
    assert (run.code, run.stdout) == (1, "") and len(run.stderr) < 300


def test_search_with_emoji_and_markup(szfacts: Invoke) -> None:
    assert szfacts("search", "🚁").code == 1
    assert szfacts("search", "[bold]").code == 1
