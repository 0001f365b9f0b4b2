"""Stated figures read into numbers and qualifiers: the one place fractions, 约/超过/余 and 万/亿 are handled."""

from fractions import Fraction

import pytest

from shenzhen_facts.core.figures import StatedFormError, parse_stated, value_from_data
from shenzhen_facts.core.model import Record, Source
from shenzhen_facts.presentation.views import display_number


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


def _record(quantity: tuple[int, int]) -> Record:
    source = Source("s", "S", "S", "2024", "2024年")
    return Record("x", "share", "X", "X", (), "2023", "2023年", source, "q", quantity=quantity)


def test_record_numbers_are_exact_until_printed() -> None:
    assert _record((100, 7)).value == Fraction(100, 7)
    assert repr(_record((100, 7)).number) == "14.285714285714286"  # what --value and plain output print
    assert _record((75000, 1)).number == 75000 and isinstance(_record((75000, 1)).number, int)
    assert _record((25, 2)).number == 12.5


def test_display_number() -> None:
    assert display_number(75000) == "75,000"
    assert display_number(100 / 7) == "14.29"
    assert display_number(12.5) == "12.5"
    assert display_number(100_000_000) == "100,000,000"
