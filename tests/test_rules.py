"""Every rule of the dataset format (validate.py), pinned: one fixture per rule, named after it, with the exact
problem lines a dataset author reads, and the boundaries of each limit on both sides."""

from __future__ import annotations

import copy
import sys
from datetime import date, datetime, time
from typing import Any

import pytest

from conftest import FIXTURES, Invoke
from shenzhen_facts.core.errors import DatasetInvalid, Problem
from shenzhen_facts.core.model import Dataset, Outcome, Record, Source
from shenzhen_facts.core.resolve import build_keys
from shenzhen_facts.store.dataset import load, parse
from shenzhen_facts.store.validate import (
    MAX_RECORDS,
    MAX_STRING,
    _check_record_headers,
    _record_lines,
    _toml_problem,
    validate,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

INVALID = FIXTURES / "invalid"
MINIMAL = tomllib.loads((FIXTURES / "valid" / "minimal.toml").read_text(encoding="utf-8"))
UNKNOWN_PAPER = "unknown source 'paper' (not among [[sources]] ids)"

# Fixture (named after the rule it breaks) -> every problem it must produce, exactly as the author reads it.
RULES: dict[str, list[str]] = {
    # the document
    "toml_syntax": ["(top level) (line 15, column 16): TOML syntax: Illegal character '\\n'"],
    "wrong_format_version": ["format: must be 1 (the dataset format version), got 2"],
    "unknown_top_level_key": ["title: unknown top-level key (expected format, sources, records)"],
    # sources
    "duplicate_source_id": ["sources[1].id: duplicate source id 'paper'"],
    "source_unknown_field": ["sources[0].url: unknown field"],
    # an invalid source is left out, so the records citing it are told it is unknown
    "source_missing_field": [
        "sources[0].publication_zh: missing required field",
        f"records[0].source (line 10): {UNKNOWN_PAPER}",
        f"records[1].source (line 27): {UNKNOWN_PAPER}",
        f"records[2].source (line 42): {UNKNOWN_PAPER}",
    ],
    "source_field_not_a_string": [
        "sources[0].published: must be a string, not an integer",
        f"records[0].source (line 11): {UNKNOWN_PAPER}",
        f"records[1].source (line 28): {UNKNOWN_PAPER}",
        f"records[2].source (line 43): {UNKNOWN_PAPER}",
    ],
    # a record's fields
    "record_not_a_table": ["records[0]: must be a table"],
    "unknown_kind": [
        "records[0].kind (line 12): must be one of share, growth, count, money, ratio, rank, target, event; "
        "got 'opinion'"
    ],
    "unknown_field": ["records[0].colour (line 12): unknown field"],
    "missing_field": ["records[0].name_zh (line 12): missing required field for kind 'share'"],
    "wrong_type": ["records[1].deadline (line 29): must be an integer, not a string"],
    "boolean_not_an_integer": ["records[1].deadline (line 28): must be an integer, not a boolean"],
    "date_time_as_date": ["records[2].date (line 43): must be a date or a string, not a date-time"],
    "field_not_allowed_for_kind": ["records[1].date (line 29): not allowed on a record of kind 'target'"],
    "empty_string": ["records[2].name (line 44): must not be empty"],
    "blank_alias": ["records[0].aliases[1] (line 11): must be a non-empty string"],
    "blank_related": ["records[2].related[1] (line 43): must be a non-empty string"],
    "bad_id": [
        "records[0].id (line 12): 'Widgets!' must be 1 to 64 lowercase ASCII letters, digits and _, "
        "starting with a letter"
    ],
    "id_too_long": [
        f"records[0].id (line 11): 'w{'x' * 64}' must be 1 to 64 lowercase ASCII letters, digits and _, "
        "starting with a letter"
    ],
    "unknown_source": ["records[0].source (line 12): unknown source 'tabloid' (not among [[sources]] ids)"],
    # figures: value, unit, qualifier and stated form against each other
    "qualifier_outside_set": ["records[0].qualifier (line 12): must be one of exact, approx, over; got 'roughly'"],
    "stated_not_in_quote": ["records[0].stated (line 12): '约1/4' does not appear in its quote"],
    "value_unit_qualifier_apart": [
        "records[1] (line 28): value, unit and qualifier go together: give all three or none"
    ],
    "value_not_a_number": ["records[1].value (line 28): 'three' is neither a number nor a fraction such as \"1/7\""],
    "value_not_finite": ["records[1].value (line 28): a finite number is required"],
    "fraction_needs_percent": [
        'records[1].value (line 28): a fraction value is a share of a whole and needs unit = "percent"',
        'records[1].value (line 28): a stated fraction stays a fraction in the data (value = "1/7"), '
        "and only a stated fraction may",
    ],
    "share_not_in_percent": ["records[0].unit (line 11): a share is in percent; got 'units'"],
    "growth_not_in_percent": ["records[0].unit (line 11): a growth is in percent; got 'units'"],
    "share_out_of_range": ["records[0].value (line 12): a share must be between 0 and 100 percent; got 125"],
    "target_value_without_stated": ["records[1].stated (line 28): a target with a value needs the figure as stated"],
    "stated_unreadable": ["records[1].stated (line 28): '一批' is not a figure this tool can read"],
    "value_mismatch": ["records[1].value (line 29): 30 does not match the stated '3' (which reads as 3)"],
    "fraction_typed_by_hand": [
        'records[0].value (line 12): a stated fraction stays a fraction in the data (value = "1/7"), '
        "and only a stated fraction may"
    ],
    "qualifier_contradicts_stated": [
        "records[0].qualifier (line 12): 'exact' contradicts the stated '约1/4' (which reads as 'approx')"
    ],
    "unit_contradicts_stated": [
        "records[1].unit (line 28): 'plants' contradicts the stated '3倍' (which reads as 'times')"
    ],
    # dates and deadlines
    "impossible_date": ["records[2].date (line 44): '2023-02-30' is not a real date (YYYY-MM-DD)"],
    "event_stated_not_a_date": ["records[2].stated (line 43): '2023年2月30日' is not a real date"],
    "date_contradicts_stated": ["records[2].date (line 44): 2023-05-02 does not match the stated '2023年5月1日'"],
    "deadline_out_of_range": ["records[1].deadline (line 28): 2201 is not a plausible year"],
    # outcomes
    "outcome_outside_set": ["records[1].outcome.status (line 29): must be one of met, missed; got 'halfway'"],
    "outcome_missing_field": ["records[1].outcome.quote (line 28): missing required field"],
    "outcome_unknown_source": ["records[1].outcome.source (line 28): unknown source 'tabloid'"],
    # across records
    "duplicate_id": ["records[1].id (line 29): duplicate id 'widgets' (also records[0])"],
    "shared_alias": [
        "records[1].aliases (line 29): 'Ｗｉｄｇｅｔ' also names record 'widgets' "
        "(both read 'widget' once case, width, spacing, word order and plurals are folded)"
    ],
    "shared_wording": [
        "records[1].aliases (line 28): 'the widgets of' also names record 'widgets' (both read 'widget' once case, "
        "width, spacing, word order and plurals are folded)"
    ],
    "broader_names_record": [
        "records[0].broader[0] (line 11): 'Widget' names record 'widgets'; a broader term must not"
    ],
    "unknown_related": ["records[2].related (line 44): unknown record id 'nothing_here'"],
    "short_name_too_long": [
        "records[0].short_name_zh (line 12): must fit 36 terminal cells (a Chinese character is 2)"
    ],
    "short_name_not_shorter": [
        "records[0].short_name (line 12): must be shorter than name (it stands in for it in narrow tables)"
    ],
    # a record's parts (docs/dataset-format.md), which the resolver reads questions against
    "about_unknown_field": [
        "records[0].about.measure (line 11): unknown field (allowed: subject, qualifiers, also, scope, period)"
    ],
    "about_subject_missing": [
        "records[0].about.subject (line 11): is required: the wordings of the thing the figure is about"
    ],
    "about_wording_without_words": [
        "records[0].about.subject[1] (line 11): must be a wording of at least one word",  # 的 is a small word
        "records[0].about.also (line 11): must be an array of wordings",
        "records[0].about.scope[1] (line 11): must be a wording of at least one word",  # 7, not a string
        "records[0].about.qualifiers[0] (line 11): must hold at least one wording",
        "records[0].about.qualifiers[1][0] (line 11): must be a wording of at least one word",  # "-"
    ],
    "about_qualifiers_not_lists": ["records[0].about.qualifiers (line 11): must be an array of arrays of wordings"],
    # Two records with the same parts: each one's description, in either language, answers both.
    "description_answers_another": [
        "records[0].about (line 11): its description '2023年占比小部件' answers widgets, widget_units, "
        "not this record alone",
        "records[0].about (line 11): its description '2023 share widget' answers widgets, widget_units, "
        "not this record alone",
        "records[1].about (line 31): its description '2023年占比小部件' answers widgets, widget_units, "
        "not this record alone",
        "records[1].about (line 31): its description '2023 share widget' answers widgets, widget_units, "
        "not this record alone",
    ],
    "broader_answers_by_parts": [
        "records[0].broader[0] (line 11): 'gizmos' answers record 'widget_units' by its parts; it must not"
    ],
}


def test_every_fixture_is_pinned() -> None:
    on_disk = {path.stem for path in INVALID.glob("*.toml")} - {"many_problems"}
    assert on_disk == set(RULES)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_reports_exactly_its_problems(rule: str) -> None:
    with pytest.raises(DatasetInvalid) as caught:
        load(INVALID / f"{rule}.toml")
    assert [str(problem) for problem in caught.value.problems] == RULES[rule]
    count = len(RULES[rule])
    assert str(caught.value) == f"invalid dataset {INVALID / rule}.toml: {count} problem{'s' * (count > 1)}"


def test_the_author_reads_every_problem_on_stderr(szfacts: Invoke) -> None:
    path = INVALID / "source_missing_field.toml"
    run = szfacts("validate", str(path))
    assert (run.code, run.stdout) == (65, "")
    assert run.stderr.splitlines() == [
        f"szfacts: error: invalid dataset {path}: 4 problems",
        *(f"szfacts:   {line}" for line in RULES["source_missing_field"]),
    ]


def test_the_fixtures_differ_from_the_valid_dataset_only_in_their_rule() -> None:
    # The control: the dataset every fixture is cut from is valid, so each fixture's problems are its own edit's.
    dataset = load(FIXTURES / "valid" / "minimal.toml")
    assert isinstance(dataset, Dataset) and [r.id for r in dataset.records] == [
        "widgets",
        "gadgets_target",
        "launch_2023_05_01",
    ]


# ---------------------------------------------------------------------------------------------- boundaries


def _verdict(edit: dict[str, Any], record: int = 0) -> list[str]:
    """The problems of the minimal dataset with one record's fields replaced (None deletes a field)."""
    raw = copy.deepcopy(MINIMAL)
    for name, value in edit.items():
        if value is None:
            raw["records"][record].pop(name, None)
        else:
            raw["records"][record][name] = value
    try:
        validate(raw, "edited")
    except DatasetInvalid as error:
        return [str(problem) for problem in error.problems]
    return []


def _id_problem(record_id: str) -> str:
    return f"records[0].id: {record_id!r} must be 1 to 64 lowercase ASCII letters, digits and _, starting with a letter"


@pytest.mark.parametrize("record_id", ["w", "w" * 64, "w_2", "a0"])
def test_ids_that_are_allowed(record_id: str) -> None:
    assert _verdict({"id": record_id}) == []


@pytest.mark.parametrize("record_id", ["w" * 65, "widgets\n", "2widgets", "_widgets", "Widgets", "wid-gets", "wídgets"])
def test_ids_that_are_refused(record_id: str) -> None:
    assert _verdict({"id": record_id}) == [_id_problem(record_id)]


def _share(percent: int) -> dict[str, Any]:
    return {"stated": f"{percent}%", "value": percent, "qualifier": "exact", "quote": f"小部件占全球产量{percent}%"}


@pytest.mark.parametrize("percent", [0, 100])
def test_a_share_may_be_0_or_100_percent(percent: int) -> None:
    assert _verdict(_share(percent)) == []


def test_a_share_over_100_percent_is_refused() -> None:
    assert _verdict(_share(101)) == ["records[0].value: a share must be between 0 and 100 percent; got 101"]


def test_a_negative_share_is_refused() -> None:
    # A stated form cannot be negative, so the stated form's own problems come with it.
    problems = _verdict({"value": -5, "stated": "-5%", "qualifier": "exact", "quote": "小部件占全球产量-5%"})
    assert problems == [
        "records[0].value: a share must be between 0 and 100 percent; got -5",
        "records[0].stated: '-5%' is not a figure this tool can read",
    ]


def test_a_growth_may_exceed_100_percent() -> None:
    assert _verdict({"kind": "growth", **_share(130), "scope": None, "scope_zh": None}) == []


@pytest.mark.parametrize("year", [1900, 2200])
def test_deadlines_at_the_limits_are_plausible(year: int) -> None:
    assert _verdict({"deadline": year}, record=1) == []


@pytest.mark.parametrize("year", [1899, 2201, -2025, 0])
def test_deadlines_beyond_the_limits_are_refused(year: int) -> None:
    assert _verdict({"deadline": year}, record=1) == [f"records[1].deadline: {year} is not a plausible year"]


def test_a_date_may_be_a_toml_date_or_an_iso_string() -> None:
    assert _verdict({"date": date(2023, 5, 1)}, record=2) == []
    assert _verdict({"date": "2023-05-01"}, record=2) == []


def test_an_iso_stated_date_is_read_too() -> None:
    edit = {"stated": "2023-05-01", "quote": "2023-05-01召开启动会"}
    assert _verdict(edit, record=2) == []
    assert _verdict({**edit, "date": "2023-05-02"}, record=2) == [
        "records[2].date: 2023-05-02 does not match the stated '2023-05-01'"
    ]


@pytest.mark.parametrize("field", ["date", "name", "period"])
def test_a_date_time_is_never_taken_for_a_date_or_a_string(field: str) -> None:
    expected = "a date or a string" if field == "date" else "a string"
    assert _verdict({field: datetime(2023, 5, 1, 9, 30)}, record=2) == [
        f"records[2].{field}: must be {expected}, not a date-time"
    ]


@pytest.mark.parametrize(("alias", "index"), [(" ", 1), ("", 1), ("\u3000\t", 1), (7, 1)])
def test_blank_or_non_text_aliases_are_refused(alias: object, index: int) -> None:
    assert _verdict({"aliases": ["widget", alias]}) == [f"records[0].aliases[{index}]: must be a non-empty string"]


def test_a_value_on_a_target_needs_its_unit_and_qualifier() -> None:
    together = "records[1]: value, unit and qualifier go together: give all three or none"
    assert _verdict({"unit": None}, record=1) == [together]
    assert _verdict({"value": None, "stated": None}, record=1) == [together]
    # none of the three is fine: a target may state no figure at all ("一批")
    assert _verdict({"value": None, "unit": None, "qualifier": None, "stated": None}, record=1) == []


def test_each_percent_kind_is_named_in_its_message() -> None:
    edit = {"kind": "growth", "stated": "25", "value": 25, "unit": "units", "qualifier": "exact", "quote": "产量25"}
    assert _verdict(edit) == ["records[0].unit: a growth is in percent; got 'units'"]
    # a count may be in any unit
    assert _verdict({**edit, "kind": "count", "scope": None, "scope_zh": None}) == []


def test_units_the_stated_form_implies_are_checked_for_every_suffix() -> None:
    for stated, implied in (("3倍", "times"), ("3元", "yuan"), ("3%", "percent"), ("第三", "rank")):
        edit = {"stated": stated, "quote": f"建成{stated}"}
        assert _verdict(edit, record=1) == [
            f"records[1].unit: 'plants' contradicts the stated '{stated}' (which reads as '{implied}')"
        ], stated


def test_an_outcome_with_a_known_source_is_kept() -> None:
    raw = copy.deepcopy(MINIMAL)
    raw["records"][1]["outcome"] = {"status": "met", "quote": "建成3个", "source": "paper"}
    outcome = validate(raw, "edited").by_id["gadgets_target"].outcome
    assert outcome is not None and (outcome.status, outcome.source.id) == ("met", "paper")


def test_an_outcome_must_be_a_table_of_strings() -> None:
    assert _verdict({"outcome": {"status": "met", "quote": 1, "source": "paper", "when": "2025"}}, record=1) == [
        "records[1].outcome.when: unknown field",
        "records[1].outcome.quote: must be a string, not an integer",
    ]


def test_sources_must_be_a_non_empty_array_of_tables() -> None:
    for sources in ([], "paper", None):
        raw = copy.deepcopy(MINIMAL)
        raw["sources"] = sources
        with pytest.raises(DatasetInvalid) as caught:
            validate(raw, "edited")
        assert str(caught.value.problems[0]) == "sources: must be a non-empty array of tables ([[sources]])"
    raw = copy.deepcopy(MINIMAL)
    raw["sources"].append("paper")
    with pytest.raises(DatasetInvalid) as caught:
        validate(raw, "edited")
    assert [str(p) for p in caught.value.problems] == ["sources[1]: must be a table"]


@pytest.mark.parametrize("records", [[], "widgets", None, {}])
def test_records_must_be_a_non_empty_array_of_tables(records: object) -> None:
    raw = copy.deepcopy(MINIMAL)
    raw["records"] = records
    with pytest.raises(DatasetInvalid) as caught:
        validate(raw, "edited")
    assert [str(p) for p in caught.value.problems] == ["records: must be a non-empty array of tables ([[records]])"]


def test_problems_point_at_lines_only_when_every_record_header_was_found() -> None:
    text = (INVALID / "unknown_kind.toml").read_text(encoding="utf-8")
    with pytest.raises(DatasetInvalid) as caught:
        parse(text, "x")
    assert caught.value.problems[0].line == 12
    # A header-like line inside a multi-line string is no record: rather no line numbers than wrong ones.
    misleading = text.replace('kind = "opinion"', 'kind = "opinion"\nnote = """\n[[records]]\n"""', 1)
    with pytest.raises(DatasetInvalid) as caught:
        parse(misleading, "x")
    assert [str(p) for p in caught.value.problems] == [
        "records[0].kind: must be one of share, growth, count, money, ratio, rank, target, event; got 'opinion'"
    ]


def test_nesting_too_deep_to_parse() -> None:
    with pytest.raises(DatasetInvalid) as caught:
        parse("x = " + "[" * 100_000 + "]" * 100_000, "deep")
    assert caught.value.problems == (Problem("", "nesting too deep to parse"),)
    assert str(caught.value) == "invalid dataset deep: 1 problem"


# ---------------------------------------------------------------------------------------------- TOML syntax


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # tomli (the parser since the scale work) gives the end of the document as a line and column
        ("a = [1,", Problem("", "TOML syntax: Invalid value", line=1, column=8)),
        ('a = "x', Problem("", "TOML syntax: Unterminated string", line=1, column=7)),
        # leading blank lines count: line numbers are the file's own
        ("\n\nformat = 1\nformat = 2\n", Problem("", "TOML syntax: Cannot overwrite a value", line=4, column=11)),
    ],
)
def test_toml_syntax_problems(text: str, problem: Problem) -> None:
    with pytest.raises(DatasetInvalid) as caught:
        parse(text, "syntax")
    assert caught.value.problems == (problem,)
    assert str(caught.value) == "invalid dataset syntax: 1 problem"


