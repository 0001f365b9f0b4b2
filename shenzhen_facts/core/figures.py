"""Figures as the article writes them: `1/2`, `约1/7`, `超过60%`, `7.5万`, `1亿元`, `10倍`, `第一`, `五`.

This is the one place that knows how a stated figure maps to a number in a base unit and to a qualifier, so
the loader can check that a record's `value` and `qualifier` agree with its `stated` form, and the writers can
print values the same way everywhere.
"""

import re
from fractions import Fraction
from typing import NamedTuple

QUALIFIERS = ("exact", "approx", "over")

# Prefixes and suffixes the article uses to hedge a figure. 约 = about; 超过 / 突破 / 余 = more than.
_APPROX_PREFIXES = ("约",)
_OVER_PREFIXES = ("超过", "突破")
_OVER_SUFFIXES = ("余",)

# Multipliers written after the number, and the unit the figure's suffix implies.
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_SUFFIX_UNITS = {"%": "percent", "倍": "times", "元": "yuan"}

# Chinese numerals for the small counts the article spells out (八部门, 五大重点任务, 第一).
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?:/(?P<den>\d+))?$")


class Figure(NamedTuple):
    """A stated figure read into a number. `unit` is what the suffix implies (`percent`, `yuan`, …) or None."""

    value: Fraction
    qualifier: str
    unit: str | None
    is_fraction: bool


class StatedFormError(ValueError):
    """The stated text is not a figure this module can read."""


def parse_stated(stated: str) -> Figure:
    """Read a figure as the article states it. Raises StatedFormError for anything else."""
    text = stated.strip()
    qualifier = "exact"
    for prefix in _APPROX_PREFIXES + _OVER_PREFIXES:
        if text.startswith(prefix):
            qualifier = "approx" if prefix in _APPROX_PREFIXES else "over"
            text = text[len(prefix) :]
            break
    unit: str | None = None
    for suffix, suffix_unit in _SUFFIX_UNITS.items():
        if text.endswith(suffix):
            unit, text = suffix_unit, text[: -len(suffix)]
            break
    for suffix in _OVER_SUFFIXES:
        if text.endswith(suffix):
            if qualifier != "exact":
                raise StatedFormError(f"{stated!r} hedges the figure twice")
            qualifier, text = "over", text[: -len(suffix)]
    multiplier = 1
    if text and text[-1] in _MULTIPLIERS:
        multiplier, text = _MULTIPLIERS[text[-1]], text[:-1]
    if text.startswith("第"):  # an ordinal: 第一 is rank 1
        unit, text = "rank", text[1:]
    value, is_fraction = _read_number(text, stated)
    if is_fraction:
        # A fraction of a whole is a share: 1/7 of global output is 100/7 percent.
        if unit is not None:
            raise StatedFormError(f"{stated!r} mixes a fraction with a unit")
        unit, value = "percent", value * 100
    return Figure(value=value * multiplier, qualifier=qualifier, unit=unit, is_fraction=is_fraction)


def _read_number(text: str, stated: str) -> tuple[Fraction, bool]:
    if text in _CHINESE_DIGITS:
        return Fraction(_CHINESE_DIGITS[text]), False
    match = _NUMBER.fullmatch(text)  # fullmatch: `$` alone would accept "70\n"
    if not match:
        raise StatedFormError(f"{stated!r} is not a figure this tool can read")
    numerator = Fraction(match["num"])
    if match["den"] is None:
        return numerator, False
    denominator = Fraction(match["den"])
    if denominator == 0 or "." in match["num"]:
        raise StatedFormError(f"{stated!r} is not a fraction this tool can read")
    return numerator / denominator, True


def value_from_data(raw: object) -> Fraction:
    """A `value` as written in a dataset: an int, a float, or a fraction string such as "1/7" (a share, in percent).

    Floats go through their shortest repr so 59.3 becomes exactly 593/10, matching the stated "59.3%".
    Raises ValueError for anything else.
    """
    if isinstance(raw, bool):
        raise ValueError('a number or a fraction such as "1/7" is required, not a boolean')
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError("a finite number is required")
        return Fraction(repr(raw))
    if isinstance(raw, str):
        match = _NUMBER.fullmatch(raw.strip())
        if match and match["den"] is not None and "." not in match["num"] and int(match["den"]) != 0:
            return Fraction(int(match["num"]), int(match["den"])) * 100
        raise ValueError(f'{raw!r} is neither a number nor a fraction such as "1/7"')
    raise ValueError(f'a number or a fraction such as "1/7" is required, not {type(raw).__name__}')
