"""Validation is bounded in time and memory on any input: caps on records, strings, digits and problems listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Invoke
from shenzhen_facts.store import validate

HEADER = """format = 1
[[sources]]
id = "s"
publication = "P"
publication_zh = "P"
published = "2024"
published_zh = "2024年"
"""


def record(**fields: str) -> str:
    base = {
        "id": '"widgets"',
        "kind": '"count"',
        "name": '"Widgets"',
        "name_zh": '"小部件"',
        "stated": '"5"',
        "value": "5",
        "unit": '"items"',
        "qualifier": '"exact"',
        "period": '"2023"',
        "period_zh": '"2023年"',
        "source": '"s"',
        "quote": '"小部件5个"',
    }
    base.update(fields)
    return "[[records]]\n" + "".join(f"{key} = {value}\n" for key, value in base.items())


def dataset(tmp_path: Path, text: str) -> str:
    path = tmp_path / "data.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_template_is_valid(szfacts: Invoke, tmp_path: Path) -> None:
    run = szfacts("validate", dataset(tmp_path, HEADER + record()))
    assert run.code == 0, run


HOSTILE_NUMBERS = {
    "a 5,000-digit stated": (
        {"stated": '"' + "1" * 5000 + '"', "quote": '"' + "1" * 5000 + '"'},
        "records[0].stated (line 8): has 5,000 digits; the limit is 30",
    ),
    "a 400-digit value": ({"value": "1" * 400}, "records[0].value (line 8): is too large: more than 30 digits"),
    "a 400-digit share": (
        {"kind": '"share"', "unit": '"percent"', "value": "9" * 400, "scope": '"x"', "scope_zh": '"x"'},
        "records[0].value (line 8): is too large: more than 30 digits",
    ),
    "a 400-digit value matching its stated": (
        {"stated": '"' + "7" * 400 + '"', "quote": '"' + "7" * 400 + '"', "value": "7" * 400},
        "records[0].stated (line 8): has 400 digits; the limit is 30",
    ),
    "a 5,000-digit integer": ({"value": "1" * 5000}, "TOML: a number too long to read"),
    "a 5,000-digit fraction string": (
        {"value": '"1/' + "7" * 5000 + '"'},
        "records[0].value (line 8): has more than 30",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_NUMBERS))
def test_hostile_numbers_are_invalid_data_not_a_crash(szfacts: Invoke, tmp_path: Path, case: str) -> None:
    fields, phrase = HOSTILE_NUMBERS[case]
    run = szfacts("validate", dataset(tmp_path, HEADER + record(**fields)))
    assert (run.code, run.stdout) == (65, ""), run
    assert phrase in run.stderr
    assert "internal error" not in run.stderr and len(run.stderr) < 2000


def test_a_5mb_name_is_refused_in_one_short_line(szfacts: Invoke, tmp_path: Path) -> None:
    run = szfacts("share", "--data", dataset(tmp_path, HEADER + record(name='"' + "W" * 5_000_000 + '"')))
    assert (run.code, run.stdout) == (65, "")
    assert "records[0].name (line 8): is 5,000,000 characters long; the limit is 10,000" in run.stderr
    assert len(run.stderr) < 1000


def test_a_long_source_field_is_refused(szfacts: Invoke, tmp_path: Path) -> None:
    text = HEADER.replace('publication = "P"', 'publication = "' + "P" * 20_000 + '"') + record()
    run = szfacts("validate", dataset(tmp_path, text))
    assert run.code == 65 and "sources[0].publication: is 20,000 characters long" in run.stderr


def test_a_long_outcome_quote_is_refused(szfacts: Invoke, tmp_path: Path) -> None:
    fields = {
        "kind": '"target"',
        "deadline": "2025",
        "outcome": '{status = "met", quote = "' + "q" * 10_001 + '", source = "s"}',
    }
    run = szfacts("validate", dataset(tmp_path, HEADER + record(**fields)))
    assert run.code == 65 and "records[0].outcome.quote (line 8): is 10,001 characters long" in run.stderr


def test_a_huge_value_is_quoted_not_dumped_in_a_problem(szfacts: Invoke, tmp_path: Path) -> None:
    run = szfacts("validate", dataset(tmp_path, HEADER + record(kind='"' + "k" * 9000 + '"')))
    assert run.code == 65
    assert max(len(line) for line in run.stderr.splitlines()) < 400


# One cache mode: an invalid file is never cached, so the three modes run the same code (and it is the suite's
# heaviest test). No timing is asserted (timings belong to benchmarks/): the bound is on the work and the output.
@pytest.mark.parametrize("cache_mode", ["off"], indirect=True)
def test_6mb_of_empty_records_ends_with_a_bounded_list(szfacts: Invoke, tmp_path: Path) -> None:
    path = dataset(tmp_path, "format = 1\n" + "[[records]]\n" * 500_000)
    run = szfacts("validate", path)  # 45 s, 1.1 GB and 2 million lines before; about 4 s here now
    assert (run.code, run.stdout) == (65, "")
    lines = run.stderr.splitlines()
    assert lines[0] == f"szfacts: error: invalid dataset {path}: 500,001 problems"
    assert len(lines) == 1 + 100 + 1
    assert lines[-1] == "szfacts:   … and 499,901 more problems"


def test_the_record_count_cap_accepts_the_scale_work_and_refuses_a_runaway() -> None:
    assert validate._check_record_count(100_000) is None
    assert validate._check_record_count(validate.MAX_RECORDS) is None
    problem = validate._check_record_count(validate.MAX_RECORDS + 1)
    assert problem is not None and str(problem) == "records: 1,000,001 records; the limit is 1,000,000"


def test_too_many_records_are_refused_before_parsing(
    szfacts: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate, "MAX_RECORDS", 3)

    def never(*args: object) -> None:
        raise AssertionError("parsed a file with too many records")

    monkeypatch.setattr(validate.tomllib, "loads", never)
    run = szfacts("validate", dataset(tmp_path, HEADER + record() * 4))
    assert (run.code, run.stderr) == (
        65,
        f"szfacts: error: invalid dataset {tmp_path / 'data.toml'}: 1 problem\n"
        "szfacts:   records: more than 3 records ([[records]] tables); the limit is 3\n",
    )


def test_too_many_records_in_an_inline_array_are_refused(
    szfacts: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate, "MAX_RECORDS", 3)
    run = szfacts(
        "validate", dataset(tmp_path, HEADER.replace("[[sources]]", "records = [{}, {}, {}, {}]\n[[sources]]"))
    )
    assert run.code == 65 and "records: 4 records; the limit is 3" in run.stderr


@pytest.mark.parametrize("bad_id", ["widgets\\n", "widgets\\n\\n", "\\nwidgets"])
def test_ids_are_matched_whole(szfacts: Invoke, tmp_path: Path, bad_id: str) -> None:
    run = szfacts("validate", dataset(tmp_path, HEADER + record(id=f'"{bad_id}"')))
    assert (
        run.code == 65
        and "records[0].id" in run.stderr
        and "must be 1 to 64 lowercase ASCII letters, digits and _" in run.stderr
    )


@pytest.mark.parametrize("cache_mode", ["off"], indirect=True)
def test_an_invalid_file_is_validated_once(szfacts: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 22 #6: an invalid file was validated twice (the second time for line numbers): a 120 MB file with one
    # bad record took 54 s. Its problems still carry their lines.
    calls: list[str] = []
    real = validate._record

    def counting(item: object, path: str, *args: object) -> object:
        calls.append(path)
        return real(item, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "_record", counting)
    good = record(id='"good"', name='"Good"')
    bad = record(id='"bad"', name='"Bad"', value='"not a number"')
    run = szfacts("validate", dataset(tmp_path, HEADER + good + bad))
    assert run.code == 65 and "records[1].value (line " in run.stderr, run
    assert calls == ["records[0]", "records[1]"]