def test_toml_errors_that_carry_their_position() -> None:
    # Python 3.14's tomllib (and tomli 2.1+) give the position as attributes; older ones only in the message.
    try:
        tomllib.loads("a = [1\nb = 2")
    except tomllib.TOMLDecodeError as caught:
        error = caught
    # The attributes win over the text (which tomllib may word differently from its `msg`).
    error.msg, error.lineno, error.colno = "Unclosed array of numbers", 3, 7  # type: ignore[attr-defined]
    assert _toml_problem(error) == Problem("", "TOML syntax: Unclosed array of numbers", line=3, column=7)
    assert _toml_problem(ValueError("Bad value (at line 2, column 5)")) == Problem(
        "", "TOML syntax: Bad value", line=2, column=5
    )
    assert _toml_problem(ValueError("Bad value")) == Problem("", "TOML syntax: Bad value", line=None, column=None)


def test_record_lines_count_from_the_first_line() -> None:
    text = "\n[[records]]\nid = 1\n\n  [[ records ]]\n[records.x]\n"
    assert _record_lines(text) == [2, 5]
    assert _record_lines("[[records]]\n[[records]]") == [1, 2]


# ---------------------------------------------------------------------------------------------- types


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (time(7, 30), "a time"),  # TOML's local time
        (1.5, "a float"),
        (["2025"], "an array"),
        ({"year": 2025}, "a table"),
        (date(2025, 1, 1), "a date"),
        ((2025,), "tuple"),  # not TOML: a caller's own document is named by its Python type
    ],
)
def test_a_wrong_type_is_named_as_the_author_wrote_it(value: object, named: str) -> None:
    assert _verdict({"deadline": value}, record=1) == [f"records[1].deadline: must be an integer, not {named}"]


