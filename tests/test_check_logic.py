"""The verdict logic of core/check.py on its own, fed Understandings by hand (tests/fake_reading.py) so that each
branch is decided by what the resolver reports and nothing else. The table against the real resolver is
tests/test_check_claims.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fake_reading import Difference, FakeIndex, Reading, Understanding

import shenzhen_facts as sz
from shenzhen_facts.core.check import check

RECORDS = sz.load().dataset.by_id
FAKE = FakeIndex(
    RECORDS,
    {
        "consumer drones": ("drones", None),
        "drones": ("drones", "consumer"),
        "无人机": ("drones", "消费级"),
        "net profit": ("byd_net_profit", "byd"),
        "cloud brain": ("pengcheng_cloud_brain_3", None),
    },
)


def verdicts(text: str, understand: Callable[[str], Understanding] = FAKE.understand) -> list[tuple[object, ...]]:
    return [(v.verdict, v.reason, v.record.id if v.record else None, v.stated) for v in check(text, understand)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shenzhen made 70% of the world's consumer drones.", ("supported", None, "drones", "70%")),
        ("Shenzhen made 80% of the world's consumer drones.", ("contradicted", "figure", "drones", "80%")),
        ("Shenzhen made 70 consumer drones.", ("contradicted", "measure", "drones", "70")),
        ("Shenzhen made 70% of the world's drones.", ("contradicted", "scope", "drones", "70%")),
        ("消费级无人机占全球产量七成", ("supported", None, "drones", "七成")),
        ("无人机占全球产量七成", ("contradicted", "scope", "drones", "七成")),
        ("In 2022, consumer drones made 70% of the world's output.", ("contradicted", "period", "drones", "70%")),
        ("Shenzhen's GDP grew 6%.", ("not_in_source", None, None, "6%")),
        ("Consumer drones exports rose 70%.", ("not_in_source", None, None, "70%")),
    ],
)
def test_each_branch(text: str, expected: tuple[object, ...]) -> None:
    assert verdicts(text) == [expected]


def test_a_qualifier_said_earlier_in_the_sentence_carries_over() -> None:
    assert verdicts("BYD's net profit grew 129.47%, and its net profit 129.47%.") == [
        ("supported", None, "byd_net_profit", "129.47%"),
        ("supported", None, "byd_net_profit", "129.47%"),
    ]
    assert verdicts("Revenue grew 57.75%, and its net profit 129.47%.")[1][:2] == ("contradicted", "scope")


def test_a_record_that_states_no_figure_gives_no_verdict() -> None:
    assert verdicts("Cloud Brain 3 will be completed in 2025.") == []


def test_a_measure_difference_is_the_measure() -> None:
    record = RECORDS["nev_production"]
    reading = Reading(record, (Difference("measure", "share", "growth / 增长"),), ())
    assert verdicts("NEV share 125.8%", lambda q: Understanding(q, None, (reading,))) == [
        ("contradicted", "measure", "nev_production", "125.8%")
    ]


def test_period_wins_over_measure_and_scope() -> None:
    record = RECORDS["drones"]
    differs = (Difference("qualifier", "", "消费级 / consumer"), Difference("period", "2022", "2023"))
    reading = Reading(record, differs, ())
    assert verdicts("drones 2022 70%", lambda q: Understanding(q, None, (reading,)))[0][:2] == (
        "contradicted",
        "period",
    )


def test_two_records_that_fit_are_told_apart_by_the_unit_only() -> None:
    share, count = RECORDS["drones"], RECORDS["base_stations_5g"]
    both = (Reading(share, (), ()), Reading(count, (), ()))

    def understand(query: str) -> Understanding:
        return Understanding(query, None, both)

    assert verdicts("things 70%", understand) == [("supported", None, "drones", "70%")]
    assert verdicts("things more than 75,000", understand) == [
        ("supported", None, "base_stations_5g", "more than 75,000")
    ]
    # two percentages fit: the clause is not decided, and never called supported
    growth = RECORDS["nev_production"]
    assert verdicts("NEVs 125.8%", lambda q: Understanding(q, None, (Reading(growth, (), ()), both[0]))) == [
        ("not_in_source", None, None, "125.8%")
    ]


def test_the_resolver_reads_each_phrasing_once() -> None:
    asked: list[str] = []

    def understand(query: str) -> Understanding:
        asked.append(query)
        return FAKE.understand(query)

    text = "Consumer drones 70%. " * 50
    assert len(verdicts(text, understand)) == 50
    assert asked == ["Consumer drones"]


def test_a_clause_that_says_more_is_read_between_its_commas() -> None:
    # the whole clause has words no record accounts for; the part around the figure names the record
    assert verdicts("Consumer drones 70%, a record the city is proud of.") == [("supported", None, "drones", "70%")]
    # but a period said in the clause is heard first: the narrower part would have passed
    assert verdicts("In 2022, consumer drones 70%.")[0][:2] == ("contradicted", "period")


def test_a_period_said_before_the_commas_is_kept_when_only_the_part_between_them_names_the_record() -> None:
    # "consumer drones" alone answers; the clause as a whole reads the same record with another period
    assert verdicts("In 2022 the city said, consumer drones 70%.") == [("contradicted", "period", "drones", "70%")]
    assert verdicts("The city said, consumer drones 70%.") == [("supported", None, "drones", "70%")]
