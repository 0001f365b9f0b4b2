"""Every command through CliRunner: exit codes, stdout and stderr asserted separately, every format."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import ARTICLE, Invoke, Run, fixture
from shenzhen_facts.core.errors import ExitCode
from shenzhen_facts.store.dataset import bundled_path, load

DATASET = load(bundled_path())
FIGURE_RECORDS = [r for r in DATASET.records if r.value is not None]
FORMATS = ["table", "plain", "json", "csv", "markdown"]
# One invocation per command that succeeds on the bundled data.
COMMANDS = {
    "share": ["share"],
    "share-one": ["share", "drones"],
    "show": ["show", "drones"],
    "list": ["list"],
    "compare": ["compare", "drones", "smartphones"],
    "timeline": ["timeline", "--as-of", "2026-11-26"],
    "search": ["search", "5g base stations"],
    "validate": ["validate"],
}
# Documented plain field counts (see each command's --help epilog).
PLAIN_FIELDS = {
    "share": 8,
    "share-one": 8,
    "show": 19,
    "list": 8,
    "compare": 8,
    "timeline": 8,
    "search": 6,
    "validate": 2,
}


# ---------------------------------------------------------------------------------------------- foundation


def test_show_by_english_and_chinese_name_is_the_same_record(szfacts: Invoke) -> None:
    english = szfacts("show", "drones", "--format", "json")
    chinese = szfacts("show", "消费级无人机", "--format", "json")
    assert english.code == chinese.code == 0
    assert english.stdout == chinese.stdout
    record = json.loads(english.stdout)
    assert (record["value"], record["qualifier"], record["stated"]) == (70, "exact", "70%")
    assert record["source"]["quote"] == "消费级无人机占全球产量70%"
    assert record["source"]["publication_zh"] == "深圳特区报"


@pytest.mark.parametrize("record", FIGURE_RECORDS, ids=lambda r: r.id)
def test_every_figure_by_english_and_chinese_name(
    szfacts: Invoke, record: object, request: pytest.FixtureRequest
) -> None:
    from shenzhen_facts.core.model import Record

    assert isinstance(record, Record)
    by_name = json.loads(szfacts("show", record.name, "--json").stdout)
    by_name_zh = json.loads(szfacts("show", record.name_zh, "--json").stdout)
    assert by_name == by_name_zh
    assert by_name["id"] == record.id
    assert by_name["stated"] in by_name["source"]["quote"]
    if ARTICLE.is_file():
        assert by_name["source"]["quote"] in ARTICLE.read_text(encoding="utf-8")


def test_validate_counts_kinds(szfacts: Invoke) -> None:
    run = szfacts("validate", "--format", "plain")
    assert run.code == 0
    assert run.stdout.splitlines() == [
        "share\t8",
        "growth\t6",
        "count\t13",
        "money\t1",
        "ratio\t1",
        "rank\t1",
        "target\t6",
        "event\t2",
    ]
    assert "valid, 38 records" in run.stderr


def test_validate_lists_every_problem_with_exit_65(szfacts: Invoke) -> None:
    run = szfacts("validate", fixture("invalid/many_problems.toml"))
    assert run.code == ExitCode.DATA_INVALID == 65
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[0].startswith("szfacts: error: invalid dataset") and lines[0].endswith("3 problems")
    assert [line.split()[1] for line in lines[1:]] == ["records[0].qualifier", "records[1].deadline", "records[2].date"]


def test_version(szfacts: Invoke) -> None:
    from shenzhen_facts import __version__

    run = szfacts("--version")
    assert (run.code, run.stdout) == (0, f"szfacts {__version__}\n")


# ---------------------------------------------------------------------------------------------- errors


def test_no_match_suggests_and_exits_1(szfacts: Invoke) -> None:
    run = szfacts("show", "dornes")
    assert run.code == ExitCode.NO_MATCH == 1
    assert run.stdout == ""
    assert run.stderr == (
        "szfacts: error: no record matches 'dornes'; nearest: drones (Consumer drones, 70% of global output)\n"
    )


def test_missing_dataset_exits_66(szfacts: Invoke, tmp_path: object) -> None:
    run = szfacts("share", "--data", "/nonexistent/data.toml")
    assert (run.code, run.stdout) == (66, "")
    assert run.stderr == "szfacts: error: dataset not found: /nonexistent/data.toml\n"


def test_dataset_from_environment(szfacts: Invoke) -> None:
    run = szfacts("share", env={"SZFACTS_DATA": fixture("valid/minimal.toml")})
    assert run.code == 0
    assert run.stdout.split("\t")[0] == "widgets"


@pytest.mark.parametrize(
    "args",
    [
        ["share", "--format", "yaml"],
        ["share", "--bogus"],
        ["compare", "drones"],
        ["timeline", "--as-of", "2025-02-30"],
        ["timeline", "--year", "twenty"],
        ["list", "--kind", "opinion"],
        ["share", "--lang", "fr"],
        ["share", "--value"],
        ["nosuchcommand"],
    ],
)
def test_usage_errors_exit_2_with_one_line(szfacts: Invoke, args: list[str]) -> None:
    run = szfacts(*args)
    assert run.code == ExitCode.USAGE == 2
    assert run.stdout == ""
    assert run.stderr.startswith("szfacts: error: ")
    assert run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr


def test_not_a_share(szfacts: Invoke) -> None:
    run = szfacts("share", "5g base stations")
    assert (run.code, run.stdout) == (1, "")
    assert "is a count, not a share" in run.stderr


def test_value_of_a_goal_without_number(szfacts: Invoke) -> None:
    run = szfacts("show", "manufacturing_centre_2035", "--value")
    assert (run.code, run.stdout) == (1, "")
    assert "states no figure" in run.stderr


# ---------------------------------------------------------------------------------------------- formats


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_in_every_format(szfacts: Invoke, command: str, fmt: str) -> None:
    run = szfacts(*COMMANDS[command], "--format", fmt)
    assert run.code == 0, run
    assert run.stdout.strip()
    assert "\x1b" not in run.stdout  # CliRunner is no terminal: no colour codes
    if fmt == "json":
        json.loads(run.stdout)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(run.stdout)))
        assert len({len(row) for row in rows}) == 1 and len(rows) >= 2
        assert run.stdout_bytes.endswith(b"\r\n")  # RFC 4180 line ends
    elif fmt == "plain":
        for line in run.stdout.splitlines():
            assert line.count("\t") == PLAIN_FIELDS[command] - 1, line
        assert "│" not in run.stdout and "," not in run.stdout.split("\t")[1]
    elif fmt == "markdown":
        assert run.stdout.startswith("**")
        assert any(line.startswith("| ---") or line.startswith("| --") for line in run.stdout.splitlines())
    else:
        assert "╭" in run.stdout


def test_auto_is_plain_when_not_a_terminal(szfacts: Invoke) -> None:
    assert szfacts("share").stdout == szfacts("share", "--format", "plain").stdout


def test_json_flag_is_format_json(szfacts: Invoke) -> None:
    assert szfacts("list", "--json").stdout == szfacts("list", "--format", "json").stdout


def test_value_only(szfacts: Invoke) -> None:
    assert szfacts("share", "drones", "--value").stdout == "70\n"
    assert szfacts("show", "5g base stations", "--value").stdout == "75000\n"
    assert szfacts("show", "smartphones", "--value").stdout == "14.285714285714286\n"
    assert szfacts("show", "maximum subsidy per technological upgrading project", "--value").stdout == "100000000\n"


# ---------------------------------------------------------------------------------------------- share


def test_share_ranks_all_eight(szfacts: Invoke) -> None:
    rows = [line.split("\t") for line in szfacts("share").stdout.splitlines()]
    assert [row[0] for row in rows] == [
        "drones",
        "mid_high_end_eyewear",
        "womenswear",
        "telecom_base_stations",
        "clocks_and_watches",
        "electrochemical_storage",
        "smartphones",
        "nev",
    ]
    values = [float(row[1]) for row in rows]
    assert values == sorted(values, reverse=True)


def test_share_table_makes_the_womenswear_scope_visible(szfacts: Invoke) -> None:
    run = szfacts("share", "--format", "table")
    assert "China's high-end market" in run.stdout
    assert "except Womenswear (China's high-end market)" in run.stdout


def test_share_table_snapshot(szfacts: Invoke) -> None:
    run = szfacts("share", "drones", "--format", "table")
    assert run.stdout == (
        "                     Shenzhen's share of output, 2023                     \n"
        "╭─────────────────┬───────┬──────────────────┬───────────┬───────────────╮\n"
        "│ Name            │ Value │                  │ As stated │ Of            │\n"
        "├─────────────────┼───────┼──────────────────┼───────────┼───────────────┤\n"
        "│ Consumer drones │   70% │ ███████████▎░░░░ │ 70%       │ global output │\n"
        "╰─────────────────┴───────┴──────────────────┴───────────┴───────────────╯\n"
    )


# ---------------------------------------------------------------------------------------------- compare


def test_compare_gives_ratio_where_unit_and_scope_agree(szfacts: Invoke) -> None:
    run = szfacts("compare", "smartphones", "drones", "--json")
    items = json.loads(run.stdout)
    assert [i["id"] for i in items] == ["smartphones", "drones"]
    assert items[0]["ratio_to_first"] is None
    assert items[1]["ratio_to_first"] == pytest.approx(4.9)
    assert run.stderr == ""
    table = szfacts("compare", "smartphones", "drones", "--format", "table").stdout
    assert "4.9× Smartphones" in table


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_says_the_ratio_one_way_the_number_json_gives(szfacts: Invoke, lang: str) -> None:
    """The row is N times the first, whichever is larger: never "the first is N times this" (read backwards)."""
    items = json.loads(szfacts("compare", "drones", "smartphones", "--json").stdout)
    assert items[1]["ratio_to_first"] == pytest.approx(0.204, abs=0.001)
    table = szfacts("compare", "drones", "smartphones", "--format", "table", "--lang", lang).stdout
    expected = "0.2× Consumer drones" if lang == "en" else "消费级无人机的 0.2 倍"
    assert expected in table
    assert "this" not in table and "是其" not in table


def test_compare_refuses_a_ratio_across_scopes_and_says_why(szfacts: Invoke) -> None:
    run = szfacts("compare", "drones", "womenswear", "5g base stations")
    lines = run.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["drones", "womenswear", "base_stations_5g"]
    assert all(line.split("\t")[6] == "" for line in lines)
    assert "China's high-end market" in run.stderr
    assert "no ratio for Cumulative 5G base stations built: it is a count, Consumer drones a share" in run.stderr
    # Same kind, other unit: counted in different things.
    run = szfacts("compare", "5g base stations", "eight departments")
    assert "it is in departments, Cumulative 5G base stations built in base_stations" in run.stderr


# ---------------------------------------------------------------------------------------------- timeline


def test_timeline_order_and_status_before_the_deadline(szfacts: Invoke) -> None:
    rows = [line.split("\t") for line in szfacts("timeline", "--as-of", "2024-06-30").stdout.splitlines()]
    assert [row[0] for row in rows][:2] == ["2023-11-27", "2023-11-28"]
    assert [row[0] for row in rows][2:] == ["2025"] * 5 + ["2035"]
    assert {row[2] for row in rows if row[1] == "target"} == {"open"}


def test_timeline_after_2025_says_the_deadline_passed(szfacts: Invoke) -> None:
    run = szfacts("timeline", "--year", "2025", "--as-of", "2026-11-26")
    rows = [line.split("\t") for line in run.stdout.splitlines()]
    assert len(rows) == 5 and {row[2] for row in rows} == {"deadline-passed"}
    assert "The 2025 deadline has passed (as of 2026-11-26)" in run.stderr
    table = szfacts("timeline", "--year", "2025", "--as-of", "2026-11-26", "--format", "table").stdout
    assert "deadline has passed" in table and "history, not plans" in table


def test_timeline_tables_give_a_number_in_digits_in_english_and_as_stated_in_chinese(szfacts: Invoke) -> None:
    wide = {"COLUMNS": "200"}
    english = szfacts("timeline", "--year", "2023", "--format", "table", env=wide).stdout
    chinese = szfacts("timeline", "--year", "2023", "--format", "table", "--lang", "zh", env=wide).stdout
    assert "Key tasks set out on 2023-11-27: 5" in english and "五" not in english  # the article's 五大重点任务
    assert "重点任务：五" in chinese
    # A figure the article gives no number for keeps its words in both (一批: "a batch", no number to give).
    assert "100-billion-yuan-class clusters: 一批" in english and "千亿元级产业集群：一批" in chinese
    plain = szfacts("timeline", "--year", "2025").stdout  # machine output: the stated form, unchanged
    assert "	一批	" in plain


def test_timeline_deadline_is_the_end_of_the_year(szfacts: Invoke) -> None:
    last_day = szfacts("timeline", "--year", "2025", "--as-of", "2025-12-31").stdout
    next_day = szfacts("timeline", "--year", "2025", "--as-of", "2026-01-01").stdout
    assert "\topen\t" in last_day and "deadline-passed" not in last_day
    assert "\topen\t" not in next_day


def test_what_was_decided_on_2023_11_28(szfacts: Invoke) -> None:
    record = json.loads(szfacts("show", "2023-11-28", "--json").stdout)
    assert record["related"] == ["focus_areas", "work_items_long_term", "work_items_three_year", "work_items_annual"]
    entries = json.loads(szfacts("timeline", "--year", "2023", "--json").stdout)
    assert entries[1]["id"] == "conference_2023_11_28" and entries[1]["related"] == record["related"]
    values = {r["id"]: r["value"] for r in json.loads(szfacts("list", "--json").stdout)}
    decided = {related: values[related] for related in entries[1]["related"]}
    assert decided == {
        "focus_areas": 10,
        "work_items_long_term": 20,
        "work_items_three_year": 74,
        "work_items_annual": 35,
    }


# ---------------------------------------------------------------------------------------------- search, list, lang


def test_search_finds_nothing_exits_1(szfacts: Invoke) -> None:
    run = szfacts("search", "pumpkin")
    assert (run.code, run.stdout) == (1, "")
    assert "nothing found" in run.stderr


def test_list_by_kind(szfacts: Invoke) -> None:
    ids = [line.split("\t")[0] for line in szfacts("list", "--kind", "growth").stdout.splitlines()]
    assert ids == [
        "industrial_value_added",
        "manufacturing_investment",
        "high_tech_manufacturing_investment",
        "byd_revenue",
        "byd_net_profit",
        "nev_production",
    ]


def test_chinese_everywhere(szfacts: Invoke) -> None:
    table = szfacts("share", "--format", "table", "--lang", "zh").stdout
    assert "2023 年深圳产品产量占比" in table and "消费级无人机" in table and "中国高端市场" in table
    assert "Consumer drones" not in table and "global output" not in table
    plain = szfacts("share", "drones", "--lang", "zh").stdout  # an explicit --lang: names and scopes follow it
    assert plain == "drones\t70\tpercent\texact\t70%\t全球产量\t2023\t消费级无人机\n"
    # SZFACTS_LANG (a shell profile's setting) never moves a script's values; it does translate tables.
    plain = szfacts("share", "drones", env={"SZFACTS_LANG": "zh"}).stdout
    assert plain == "drones\t70\tpercent\texact\t70%\tglobal output\t2023\tConsumer drones\n"
    assert "消费级无人机" in szfacts("share", "--format", "table", env={"SZFACTS_LANG": "zh"}).stdout
    timeline = szfacts("timeline", "--as-of", "2026-11-26", "--format", "table", "--lang", "zh").stdout
    assert "已过期限" in timeline and "2025 年的期限已过" in timeline


def test_no_color_even_when_forced(szfacts: Invoke) -> None:
    run = szfacts("share", "--format", "table", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in run.stdout
    run = szfacts("share", "--format", "table", "--no-color", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in run.stdout


def test_lookup_errors_in_chinese(szfacts: Invoke) -> None:
    run = szfacts("show", "dornes", "--lang", "zh")
    assert (run.code, run.stderr) == (
        1,
        "szfacts: error: 没有与 'dornes' 匹配的记录；最接近的：drones（消费级无人机，占全球产量70%）\n",
    )
    assert "不是产量占比" in szfacts("share", "5g base stations", "--lang", "zh").stderr
    assert "未找到" in szfacts("search", "pumpkin", "--lang", "zh").stderr
    assert "没有数字" in szfacts("show", "manufacturing_centre_2035", "--value", "--lang", "zh").stderr
    assert "no record matches" in szfacts("show", "dornes").stderr  # English stays the default


# ---------------------------------------------------------------------------------------------- machine contract


@pytest.mark.parametrize("command", ["share", "share-one", "show", "list", "compare", "timeline", "search"])
@pytest.mark.parametrize("fmt", ["csv", "plain", "json"])
def test_machine_keys_never_follow_the_language(szfacts: Invoke, command: str, fmt: str) -> None:
    def keys(run: Run) -> object:
        assert run.code == 0, run
        if fmt == "csv":
            return run.stdout.splitlines()[0]
        if fmt == "plain":
            return [line.count("\t") for line in run.stdout.splitlines()]
        document = json.loads(run.stdout)
        return [sorted(item) for item in document] if isinstance(document, list) else sorted(document)

    english = keys(szfacts(*COMMANDS[command], "--format", fmt))
    assert keys(szfacts(*COMMANDS[command], "--format", fmt, "--lang", "zh")) == english
    assert keys(szfacts(*COMMANDS[command], "--format", fmt, env={"SZFACTS_LANG": "zh"})) == english


def test_show_csv_names_in_both_languages_whatever_the_language(szfacts: Invoke) -> None:
    for args in ([], ["--lang", "zh"]):
        rows = list(csv.DictReader(io.StringIO(szfacts("show", "drones", "--format", "csv", *args).stdout)))
        assert (rows[0]["name_zh"], rows[0]["name_en"]) == ("消费级无人机", "Consumer drones")
    table = szfacts("show", "drones", "--format", "table", "--lang", "zh").stdout
    assert "英文名称" in table and "Consumer drones" in table and "中文名称" not in table  # the other language once


@pytest.mark.parametrize(
    "args",
    [
        ["share"],
        ["overview", "--as-of", "2026-11-26"],
        ["timeline", "--as-of", "2026-11-26"],
        ["compare", "drones", "womenswear"],
    ],
)
def test_quiet_silences_notes(szfacts: Invoke, args: list[str]) -> None:
    assert szfacts(*args).stderr  # there is a note to silence
    for flag in ("--quiet", "-q"):
        run = szfacts(*args, flag)
        assert (run.code, run.stderr) == (0, "")
        assert run.stdout == szfacts(*args).stdout


def test_quiet_never_silences_errors(szfacts: Invoke) -> None:
    run = szfacts("show", "dornes", "--quiet")
    assert run.code == 1 and run.stderr.startswith("szfacts: error: no record matches")
    run = szfacts("share", "-q", "--format", "xml")
    assert run.code == 2 and "szfacts: error:" in run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["share", "drones", "--value", "--json"],
        ["show", "drones", "--value", "--json"],
        ["show", "drones", "--value", "--format", "csv"],
        ["share", "drones", "--json", "--value"],
    ],
)
def test_value_with_a_format_is_a_usage_error(szfacts: Invoke, args: list[str]) -> None:
    run = szfacts(*args)
    assert (run.code, run.stdout) == (2, "")
    assert "--value" in run.stderr and run.stderr.count("\n") == 1


# ---------------------------------------------------------------------------------------------- misses that teach


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("drones", "did you mean `szfacts show drones` or `szfacts share drones`?"),
        ("DRONES", "did you mean `szfacts show DRONES` or `szfacts share DRONES`?"),
        ("byd_revenue", "did you mean `szfacts show byd_revenue`?"),
        ("消费级无人机", "did you mean `szfacts show drones` or `szfacts share drones`?"),
        ("consumer drones", "did you mean `szfacts show drones` or `szfacts share drones`?"),
    ],
)
def test_a_record_typed_as_a_command_gets_the_command_line(szfacts: Invoke, typed: str, hint: str) -> None:
    run = szfacts(typed)
    assert (run.code, run.stdout) == (2, "")
    assert f"szfacts: error: {typed!r} is not a command; {hint}" in run.stderr
    assert run.stderr.count("\n") == 1


def test_a_misspelt_command_still_gets_the_command(szfacts: Invoke) -> None:
    run = szfacts("shwo", "drones")
    assert run.code == 2 and "Did you mean 'show'?" in run.stderr
    run = szfacts("zzz")
    assert run.code == 2 and "No such command 'zzz'" in run.stderr and "show" not in run.stderr


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["--json", "share", "drones"], ["share", "drones", "--json"]),
        (["--format", "csv", "--lang", "zh", "share"], ["share", "--format", "csv", "--lang", "zh"]),
        (["-q", "--format=plain", "timeline", "--year", "2025"], ["timeline", "--year", "2025", "-q"]),
        (["--lang", "zh", "compare", "drones", "nev"], ["compare", "drones", "nev", "--lang", "zh"]),
    ],
)
def test_options_before_the_command_are_accepted(szfacts: Invoke, typed: list[str], meant: list[str]) -> None:
    run = szfacts(*typed)
    assert run.code == 0, run
    assert run.stdout == szfacts(*meant).stdout and run.stdout


def test_the_apps_own_options_stay_where_they_are(szfacts: Invoke) -> None:
    assert szfacts("--version", "share").stdout.startswith("szfacts ")
    assert "Usage: szfacts [OPTIONS] COMMAND" in szfacts("--help", "share").stdout


def test_an_empty_year_exits_1_naming_the_years_that_have_entries(szfacts: Invoke) -> None:
    run = szfacts("timeline", "--year", "2024")
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == "szfacts: error: nothing for --year 2024; years with entries: 2023, 2025, 2035\n"
    assert "有条目的年份：2023、2025、2035" in szfacts("timeline", "-y", "2024", "--lang", "zh").stderr


def test_an_empty_kind_exits_1_naming_the_kinds_that_have_entries(szfacts: Invoke) -> None:
    run = szfacts("list", "--kind", "growth", "--data", fixture("valid/minimal.toml"))
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr == "szfacts: error: nothing for --kind growth; kinds with entries: share, target, event\n"


def test_a_listed_kind_is_titled_by_its_kind(szfacts: Invoke) -> None:
    table = szfacts("list", "--kind", "growth", "--format", "table").stdout
    assert "Records of kind growth" in table and "All records" not in table


@pytest.mark.parametrize(("command", "usage"), [("show", "QUERY..."), ("compare", "QUERY..."), ("share", "[QUERY]...")])
def test_usage_lines_in_the_conventional_form(szfacts: Invoke, command: str, usage: str) -> None:
    first = szfacts(command, "--help").stdout.splitlines()[0]
    assert first == f"Usage: szfacts {command} [OPTIONS] {usage}"
    assert "{" not in first


# ---------------------------------------------------------------------------------------------- completion


def _complete(words: str, cword: int) -> list[str]:
    """Bash completion through the installed console script, as bash's completion function calls it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).with_name("szfacts")
    if not script.exists():
        pytest.skip("szfacts is not installed beside this Python: run `pip install -e '.[test]'`")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SZFACTS_") or k == "SZFACTS_CACHE_DIR"}
    env.update({"_SZFACTS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    done = subprocess.run([str(script)], capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    return done.stdout.decode().splitlines()


def test_completion_fits_the_slot() -> None:
    shares = {r.id for r in DATASET.records if r.kind == "share"}
    offered = _complete("szfacts share d", 2)
    assert "drones" in offered and "departments" not in offered  # `share departments` would fail
    assert all(DATASET.by_id.get(c) is None or c in shares for c in _complete("szfacts share ", 2))
    compared = _complete("szfacts compare drones ", 3)
    figures = {r.id for r in DATASET.records if r.value is not None}
    assert {c for c in compared if c in DATASET.by_id} == figures  # every record with a figure, nothing else
    assert "manufacturing_centre_2035" not in compared
    assert _complete("szfacts list --kind ", 3) == list(DATASET.kinds())
    assert _complete("szfacts list --kind g", 3) == ["growth"]
    assert _complete("szfacts timeline --year ", 3) == ["2023", "2025", "2035"]
    assert _complete("szfacts share --format j", 3) == ["json", "jsonl"]
    assert _complete("szfacts show drones --lang ", 4) == ["en", "zh"]


def test_completion_quotes_aliases_with_spaces_for_bash() -> None:
    assert _complete("szfacts show consumer", 2) == [
        "consumer-grade\\ drones",
        "consumer\\ grade\\ drones",
        "consumer\\ uavs",
        "consumer-grade\\ uavs",
    ]
    assert "communication\\ base\\ station" in _complete("szfacts show commu", 2)
    assert _complete("szfacts show base", 2) == ["base_stations_5g"]  # "base stations" is a wider term: not offered
    assert "drones" in _complete("szfacts show dro", 2)
    assert _complete("szfacts show 消費級", 2) == [
        "消費級無人機",
        "消費級無人機產品",
    ]  # typed in traditional characters


# ---------------------------------------------------------------------------------------------- Chinese typography

_CJK = r"[\u3400-\u9fff]"


def test_chinese_labels_follow_the_copywriting_conventions() -> None:
    from shenzhen_facts.presentation.labels import _LABELS

    for key, (_, chinese) in _LABELS.items():
        text = re.sub(r"\{[a-z_]+\}", "X", chinese)  # a placeholder stands for a name or a figure
        assert not re.search(r"[,:;()!?]", text), (key, chinese)  # full-width punctuation: ，：；（）！？
        assert not re.search(rf"{_CJK}[A-Za-z0-9]|[A-Za-z0-9]{_CJK}", text.replace("X", "")), (key, chinese)
        assert not re.search(r"\s[，。：；、（）]|[，。：；、（）]\s", text), (
            key,
            chinese,
        )  # no space by a full-width mark


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["share", "--lang", "zh", "--quiet", "--format", "table"], "2023 年深圳产品产量占比"),
        (["share", "--lang", "zh", "--format", "table"], "均为占全球产量的份额，女装（中国高端市场）除外。"),
        (["timeline", "--as-of", "2026-11-26", "--lang", "zh"], "2025 年的期限已过（截至 2026-11-26），"),
        (["validate", "--lang", "zh"], "bundled data.toml：有效，共 38 条记录"),
        (["compare", "drones", "5g base stations", "--lang", "zh"], "无比值：其类别为数量，消费级无人机为占比"),
        (
            ["compare", "5g base stations", "eight departments", "--lang", "zh"],
            "无比值：其单位（departments）与累计建设的5G基站（base_stations）不同",
        ),
    ],
)
def test_chinese_notes_and_titles_read_as_chinese(szfacts: Invoke, args: list[str], expected: str) -> None:
    run = szfacts(*args)
    assert expected in run.stdout + run.stderr