def test_a_figure_kind_missing_its_unit_is_told_so_once() -> None:
    # The "go together" rule is for the kinds where a value is optional; a share must have all three anyway.
    assert _verdict({"unit": None}) == [
        "records[0].unit: missing required field for kind 'share'",
        'records[0].value: a fraction value is a share of a whole and needs unit = "percent"',
    ]


def test_a_value_on_an_event_is_refused() -> None:
    assert _verdict({"value": 3}, record=2) == [
        "records[2].value: not allowed on a record of kind 'event'",
        "records[2]: value, unit and qualifier go together: give all three or none",
        "records[2].stated: '2023年5月1日' is not a figure this tool can read",
    ]


def test_every_field_reaches_the_record() -> None:
    raw = copy.deepcopy(MINIMAL)
    raw["records"][0].update(note="A note.", note_zh="注释。")
    raw["records"][1]["outcome"] = {"status": "missed", "quote": "未建成", "source": "paper"}
    dataset = validate(raw, "edited")
    paper = Source("paper", "Example Daily", "示例日报", "2024", "2024年")
    assert dataset.sources == (paper,)
    assert dataset.origin == "edited"
    assert dataset.records == (
        Record(
            id="widgets",
            kind="share",
            name="Widgets",
            name_zh="小部件",
            aliases=("widget",),
            period="2023",
            period_zh="2023年",
            source=paper,
            quote="小部件占全球产量约1/4",
            stated="约1/4",
            quantity=(25, 1),
            unit="percent",
            qualifier="approx",
            scope="global output",
            scope_zh="全球产量",
            note="A note.",
            note_zh="注释。",
        ),
        Record(
            id="gadgets_target",
            kind="target",
            name="Gadget plants by 2025",
            name_zh="小工具工厂",
            aliases=(),
            period="by 2025",
            period_zh="到2025年",
            source=paper,
            quote="到2025年建成3个小工具工厂",
            stated="3",
            quantity=(3, 1),
            unit="plants",
            qualifier="exact",
            deadline=2025,
            outcome=Outcome("missed", "未建成", paper),
        ),
        Record(
            id="launch_2023_05_01",
            kind="event",
            name="Launch meeting",
            name_zh="启动会",
            aliases=(),
            period="2023-05-01",
            period_zh="2023年5月1日",
            source=paper,
            quote="2023年5月1日召开启动会",
            stated="2023年5月1日",
            date=date(2023, 5, 1),
            related=("gadgets_target",),
        ),
    )


