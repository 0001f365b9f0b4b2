"""Numbers as people write them (core/numbers.py): every form the issue lists, what is not a figure, and the
agreement rules of docs/checking.md against the bundled records."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import shenzhen_facts as sz
from shenzhen_facts.core import numbers

RECORDS = sz.load().dataset.by_id

# text, the expression found, value, unit, hedge
FORMS = [
    ("consumer drones took 70% of output", "70%", 70, "percent", "exact"),
    ("70 per cent of them", "70 per cent", 70, "percent", "exact"),
    ("70 percent", "70 percent", 70, "percent", "exact"),
    ("seventy percent of drones", "seventy percent", 70, "percent", "exact"),
    ("七成", "七成", 70, "percent", "exact"),
    ("六成以上", "六成以上", 60, "percent", "over"),
    ("half of all base stations", "half", 50, "percent", "exact"),
    ("一半", "一半", 50, "percent", "exact"),
    ("a third of it", "a third", Fraction(100, 3), "percent", "exact"),
    ("one in seven phones", "one in seven", Fraction(100, 7), "percent", "exact"),
    ("1 in 8 cars", "1 in 8", Fraction(25, 2), "percent", "exact"),
    ("seven out of ten drones", "seven out of ten", 70, "percent", "exact"),
    ("七分之一", "七分之一", Fraction(100, 7), "percent", "exact"),
    ("1/7 of output", "1/7", Fraction(100, 7), "percent", "exact"),
    ("约1/7", "约1/7", Fraction(100, 7), "percent", "approx"),
    ("约七分之一", "约七分之一", Fraction(100, 7), "percent", "approx"),
    ("about a seventh", "about a seventh", Fraction(100, 7), "percent", "approx"),
    ("an eighth", "an eighth", Fraction(25, 2), "percent", "exact"),
    ("one-seventh", "one-seventh", Fraction(100, 7), "percent", "exact"),
    ("about 14%", "about 14%", 14, "percent", "approx"),
    ("nearly 70%", "nearly 70%", 70, "percent", "approx"),
    ("近七成", "近七成", 70, "percent", "approx"),
    ("more than 60%", "more than 60%", 60, "percent", "over"),
    ("over 75,000", "over 75,000", 75000, None, "over"),
    ("超过60%", "超过60%", 60, "percent", "over"),
    ("超过7.5万个", "超过7.5万个", 75000, None, "over"),
    ("5000余家", "5000余家", 5000, None, "over"),
    ("7.5万", "7.5万", 75000, None, "exact"),
    ("75,000 base stations", "75,000", 75000, None, "exact"),
    ("75k stations", "75k", 75000, None, "exact"),
    ("seventy-five thousand", "seventy-five thousand", 75000, None, "exact"),
    ("1亿元", "1亿元", 100_000_000, "yuan", "exact"),
    ("100 million yuan", "100 million yuan", 100_000_000, "yuan", "exact"),
    ("RMB 100 million", "RMB 100 million", 100_000_000, "yuan", "exact"),
    ("one hundred million yuan", "one hundred million yuan", 100_000_000, "yuan", "exact"),
    ("ten times", "ten times", 10, "times", "exact"),
    ("tenfold", "tenfold", 10, "times", "exact"),
    ("10倍", "10倍", 10, "times", "exact"),
    ("10-fold", "10-fold", 10, "times", "exact"),
    ("ranked first", "first", 1, "rank", "exact"),
    ("No. 1 in sales", "No. 1", 1, "rank", "exact"),
    ("第一", "第一", 1, "rank", "exact"),
    ("BYD ranks second in sales", "second", 2, "rank", "exact"),
    ("名列第二", "第二", 2, "rank", "exact"),
    ("八部门联合发布", "八", 8, None, "exact"),
    ("五大重点任务", "五大", 5, None, "exact"),
    ("199家企业", "199家", 199, None, "exact"),
    ("grew 57.75% year on year", "57.75%", Fraction(231, 4), "percent", "exact"),
    ("less than 50%", "less than 50%", 50, "percent", "under"),
    ("2000家企业", "2000家", 2000, None, "exact"),  # a count with a counter, not a year
    ("约两千家", "约两千家", 2000, None, "approx"),
    ("一万五千家", "一万五千家", 15000, None, "exact"),
    ("十五个", "十五个", 15, None, "exact"),
    ("一百二十个", "一百二十个", 120, None, "exact"),
    ("二十万", "二十万", 200_000, None, "exact"),
    ("超过二十", "超过二十", 20, None, "over"),
    ("三分之二", "三分之二", Fraction(200, 3), "percent", "exact"),
    ("两成", "两成", 20, "percent", "exact"),
    ("一亿元", "一亿元", 100_000_000, "yuan", "exact"),
    ("3.5亿元", "3.5亿元", 350_000_000, "yuan", "exact"),
    ("5万元", "5万元", 50_000, "yuan", "exact"),
    ("5万余", "5万余", 50_000, None, "over"),
    ("7.5万辆以上", "7.5万辆以上", 75_000, None, "over"),
    ("2倍多", "2倍多", 2, "times", "over"),
    ("no. 3", "no. 3", 3, "rank", "exact"),
    ("#1", "#1", 1, "rank", "exact"),
    ("number one", "number one", 1, "rank", "exact"),
    ("1st", "1st", 1, "rank", "exact"),
    ("fifteen percent", "fifteen percent", 15, "percent", "exact"),
    ("twenty-one times", "twenty-one times", 21, "times", "exact"),
    ("seven-eighths", "seven-eighths", Fraction(175, 2), "percent", "exact"),
    ("one hundred and five percent", "one hundred and five percent", 105, "percent", "exact"),
    ("more than 2000 firms", "more than 2000", 2000, None, "over"),
    ("不到五成", "不到五成", 50, "percent", "under"),
]


@pytest.mark.parametrize(("text", "expression", "value", "unit", "hedge"), FORMS)
def test_every_form_is_read(text: str, expression: str, value: int | Fraction, unit: str | None, hedge: str) -> None:
    (found,) = numbers.find(text)
    assert (found.text, found.value, found.unit, found.hedge) == (expression, Fraction(value), unit, hedge)
    assert text[found.start : found.end] == expression


NOT_FIGURES = [
    "In 2023, Shenzhen",
    "2023年1—11月",
    "前三季度",
    "in the first three quarters of 2023",
    "5G base stations",
    "500-billion-yuan-class clusters",
    "4 trillion-yuan",  # the count is 4; "trillion-yuan" is the class (tested below)
    "一是统一进一步",
    "November 28, 2023",
    "28 November",
    "11/28",
    "one of the world's",
    "Pengcheng Cloud Brain III",
    "January-November 2023",
    "for the first time",
    "千亿元级产业集群",
    "Q3",
    "1 in 0 cars",
    "two halves",
    "the third",
    "No. 0",
    "约60%以上",  # two hedges say nothing exact
    "零分之一",
    "1/0",
    "第零",
    "一是统一",
    "千亿",
    "5大任务",
    "2.5 release",
    "a1/2 paper",  # part of a code
    "超千亿元级",  # a class after a hedge
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_years_dates_codes_and_classes_are_not_figures(text: str) -> None:
    found = [f.text for f in numbers.find(text)]
    assert found == (["4"] if text.startswith("4 ") else [])


def test_a_class_is_not_a_sum_but_its_count_is_a_figure() -> None:
    found = numbers.find("到2025年,深圳要打造形成4个万亿元级、4个五千亿元级的产业集群")
    assert [(f.text, f.value, f.unit) for f in found] == [("4个", 4, None), ("4个", 4, None)]


# record id, stated in a claim, agrees?, aspect when not
AGREEMENT = [
    ("drones", "70%", True, ""),
    ("drones", "seventy per cent", True, ""),
    ("drones", "七成", True, ""),
    ("drones", "about 70%", True, ""),  # an exact figure may be said with "about"
    ("drones", "80%", False, "figure"),
    ("drones", "more than 60%", False, "figure"),  # true, but not what the article says
    ("drones", "70", False, "measure"),  # a count for a share
    ("womenswear", "more than 60%", True, ""),
    ("womenswear", "超过60%", True, ""),
    ("womenswear", "六成以上", True, ""),
    ("womenswear", "65%", False, "figure"),  # the article does not say 65 %
    ("womenswear", "60%", False, "figure"),  # nor exactly 60 %
    ("electrochemical_storage", "about a seventh", True, ""),
    ("electrochemical_storage", "about 14%", True, ""),
    ("electrochemical_storage", "约1/7", True, ""),
    ("electrochemical_storage", "1/7", False, "figure"),  # the article hedges: 约
    ("electrochemical_storage", "about 15%", False, "figure"),
    ("smartphones", "14%", True, ""),  # 14.29 % to a whole percent
    ("smartphones", "14.3%", True, ""),
    ("smartphones", "15%", False, "figure"),
    ("smartphones", "one in seven", True, ""),
    ("smartphones", "一成", False, "figure"),  # one significant digit is not a rounding of 14.29
    ("nev", "12.5%", True, ""),
    ("nev", "an eighth", True, ""),
    ("nev", "13%", True, ""),  # 12.5 rounded half away from zero
    ("nev", "12%", False, "figure"),
    ("telecom_base_stations", "half", True, ""),
    ("telecom_base_stations", "一半", True, ""),
    ("telecom_base_stations", "50%", True, ""),
    ("telecom_base_stations", "a third", False, "figure"),
    ("industrial_value_added", "5.5%", True, ""),
    ("industrial_value_added", "6%", False, "figure"),  # 6 keeps one digit: not a rounding of 5.5
    ("byd_net_profit", "129%", True, ""),
    ("byd_net_profit", "129.5%", True, ""),
    ("byd_net_profit", "130%", False, "figure"),
    ("byd_revenue", "57.8%", True, ""),
    ("byd_revenue", "58%", True, ""),
    ("manufacturing_investment", "59%", True, ""),
    ("manufacturing_investment", "60%", False, "figure"),
    ("base_stations_5g", "more than 75,000", True, ""),
    ("base_stations_5g", "超过7.5万", True, ""),
    ("base_stations_5g", "over 75k", True, ""),
    ("base_stations_5g", "75,000", False, "figure"),
    ("base_stations_5g", "more than 70,000", False, "figure"),
    ("cloud_enterprises", "5000余", True, ""),
    ("cloud_enterprises", "more than 5,000", True, ""),
    ("cloud_enterprises", "about 5,000", False, "figure"),
    ("retrofit_subsidy_cap", "1亿元", True, ""),
    ("retrofit_subsidy_cap", "100 million yuan", True, ""),
    ("retrofit_subsidy_cap", "RMB 200 million", False, "figure"),
    ("retrofit_subsidy_cap", "100 million", False, "measure"),  # a count, not a sum of money
    ("supercharging_speedup", "tenfold", True, ""),
    ("supercharging_speedup", "10倍", True, ""),
    ("supercharging_speedup", "five times", False, "figure"),
    ("byd_sales_rank", "first", True, ""),
    ("byd_sales_rank", "第一", True, ""),
    ("byd_sales_rank", "No. 2", False, "figure"),
    ("nev_departments", "八部门", True, ""),
    ("nev_departments", "eight", True, ""),
    ("nev_departments", "seven", False, "figure"),
    ("key_tasks", "五大", True, ""),
    ("maturity_ratings", "199", True, ""),
    ("maturity_ratings", "200", False, "figure"),  # counts are said exactly
]


@pytest.mark.parametrize(("record_id", "said", "ok", "aspect"), AGREEMENT)
def test_agreement_rules(record_id: str, said: str, ok: bool, aspect: str) -> None:
    (stated,) = numbers.find(said)
    assert numbers.agrees(stated, RECORDS[record_id]) == (ok, aspect)


def test_a_record_without_a_figure_agrees_with_nothing() -> None:
    (stated,) = numbers.find("4个")
    assert numbers.agrees(stated, RECORDS["manufacturing_centre_2025"]) == (False, "figure")


PERCENT_RECORDS = [r for r in RECORDS.values() if r.unit == "percent" and r.qualifier == "exact"]


@given(st.sampled_from(PERCENT_RECORDS), st.integers(min_value=1, max_value=10_000), st.integers(0, 2))
def test_a_number_beyond_the_rounding_rule_never_agrees(record: sz.Record, tenths: int, decimals: int) -> None:
    """Any percent written to `decimals` places that is not the record's figure so rounded is contradicted."""
    figure = Fraction(*record.quantity)  # type: ignore[misc]
    value = Fraction(tenths, 10**decimals)
    step = Fraction(1, 10**decimals)
    rounded = int(figure / step + Fraction(1, 2)) * step
    (stated,) = numbers.find(f"{float(value):.{decimals}f}%")
    assert stated.value == value
    if value != rounded and value != figure:
        assert not numbers.agrees(stated, record).ok


@given(st.sampled_from(PERCENT_RECORDS), st.integers(0, 2))
def test_the_figure_rounded_to_two_digits_or_more_always_agrees(record: sz.Record, decimals: int) -> None:
    figure = Fraction(*record.quantity)  # type: ignore[misc]
    step = Fraction(1, 10**decimals)
    rounded = int(figure / step + Fraction(1, 2)) * step
    (stated,) = numbers.find(f"{float(rounded):.{decimals}f}%")
    assert numbers.agrees(stated, record).ok == (rounded >= 10 * step or rounded == figure)
