"""The JSON contract: real output validates against docs/schema.json, and its keys match the typed definitions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, Invoke
from shenzhen_facts.presentation import contract

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
        (["search", "byd"], "search_hits"),
        (["compare", "drones", "smartphones", "womenswear", "5g base stations"], "comparisons"),
        (["timeline", "--as-of", "2026-01-01"], "timeline"),
        (["validate"], "validation"),
        (["overview", "--as-of", "2026-01-01"], "overview"),
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


def _schema_keys(definition: str, part: str) -> set[str]:
    """A definition's own keys, with those of the definition it extends (`$ref`) where it extends one."""
    spec = SCHEMA["$defs"][definition]
    keys = set(spec.get(part, ()))
    if "$ref" in spec:
        keys |= _schema_keys(spec["$ref"].rsplit("/", 1)[1], part)
    return keys


@pytest.mark.parametrize(
    ("typed", "definition"),
    [
        (contract.RecordJSON, "record"),
        (contract.SourceJSON, "source"),
        (contract.ComparisonJSON, "comparison"),
        (contract.SearchHitJSON, "search_hit"),
        (contract.TimelineJSON, "timeline_entry"),
        (contract.OutcomeJSON, "outcome"),
        (contract.DatasetSourceJSON, "dataset_source"),
        (contract.OverviewJSON, "overview"),
        (contract.AnswerJSON, "answer"),
        (contract.MissJSON, "miss"),
        (contract.CandidateJSON, "candidate"),
    ],
)
def test_schema_and_typed_definition_agree(typed: Any, definition: str) -> None:
    assert _keys(typed) == _schema_keys(definition, "properties")
    assert _keys(typed) == _schema_keys(definition, "required")


def test_candidates_are_the_errors_candidates() -> None:
    from shenzhen_facts.core.errors import Candidate

    assert tuple(contract.CandidateJSON.__annotations__) == Candidate._fields


ARRAY_COMMANDS = [
    ["share"],
    ["list"],
    ["search", "5G"],
    ["compare", "drones", "smartphones", "womenswear", "5g base stations"],
    ["timeline", "--as-of", "2026-01-01"],
]


@pytest.mark.parametrize("args", ARRAY_COMMANDS, ids=lambda args: args[0])
def test_every_array_element_is_the_record_object_of_show(szfacts: Invoke, args: list[str]) -> None:
    document = json.loads(szfacts(*args, "--json").stdout)
    assert document
    for element in document:
        shown = json.loads(szfacts("show", element["id"], "--json").stdout)
        assert {key: element[key] for key in shown} == shown  # the same keys and values, nothing nested
        assert isinstance(element["value"], (int, float, type(None)))  # `jq '.[] | .value'` works


def test_overview_reuses_the_record_objects(szfacts: Invoke) -> None:
    document = json.loads(szfacts("overview", "--json", "--as-of", "2026-01-01").stdout)
    drones = json.loads(szfacts("show", "drones", "--json").stdout)
    assert document["shares"][0] == drones
    timeline = json.loads(szfacts("timeline", "--json", "--as-of", "2026-01-01").stdout)
    assert document["timeline"] == timeline
    assert document["source"]["publication_zh"] == "深圳特区报"


def test_compare_keys_sit_beside_the_record(szfacts: Invoke) -> None:
    first, second, odd = json.loads(szfacts("compare", "drones", "smartphones", "womenswear", "--json").stdout)
    assert (first["ratio_to_first"], first["comparable"]) == (None, True)
    assert second["comparable"] is True and second["ratio_to_first"] == pytest.approx(1 / 7 * 100 / 70)
    assert (odd["comparable"], odd["ratio_to_first"]) == (False, None) and "China" in odd["reason"]
    assert "record" not in first


def test_schema_rejects_a_wrong_document() -> None:
    bad = {"id": "drones", "value": "seventy"}
    assert list(validator("record").iter_errors(bad))


def test_schema_file_is_in_docs() -> None:
    assert Path(ROOT / "docs" / "schema.json").is_file()


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed here; the same is checked in Python above")
@pytest.mark.parametrize("args", ARRAY_COMMANDS, ids=lambda args: args[0])
def test_the_jq_one_liner_works_on_every_array_command(szfacts: Invoke, args: list[str]) -> None:
    document = szfacts(*args, "--json").stdout
    done = subprocess.run(["jq", "-r", ".[] | .value"], input=document.encode(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    values = done.stdout.decode().splitlines()
    items = json.loads(document)
    assert len(values) == len(items) > 0
    for shown, item in zip(values, items, strict=True):
        assert shown == "null" if item["value"] is None else float(shown) == item["value"]
