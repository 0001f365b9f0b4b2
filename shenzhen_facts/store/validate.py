"""The dataset format's rules: parse TOML and check every record, reporting all problems at once.

Imported only when a file must really be parsed (the parsed cache spares most runs from it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

# The compiled tomli rather than the standard library's tomllib (the same parser in pure Python): it parses a
# large dataset several times as fast (the measurement is beside the dependency in pyproject.toml). Same API,
# kept under the standard library's name.
import tomli as tomllib

from shenzhen_facts.core import figures
from shenzhen_facts.core.errors import DatasetInvalid, Problem, shorten
from shenzhen_facts.core.figures import QUALIFIERS, StatedFormError
from shenzhen_facts.core.model import FIGURE_KINDS, KINDS, OUTCOMES, About, Dataset, Outcome, Record, Source
from shenzhen_facts.core.resolve import keys, named_by, query_keys

# Stated forms and values repeat across a dataset ("70%", "超过10万"): each distinct one is read once. Both
# functions are pure and return immutable values; `typed` keeps 1, 1.0 and True apart.
parse_stated = functools.lru_cache(maxsize=4096)(figures.parse_stated)
_cached_value = functools.lru_cache(maxsize=4096, typed=True)(figures.value_from_data)


def value_from_data(raw: object) -> Fraction:
    # Only hashable values can be remembered; anything else (an array, a table) gets its message uncached.
    return _cached_value(raw) if isinstance(raw, (str, int, float)) else figures.value_from_data(raw)


FORMAT_VERSION = 1
_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")  # used with fullmatch: `$` would accept "widgets\n"
_CHINESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_RECORD_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*records[ \t]*\]\]", re.MULTILINE)


def parse(text: str, origin: str) -> Dataset:
    """Parse TOML text and validate it into a Dataset."""
    too_many = _check_record_headers(text)  # before parsing: the parse is the costly part
    if too_many is not None:
        raise DatasetInvalid(origin, [too_many])
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DatasetInvalid(origin, [_toml_problem(error)]) from None
    except RecursionError:
        raise DatasetInvalid(origin, [Problem("", "nesting too deep to parse")]) from None
    except ValueError as error:  # an integer of more than 4,300 digits: Python's int() refuses to read it
        message = f"TOML: a number too long to read ({shorten(str(error).split(';')[0], 120)})"
        raise DatasetInvalid(origin, [Problem("", message, *_long_number(text))]) from None
    # Line numbers only matter in error messages: found only once a problem is, in the same single pass.
    return validate(raw, origin, record_lines=lambda: _record_lines(text))


def _long_number(text: str) -> tuple[int | None, int | None]:
    """Line and column of the first run of digits too long for int() (what tomllib's ValueError does not say)."""
    import sys

    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    found = re.search(rf"[0-9][0-9_]{{{max(limit - 1, 0)},}}", text)
    if found is None:
        return None, None
    line_start = text.rfind("\n", 0, found.start()) + 1
    return text.count("\n", 0, found.start()) + 1, found.start() - line_start + 1


def _toml_problem(error: Exception) -> Problem:
    message = str(error)
    match = _TOML_POSITION.search(message)
    line = getattr(error, "lineno", None) or (int(match[1]) if match else None)
    column = getattr(error, "colno", None) or (int(match[2]) if match else None)
    message = _TOML_POSITION.sub("", getattr(error, "msg", message)).strip()
    return Problem("", f"TOML syntax: {message}", line=line, column=column)


def _record_lines(text: str) -> list[int]:
    """Line of each `[[records]]` header, so record problems can point at the file (best effort)."""
    lines, line, last = [], 1, 0
    for match in _RECORD_HEADER.finditer(text):  # count newlines incrementally: linear in the file size
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------------- validating


@dataclass(frozen=True)
class _Field:
    types: tuple[type, ...]
    kinds: tuple[str, ...] = KINDS  # kinds the field is allowed on
    required_for: tuple[str, ...] = ()  # kinds that must have it


_STR = (str,)
_RECORD_FIELDS: dict[str, _Field] = {
    "id": _Field(_STR, required_for=KINDS),
    "kind": _Field(_STR, required_for=KINDS),
    "name": _Field(_STR, required_for=KINDS),
    "name_zh": _Field(_STR, required_for=KINDS),
    "aliases": _Field((list,)),
    "broader": _Field((list,)),
    "period": _Field(_STR, required_for=KINDS),
    "period_zh": _Field(_STR, required_for=KINDS),
    "source": _Field(_STR, required_for=KINDS),
    "quote": _Field(_STR, required_for=KINDS),
    "stated": _Field(_STR, required_for=FIGURE_KINDS),
    "value": _Field((int, float, str), kinds=(*FIGURE_KINDS, "target"), required_for=FIGURE_KINDS),
    "unit": _Field(_STR, kinds=(*FIGURE_KINDS, "target"), required_for=FIGURE_KINDS),
    "qualifier": _Field(_STR, kinds=(*FIGURE_KINDS, "target"), required_for=FIGURE_KINDS),
    "scope": _Field(_STR, required_for=("share",)),
    "scope_zh": _Field(_STR, required_for=("share",)),
    "note": _Field(_STR),
    "note_zh": _Field(_STR),
    "deadline": _Field((int,), kinds=("target",), required_for=("target",)),
    "date": _Field((date, str), kinds=("event",), required_for=("event",)),
    "related": _Field((list,), kinds=("event", "target")),
    "outcome": _Field((dict,), kinds=("target",)),
    "short_name": _Field(_STR),
    "short_name_zh": _Field(_STR),
    "about": _Field((dict,)),
}
# The fields each kind requires, worked out once rather than for every record.
_REQUIRED = {kind: tuple(name for name, spec in _RECORD_FIELDS.items() if kind in spec.required_for) for kind in KINDS}
_REQUIRED_SETS = {kind: frozenset(names) for kind, names in _REQUIRED.items()}
_SOURCE_FIELDS = ("id", "publication", "publication_zh", "published", "published_zh")
_OUTCOME_FIELDS = ("status", "quote", "source")
_TOP_LEVEL = ("format", "sources", "records")
_PERCENT_KINDS = ("share", "growth")


# ---------------------------------------------------------------------------------------------- limits
# Bounds that keep validation (and everything after it) linear in time and memory on any input, with one clear
# problem line instead of a MemoryError, Python's int-string limit or a float overflow (all exit 70 before).

MAX_RECORDS = 1_000_000  # the scale work needs 100,000 to load; ten times that is a runaway file, not a dataset
MAX_STRING = 10_000  # characters in one string; the article's longest quoted clause is about 110
MAX_DIGITS = 30  # digits in one written number; 1万亿 (10^12) is the largest kind of figure such articles state
MAX_KEPT = 100  # problems kept and listed; the rest are counted ("… and K more problems")
MAX_PROBLEM_TEXT = 300  # characters of one problem's path or message: a huge value is quoted, never dumped
_TOO_BIG = 10**MAX_DIGITS


def _check_record_count(count: int) -> Problem | None:
    if count > MAX_RECORDS:
        return Problem("records", f"{count:,} records; the limit is {MAX_RECORDS:,}")
    return None


def _check_record_headers(text: str) -> Problem | None:
    """Count `[[records]]` headers, stopping at one past the limit: a runaway file costs at most that many steps."""
    if text.count("[[") <= MAX_RECORDS:
        return None  # every header has a "[[": too few of them to be too many headers (counted in C, 20× faster)
    from itertools import islice

    found = sum(1 for _ in islice(_RECORD_HEADER.finditer(text), MAX_RECORDS + 1))
    if found > MAX_RECORDS:
        return Problem(
            "records", f"more than {MAX_RECORDS:,} records ([[records]] tables); the limit is {MAX_RECORDS:,}"
        )
    return None


def _within_limits(item: dict[str, Any], path: str, problems: _Problems) -> bool:
    """Check string lengths, then the size of every number, before anything converts or compares them."""
    before = problems.count
    # Key paths are spelled out only for a string over the limit: this runs on every record of a large file.
    for name, value in item.items():
        if isinstance(value, str):
            if len(value) <= MAX_STRING:
                continue  # the common case, without making a list
            found = [(name, value)]
        elif isinstance(value, list):
            found = [(f"{name}[{i}]", t) for i, t in enumerate(value) if isinstance(t, str) and len(t) > MAX_STRING]
        elif isinstance(value, dict):  # an outcome's quote and source
            found = [(f"{name}.{k}", t) for k, t in value.items() if isinstance(t, str) and len(t) > MAX_STRING]
        else:
            continue
        for where, text in found:
            problems.add(f"{path}.{where}", f"is {len(text):,} characters long; the limit is {MAX_STRING:,}")
    if problems.count > before:
        return False
    return _check_number_sizes(item, path, problems)


def _check_number_sizes(item: dict[str, Any], path: str, problems: _Problems) -> bool:
    """Numbers checked by size before int(), float() or Fraction() see them. True when all are within limits."""
    before = problems.count
    stated = item.get("stated")
    if isinstance(stated, str) and len(stated) > MAX_DIGITS:  # (a shorter one cannot hold too many digits)
        digits = sum(ch.isdigit() for ch in stated)  # any script's digits: int() reads them all
        if digits > MAX_DIGITS:
            problems.add(f"{path}.stated", f"has {digits:,} digits; the limit is {MAX_DIGITS}")
    value = item.get("value")
    too_big = _TOO_BIG
    if isinstance(value, str) and len(value) > MAX_DIGITS and sum(ch.isdigit() for ch in value) > MAX_DIGITS:
        problems.add(f"{path}.value", f"has more than {MAX_DIGITS} digits")
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and too_big <= abs(value) < float("inf"):
        # Compared, never converted: str() of a 5,000-digit int fails, float() of a 400-digit one overflows.
        # (inf and nan are figures.value_from_data's to refuse, as "not finite".)
        problems.add(f"{path}.value", f"is too large: more than {MAX_DIGITS} digits")
    return problems.count == before


class _Problems:
    """Collects problems so the loader can report all of them at once.

    Keeps the first MAX_KEPT and counts the rest: a file of a million broken records must not hold (or print)
    millions of lines. `count` is the true number, for "… and K more problems".
    """

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.count = 0
        self.record: int | None = None  # the record whose problems are being added, for their line
        self.lines: Callable[[], list[int] | None] | None = None  # each record's line, found once a problem needs it
        self._found: list[int] | None = None

    def add(self, path: str, message: str) -> None:
        self.count += 1
        if self.count <= MAX_KEPT:
            line = self._line()
            self.items.append(Problem(shorten(path, MAX_PROBLEM_TEXT), shorten(message, MAX_PROBLEM_TEXT), line))

    def _line(self) -> int | None:
        if self.record is None or self.lines is None:
            return None
        if self._found is None:
            self._found = self.lines() or []  # once
        return self._found[self.record] if self.record < len(self._found) else None


def validate(raw: Mapping[str, Any], origin: str, record_lines: Callable[[], list[int]] | None = None) -> Dataset:
    """Check a parsed TOML document and build the typed Dataset; raise DatasetInvalid with every problem.

    `record_lines` gives each record's line in the file (called once, and only when a problem is found).
    """
    problems = _Problems()
    for key in raw:
        if key not in _TOP_LEVEL:
            problems.add(key, f"unknown top-level key (expected {', '.join(_TOP_LEVEL)})")
    if raw.get("format") != FORMAT_VERSION:
        problems.add("format", f"must be {FORMAT_VERSION} (the dataset format version), got {raw.get('format')!r}")
    sources = _sources(raw.get("sources"), problems)
    raw_records = raw.get("records")
    if not isinstance(raw_records, list) or not raw_records:
        problems.add("records", "must be a non-empty array of tables ([[records]])")
        raw_records = []
    count = len(raw_records)

    def lines() -> list[int] | None:
        found = record_lines() if record_lines is not None else None
        return found if found and len(found) == count else None  # else the lines would mislead

    problems.lines = lines
    too_many = _check_record_count(count)  # `records = [{…}, …]` escapes the count of headers
    if too_many is not None:
        raise DatasetInvalid(origin, [too_many])
    records: list[Record] = []
    clean_shapes: set[tuple[Any, ...]] = set()  # of this file only: the rules, not a memo, decide every file
    for index, item in enumerate(raw_records):
        problems.record = index
        record = _record(item, f"records[{index}]", sources, problems, clean_shapes)
        if record is not None:
            records.append(record)
    problems.record = None
    positions = _check_across(records, raw_records, problems)
    if problems.count:
        raise DatasetInvalid(origin, problems.items, total=problems.count)
    # The keys were normalised for the check above: handing them on spares doing it again (a third of the work
    # on a large file). They are what resolve.build_keys makes of a valid dataset.
    dataset = Dataset(records=tuple(records), sources=tuple(sources.values()), origin=origin, keys=positions)
    dataset.parted = tuple(n for n, record in enumerate(records) if record.about is not None)
    if dataset.parted:
        _check_parts(dataset, problems)
        if problems.count:
            raise DatasetInvalid(origin, problems.items, total=problems.count)
    return dataset


def _check_parts(dataset: Dataset, problems: _Problems) -> None:
    """Rules of the records' parts that span records, read as the resolver reads questions: a record's complete
    description (its first subject wording with the first wording of each qualifier group, a word of its measure
    and its period, in each language) answers with that record and no other, and no broader term answers."""
    from shenzhen_facts.core.folding import is_cjk
    from shenzhen_facts.core.reading import measure_words
    from shenzhen_facts.core.resolve import Index

    index = Index(dataset)
    for n, record in enumerate(dataset.records):
        problems.record = n
        if record.about is not None:
            for chinese in (True, False):
                wordings = [record.about.subject, *record.about.qualifiers, measure_words(record.kind)]
                if record.about.period:
                    wordings.append(record.about.period)
                picked = [next((t for t in group if any(map(is_cjk, t)) == chinese), "") for group in wordings]
                if not all(picked):
                    continue
                description = " ".join(reversed(picked)) if not chinese else "".join(reversed(picked))
                understood = index.understand(description)
                if understood.answer is None or understood.answer.id != record.id:
                    fits = [r.record.id for r in understood.readings if r.fits] or ["no record"]
                    problems.add(
                        f"records[{n}].about",
                        f"its description {description!r} answers {', '.join(fits)}, not this record alone",
                    )
        for at, term in enumerate(record.broader):
            answer = index.understand(term).answer
            if answer is not None:
                problems.add(
                    f"records[{n}].broader[{at}]", f"{term!r} answers record {answer.id!r} by its parts; it must not"
                )


def _sources(raw: object, problems: _Problems) -> dict[str, Source]:
    found: dict[str, Source] = {}
    if not isinstance(raw, list) or not raw:
        problems.add("sources", "must be a non-empty array of tables ([[sources]])")
        return found
    for index, item in enumerate(raw):
        path = f"sources[{index}]"
        if not isinstance(item, dict):
            problems.add(path, "must be a table")
            continue
        ok = _exact_fields(item, _SOURCE_FIELDS, _SOURCE_FIELDS, path, problems)
        if not ok or not _within_limits(item, path, problems):
            continue
        source = Source(**{name: item[name] for name in _SOURCE_FIELDS})
        if source.id in found:
            problems.add(f"{path}.id", f"duplicate source id {source.id!r}")
        found[source.id] = source
    return found


def _exact_fields(
    item: dict[str, Any], allowed: tuple[str, ...], required: tuple[str, ...], path: str, problems: _Problems
) -> bool:
    """Check a table whose fields are all strings. True when every required field is a string."""
    for name in item:
        if name not in allowed:
            problems.add(f"{path}.{name}", "unknown field")
    for name in required:
        if name not in item:
            problems.add(f"{path}.{name}", "missing required field")
        elif not isinstance(item[name], str):
            problems.add(f"{path}.{name}", f"must be a string, not {_type_name(item[name])}")
    return all(isinstance(item.get(name), str) for name in required)


_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
    date: "a date",
    datetime: "a date-time",
    time: "a time",  # TOML's local time (07:30:00)
}


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _check_shape(item: dict[str, Any], kind: str | None, path: str, problems: _Problems) -> None:
    """Unknown fields, fields of the wrong type or not allowed on the kind, and missing required fields."""
    for name, value in item.items():
        spec = _RECORD_FIELDS.get(name)
        if spec is None:
            problems.add(f"{path}.{name}", "unknown field")
        elif not isinstance(value, spec.types) or isinstance(value, bool) or type(value) is datetime:
            expected = " or ".join(_TYPE_NAMES[t] for t in spec.types)
            problems.add(f"{path}.{name}", f"must be {expected}, not {_type_name(value)}")
        elif kind is not None and kind not in spec.kinds:
            problems.add(f"{path}.{name}", f"not allowed on a record of kind {kind!r}")
    if kind is not None and not _REQUIRED_SETS[kind].issubset(item):  # one test in C for a complete record
        for name in _REQUIRED[kind]:
            if name not in item:
                problems.add(f"{path}.{name}", f"missing required field for kind {kind!r}")