def test_a_date_written_as_a_string_becomes_a_date() -> None:
    raw = copy.deepcopy(MINIMAL)
    raw["records"][2]["date"] = "2023-05-01"
    assert validate(raw, "edited").by_id["launch_2023_05_01"].date == date(2023, 5, 1)


def test_a_bad_source_does_not_hide_the_sources_after_it() -> None:
    good = MINIMAL["sources"][0]
    for bad, problem in (
        ("paper", "sources[0]: must be a table"),
        ({**good, "id": 7}, "sources[0].id: must be a string, not an integer"),
    ):
        raw = copy.deepcopy(MINIMAL)
        raw["sources"] = [bad, good, {**good, "publication": None}]
        with pytest.raises(DatasetInvalid) as caught:
            validate(raw, "edited")
        # the source after the bad one is still read (the records find "paper"), and so is the one after that
        assert [str(p) for p in caught.value.problems] == [
            problem,
            "sources[2].publication: must be a string, not NoneType",
        ]


@pytest.mark.parametrize(
    ("field", "short", "full"), [("short_name", "Widgets", "name"), ("short_name_zh", "小部件", "name_zh")]
)
def test_a_short_name_as_long_as_the_name_is_refused(field: str, short: str, full: str) -> None:
    assert _verdict({field: short}) == [
        f"records[0].{field}: must be shorter than {full} (it stands in for it in narrow tables)"
    ]
    assert _verdict({field: short[:-1]}) == []  # one cell shorter is enough


