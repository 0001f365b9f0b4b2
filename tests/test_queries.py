"""Several queries in one call (`show A B`, `show -`), --value's note on qualified figures, and --field."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, Invoke

SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
MISS_LINE = "szfacts: error: no record matches 'nope'; try `szfacts list` or `szfacts search TEXT`\n"


def _valid(definition: str, document: object) -> None:
    Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"}).validate(document)


def test_stdin_values_one_line_per_query_and_a_miss_is_an_empty_line(szfacts: Invoke) -> None:
    run = szfacts("show", "-", "--value", input="drones\nsmartphones\nnope\n")
    assert (run.code, run.stdout, run.stderr) == (1, "70\n14.285714285714286\n\n", MISS_LINE)


def test_every_query_answered_is_exit_0(szfacts: Invoke) -> None:
    run = szfacts("show", "drones", "smartphones", "--value")
    assert (run.code, run.stdout, run.stderr) == (0, "70\n14.285714285714286\n", "")


def test_arguments_and_stdin_mix_in_order(szfacts: Invoke) -> None:
    run = szfacts("show", "drones", "-", "nev", "--value", input="  womenswear  \r\n5G base stations\n")
    assert run.stdout == "70\n60\n75000\n12.5\n"
    assert run.code == 0


def test_a_blank_line_is_a_query_that_misses_so_answers_keep_their_places(szfacts: Invoke) -> None:
    run = szfacts("show", "-", "--value", input="drones\n\nnev\n")
    assert (run.code, run.stdout) == (1, "70\n\n12.5\n")
    assert run.stderr.count("szfacts: error: ") == 1


def test_an_empty_stdin_answers_nothing(szfacts: Invoke) -> None:
    assert (szfacts("show", "-", input="").code, szfacts("show", "-", input="").stdout) == (0, "")


def test_plain_lines_are_the_single_query_lines(szfacts: Invoke) -> None:
    run = szfacts("show", "drones", "nope", "5G base stations")
    assert run.code == 1
    assert run.stdout.split("\n") == [
        szfacts("show", "drones").stdout.rstrip("\n"),
        "",
        szfacts("show", "5G base stations").stdout.rstrip("\n"),
        "",
    ]
    assert run.stderr == MISS_LINE


def test_jsonl_gives_one_object_per_query_in_order(szfacts: Invoke) -> None:
    run = szfacts("show", "-", "--format", "jsonl", input="drones\nsmartphones\nbatteries\n")
    assert run.code == 1
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["drones", "smartphones", "batteries"]
    assert [line.get("id") for line in lines] == ["drones", "smartphones", None]
    single = json.loads(szfacts("show", "drones", "--json").stdout)
    assert lines[0] == {"query": "drones", **single}
    miss = lines[2]
    assert miss["error"].startswith("no record matches 'batteries': the article's figure is for “Electrochemical")
    assert miss["nearest"][0] == {
        "id": "electrochemical_storage",
        "kind": "share",
        "name": "Electrochemical energy storage",
        "name_zh": "电化学储能",
        "stated": "约1/7",
        "scope": "global output",
        "scope_zh": "全球产量",
        "differs": "the article's figure is for “Electrochemical energy storage” (电化学储能)",
        "differs_zh": "原文的数字针对“电化学储能”",
    }
    for line in lines[:2]:
        _valid("answer", line)
    _valid("miss", miss)


def test_jsonl_is_the_same_in_chinese_and_for_one_query(szfacts: Invoke) -> None:
    english = szfacts("show", "womenswear", "--format", "jsonl")
    chinese = szfacts("show", "womenswear", "--format", "jsonl", "--lang", "zh")
    assert english.stdout == chinese.stdout and english.stdout.count("\n") == 1
    assert json.loads(english.stdout)["query"] == "womenswear"


def test_json_is_an_array_in_query_order(szfacts: Invoke) -> None:
    run = szfacts("share", "womenswear", "nev_production", "drones", "--json")
    assert run.code == 1
    document = json.loads(run.stdout)
    _valid("answers", document)
    assert [item["query"] for item in document] == ["womenswear", "nev_production", "drones"]
    assert document[0]["stated"] == "超过60%" and document[2]["value"] == 70
    # A record that is no share: the miss names it, so a script sees what the query did name.
    assert document[1]["error"].startswith("'nev_production' is a growth, not a share of output")
    assert [near["id"] for near in document[1]["nearest"]] == ["nev_production"]
    Draft202012Validator(SCHEMA).validate(document)


def test_json_of_nothing_read_is_an_empty_array(szfacts: Invoke) -> None:
    run = szfacts("show", "-", "--json", input="")
    assert (run.code, json.loads(run.stdout)) == (0, [])


def test_csv_keeps_one_header_and_a_row_per_query(szfacts: Invoke) -> None:
    run = szfacts("share", "drones", "nope", "nev", "--format", "csv")
    assert run.code == 1
    assert run.stdout_bytes.decode().split("\r\n") == [
        "id,value,unit,qualifier,stated,scope,period,name",
        "drones,70,percent,exact,70%,global output,2023,Consumer drones",
        ",,,,,,,",
        "nev,12.5,percent,exact,1/8,global output,2023,New energy vehicles",
        "",
    ]


def test_tables_show_each_answer(szfacts: Invoke) -> None:
    run = szfacts("show", "drones", "nope", "nev", "--format", "table")
    assert run.code == 1
    assert "Consumer drones" in run.stdout and "New energy vehicles" in run.stdout
    assert run.stderr == MISS_LINE


def test_one_query_is_answered_as_before(szfacts: Invoke) -> None:
    run = szfacts("show", "nope")
    assert (run.code, run.stdout, run.stderr) == (1, "", MISS_LINE)
    assert json.loads(szfacts("show", "drones", "--json").stdout)["id"] == "drones"  # an object, not an array


def test_a_miss_message_follows_the_language(szfacts: Invoke) -> None:
    run = szfacts("show", "drones", "nope", "--value", env={"SZFACTS_LANG": "zh"})
    assert run.stdout == "70\n\n"
    assert run.stderr.startswith("szfacts: error: 没有与 'nope' 匹配的记录")


def test_value_without_a_figure_is_a_miss_among_others(szfacts: Invoke) -> None:
    run = szfacts("show", "drones", "clusters_100bn_2025", "--value")
    assert (run.code, run.stdout) == (1, "70\n\n")
    assert "states no figure" in run.stderr


# ---------------------------------------------------------------------------------------------- streaming


def test_each_answer_is_written_as_its_line_is_read(tmp_path: Path) -> None:
    """A co-process: the answer to a line arrives before the next line is sent (stdin still open). Run without
    PYTHONUNBUFFERED, so stdout is block-buffered as it is for most users, and the flushes are what is tested."""
    script = Path(sys.executable).with_name("szfacts")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["SZFACTS_CACHE_DIR"] = str(tmp_path / "cache")
    with subprocess.Popen(
        [str(script), "show", "-", "--value"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        try:
            for query, answer in ((b"drones\n", b"70\n"), (b"nev\n", b"12.5\n"), (b"nope\n", b"\n")):
                child.stdin.write(query)
                child.stdin.flush()
                with selectors.DefaultSelector() as waiting:  # poll or epoll: any file descriptor number
                    waiting.register(child.stdout, selectors.EVENT_READ)
                    assert waiting.select(timeout=30), f"no answer to {query!r} while stdin stays open"
                assert child.stdout.readline() == answer
            child.stdin.close()
            assert child.wait(timeout=30) == 1
        finally:
            child.kill()


# ---------------------------------------------------------------------------------------------- --value notes


def test_value_of_a_qualified_share_says_what_the_article_says(szfacts: Invoke) -> None:
    run = szfacts("share", "womenswear", "--value")
    assert (run.code, run.stdout) == (0, "60\n")
    assert run.stderr == "szfacts: note: the article says 超过60%, of China's high-end market\n"


@pytest.mark.parametrize(
    ("query", "number", "note"),
    [
        ("electrochemical_storage", "14.285714285714286", "the article says 约1/7"),
        ("5G base stations", "75000", "the article says 超过7.5万"),
        ("byd_sales_rank", "1", "the article says 第一 (global new energy vehicle sales)"),
    ],
)
def test_value_notes_approximate_lower_bound_and_scope(szfacts: Invoke, query: str, number: str, note: str) -> None:
    run = szfacts("show", query, "--value")
    assert (run.code, run.stdout, run.stderr) == (0, number + "\n", f"szfacts: note: {note}\n")


def test_value_of_an_exact_global_figure_has_no_note(szfacts: Invoke) -> None:
    run = szfacts("show", "smartphones", "--value")
    assert (run.stdout, run.stderr) == ("14.285714285714286\n", "")


def test_value_note_in_chinese_and_silenced_by_quiet(szfacts: Invoke) -> None:
    chinese = szfacts("share", "womenswear", "--value", "--lang", "zh")
    assert (chinese.stdout, chinese.stderr) == ("60\n", "szfacts: note: 原文为“超过60%”，占中国高端市场\n")
    by_variable = szfacts("share", "womenswear", "--value", env={"SZFACTS_LANG": "zh"})
    assert (by_variable.stdout, by_variable.stderr) == ("60\n", chinese.stderr)  # stdout never moves
    quiet = szfacts("share", "womenswear", "--value", "-q")
    assert (quiet.code, quiet.stdout, quiet.stderr) == (0, "60\n", "")


def test_a_note_for_each_qualified_answer_of_many(szfacts: Invoke) -> None:
    run = szfacts("show", "-", "--value", input="womenswear\ndrones\n5G base stations\n")
    assert run.stdout == "60\n70\n75000\n"
    assert run.stderr.count("szfacts: note: ") == 2


# ---------------------------------------------------------------------------------------------- --field


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("stated", "超过60%"),
        ("qualifier", "over"),
        ("scope", "China's high-end market"),
        ("scope_zh", "中国高端市场"),
        ("period", "2023"),
        ("quote", "女装占中国高端市场超过60%"),
        ("name_zh", "女装"),
        ("value", "60"),
        ("outcome", ""),
    ],
)
def test_field_prints_one_field(szfacts: Invoke, field: str, text: str) -> None:
    run = szfacts("show", "womenswear", "--field", field)
    assert (run.code, run.stdout, run.stderr) == (0, text + "\n", "")


def test_field_matches_the_json_record(szfacts: Invoke) -> None:
    from shenzhen_facts.presentation.contract import FIELD_NAMES

    record = json.loads(szfacts("show", "5G base stations", "--json").stdout)
    flat = {**record, **record.pop("source")}
    for field in FIELD_NAMES:
        printed = szfacts("show", "5G base stations", "--field", field).stdout.rstrip("\n")
        expected = flat[field]
        if isinstance(expected, list):
            expected = ", ".join(expected)
        assert printed == ("" if expected is None else str(expected)), field


def test_field_for_many_queries(szfacts: Invoke) -> None:
    run = szfacts("share", "drones", "nope", "womenswear", "--field", "stated")
    assert (run.code, run.stdout) == (1, "70%\n\n超过60%\n")


@pytest.mark.parametrize(
    "args",
    [
        ["show", "drones", "--field", "colour"],
        ["show", "drones", "--field", "stated", "--json"],
        ["show", "drones", "--field", "stated", "--value"],
        ["share", "--field", "stated"],
    ],
)
def test_field_misuse_is_a_usage_error(szfacts: Invoke, args: list[str]) -> None:
    run = szfacts(*args)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith("szfacts: error: ")


# ---------------------------------------------------------------------------------------------- jsonl everywhere


@pytest.mark.parametrize(
    "args",
    [["share"], ["list"], ["timeline", "--as-of", "2026-01-01"], ["search", "5G"], ["compare", "drones", "nev"]],
    ids=lambda args: args[0],
)
def test_jsonl_is_the_json_arrays_elements_one_a_line(szfacts: Invoke, args: list[str]) -> None:
    array = json.loads(szfacts(*args, "--json").stdout)
    lines = szfacts(*args, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == array


@pytest.mark.parametrize("args", [["validate"], ["overview", "--as-of", "2026-01-01"]], ids=lambda args: args[0])
def test_jsonl_of_one_document_is_one_line(szfacts: Invoke, args: list[str]) -> None:
    lines = szfacts(*args, "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0]) == json.loads(szfacts(*args, "--json").stdout)


def test_a_repeated_query_is_looked_up_once(szfacts: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from shenzhen_facts import api

    asked: list[str] = []
    real = api.Facts.get

    def counting(self: api.Facts, query: str) -> object:
        asked.append(query)
        return real(self, query)

    monkeypatch.setattr(api.Facts, "get", counting)
    run = szfacts("show", "-", "--value", input="drones\nnev\ndrones\nnope\nnope\ndrones\n")
    assert run.stdout == "70\n12.5\n70\n\n\n70\n"
    assert asked == ["drones", "nev", "nope", "nope"]  # a miss is asked again: it is not remembered