def _record(
    item: object, path: str, sources: dict[str, Source], problems: _Problems, clean_shapes: set[tuple[Any, ...]]
) -> Record | None:
    if not isinstance(item, dict):
        problems.add(path, "must be a table")
        return None
    before = problems.count
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        problems.add(f"{path}.kind", f"must be one of {', '.join(KINDS)}; got {kind!r}")
        kind = None
    # The field and type rules depend on the record's shape alone (its kind, field names and their types), and the
    # records of a large file have a few shapes: each is checked once per file.
    shape = (kind, *item, *map(type, item.values()))
    if shape not in clean_shapes:
        _check_shape(item, kind, path, problems)
        if problems.count == before:
            clean_shapes.add(shape)
    _check_strings(item, path, problems)
    if not _within_limits(item, path, problems):
        return None  # the checks below would read huge strings and numbers: the limit is the one problem
    record_id = item.get("id")
    if isinstance(record_id, str) and not _ID.fullmatch(record_id):
        problems.add(
            f"{path}.id", f"{record_id!r} must be 1 to 64 lowercase ASCII letters, digits and _, starting with a letter"
        )
    source = sources.get(item["source"]) if isinstance(item.get("source"), str) else None
    if isinstance(item.get("source"), str) and source is None:
        problems.add(f"{path}.source", f"unknown source {item['source']!r} (not among [[sources]] ids)")
    value = _check_figure(item, kind, path, problems)
    when = _check_date(item, kind, path, problems)
    outcome = _outcome(item.get("outcome"), f"{path}.outcome", sources, problems)
    about = _about(item.get("about"), f"{path}.about", problems)
    if problems.count > before or kind is None or source is None:
        return None
    # The fields in Record's order (_make checks their number): a NamedTuple's keyword call costs three times as
    # much, on every record of a large file (tests compare every field of parsed records with the file).
    get = item.get
    return Record._make(
        (
            item["id"],
            kind,
            item["name"],
            item["name_zh"],
            tuple(get("aliases", ())),
            item["period"],
            item["period_zh"],
            source,
            item["quote"],
            get("stated"),
            None if value is None else (value.numerator, value.denominator),
            get("unit"),
            get("qualifier"),
            get("scope"),
            get("scope_zh"),
            get("note"),
            get("note_zh"),
            get("deadline"),
            when,
            tuple(get("related", ())),
            outcome,
            tuple(get("broader", ())),
            get("short_name"),
            get("short_name_zh"),
            about,
        ),
    )