def test_blank_broader_terms_and_related_ids_are_refused() -> None:
    assert _verdict({"broader": ["gizmos", " "]}) == ["records[0].broader[1]: must be a non-empty string"]
    assert _verdict({"related": ["widgets", ""]}, record=1) == ["records[1].related[1]: must be a non-empty string"]


def test_a_value_that_is_an_array_is_told_what_it_is() -> None:
    # Arrays cannot be remembered by the cache of read values; they still get their own message.
    assert _verdict({"value": [70]}) == [
        "records[0].value: must be an integer or a float or a string, not an array",
        'records[0].value: a number or a fraction such as "1/7" is required, not list',
    ]


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ({"colour": "red"}, "colour: unknown field"),
        ({"deadline": 2025}, "deadline: not allowed on a record of kind 'share'"),
        ({"name": 7}, "name: must be a string, not an integer"),
        ({"scope": None}, "scope: missing required field for kind 'share'"),
        ({"aliases": ["  "]}, "aliases[0]: must be a non-empty string"),
        ({"note": "\t"}, "note: must not be empty"),
    ],
)
def test_every_record_of_one_shape_is_told_its_problem(edit: dict[str, Any], problem: str) -> None:
    # Records of one shape (kind, fields and their types) are checked once when clean: a record with a problem
    # must not make the next of its shape pass unchecked, nor a clean one hide the problem of a later one.
    raw = copy.deepcopy(MINIMAL)
    first = raw["records"][0]
    clean = {**first, "id": "sprockets", "name": "Sprockets", "name_zh": "链轮", "aliases": ["sprocket"]}
    broken = [
        {**first, "id": rid, "name": rid.title(), "name_zh": zh, "aliases": [rid]}
        for rid, zh in (("cogs", "齿轮"), ("gears", "齿轮组"))
    ]
    for record in broken:
        for name, value in edit.items():
            if value is None:
                record.pop(name)
            else:
                record[name] = value
    raw["records"][1:1] = [clean, *broken]
    with pytest.raises(DatasetInvalid) as caught:
        validate(raw, "edited")
    assert [str(p) for p in caught.value.problems] == [f"records[{n}].{problem}" for n in (2, 3)]


