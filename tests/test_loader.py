"""The loader: every validation rule has its own fixture dataset, and all problems are reported at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURES
from shenzhen_facts.core.errors import DatasetInvalid, DatasetMissing, ExitCode
from shenzhen_facts.store.dataset import load, parse

INVALID = FIXTURES / "invalid"

# Each fixture breaks one rule; the expected key path and a phrase of the message say which rule fired.
RULES = {
    "toml_syntax": ("", "TOML syntax"),
    "missing_field": ("records[0].name_zh", "missing required field"),
    "unknown_field": ("records[0].colour", "unknown field"),
    "wrong_type": ("records[1].deadline", "must be an integer, not a string"),
    "duplicate_id": ("records[1].id", "duplicate id 'widgets'"),
    "shared_alias": ("records[1].aliases", "also names record 'widgets'"),
    "shared_wording": ("records[1].aliases", "'the widgets of' also names record 'widgets' (both read 'widget'"),
    "broader_names_record": ("records[0].broader[0]", "'Widget' names record 'widgets'; a broader term must not"),
    "share_out_of_range": ("records[0].value", "between 0 and 100"),
    "qualifier_outside_set": ("records[0].qualifier", "must be one of exact, approx, over"),
    "stated_not_in_quote": ("records[0].stated", "does not appear in its quote"),
    "value_mismatch": ("records[1].value", "does not match the stated '3'"),
    "impossible_date": ("records[2].date", "not a real date"),
    "qualifier_contradicts_stated": ("records[0].qualifier", "contradicts the stated '约1/4'"),
    "fraction_typed_by_hand": ("records[0].value", "stays a fraction"),
    "unknown_kind": ("records[0].kind", "must be one of share"),
    "bad_id": ("records[0].id", "lowercase ASCII"),
    "unknown_source": ("records[0].source", "unknown source 'tabloid'"),
    "unknown_related": ("records[2].related", "unknown record id 'nothing_here'"),
    "wrong_format_version": ("format", "must be 1"),
    "field_not_allowed_for_kind": ("records[1].date", "not allowed on a record of kind 'target'"),
    "empty_string": ("records[2].name", "must not be empty"),
    "date_contradicts_stated": ("records[2].date", "does not match the stated '2023年5月1日'"),
    "outcome_outside_set": ("records[1].outcome.status", "must be one of met, missed"),
    "short_name_too_long": ("records[0].short_name_zh", "must fit 36 terminal cells"),
    "short_name_not_shorter": ("records[0].short_name", "must be shorter than name"),
}


def test_these_fixtures_exist() -> None:
    # Every fixture in INVALID, with its exact problem lines, is pinned in test_rules.py.
    on_disk = {path.stem for path in INVALID.glob("*.toml")}
    assert set(RULES) <= on_disk


def test_minimal_valid_dataset_loads() -> None:
    dataset = load(FIXTURES / "valid" / "minimal.toml")
    assert dataset.kinds() == {"share": 1, "target": 1, "event": 1}
    widgets = dataset.by_id["widgets"]
    assert (widgets.quantity, widgets.qualifier, widgets.stated) == ((25, 1), "approx", "约1/4")
    assert dataset.by_id["launch_2023_05_01"].date is not None


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_is_reported_with_its_key_path(rule: str) -> None:
    path, phrase = RULES[rule]
    with pytest.raises(DatasetInvalid) as caught:
        load(INVALID / f"{rule}.toml")
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].path == path
    assert phrase in problems[0].message
    assert caught.value.exit_code == ExitCode.DATA_INVALID


def test_syntax_errors_carry_line_and_column() -> None:
    with pytest.raises(DatasetInvalid) as caught:
        load(INVALID / "toml_syntax.toml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (15, 16)  # the unterminated string on line 15 ends at column 16


def test_record_problems_point_at_the_record_header() -> None:
    with pytest.raises(DatasetInvalid) as caught:
        load(INVALID / "unknown_kind.toml")
    text = (INVALID / "unknown_kind.toml").read_text(encoding="utf-8").splitlines()
    line = caught.value.problems[0].line
    assert line is not None and text[line - 1] == "[[records]]"


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(DatasetInvalid) as caught:
        load(INVALID / "many_problems.toml")
    assert [p.path for p in caught.value.problems] == ["records[0].qualifier", "records[1].deadline", "records[2].date"]


def test_alias_collisions_are_found_after_normalising_width_and_case() -> None:
    with pytest.raises(DatasetInvalid) as caught:
        load(INVALID / "shared_alias.toml")  # "Ｗｉｄｇｅｔ" (full width) against "widget"
    assert "'widget'" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "format"),
        ("format = 1", "records"),
        ("format = 1\nrecords = 5\n[[sources]]\nid='a'", "records"),
        ("format = 1\nstray = true", "unknown top-level key"),
    ],
)
def test_document_shape(text: str, phrase: str) -> None:
    with pytest.raises(DatasetInvalid) as caught:
        parse(text, "inline")
    assert any(phrase in str(p) for p in caught.value.problems)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetMissing) as caught:
        load(tmp_path / "nope.toml")
    assert caught.value.exit_code == ExitCode.DATA_MISSING
    assert "not found" in str(caught.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DatasetMissing, match="directory"):
        load(tmp_path)


def test_fifo_is_refused_without_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(DatasetMissing, match="not a regular file"):
        load(fifo)  # opening it would block forever with no writer


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("format = 1\nname = 'Caf\xe9'\n".encode("latin-1"))
    with pytest.raises(DatasetInvalid) as caught:
        load(path)
    assert caught.value.problems[0].line == 2
    assert "UTF-8" in caught.value.problems[0].message