def test_quotes_stay_verbatim_in_chinese(szfacts: Invoke) -> None:
    table = szfacts("show", "5g base stations", "--lang", "zh", "--format", "table").stdout
    assert "全市累计建设5G基站超过7.5万个" in table  # the article's own spacing, untouched


# ---------------------------------------------------------------------------------------------- fractions


def test_tables_show_a_fraction_as_stated_first(szfacts: Invoke) -> None:
    table = szfacts("share", "--format", "table", env={"COLUMNS": "120"}).stdout
    assert "1/7 (14.29%)" in table and "≈1/7 (≈14.29%)" in table and "1/2 (50%)" in table
    assert "约1/7 (" not in table and "│ 约1/7 " in table  # the hedge in English; as stated in its own column
    assert "│            70% │" in table or " 70% │" in table  # a percentage stays a percentage
    chinese = szfacts("share", "--format", "table", "--lang", "zh", env={"COLUMNS": "120"}).stdout
    assert "约1/7（≈14.29%）" in chinese
    assert szfacts("share", "smartphones").stdout.split("\t")[1] == "14.285714285714286"  # machines get the number


def test_a_ratio_with_an_approximate_figure_is_marked_approximate(szfacts: Invoke) -> None:
    table = szfacts(
        "compare", "smartphones", "electrochemical_storage", "--format", "table", env={"COLUMNS": "120"}
    ).stdout
    assert "≈1×" in table
    exact = szfacts("compare", "smartphones", "nev", "--format", "table", env={"COLUMNS": "120"}).stdout
    assert "≈" not in exact.split("Against first")[1]
    first, second = json.loads(szfacts("compare", "smartphones", "electrochemical_storage", "--json").stdout)
    assert second["ratio_approximate"] is True and first["ratio_approximate"] is False