@pytest.mark.parametrize(("field", "where"), [("note", "note"), ("aliases", "aliases[1]")])
def test_a_string_may_be_as_long_as_the_limit_and_no_longer(field: str, where: str) -> None:
    def value(length: int) -> object:
        return ["widget", "y" * length] if field == "aliases" else "y" * length

    assert _verdict({field: value(MAX_STRING)}) == []
    assert _verdict({field: value(MAX_STRING + 1)}) == [
        f"records[0].{where}: is {MAX_STRING + 1:,} characters long; the limit is {MAX_STRING:,}"
    ]


# A record with a blank string takes the field-by-field checks (the common one is told clean in one pass): the
# limits must hold there too.
@pytest.mark.parametrize(
    ("edit", "record", "where"),
    [
        ({"name": "y"}, 0, "name"),
        ({"aliases": ["widget", "y"]}, 0, "aliases[1]"),
        ({"outcome": {"status": "met", "quote": "y", "source": "paper"}}, 1, "outcome.quote"),
    ],
)
def test_the_length_limit_on_a_record_checked_field_by_field(edit: dict[str, Any], record: int, where: str) -> None:
    def at(length: int) -> dict[str, Any]:
        grown = copy.deepcopy(edit)
        for value in grown.values():
            if isinstance(value, list):
                value[-1] *= length
            elif isinstance(value, dict):
                value["quote"] *= length
        return {name: (value * length if isinstance(value, str) else value) for name, value in grown.items()}

    blank = f"records[{record}].note: must not be empty"
    assert _verdict({"note": "", **at(MAX_STRING)}, record=record) == [blank]
    assert _verdict({"note": "", **at(MAX_STRING + 1)}, record=record) == [
        blank,
        f"records[{record}].{where}: is {MAX_STRING + 1:,} characters long; the limit is {MAX_STRING:,}",
    ]