# A short name stands in for the full name where a table has little room (the 80 x 24 overview's timeline holds
# 36 cells of name beside its date, status and figure), so it must fit there.
SHORT_NAME_CELLS = 36


def _cells(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters take two."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def _check_strings(item: dict[str, Any], path: str, problems: _Problems) -> None:
    for name, value in item.items():
        # `not value.strip()`, without making a copy of every string of a large file
        if isinstance(value, str) and (not value or value.isspace()):
            problems.add(f"{path}.{name}", "must not be empty")
    _check_short_names(item, path, problems)
    for name in ("aliases", "broader", "related"):
        values = item.get(name)
        if isinstance(values, list):
            for index, value in enumerate(values):
                if not isinstance(value, str) or not value.strip():
                    problems.add(f"{path}.{name}[{index}]", "must be a non-empty string")


def _check_short_names(item: dict[str, Any], path: str, problems: _Problems) -> None:
    for name, full in (("short_name", "name"), ("short_name_zh", "name_zh")):
        short = item.get(name)
        if isinstance(short, str) and short.strip() and _cells(short) > SHORT_NAME_CELLS:
            problems.add(f"{path}.{name}", f"must fit {SHORT_NAME_CELLS} terminal cells (a Chinese character is 2)")
        elif isinstance(short, str) and isinstance(item.get(full), str) and _cells(short) >= _cells(item[full]):
            problems.add(f"{path}.{name}", f"must be shorter than {full} (it stands in for it in narrow tables)")


def _check_figure(item: dict[str, Any], kind: str | None, path: str, problems: _Problems) -> Fraction | None:
    """Check value, unit, qualifier and stated against each other; return the value as an exact Fraction."""
    qualifier = item.get("qualifier")
    if isinstance(qualifier, str) and qualifier not in QUALIFIERS:
        problems.add(f"{path}.qualifier", f"must be one of {', '.join(QUALIFIERS)}; got {qualifier!r}")
    stated, quote, unit = item.get("stated"), item.get("quote"), item.get("unit")
    if isinstance(stated, str) and isinstance(quote, str) and stated not in quote:
        problems.add(f"{path}.stated", f"{stated!r} does not appear in its quote")
    has_value = "value" in item
    if kind == "target" or kind == "event":
        together = [name for name in ("value", "unit", "qualifier") if name in item]
        if together and len(together) != 3:
            problems.add(path, "value, unit and qualifier go together: give all three or none")
    if not has_value:
        return None
    try:
        value = value_from_data(item["value"])
    except ValueError as error:
        problems.add(f"{path}.value", str(error))
        return None
    if isinstance(item["value"], str) and unit != "percent":
        problems.add(f"{path}.value", 'a fraction value is a share of a whole and needs unit = "percent"')
    if kind in _PERCENT_KINDS and unit != "percent" and isinstance(unit, str):
        problems.add(f"{path}.unit", f"a {kind} is in percent; got {unit!r}")
    if kind == "share" and not 0 <= value <= 100:
        problems.add(f"{path}.value", f"a share must be between 0 and 100 percent; got {float(value):g}")
    if not isinstance(stated, str):
        if kind == "target":
            problems.add(f"{path}.stated", "a target with a value needs the figure as stated")
        return value
    try:
        figure = parse_stated(stated)
    except StatedFormError as error:
        problems.add(f"{path}.stated", str(error))
        return value
    if figure.value != value:
        problems.add(
            f"{path}.value",
            f"{item['value']!r} does not match the stated {stated!r} (which reads as {float(figure.value):g})",
        )
    if figure.is_fraction != isinstance(item["value"], str):
        problems.add(
            f"{path}.value",
            'a stated fraction stays a fraction in the data (value = "1/7"), and only a stated fraction may',
        )
    if isinstance(qualifier, str) and qualifier in QUALIFIERS and figure.qualifier != qualifier:
        problems.add(
            f"{path}.qualifier",
            f"{qualifier!r} contradicts the stated {stated!r} (which reads as {figure.qualifier!r})",
        )
    if figure.unit is not None and isinstance(unit, str) and figure.unit != unit:
        problems.add(f"{path}.unit", f"{unit!r} contradicts the stated {stated!r} (which reads as {figure.unit!r})")
    return value


def _check_date(item: dict[str, Any], kind: str | None, path: str, problems: _Problems) -> date | None:
    raw = item.get("date")
    when: date | None = None
    if type(raw) is date:
        when = raw
    elif isinstance(raw, str):
        try:
            when = date.fromisoformat(raw)
        except ValueError:
            problems.add(f"{path}.date", f"{raw!r} is not a real date (YYYY-MM-DD)")
    deadline = item.get("deadline")
    if isinstance(deadline, int) and not isinstance(deadline, bool) and not 1900 <= deadline <= 2200:
        problems.add(f"{path}.deadline", f"{deadline} is not a plausible year")
    stated = item.get("stated")
    if kind == "event" and when is not None and isinstance(stated, str):
        match = _CHINESE_DATE.fullmatch(stated)
        try:
            written = date(int(match[1]), int(match[2]), int(match[3])) if match else date.fromisoformat(stated)
        except ValueError:
            problems.add(f"{path}.stated", f"{stated!r} is not a real date")
        else:
            if written != when:
                problems.add(f"{path}.date", f"{when.isoformat()} does not match the stated {stated!r}")
    return when


def _outcome(raw: object, path: str, sources: dict[str, Source], problems: _Problems) -> Outcome | None:
    if not isinstance(raw, dict):
        return None
    if not _exact_fields(raw, _OUTCOME_FIELDS, _OUTCOME_FIELDS, path, problems):
        return None
    if raw["status"] not in OUTCOMES:
        problems.add(f"{path}.status", f"must be one of {', '.join(OUTCOMES)}; got {raw['status']!r}")
        return None
    source = sources.get(raw["source"])
    if source is None:
        problems.add(f"{path}.source", f"unknown source {raw['source']!r}")
        return None
    return Outcome(status=raw["status"], quote=raw["quote"], source=source)


_ABOUT_LISTS = ("subject", "also", "scope", "period")


def _about(raw: object, path: str, problems: _Problems) -> About | None:
    """A record's parts: lists of wordings, each of which must fold to at least one word (a wording of only
    small words or punctuation would match nothing, or everything)."""
    if not isinstance(raw, dict):
        return None
    before = problems.count
    for name in raw:
        if name not in (*_ABOUT_LISTS, "qualifiers"):
            problems.add(f"{path}.{name}", "unknown field (allowed: subject, qualifiers, also, scope, period)")
    if not raw.get("subject"):
        problems.add(f"{path}.subject", "is required: the wordings of the thing the figure is about")
    lists: dict[str, tuple[str, ...]] = {}
    for name in _ABOUT_LISTS:
        lists[name] = _wordings(raw.get(name, []), f"{path}.{name}", problems)
    groups = raw.get("qualifiers", [])
    qualifiers: list[tuple[str, ...]] = []
    if not isinstance(groups, list):
        problems.add(f"{path}.qualifiers", "must be an array of arrays of wordings")
    else:
        for index, group in enumerate(groups):
            found = _wordings(group, f"{path}.qualifiers[{index}]", problems)
            if not found:
                problems.add(f"{path}.qualifiers[{index}]", "must hold at least one wording")
            qualifiers.append(found)
    if problems.count > before:
        return None
    return About(lists["subject"], tuple(qualifiers), lists["also"], lists["scope"], lists["period"])


def _wordings(raw: object, path: str, problems: _Problems) -> tuple[str, ...]:
    from shenzhen_facts.core.folding import words

    if not isinstance(raw, list):
        problems.add(path, "must be an array of wordings")
        return ()
    for index, text in enumerate(raw):
        if not isinstance(text, str) or not words(text):
            problems.add(f"{path}[{index}]", "must be a wording of at least one word")
        elif len(text) > MAX_NAME:
            problems.add(f"{path}[{index}]", f"is longer than {MAX_NAME} characters")
    return tuple(t for t in raw if isinstance(t, str))


# A wording of a record's parts is a few words, like a name.
MAX_NAME = 200


def _clashes(
    records: list[Record],
    position: int,
    named: list[tuple[str, list[str]]],
    positions: dict[str, int],
    problems: _Problems,
    n: int,
) -> None:
    """Record the keys of the record at `position` (records[n] of the file), reporting each of its names that
    names an earlier record."""
    record = records[position]
    for text, found in named:
        clash = None
        for key in found:
            first = positions.setdefault(key, position)
            if clash is None and first != position and records[first].id != record.id:
                clash = key, records[first]
        if clash is not None:
            # One problem per name, however many of its keys (spelling, wording) collide.
            key, other = clash
            problems.add(
                f"records[{n}].aliases",
                f"{text!r} also names record {other.id!r} (both read {key.strip(' #')!r} once case, width, "
                "spacing, word order and plurals are folded)",
            )


def _check_across(records: list[Record], raw_records: list[Any], problems: _Problems) -> dict[str, int]:
    """Rules that span records: unique ids, names and aliases unique after normalising, related ids exist.

    Returns each normalised key's record position (the first record's, like resolve.build_keys). One pass with
    dictionaries: linear in the number of records.
    """
    ids: dict[str, int] = {}
    for n, item in enumerate(raw_records):
        record_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(record_id, str):
            if record_id in ids:
                problems.record = n
                problems.add(f"records[{n}].id", f"duplicate id {record_id!r} (also records[{ids[record_id]}])")
            else:
                ids[record_id] = n
    positions: dict[str, int] = {}  # key -> the first record it names (one dictionary: this is the hot loop)
    taken = positions.keys()
    for position, record in enumerate(records):
        every = keys(record)
        clear = taken.isdisjoint(every)
        if clear:
            # The common case, in two steps that run in C: no key of this record names an earlier record.
            positions.update(dict.fromkeys(every, position))
            if not record.related:
                continue
        n = ids[record.id]
        problems.record = n
        if not clear:  # which names clash, text by text
            _clashes(records, position, list(named_by(record)), positions, problems, n)
        for related in record.related:
            if related not in ids:
                problems.add(f"records[{n}].related", f"unknown record id {related!r}")
    # A broader term names a wider thing than any record measures: if it named a record, it would answer.
    for record in records:
        if not record.broader:
            continue
        n = ids[record.id]
        problems.record = n
        for index, term in enumerate(record.broader):
            named = next((records[positions[key]] for key, _ in query_keys(term) if key in positions), None)
            if named is not None:
                problems.add(
                    f"records[{n}].broader[{index}]", f"{term!r} names record {named.id!r}; a broader term must not"
                )
    problems.record = None
    return positions
