"""What a run imports: the deterministic guard behind the start-up budget (timings live in benchmarks/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

DRIVER = """
import sys
from shenzhen_facts.cli.commands import main
sys.argv = ["szfacts", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(sys.modules)
import json
sys.stderr.write("\\nMODULES " + json.dumps(loaded) + "\\n")
"""


def modules_loaded(*args: str) -> set[str]:
    # Without COVERAGE_*: coverage measuring the child would load json, hashlib and tomllib itself.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SZFACTS_DATA", "FORCE_COLOR", "COVERAGE_"))}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    marker = done.stderr.rindex("MODULES ")
    return set(json.loads(done.stderr[marker + len("MODULES ") :]))


def heavy(loaded: set[str]) -> set[str]:
    return {m for m in loaded if m.split(".")[0] in ("pydantic", "pygments", "markdown_it", "annotated_types")}


@pytest.mark.parametrize("fmt", ["plain", "json", "csv", "markdown"])
def test_text_formats_never_import_rich(fmt: str) -> None:
    loaded = modules_loaded("share", "drones", "--format", fmt)
    assert not {m for m in loaded if m.split(".")[0] == "rich"}
    assert not heavy(loaded)


def test_a_piped_lookup_imports_only_what_it_needs() -> None:
    loaded = modules_loaded("share", "drones")
    assert "shenzhen_facts.presentation.writers" in loaded
    unneeded = {
        "rich",
        "shenzhen_facts.presentation.render",
        "shenzhen_facts.presentation.contract",
        "shenzhen_facts.core.timeline",
        "shenzhen_facts.store.validate",
        "tomllib",
        "fractions",
        "json",
        "csv",
        "hashlib",
    }  # (typer itself loads difflib)
    assert not loaded & unneeded, loaded & unneeded


def test_a_table_imports_rich_and_nothing_heavier() -> None:
    loaded = modules_loaded("share", "--format", "table")
    assert {"rich.console", "rich.table", "shenzhen_facts.presentation.render"} <= loaded
    assert not heavy(loaded)
    assert "rich.syntax" not in loaded and "rich.markdown" not in loaded


def test_nothing_imports_pydantic_even_for_help() -> None:
    assert not heavy(modules_loaded("--help"))


@pytest.mark.parametrize("query", ["drones", "消费级无人机", "Consumer drones"])
def test_a_lookup_by_name_loads_neither_the_converter_nor_the_vocabulary(query: str) -> None:
    # A name answers by its spelling: reading a question word by word (the vocabulary) and converting traditional
    # characters (OpenCC) are for questions that name nothing as typed.
    loaded = modules_loaded("show", query, "--value")
    assert "opencc" not in loaded and "tomllib" not in loaded and "tomli" not in loaded


def test_a_question_in_traditional_characters_loads_the_converter() -> None:
    # The guard above could pass by never converting at all: this one proves the converter is really used.
    loaded = modules_loaded("show", "消費級無人機", "--value")
    assert "opencc" in loaded