def test_a_string_over_the_limit_is_the_one_problem_of_its_record() -> None:
    # The other rules would read the huge value: they do not run (the bad id is not reported).
    assert _verdict({"note": "y" * (MAX_STRING + 1), "id": "Bad"}) == [
        f"records[0].note: is {MAX_STRING + 1:,} characters long; the limit is {MAX_STRING:,}"
    ]


def test_numbers_and_short_names_on_a_record_checked_field_by_field() -> None:
    assert _verdict({"note": "", "stated": "1" * 31, "quote": "1" * 31}) == [
        "records[0].note: must not be empty",
        "records[0].stated: has 31 digits; the limit is 30",
    ]
    assert _verdict({"note": "", "short_name": "Widgets"}) == [
        "records[0].note: must not be empty",
        "records[0].short_name: must be shorter than name (it stands in for it in narrow tables)",
    ]


def test_problems_beyond_the_kept_ones_are_counted() -> None:
    raw = copy.deepcopy(MINIMAL)
    for n in range(150):
        raw["records"][0][f"colour_{n}"] = "red"
    with pytest.raises(DatasetInvalid) as caught:
        validate(raw, "edited")
    assert (caught.value.total, len(caught.value.problems)) == (150, 100)
    assert str(caught.value) == "invalid dataset edited: 150 problems"
    assert caught.value.details()[-1] == "… and 50 more problems"


def test_a_long_path_is_cut_in_a_problem() -> None:
    [problem] = _verdict({"x" * 1000: 1})
    where, message = problem.rsplit(": ", 1)
    assert (len(where), where[-1], message) == (300, "…", "unknown field")


def test_numbers_of_thirty_digits_are_read_and_longer_ones_are_the_one_problem() -> None:
    thirty, many = "1" * 30, "1" * 31
    # Thirty digits are read (the figure is then checked like any other: here far over 100 percent).
    problems = _verdict({"stated": f"{thirty}%", "value": int(thirty), "quote": f"占{thirty}%", "qualifier": "exact"})
    assert problems == ["records[0].value: a share must be between 0 and 100 percent; got 1.11111e+29"]
    assert _verdict({"stated": f"{many}%", "quote": f"占{many}%"}) == [
        "records[0].stated: has 31 digits; the limit is 30"
    ]
    # Too many digits stop the record's other checks (the bad id is not reported).
    assert _verdict({"value": f"{many}/7", "id": "Bad"}) == ["records[0].value: has more than 30 digits"]
    assert _verdict({"value": 10**30, "id": "Bad"}) == ["records[0].value: is too large: more than 30 digits"]
    assert "is too large" not in " ".join(_verdict({"value": 10**30 - 1}))
    assert _verdict({"value": thirty}) == [  # thirty digits are read, and found to be no fraction
        f'records[0].value: {thirty!r} is neither a number nor a fraction such as "1/7"'
    ]
    # A fraction of thirty digits in all (longer than thirty characters) is read too: it is the digits that count.
    assert not any("digits" in problem for problem in _verdict({"value": f"{'1' * 29}/7"}))


def test_a_number_too_long_for_python_is_one_problem_of_the_file() -> None:
    with pytest.raises(DatasetInvalid) as caught:
        parse("format = 1\nx = " + "1" * 5000 + "\n", "long.toml")
    assert str(caught.value) == "invalid dataset long.toml: 1 problem"
    assert caught.value.problems == (
        Problem(
            "",
            "TOML: a number too long to read (Exceeds the limit (4300 digits) for integer string conversion: "
            "value has 5000 digits)",
            line=2,  # issue 22 #6: the file's line and column, which Python's error does not give
            column=5,
        ),
    )


def test_the_record_header_count_stops_one_past_the_limit() -> None:
    assert _check_record_headers("[[records]]\n" * MAX_RECORDS) is None
    assert _check_record_headers("[[x]]\n" * (MAX_RECORDS + 1)) is None  # many "[[", but not record headers
    assert _check_record_headers("[[records]]\n" * MAX_RECORDS + "[[x]]\n") is None  # counted, and at the limit
    assert str(_check_record_headers("[[ records ]]\n" * (MAX_RECORDS + 1))) == (
        "records: more than 1,000,000 records ([[records]] tables); the limit is 1,000,000"
    )


def test_a_valid_dataset_carries_its_records_as_written_and_their_keys() -> None:
    raw = copy.deepcopy(MINIMAL)
    raw["records"][0].update(short_name="Widg.", short_name_zh="部件")
    dataset = validate(raw, "edited")
    widgets = dataset.records[0]
    assert (widgets.short_name, widgets.short_name_zh, dataset.origin) == ("Widg.", "部件", "edited")
    assert dataset.keys == build_keys(dataset.records)  # every record's keys, not only the first's
    text = (FIXTURES / "valid" / "minimal.toml").read_text(encoding="utf-8")
    assert parse(text, "minimal.toml").origin == "minimal.toml"