def test_completion_functions_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from shenzhen_facts.cli import commands as cli

    context = typer.Context(typer.main.get_command(cli.app))
    monkeypatch.setenv("_SZFACTS_COMPLETE", "complete_zsh")  # zsh escapes candidates itself
    assert "consumer-grade drones" in cli._complete_query(context, "consumer")
    assert cli._complete_share(context, "eig") == []
    assert "eight departments" in cli._complete_figure(context, "eig")
    assert cli._complete_kind(context, "ta") == ["target"]
    assert cli._complete_year(context, "203") == ["2035"]
    # Chinese is completed as typed; Latin letters never bring a name that starts with an ideograph.
    assert "消费级无人机" in cli._complete_query(context, "消费")
    assert "5G基站数量" in cli._complete_query(context, "5g基") and "5G基站数量" in cli._complete_query(context, "5")
    assert all(not "\u4e00" <= name[0] <= "\u9fff" for name in cli._complete_query(context, "d"))
    monkeypatch.setenv("SZFACTS_DATA", "/nonexistent/data.toml")
    assert cli._complete_query(context, "d") == [] and cli._complete_year(context, "") == []


def test_a_start_in_traditional_characters_completes_to_names_that_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from shenzhen_facts.cli import commands as cli
    from shenzhen_facts.core.resolve import Index

    context = typer.Context(typer.main.get_command(cli.app))
    monkeypatch.setenv("_SZFACTS_COMPLETE", "complete_bash")
    index = Index(DATASET)
    assert cli._complete_query(context, "消費") == ["消費級無人機", "消費級無人機產品", "消費無人機", "消費類無人機"]
    assert cli._complete_share(context, "鐘") == ["鐘錶", "鐘錶產量"]
    assert cli._complete_query(context, "無人") == []  # no name starts with 无人
    names = {name for record in DATASET.records for name in (record.name_zh, *record.aliases)}
    starts = {_traditional(name[:3]) for name in names if "\u4e00" <= name[0] <= "\u9fff"} - set(names)
    offered = 0
    for start in starts:
        # Every name offered is in traditional characters from what was typed on, is a name of the dataset in
        # simplified ones, and answers as that name does (an ambiguous name answers with neither).
        for candidate in cli._complete_query(context, start):
            assert candidate.startswith(start) and _simplified(candidate) in names, candidate
            assert index.find(candidate) == index.find(_simplified(candidate)), candidate
            offered += 1
    assert offered > 50


