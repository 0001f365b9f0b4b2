"""Numbers as people write them in a sentence, in English and Chinese, and whether one agrees with a record's figure.

`find(text)` returns every figure a sentence states, with where it is, its value in a base unit (percent, times,
yuan, rank, or a plain count), the hedge it carries (about / more than / less than) and the precision it was
written to. `agrees(stated, record)` applies the rules of docs/checking.md:

1. the unit must be the record's (a share or growth is a percent, a multiple is times, a rank is an ordinal, a
   sum of money is yuan, a count is a plain number);
2. the hedge must be the record's: 超过60% needs "more than 60 %", 约1/7 needs "about"; an exact figure may be
   said exactly or with "about", never with "more than" or "less than";
3. the value must be the record's, exactly, or rounded to the precision it is written to (half away from zero):
   14 % is 1/7 (14.285… %) rounded to a whole percent, 15 % is not. Rounding is allowed only where the stated
   number keeps at least two significant digits (6 % is not 5.5 %), and a fraction, a word (half, 七成 is 70 %
   to the nearest ten) or a figure written with a multiplier (7.5万 = 75,000 to the nearest thousand) counts to
   the precision it is written in.

Years, dates, months, quarters, "5G", "Cloud Brain III" and class adjectives ("trillion-yuan", 万亿元级) are not
figures: they are words the resolver reads (periods, subjects, qualifiers).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from shenzhen_facts.core.model import Record

# Units a figure can be in, as records give them; every other record unit is a count of things.
PERCENT, TIMES, YUAN, RANK = "percent", "times", "yuan", "rank"


class Stated(NamedTuple):
    """A figure as a sentence states it."""

    start: int  # offsets of the whole expression (hedge and unit included) in the text searched
    end: int
    text: str
    value: Fraction  # in the base unit: percent for shares (1/7 is 100/7), yuan, times, rank, or a count
    unit: str | None  # PERCENT, TIMES, YUAN, RANK, or None for a plain count
    hedge: str  # "exact", "approx", "over" or "under"
    step: Fraction | None  # the precision it is written to (1 for "14 %", 1000 for "7.5万"); None: exact


class Agreement(NamedTuple):
    ok: bool
    aspect: str  # "figure" or "measure" when not ok; "" when ok


# --------------------------------------------------------------------------------------------- vocabulary
# Number words. A closed list: the figures of a fact sheet are small numbers and their multipliers.
_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Denominators said as words: "a seventh", "one in seven" uses the cardinal instead.
_EN_PARTS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_SMALL_SCALES = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG_SCALES = {"万": 10**4, "亿": 10**8}
_MULTIPLIERS = {
    "k": 1000,
    "thousand": 1000,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "bn": 10**9,
    "billion": 10**9,
    "trillion": 10**12,
    "万": 10**4,
    "亿": 10**8,
    "万亿": 10**12,
    "千亿": 10**11,
    "百亿": 10**10,
    "千万": 10**7,
    "百万": 10**6,
}

# Hedges before and after a number, longest first where one is the start of another.
_EN_APPROX = r"about|around|approximately|approx\.?|roughly|some|nearly|almost|close\s+to|an\s+estimated|circa|~"
_EN_OVER = r"more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceeding|exceeded|surpassing|surpassed|at\s+least|>"
_EN_UNDER = r"less\s+than|fewer\s+than|under|below|<"
_ZH_APPROX = r"约|大约|近|将近|接近|大概"
_ZH_OVER = r"超过|超|逾|突破|多于|高于"
_ZH_UNDER = r"不到|不足|少于|低于"
_ZH_APPROX_AFTER = r"左右|上下"
_ZH_OVER_AFTER = r"以上|多|余"
_ZH_UNDER_AFTER = r"以下|以内"

# Counters written after a Chinese count (5000余家, 八个, 74项): part of the figure, not of the subject.
_ZH_COUNTERS = "个家项条辆座台种名只"  # not 位: 三位一体, 每一位

_EN_WORD_NUMBER = "|".join(sorted({*_EN_UNITS, *_EN_TENS}, key=len, reverse=True))
_EN_SCALE = "|".join(_EN_SCALES)
_EN_PART = "|".join(sorted(_EN_PARTS, key=len, reverse=True))
# What after digits makes a number Chinese (7.5万, 10倍, 5000余家): the Chinese forms read it.
_ZH_UNITS = "万亿成倍元余多" + _ZH_COUNTERS + "大"
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

# One alternation per form, each a named group; the order decides which form wins at a position.
# Digits never end where more digits follow (the regex would otherwise back off to 500 of 5000余).
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d]|[.,]\d)"
_FORMS = re.compile(
    "".join(
        [
            # 1/7, 约1/7, about 1/7
            rf"(?P<slash>(?:(?P<sl_en>{_EN_APPROX}|{_EN_OVER}|{_EN_UNDER})\s+|(?P<sl_zh>{_ZH_APPROX}|{_ZH_OVER}|{_ZH_UNDER}))?"
            rf"(?P<sl_num>\d+)\s?/\s?(?P<sl_den>\d+)(?![\d/]))"
            # English hedges are optional prefixes of every English form.
            rf"|(?P<en>(?:(?P<en_hedge>{_EN_APPROX}|{_EN_OVER}|{_EN_UNDER})\s+)?"
            rf"(?:"
            # one in seven, one out of every eight, 1 in 7
            rf"(?P<one_in>(?P<in_num>{_EN_WORD_NUMBER}|\d{{1,2}})\s+(?:in|out\s+of)\s+(?:every\s+)?"
            rf"(?P<in_den>{_EN_WORD_NUMBER}|\d{{1,2}}))\b(?!\d)"
            # ranks second, ranked third (an ordinal after a verb of ranking; "a third" is a fraction)
            rf"|(?:(?<=rank )|(?<=ranks )|(?<=ranked )|(?<=ranking )|(?<=placed )|(?<=came ))"
            rf"(?P<rank_ord>second|third|fourth|fifth)\b"
            # a seventh, one-seventh, two thirds, half
            rf"|(?<!first )(?<!first-)"
            rf"(?P<part>(?:(?P<part_num>a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+)?"
            rf"(?P<part_den>{_EN_PART}))\b(?!\s+(?:of\s+(?:the\s+)?)?(?:20\d\d|quarter|year|century))"
            # No. 1, number one, #1, ranked first
            rf"|(?P<rank>(?:no\.|number|#)\s?(?P<rank_num>\d+|one|two|three)\b|(?P<rank_th>\d+)(?:st|nd|rd|th)\b"
            rf"|(?P<rank_word>first)\b(?![\s-]+(?:three|two|half|quarter|time|step|batch|phase|nine|eleven|ten)))"
            # 70%, 70 per cent, 7.5 million yuan, ten times, tenfold, 75k, RMB 100 million, seventy percent
            rf"|(?P<money_pre>(?:rmb|cny|¥|￥)\s?)?"
            rf"(?P<num>{_DIGITS}|(?:{_EN_WORD_NUMBER})(?:[\s-]+(?:{_EN_WORD_NUMBER}))?"
            rf"(?:\s+(?:{_EN_SCALE})(?!-)(?:\s+(?:and\s+)?(?:{_EN_WORD_NUMBER})(?:[\s-]+(?:{_EN_WORD_NUMBER}))?)?)*)"
            rf"(?!\s?(?:[{_ZH_UNITS}]|分之))"
            rf"(?P<mult>\s?(?:k|mn|m|bn)\b|\s+(?:thousand|million|billion|trillion)\b(?!-))?"
            rf"(?P<unit>\s?%|\s?％|\s+per\s?cent\b|\s+pct\b|\s+percent\b|\s+(?:yuan|rmb)\b|\s+times\b|-?fold\b|x\b)?"
            # 60%以上: a Chinese hedge after digits written the English way (the article's own 超过60% said after)
            rf"(?P<en_zh_after>(?<=[%％])(?:{_ZH_APPROX_AFTER}|{_ZH_OVER_AFTER}|{_ZH_UNDER_AFTER}))?"
            rf"))"
            # Chinese forms: an optional hedge, the number, then a unit or counter, then an optional hedge
            rf"|(?P<zh>(?P<zh_hedge>{_ZH_APPROX}|{_ZH_OVER}|{_ZH_UNDER})?"
            rf"(?:(?P<zh_frac>(?P<zh_den>[{_ZH_NUMERAL}]+|\d+)分之(?P<zh_part>[{_ZH_NUMERAL}]+|\d+))"
            rf"|(?P<zh_half>一半|半数)"
            rf"|(?P<zh_rank>第(?P<zh_rank_num>[一二三四五六七八九十]+|\d+)(?![季批次届期章条款年]))"
            rf"|(?P<zh_num>(?:{_DIGITS})(?:万亿|千亿|百亿|千万|百万|万|亿)?|[{_ZH_NUMERAL}]+)(?P<zh_after1>余|多)?"
            rf"(?P<zh_unit>%|％|成|倍|亿元|万元|元|[{_ZH_COUNTERS}]|大|(?=部门))?)"
            rf"(?P<zh_after>{_ZH_APPROX_AFTER}|{_ZH_OVER_AFTER}|{_ZH_UNDER_AFTER})?)"
        ]
    ),
    re.IGNORECASE,
)

# What may not follow a figure: it was a year, a date, a code or a compound adjective (5G, 2023年, 500-billion).
_NOT_AFTER = re.compile(
    r"(?:[年月日号季]|周年|个月|\s+(?:quarters?|months?|years?|days?|weeks?)\b|[a-z]|-(?!fold)[a-z]|-\d|级|\s*(?:-|\s)class\b|/\d|—\d|–\d|\.\d|:\d)",
    re.IGNORECASE,
)
# Months, so that "November 28" and "28 November 2023" are dates.
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_BEFORE = re.compile(rf"(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s+(?:{_MONTHS})\b", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(r"(?:前|第|\d[—–-]|[a-z]|Q|[-–—]\s*)$", re.IGNORECASE)


# Where a figure can be: a digit, a Chinese numeral, or a number word. The full expression (_FORMS) is only tried
# from a little before each of these: run over every position of a draft, it cost 0.4 ms a sentence.
# No anchor at 百, 千, 万 or 亿: a number that starts with one is a class or a word (千亿元级, 万亿, 千行百业).
_ANCHOR = re.compile(r"\d+|[零〇一二两三四五六七八九十半第#¥￥]+|[A-Za-z]+")
# English words a figure can hinge on; every word of a text is looked up here (a case-insensitive alternation of
# them in the expression above scanned a draft ten times slower).
_ANCHOR_WORDS = frozenset([*_EN_UNITS, *_EN_TENS, *_EN_PARTS, *_EN_ORDINALS, "no", "number", "tenfold"])
_WINDOW = 28  # characters before an anchor that a hedge or a money prefix can take ("in excess of", "an estimated")


# Traditional characters of the hedges, multipliers and counters, folded one for one (offsets stay put) before
# reading: 約七分之一, 超過7.5萬個, 1億元 are read as 约七分之一, 超过7.5万个, 1亿元.
_TRADITIONAL = str.maketrans("約萬億兩個項條輛臺種隻餘過將於", "约万亿两个项条辆台种只余过将于")


def find(text: str) -> list[Stated]:
    """Every figure the text states, in order."""
    original = text
    text = text.translate(_TRADITIONAL)
    found: list[Stated] = []
    done = 0
    for anchor in _ANCHOR.finditer(text):
        at = anchor.start()
        if at < done:
            continue
        word = anchor.group()
        if word[0].isascii() and word[0].isalpha() and word.lower() not in _ANCHOR_WORDS:
            continue
        for start in _starts(text, max(done, at - _WINDOW), at):
            match = _FORMS.match(text, start)
            if match is None or match.end() <= at:
                continue
            stated = _read(match, text)
            if stated is not None:
                found.append(stated._replace(text=original[stated.start : stated.end]))
            done = match.end()  # a year or a code read as a whole is skipped as a whole (2023, 11/28)
            break
    return found


_WORD = re.compile(r"(?<![A-Za-z0-9'])[A-Za-z]+|[¥￥#~<>]")
# The words a figure can start with before its number: hedges, money prefixes, the numerator of a fraction.
_PREFIX_WORDS = frozenset(
    [
        "about",
        "around",
        "approximately",
        "approx",
        "roughly",
        "some",
        "nearly",
        "almost",
        "close",
        "an",
        "a",
        "estimated",
        "circa",
        "more",
        "over",
        "above",
        "upwards",
        "in",
        "exceeding",
        "exceeded",
        "surpassing",
        "surpassed",
        "at",
        "less",
        "fewer",
        "under",
        "below",
        "rmb",
        "cny",
        "no",
        "number",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "¥",
        "￥",
        "#",
        "~",
        "<",
        ">",
    ]
)
_PREFIX_CHARS = frozenset("约近将接大超逾突多高不少低")  # the Chinese hedges' first characters


def _starts(text: str, low: int, at: int) -> list[int]:
    """Where a figure that reaches the anchor at `at` may start: a hedge or a money prefix in the window before
    it ("more than", "RMB", "a" of "a third", 约, 超过, 将近), or the anchor itself."""
    starts = [m.start() for m in _WORD.finditer(text, low, at) if m.group().lower() in _PREFIX_WORDS]
    starts.extend(i for i in range(max(low, at - 4), at) if text[i] in _PREFIX_CHARS)
    starts.append(at)
    return sorted(starts)


def _read(match: re.Match[str], text: str) -> Stated | None:
    start, end = match.span()  # never empty: every form needs its number
    if match["slash"] is not None:
        return _read_slash(match, text)
    if match["en"] is not None:
        if start and ((text[start - 1].isascii() and text[start - 1].isalnum()) or text[start - 1] in "_."):
            return None  # inside a word or a longer number (a4, 2.5)
        read = _read_en(match)
    else:
        read = _read_zh(match, text)
    if read is None:
        return None
    value, unit, step, hedge = read
    after = text[end : end + 8]
    if "+" in (text[start - 1 : start], text[end : end + 1]):
        return None  # "20+8" clusters, "1+1+N": a name, not a figure
    if unit is None and not match["zh_unit"] and _NOT_AFTER.match(after):
        return None  # 2023年, 5G, 500-billion-yuan, 11/28, 1—11月
    if unit == YUAN and re.match(r"\s*(?:级|[-\s]class\b|[-\s]level\b)", after, re.IGNORECASE):
        return None  # 万亿元级 / trillion-yuan class: a class, not a sum
    if unit is None and _is_period(match, text, value, start, end):
        return None
    return Stated(start, end, text[start:end], value, unit, hedge, step)


def _read_slash(match: re.Match[str], text: str) -> Stated | None:
    start, end = match.span()
    if start and ((text[start - 1].isascii() and text[start - 1].isalnum()) or text[start - 1] in "./"):
        return None
    num, den = int(match["sl_num"]), int(match["sl_den"])
    if den == 0 or re.match(r"[年月日号\d]", text[end : end + 1]) or (2 <= num <= 12 and 13 <= den <= 31):
        return None  # 11/28 is a date, not a fraction
    hedge = _hedge_en(match["sl_en"]) if match["sl_en"] else _hedge_zh(match["sl_zh"], None) or "exact"
    return Stated(start, end, text[start:end], Fraction(100 * num, den), PERCENT, hedge, None)


def _is_period(match: re.Match[str], text: str, value: Fraction, start: int, end: int) -> bool:
    """A year (2023), a day of a month (November 28) or the number of a part of a year: not a figure."""
    number = match["num"] or match["zh_num"] or ""
    counted = bool(match["zh_unit"]) or match["en_hedge"] is not None or match["zh_hedge"] is not None
    if number.isdigit() and len(number) == 4 and 1900 <= value <= 2099 and not counted:
        return True  # but 2000家企业 and "more than 2000" are counts
    if _MONTH_BEFORE.search(text[max(0, start - 12) : start]) or _MONTH_AFTER.match(text, end):
        return True
    return bool(_PERIOD_BEFORE.search(text[max(0, start - 2) : start]))


_Read = tuple[Fraction, "str | None", "Fraction | None", str]


def _read_en(match: re.Match[str]) -> _Read | None:
    hedge = _hedge_en(match["en_hedge"])
    if match["en_zh_after"]:
        if match["en_hedge"]:
            return None  # two hedges ("about 60%以上") say nothing exact
        hedge = _zh_kind(match["en_zh_after"]) or hedge
    if match["one_in"]:
        num, den = _en_number(match["in_num"]), _en_number(match["in_den"])
        return (Fraction(100 * num, den), PERCENT, None, hedge) if 0 < num < den else None
    if match["part"]:
        den = _EN_PARTS[match["part_den"].lower()]
        said = (match["part_num"] or "a").lower()
        num = 1 if said in ("a", "an") else _EN_UNITS[said]
        if den == 2 and said not in ("a", "an", "one") and match["part_num"] is not None:
            return None
        if match["part_num"] is None and den != 2:
            return None  # "third" alone is an ordinal ("the third"), not a fraction
        return Fraction(100 * num, den), PERCENT, None, hedge
    if match["rank_ord"]:
        return Fraction(_EN_ORDINALS[match["rank_ord"].lower()]), RANK, None, hedge
    if match["rank"]:
        said = match["rank_num"] or match["rank_th"] or match["rank_word"]
        rank = _en_number(said) if said.lower() not in _EN_ORDINALS else _EN_ORDINALS[said.lower()]
        return (Fraction(rank), RANK, None, hedge) if rank else None
    number: str = match["num"]  # the remaining form: a number is what it needs
    value, step = _en_value(number)
    if match["mult"]:
        scale = _MULTIPLIERS[match["mult"].strip().lower()]
        value *= scale
        step = step * scale if step is not None else None
    unit = _en_unit(match["unit"], match["money_pre"])
    if unit is None and match["mult"] is None and number.isalpha() and number.lower() == "one":
        return None  # "one of the world's …": not a figure
    if unit is None and step is not None and step < 1 and not match["mult"]:
        return None  # 2.5 alone is a version or a score, not a count
    return value, unit, step, hedge


def _hedge_en(said: str | None) -> str:
    if said is None:
        return "exact"
    word = " ".join(said.lower().split())
    if re.fullmatch(_EN_APPROX, word):
        return "approx"
    if re.fullmatch(_EN_OVER, word):
        return "over"
    return "under"


def _en_unit(unit: str | None, money_prefix: str | None) -> str | None:
    if money_prefix:
        return YUAN
    if unit is None:
        return None
    said = unit.strip().lower()
    if said in ("%", "％") or "cent" in said or said == "pct":
        return PERCENT
    if said in ("yuan", "rmb"):
        return YUAN
    return TIMES


def _en_value(number: str) -> tuple[Fraction, Fraction | None]:
    """The value of a number in digits or words, and the step it is written to (None: words say exactly)."""
    if number[0].isdigit():
        return _decimal(number.replace(",", ""), 1)
    return Fraction(_en_number(number)), None


def _decimal(digits: str, scale: int) -> tuple[Fraction, Fraction]:
    """ "57.75" times scale, exactly, and the step it is written to (from ints: Fraction's string parser is slow)."""
    whole, _, decimals = digits.partition(".")
    denominator = 10 ** len(decimals)
    return Fraction(int(whole + decimals) * scale, denominator), Fraction(scale, denominator)


def _en_number(said: str) -> int:
    """seventy-five thousand, one hundred million, 7 → int (the expression admits no other words)."""
    if said.isdigit():
        return int(said)
    total = current = 0
    for word in re.split(r"[\s-]+", said.lower()):
        if word in ("and", ""):
            continue
        if word in _EN_UNITS:
            current += _EN_UNITS[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[word]
            current = 0
    return total + current


def _read_zh(match: re.Match[str], text: str) -> _Read | None:
    hedge = _hedge_zh(match["zh_hedge"], match["zh_after1"] or match["zh_after"])
    if hedge is None:
        return None  # two hedges: 约…以上 says nothing exact
    if match["zh_frac"]:
        den, num = _zh_number(match["zh_den"]), _zh_number(match["zh_part"])
        if not den:
            return None
        return Fraction(100 * num, den), PERCENT, None, hedge
    if match["zh_half"]:
        return Fraction(50), PERCENT, None, hedge
    if match["zh_rank"]:
        rank = _zh_number(match["zh_rank_num"])
        return (Fraction(rank), RANK, None, hedge) if rank else None
    number: str = match["zh_num"]  # the remaining form: a number is what it needs
    unit = match["zh_unit"]
    chinese = not number[0].isdigit()
    if number == "一" and hedge == "exact" and unit and unit in _ZH_COUNTERS:
        return None  # 一辆车, 一条例: "a", not a count of one
    if chinese and unit is None and match["zh_after1"] is None and hedge == "exact" and not _has_scale(number):
        # A bare 一 or 十 is part of a word far more often than a figure (一是, 统一, 进一步, 十分); 二十万 is not.
        return None
    value, step = _zh_value(number)
    if unit in ("成",):
        return value * 10, PERCENT, (step * 10 if step is not None else Fraction(10)), hedge
    if unit in ("%", "％"):
        return value, PERCENT, step, hedge
    if unit == "倍":
        return value, TIMES, step, hedge
    if unit in ("元", "万元", "亿元"):
        scale = {"元": 1, "万元": 10**4, "亿元": 10**8}[unit]
        return value * scale, YUAN, (step * scale if step is not None else None), hedge
    if unit == "大" and not chinese:
        return None
    return value, None, step, hedge


def _has_scale(number: str) -> bool:
    return "万" in number or "亿" in number


def _hedge_zh(before: str | None, after: str | None) -> str | None:
    hedges = [h for h in (_zh_kind(before), _zh_kind(after)) if h is not None]
    if len(hedges) > 1:
        return None
    return hedges[0] if hedges else "exact"


def _zh_kind(said: str | None) -> str | None:
    if not said:
        return None
    if re.fullmatch(rf"{_ZH_APPROX}|{_ZH_APPROX_AFTER}", said):
        return "approx"
    if re.fullmatch(rf"{_ZH_OVER}|{_ZH_OVER_AFTER}", said):
        return "over"
    return "under"


def _zh_value(number: str) -> tuple[Fraction, Fraction | None]:
    """7.5万 / 5000 / 七 / 一万五千 → value and the step it is written to."""
    scale = 1
    body = number
    for suffix in ("万亿", "千亿", "百亿", "千万", "百万", "万", "亿"):
        if body.endswith(suffix) and len(body) > len(suffix):
            scale, body = _MULTIPLIERS[suffix], body[: -len(suffix)]
            break
    if body[0].isdigit():
        return _decimal(body.replace(",", ""), scale)
    return Fraction(_zh_number(body) * scale), (Fraction(scale) if scale > 1 else None)


def _zh_number(said: str) -> int:
    """Chinese numerals (七, 十五, 五千, 两万三千) or digits → int (the expression admits nothing else)."""
    if said.isdigit():
        return int(said)
    total = section = digit = 0
    for char in said:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SMALL_SCALES:
            section += (digit or 1) * _ZH_SMALL_SCALES[char]
            digit = 0
        elif char in _ZH_BIG_SCALES:
            total += (section + digit or 1) * _ZH_BIG_SCALES[char]
            section = digit = 0
    return total + section + digit


# --------------------------------------------------------------------------------------------- agreement


def unit_of(record: Record) -> str | None:
    """The unit class a record's figure is in: PERCENT, TIMES, YUAN, RANK, or None for a count."""
    return record.unit if record.unit in (PERCENT, TIMES, YUAN, RANK) else None


def agrees(stated: Stated, record: Record) -> Agreement:
    """Whether a stated figure says what the record's figure is (rules 1-3 of the module's docstring)."""
    if record.quantity is None:
        return Agreement(False, "figure")
    if stated.unit != unit_of(record):
        return Agreement(False, "measure")
    wanted = record.qualifier or "exact"
    allowed = ("exact", "approx") if wanted == "exact" else (wanted,)
    if stated.hedge not in allowed:
        return Agreement(False, "figure")
    # In integers: a draft compares thousands of figures, and Fraction arithmetic was most of the time it took.
    numerator, denominator = record.quantity
    said = stated.value
    if said.numerator * denominator == numerator * said.denominator:
        return Agreement(True, "")
    step = stated.step
    if step is None or said < 10 * step:
        return Agreement(False, "figure")  # said exactly (a fraction, a word) or to fewer than two digits
    ok = _round(numerator, denominator, step) == said
    return Agreement(ok, "" if ok else "figure")


def _round(numerator: int, denominator: int, step: Fraction) -> Fraction:
    """numerator/denominator rounded to a multiple of step, half away from zero (as people round: 12.5 % → 13 %)."""
    top = numerator * step.denominator
    bottom = denominator * step.numerator  # value / step == top / bottom, bottom > 0
    whole = (2 * abs(top) + bottom) // (2 * bottom)
    return Fraction((whole if top >= 0 else -whole) * step.numerator, step.denominator)