def test_too_many_records_in_one_array_are_refused_before_any_is_read() -> None:
    raw = copy.deepcopy(MINIMAL)
    raw["records"] = [{}] * (MAX_RECORDS + 1)
    with pytest.raises(DatasetInvalid) as caught:
        validate(raw, "edited")
    assert str(caught.value) == "invalid dataset edited: 1 problem"
    assert [str(p) for p in caught.value.problems] == ["records: 1,000,001 records; the limit is 1,000,000"]


def test_a_broader_term_of_a_later_record_is_checked_too() -> None:
    # The records before it have no broader terms: the check goes on past them.
    assert _verdict({"broader": ["Widget"]}, record=2) == [
        "records[2].broader[0]: 'Widget' names record 'widgets'; a broader term must not"
    ]


_PARTS = {"subject": ["小部件", "widget"], "scope": ["全球产量", "global output"], "period": ["2023", "2023年"]}


def test_a_wording_of_a_records_parts_may_be_as_long_as_a_name_and_no_longer() -> None:
    from shenzhen_facts.store.validate import MAX_NAME

    longest = "widget " + "w" * (MAX_NAME - 7)
    assert _verdict({"about": {**_PARTS, "subject": ["小部件", longest]}}) == []
    assert _verdict({"about": {**_PARTS, "subject": ["小部件", longest + "w"]}}) == [
        f"records[0].about.subject[1]: is longer than {MAX_NAME} characters"
    ]


def test_problems_of_parts_beyond_the_kept_ones_are_counted() -> None:
    # 51 records with the same parts: each one's description, in either language, answers all of them.
    raw = copy.deepcopy(MINIMAL)
    share = raw["records"][0]
    raw["records"] = [
        {**share, "id": f"widgets_{n}", "name": f"Widgets {n}", "name_zh": f"小部件{n}", "aliases": [], "about": _PARTS}
        for n in range(51)
    ]
    with pytest.raises(DatasetInvalid) as caught:
        validate(raw, "edited")
    assert (caught.value.total, len(caught.value.problems)) == (102, 100)
    assert str(caught.value) == "invalid dataset edited: 102 problems"
    assert str(caught.value.problems[0]).startswith("records[0].about: its description '2023年占比小部件' answers")


@pytest.mark.skipif(not hasattr(sys, "set_int_max_str_digits"), reason="Python 3.10 reads integers of any length")
def test_the_line_and_column_of_a_number_too_long_follow_pythons_own_limit() -> None:
    # One digit past the limit in force (here lowered to Python's least, 640), on the fourth line after a
    # string of one digit fewer than the limit: the place given is the number's, found by that limit.
    text = "\n# a note\na = '" + "9" * 639 + "'\nx = " + "1" * 641 + "\ny = 1\n"
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        with pytest.raises(DatasetInvalid) as caught:
            parse(text, "long.toml")
    finally:
        sys.set_int_max_str_digits(before)
    assert [(problem.line, problem.column) for problem in caught.value.problems] == [(4, 5)]
    sys.set_int_max_str_digits(640)
    try:  # the only line break before the number is the file's first character
        with pytest.raises(DatasetInvalid) as caught:
            parse("\nx = " + "1" * 641 + "\n", "long.toml")
    finally:
        sys.set_int_max_str_digits(before)
    assert [(problem.line, problem.column) for problem in caught.value.problems] == [(2, 5)]


def _parted(about: dict[str, Any], count: int) -> list[str]:
    """The problems of `count` share records that differ in their names alone and have these parts."""
    raw = copy.deepcopy(MINIMAL)
    share = raw["records"][0]
    raw["records"] = [
        {**share, "id": f"w{n}", "name": f"W {n}", "name_zh": f"小部件{n}", "aliases": [], "about": about}
        for n in range(count)
    ]
    try:
        validate(raw, "edited")
    except DatasetInvalid as error:
        return [str(problem) for problem in error.problems]
    return []


def test_a_description_is_checked_in_each_language_its_parts_give_it() -> None:
    # Parts worded in English alone: the English description is checked, the Chinese one cannot be made.
    assert _parted({"subject": ["widget"], "period": ["2023"]}, 2) == [
        "records[0].about: its description '2023 share widget' answers w0, w1, not this record alone",
        "records[1].about: its description '2023 share widget' answers w0, w1, not this record alone",
    ]


def test_a_description_that_answers_no_record_says_so() -> None:
    # "global" and "output" make the vocabulary's "global output", a scope: the subject is never said.
    parts = {"subject": ["output", "产量"], "qualifiers": [["global", "全球"]], "period": ["2023", "2023年"]}
    assert _parted(parts, 1) == [
        "records[0].about: its description '2023年占比全球产量' answers no record, not this record alone",
        "records[0].about: its description '2023 share global output' answers no record, not this record alone",
    ]