def _traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


def _simplified(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("t2s").convert(text))


def test_a_run_with_options_first_builds_only_its_command() -> None:
    from shenzhen_facts.cli import commands as cli

    slim = cli._app_for(["--format", "json", "share", "drones"], {})
    assert [cli._command_name(info) for info in slim.registered_commands] == ["share"]


# ---------------------------------------------------------------------------------------------- issue 21's small ones


def test_search_table_says_broader_as_plain_output_does(szfacts: Invoke) -> None:
    plain = szfacts("search", "batteries").stdout
    assert plain.split("\t")[4] == "broader"
    table = szfacts("search", "batteries", "--format", "table", env={"COLUMNS": "140"}).stdout
    assert "broader" in table and "wider term" not in table


@pytest.mark.parametrize("command", [["share"], ["compare", "drones", "womenswear"]])
def test_notes_of_plain_output_follow_szfacts_lang(szfacts: Invoke, command: list[str]) -> None:
    english = szfacts(*command)
    chinese = szfacts(*command, env={"SZFACTS_LANG": "zh"})
    assert chinese.stdout == english.stdout  # the values a script reads never move with the variable
    assert "women" in english.stderr.lower() and "女装" in chinese.stderr and "Womenswear" not in chinese.stderr


def test_cite_csv(szfacts: Invoke) -> None:
    run = szfacts("cite", "womenswear", "--format", "csv")
    assert run.code == 0
    rows = list(csv.reader(io.StringIO(run.stdout_bytes.decode("utf-8"), newline="")))
    assert rows == [
        ["id", "name", "name_zh", "stated", "scope", "period", "quote", "publication", "publication_zh", "published"],
        [
            "womenswear",
            "Womenswear",
            "女装",
            "超过60%",
            "China's high-end market",
            "2023",
            "女装占中国高端市场超过60%",
            "Shenzhen Special Zone Daily",
            "深圳特区报",
            "early 2024",
        ],
    ]
    assert szfacts("cite", "womenswear", "--format", "csv", "--lang", "zh").stdout == run.stdout  # a machine format
