"""Property-based: no argument list from the command grammar and no mutation of data.toml ever escapes as
anything but a documented exit code (CLI) or the loader's typed error (dataset)."""

from __future__ import annotations

import copy
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import FIXTURES
from shenzhen_facts.cli import app
from shenzhen_facts.dataset import bundled_path, parse
from shenzhen_facts.errors import DatasetInvalid
from shenzhen_facts.model import Dataset
from shenzhen_facts.validate import validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DOCUMENTED = {0, 1, 2, 65, 66, 73}
BUNDLED_TEXT = bundled_path().read_text(encoding="utf-8")
BUNDLED_RAW = tomllib.loads(BUNDLED_TEXT)

# The grammar: commands, their options, and values both sensible and not.
COMMANDS = ["share", "show", "list", "compare", "timeline", "search", "validate", "overview", "cite", "bogus", ""]
words = st.one_of(
    st.sampled_from(["drones", "无人机", "5g", "ＤＲＯＮＥＳ", "2023-11-28", "womenswear", "nev", "x"]),
    st.text(max_size=30),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
)
options = st.one_of(
    st.tuples(
        st.sampled_from(["--format", "-f"]),
        st.sampled_from(["auto", "table", "plain", "json", "csv", "markdown", "xml", ""]),
    ),
    st.tuples(st.sampled_from(["--lang"]), st.sampled_from(["en", "zh", "fr", "ZH", ""])),
    st.tuples(st.sampled_from(["--year", "-y"]), st.one_of(st.integers(-10, 3000).map(str), words)),
    st.tuples(st.just("--as-of"), st.one_of(st.dates().map(str), words)),
    st.tuples(st.just("--kind"), st.sampled_from(["share", "target", "event", "SHARE", "nope"])),
    st.tuples(
        st.just("--data"),
        st.sampled_from(
            [
                str(FIXTURES / "valid" / "minimal.toml"),
                str(FIXTURES / "invalid" / "many_problems.toml"),
                "/nonexistent.toml",
                str(FIXTURES),
                "",
            ]
        ),
    ),
    st.sampled_from(
        [
            ("--json",),
            ("--value",),
            ("--no-color",),
            ("--help",),
            ("-h",),
            ("--version",),
            ("--bogus",),
            ("--",),
            ("-",),
        ]
    ),
)
argument_lists = st.tuples(
    st.sampled_from(COMMANDS),
    st.lists(st.one_of(options, words.map(lambda w: (w,))), max_size=6),
).map(lambda parts: [parts[0], *[token for group in parts[1] for token in group]])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_lists)
def test_any_argument_list_gets_a_documented_answer(args: list[str]) -> None:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100", "SZFACTS_DATA": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert result.exit_code in DOCUMENTED, (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    if result.exit_code != 0:
        assert result.stdout == "", (args, result.stdout)
        assert result.stderr.startswith("szfacts: error: "), (args, result.stderr)


def _loads_or_typed_error(text: str) -> None:
    try:
        dataset = parse(text, "mutated")
    except DatasetInvalid as error:
        assert error.problems and all(str(p) for p in error.problems)
    else:
        assert isinstance(dataset, Dataset)


lines = BUNDLED_TEXT.splitlines(keepends=True)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_text_mutations_load_or_raise_the_typed_error(data: st.DataObject) -> None:
    text = list(lines)
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(text) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "truncate", "splice"]))
        if action == "delete":
            del text[where]
        elif action == "duplicate":
            text.insert(where, text[where])
        elif action == "replace":
            line = text[where]
            if line:
                at = data.draw(st.integers(0, len(line) - 1))
                text[where] = line[:at] + data.draw(st.text(min_size=1, max_size=3)) + line[at + 1 :]
        elif action == "insert":
            text.insert(where, data.draw(st.text(max_size=40)) + "\n")
        elif action == "truncate":
            text = text[:where]
        else:
            other = data.draw(st.integers(0, len(text) - 1))
            text[where], text[other] = text[other], text[where]
        if not text:
            break
    _loads_or_typed_error("".join(text))


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_structure_mutations_validate_or_raise_the_typed_error(data: st.DataObject) -> None:
    raw: dict[str, Any] = copy.deepcopy(BUNDLED_RAW)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(raw["records"]) - 1)) if raw.get("records") else None
        target = raw["records"][index] if index is not None and isinstance(raw["records"][index], dict) else raw
        key = data.draw(st.one_of(st.sampled_from(sorted(target) or ["id"]), st.text(max_size=8)))
        if data.draw(st.booleans()):
            target.pop(key, None)
        else:
            value = data.draw(values)
            target[key] = value if value is not None else data.draw(st.sampled_from(["", " ", "[]"]))
    try:
        dataset = validate(raw, "mutated")
    except DatasetInvalid as error:
        assert error.problems
    else:
        assert isinstance(dataset, Dataset)
