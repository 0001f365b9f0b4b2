"""figures.py pinned beyond the forms the bundled data uses: every numeral, hedge, multiplier and unit the parser
accepts, the whole-string match, and the exact error text a dataset author reads."""

from __future__ import annotations

from fractions import Fraction

import pytest

from shenzhen_facts.core.figures import QUALIFIERS, Figure, StatedFormError, parse_stated, value_from_data

CHINESE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@pytest.mark.parametrize(("numeral", "value"), sorted(CHINESE.items()))
def test_every_chinese_numeral(numeral: str, value: int) -> None:
    assert parse_stated(numeral) == Figure(Fraction(value), "exact", None, False)


@pytest.mark.parametrize(("numeral", "value"), sorted(CHINESE.items()))
def test_every_chinese_numeral_as_an_ordinal(numeral: str, value: int) -> None:
    assert parse_stated(f"第{numeral}") == Figure(Fraction(value), "exact", "rank", False)


@pytest.mark.parametrize(("numeral", "value"), [("三", 3), ("十", 10), ("两", 2)])
def test_chinese_numerals_take_hedges_and_multipliers(numeral: str, value: int) -> None:
    assert parse_stated(f"约{numeral}万") == Figure(Fraction(value * 10_000), "approx", None, False)
    assert parse_stated(f"超过{numeral}亿元") == Figure(Fraction(value * 100_000_000), "over", "yuan", False)


@pytest.mark.parametrize("numeral", ["十一", "二十", "百", "零", "〇", "壹", "一二"])
def test_numerals_beyond_the_single_ones_are_refused(numeral: str) -> None:
    # Compound numerals are not read: 十一 must not silently become 1 or 10.
    with pytest.raises(StatedFormError) as caught:
        parse_stated(numeral)
    assert str(caught.value) == f"{numeral!r} is not a figure this tool can read"


@pytest.mark.parametrize(
    ("stated", "figure"),
    [
        ("3%", Figure(Fraction(3), "exact", "percent", False)),
        ("3倍", Figure(Fraction(3), "exact", "times", False)),
        ("3元", Figure(Fraction(3), "exact", "yuan", False)),
        ("3万元", Figure(Fraction(30_000), "exact", "yuan", False)),
        ("3亿元", Figure(Fraction(300_000_000), "exact", "yuan", False)),
        ("3万", Figure(Fraction(30_000), "exact", None, False)),
        ("3亿", Figure(Fraction(300_000_000), "exact", None, False)),
        ("2.5亿", Figure(Fraction(250_000_000), "exact", None, False)),
        ("0.5%", Figure(Fraction(1, 2), "exact", "percent", False)),
        ("3", Figure(Fraction(3), "exact", None, False)),
        ("第3", Figure(Fraction(3), "exact", "rank", False)),
        ("3/4", Figure(Fraction(75), "exact", "percent", True)),
        ("约3/4", Figure(Fraction(75), "approx", "percent", True)),
        ("突破3/4", Figure(Fraction(75), "over", "percent", True)),
        ("约3", Figure(Fraction(3), "approx", None, False)),
        ("超过3", Figure(Fraction(3), "over", None, False)),
        ("突破3倍", Figure(Fraction(3), "over", "times", False)),
        ("3万余", Figure(Fraction(30_000), "over", None, False)),
        ("3余元", Figure(Fraction(3), "over", "yuan", False)),
        ("  约3%  ", Figure(Fraction(3), "approx", "percent", False)),  # surrounding white space is not the figure
        ("007", Figure(Fraction(7), "exact", None, False)),
    ],
)
def test_every_unit_hedge_and_multiplier(stated: str, figure: Figure) -> None:
    assert parse_stated(stated) == figure


def test_the_qualifiers() -> None:
    assert QUALIFIERS == ("exact", "approx", "over")
    assert {parse_stated(s).qualifier for s in ("3", "约3", "超过3", "突破3", "3余")} == set(QUALIFIERS)


@pytest.mark.parametrize(
    "stated",
    [
        "70x",
        "x70",
        "70%x",
        "7 0",
        "70\n%",
        "1/2/3",
        "1/",
        "/2",
        ".5",
        "5.",
        "1e3",
        "-5",
        "+5",
        "1,000",
        "约",
        "第",
        "余",
        "倍",
        "元",
        "约约3",
        "3%%",
        "3万万",
        "万3",
        "3倍%",
        "第约一",
    ],
)
def test_only_the_whole_text_is_a_figure(stated: str) -> None:
    with pytest.raises(StatedFormError) as caught:
        parse_stated(stated)
    assert str(caught.value) == f"{stated!r} is not a figure this tool can read"


@pytest.mark.parametrize(
    ("stated", "message"),
    [
        ("约3余", "'约3余' hedges the figure twice"),
        ("超过3余", "'超过3余' hedges the figure twice"),
        ("1/2%", "'1/2%' mixes a fraction with a unit"),
        ("1/2倍", "'1/2倍' mixes a fraction with a unit"),
        ("1/0", "'1/0' is not a fraction this tool can read"),
        ("1.5/2", "'1.5/2' is not a fraction this tool can read"),
    ],
)
def test_error_texts(stated: str, message: str) -> None:
    with pytest.raises(StatedFormError) as caught:
        parse_stated(stated)
    assert str(caught.value) == message


def test_a_stated_form_error_is_a_value_error() -> None:
    # validate.py and any other caller may catch ValueError for every figure problem.
    assert issubclass(StatedFormError, ValueError)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (0, Fraction(0)),
        (70, Fraction(70)),
        (-3, Fraction(-3)),
        (0.1, Fraction(1, 10)),
        (129.47, Fraction(12947, 100)),
        (1e20, Fraction(10**20)),
        ("1/2", Fraction(50)),
        (" 1/8 ", Fraction(25, 2)),
        ("0/7", Fraction(0)),
        ("3/2", Fraction(150)),
    ],
)
def test_values_from_data(raw: object, value: Fraction) -> None:
    assert value_from_data(raw) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (True, 'a number or a fraction such as "1/7" is required, not a boolean'),
        (False, 'a number or a fraction such as "1/7" is required, not a boolean'),
        (float("nan"), "a finite number is required"),
        (float("inf"), "a finite number is required"),
        (float("-inf"), "a finite number is required"),
        ("70", "'70' is neither a number nor a fraction such as \"1/7\""),
        ("1/7x", "'1/7x' is neither a number nor a fraction such as \"1/7\""),
        ("1/7\n%", "'1/7\\n%' is neither a number nor a fraction such as \"1/7\""),
        ("1.5/2", "'1.5/2' is neither a number nor a fraction such as \"1/7\""),
        ("1/0", "'1/0' is neither a number nor a fraction such as \"1/7\""),
        ("约1/7", "'约1/7' is neither a number nor a fraction such as \"1/7\""),
        (None, 'a number or a fraction such as "1/7" is required, not NoneType'),
        ([1], 'a number or a fraction such as "1/7" is required, not list'),
    ],
)
def test_value_error_texts(raw: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        value_from_data(raw)
    assert str(caught.value) == message


def test_integer_values_stay_exact_however_large() -> None:
    assert value_from_data(10**30 + 1) == Fraction(10**30 + 1)
    assert parse_stated("12345678901234567890亿").value == Fraction(1234567890123456789 * 10**9)
