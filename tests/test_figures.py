"""Stated figures read into numbers and qualifiers: the one place fractions, 约/超过/余 and 万/亿 are handled."""

from fractions import Fraction

import pytest

from shenzhen_facts.figures import StatedFormError, display_number, parse_stated, plain_number, value_from_data


@pytest.mark.parametrize(
    ("stated", "value", "qualifier", "unit"),
    [
        ("1/2", Fraction(50), "exact", "percent"),
        ("约1/7", Fraction(100, 7), "approx", "percent"),
        ("1/8", Fraction(25, 2), "exact", "percent"),
        ("70%", Fraction(70), "exact", "percent"),
        ("超过60%", Fraction(60), "over", "percent"),
        ("57.75%", Fraction(5775, 100), "exact", "percent"),
        ("7.5万", Fraction(75000), "exact", None),
        ("超过7.5万", Fraction(75000), "over", None),
        ("突破2万", Fraction(20000), "over", None),
        ("5000余", Fraction(5000), "over", None),
        ("1亿元", Fraction(100_000_000), "exact", "yuan"),
        ("10倍", Fraction(10), "exact", "times"),
        ("第一", Fraction(1), "exact", "rank"),
        ("五", Fraction(5), "exact", None),
        ("八", Fraction(8), "exact", None),
        ("199", Fraction(199), "exact", None),
    ],
)
def test_parse_stated(stated: str, value: Fraction, qualifier: str, unit: str | None) -> None:
    figure = parse_stated(stated)
    assert (figure.value, figure.qualifier, figure.unit) == (value, qualifier, unit)


@pytest.mark.parametrize("stated", ["", "一批", "about 5", "1/0", "1.5/2", "约超过5", "约5余", "1/2%", "%", "万"])
def test_unreadable_stated_forms_are_refused(stated: str) -> None:
    with pytest.raises(StatedFormError):
        parse_stated(stated)


def test_fraction_values_become_exact_percent() -> None:
    assert value_from_data("1/7") == Fraction(100, 7)
    assert value_from_data(59.3) == Fraction(593, 10)  # via repr, not the binary float
    assert value_from_data(75000) == 75000


@pytest.mark.parametrize("raw", [True, "seventy", "1/0", float("nan"), float("inf"), [1], None])
def test_bad_values_are_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        value_from_data(raw)


def test_number_text() -> None:
    assert plain_number(Fraction(100, 7)) == "14.285714285714286"
    assert plain_number(Fraction(75000)) == "75000"
    assert display_number(Fraction(75000)) == "75,000"
    assert display_number(Fraction(100, 7)) == "14.29"
    assert display_number(Fraction(25, 2)) == "12.5"
