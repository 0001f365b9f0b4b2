"""The JSON contract: real output validates against docs/schema.json, and its keys match the typed definitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, Invoke
from shenzhen_facts import contract

SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))


def validator(definition: str) -> Draft202012Validator:
    return Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"})


def test_schema_is_valid() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    ("args", "definition"),
    [
        (["show", "drones"], "record"),
        (["show", "clusters_100bn_2025"], "record"),
        (["show", "2023-11-27"], "record"),
        (["share", "drones"], "record"),
        (["share"], "records"),
        (["list"], "records"),
        (["search", "byd"], "records"),
        (["compare", "drones", "smartphones", "womenswear", "5g base stations"], "comparisons"),
        (["timeline", "--as-of", "2026-01-01"], "timeline"),
        (["validate"], "validation"),
    ],
)
def test_output_matches_schema(szfacts: Invoke, args: list[str], definition: str) -> None:
    run = szfacts(*args, "--json")
    assert run.code == 0
    document = json.loads(run.stdout)
    validator(definition).validate(document)
    Draft202012Validator(SCHEMA).validate(document)


def _keys(typed: Any) -> set[str]:
    return set(typed.__annotations__)


@pytest.mark.parametrize(
    ("typed", "definition"),
    [
        (contract.RecordJSON, "record"),
        (contract.SourceJSON, "source"),
        (contract.ComparisonJSON, "comparison"),
        (contract.TimelineJSON, "timeline_entry"),
        (contract.FigureJSON, "figure"),
        (contract.OutcomeJSON, "outcome"),
    ],
)
def test_schema_and_typed_definition_agree(typed: Any, definition: str) -> None:
    assert _keys(typed) == set(SCHEMA["$defs"][definition]["properties"])
    assert _keys(typed) == set(SCHEMA["$defs"][definition]["required"])


def test_schema_rejects_a_wrong_document() -> None:
    bad = {"id": "drones", "value": "seventy"}
    assert list(validator("record").iter_errors(bad))


def test_schema_file_is_in_docs() -> None:
    assert Path(ROOT / "docs" / "schema.json").is_file()
