"""What each command shows, as data: a View is columns, rows and a JSON payload, in one language.

Views know nothing of terminals or formats; writers.py and render.py turn the same View into text.
Rows hold machine values under a column's key (for plain text and CSV) and, where people need something
friendlier, a `<key>_h` variant (for tables and Markdown): "≈14.29%" beside 14.285714285714286.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from shenzhen_facts import contract
from shenzhen_facts.figures import as_number, display_number
from shenzhen_facts.labels import Lang, label, unit_label
from shenzhen_facts.model import Dataset, Record
from shenzhen_facts.timeline import Entry, passed_years

Layout = Literal["rows", "record"]
_QUALIFIER_MARK = {"exact": "", "approx": "≈", "over": ">"}


@dataclass(frozen=True)
class Column:
    key: str  # the machine name: CSV header, plain field, `szfacts COMMAND --help` field list
    header: str  # what a person reads above the column
    numeric: bool = False
    human: bool = False  # rows carry a friendlier `<key>_h` text for tables and Markdown


@dataclass
class View:
    command: str
    title: str
    columns: list[Column]
    rows: list[dict[str, object]]
    payload: object  # what --format json prints
    layout: Layout = "rows"
    bar: str | None = None  # key of a 0–100 column drawn as a bar in tables
    caption: str | None = None  # under a table; on stderr in other formats
    warnings: list[str] = field(default_factory=list)  # always on stderr
    table_keys: tuple[str, ...] = ()  # the columns a table shows, in its order; empty means all


def _pick(record: Record, lang: Lang, en: str | None, zh: str | None) -> str:
    text = zh if lang == "zh" else en
    return text if text is not None else ""


def name(record: Record, lang: Lang) -> str:
    return record.name_zh if lang == "zh" else record.name


def period(record: Record, lang: Lang) -> str:
    return record.period_zh if lang == "zh" else record.period


def value_text(record: Record, lang: Lang) -> str:
    """The figure for people: "70%", "≈14.29%", ">75,000 base stations", or why there is none."""
    if record.value is None:
        return label("no_value", lang)
    mark = _QUALIFIER_MARK.get(record.qualifier or "exact", "")
    unit = unit_label(record.unit, lang)
    number = display_number(record.value)
    if record.unit == "rank":
        return f"#{number}" if lang == "en" else f"第{number}"
    joiner = "" if unit in ("%", "×") or lang == "zh" else " "
    return f"{mark}{number}{joiner}{unit}"


def _figure_row(record: Record, lang: Lang) -> dict[str, object]:
    return {
        "id": record.id,
        "kind": record.kind,
        "kind_h": label(f"kind.{record.kind}", lang),
        "value": None if record.value is None else as_number(record.value),
        "value_h": value_text(record, lang),
        "unit": record.unit,
        "unit_h": unit_label(record.unit, lang),
        "qualifier": record.qualifier,
        "qualifier_h": label(f"qualifier.{record.qualifier}", lang) if record.qualifier else "",
        "stated": record.stated,
        "scope": _pick(record, lang, record.scope, record.scope_zh),
        "period": period(record, lang),
        "name": name(record, lang),
    }


def _columns(lang: Lang, *keys: str) -> list[Column]:
    human = {"kind", "value", "unit", "qualifier", "status", "ratio"}
    numeric = {"value", "ratio"}
    return [Column(k, label(k, lang), numeric=k in numeric, human=k in human) for k in keys]


# ---------------------------------------------------------------------------------------------- commands

SHARE_FIELDS = ("id", "value", "unit", "qualifier", "stated", "scope", "period", "name")


def share_view(records: Sequence[Record], lang: Lang, single: bool) -> View:
    rows = [_figure_row(record, lang) for record in records]
    payload: object = contract.record_json(records[0]) if single else [contract.record_json(r) for r in records]
    columns = _columns(lang, "name", "value", "stated", "scope", "period", "qualifier", "unit", "id")
    view = View(
        "share",
        label("title.share", lang),
        _reorder(columns, SHARE_FIELDS),
        rows,
        payload,
        bar="value",
        table_keys=("name", "value", "stated", "scope"),
    )
    scopes = {(r.scope, r.scope_zh) for r in records}
    if len(scopes) > 1:
        # Womenswear is a share of China's high-end market, the others of global output: say so in words.
        common = max(scopes, key=lambda s: sum((r.scope, r.scope_zh) == s for r in records))
        odd = [r for r in records if (r.scope, r.scope_zh) != common]
        for row, record in zip(rows, records, strict=True):
            row["scope_odd"] = record in odd
        view.caption = label(
            "scope_differs",
            lang,
            common=_pick(records[0], lang, *common),
            others=", ".join(f"{name(r, lang)} ({_pick(r, lang, r.scope, r.scope_zh)})" for r in odd),
        )
    return view


def _reorder(columns: list[Column], machine_order: Sequence[str]) -> list[Column]:
    """Columns in the documented machine order; tables pick their own order from the same columns."""
    by_key = {c.key: c for c in columns}
    return [by_key[k] for k in machine_order]


SHOW_FIELDS = (
    "id",
    "kind",
    "value",
    "unit",
    "qualifier",
    "stated",
    "scope",
    "period",
    "name",
    "name_zh",
    "name_en",
    "quote",
    "publication",
    "note",
    "aliases",
    "deadline",
    "date",
    "related",
    "outcome",
)


def show_view(record: Record, lang: Lang) -> View:
    row = _figure_row(record, lang)
    other_name = record.name if lang == "zh" else record.name_zh
    row.update(
        {
            "name_zh": record.name_zh if lang == "en" else other_name,
            "name_en": record.name,
            "quote": record.quote,
            "publication": label(
                "publication_line",
                lang,
                publication=_pick(record, lang, record.source.publication, record.source.publication_zh),
                published=_pick(record, lang, record.source.published, record.source.published_zh),
            ),
            "note": _pick(record, lang, record.note, record.note_zh),
            "aliases": ", ".join(record.aliases),
            "deadline": record.deadline,
            "date": None if record.date is None else record.date.isoformat(),
            "related": ", ".join(record.related),
            "outcome": None if record.outcome is None else record.outcome.status,
        }
    )
    keys = [k for k in SHOW_FIELDS if k not in ("name_en", "name_zh")]
    keys.insert(keys.index("name") + 1, "name_en" if lang == "zh" else "name_zh")
    columns = _columns(lang, *keys)
    return View("show", name(record, lang), columns, [row], contract.record_json(record), layout="record")


LIST_FIELDS = ("id", "kind", "value", "unit", "qualifier", "stated", "period", "name")


def list_view(records: Sequence[Record], lang: Lang) -> View:
    rows = [_figure_row(record, lang) for record in records]
    return View(
        "list",
        label("title.list", lang),
        _columns(lang, *LIST_FIELDS),
        rows,
        [contract.record_json(r) for r in records],
    )


COMPARE_FIELDS = ("id", "value", "unit", "qualifier", "stated", "scope", "ratio", "name")


def compare_view(records: Sequence[Record], lang: Lang) -> View:
    """Side by side in the order given; a ratio to the first only where unit and scope agree."""
    first = records[0]
    rows: list[dict[str, object]] = []
    payload: list[contract.ComparisonJSON] = []
    warnings: list[str] = []
    for position, record in enumerate(records):
        ratio, reason = (None, None) if position == 0 else _ratio(first, record, lang)
        approximate = any(r.qualifier not in (None, "exact") for r in (first, record)) and ratio is not None
        row = _figure_row(record, lang)
        row["ratio"] = ratio
        if ratio is not None:
            row["ratio_h"] = ("≈" if approximate else "") + ratio_text(ratio, name(first, lang), lang)
        else:
            row["ratio_h"] = "—" if position == 0 else ""
        if reason:
            warnings.append(reason)
        rows.append(row)
        payload.append(
            {
                "record": contract.record_json(record),
                "ratio_to_first": row["ratio"],  # type: ignore[typeddict-item]
                "approximate": approximate,
                "reason": reason,
            }
        )
    view = View(
        "compare",
        label("title.compare", lang),
        _columns(lang, *COMPARE_FIELDS),
        rows,
        payload,
        table_keys=("name", "value", "stated", "scope", "ratio"),
    )
    view.warnings = warnings
    return view


def ratio_text(ratio: float, first: str, lang: Lang) -> str:
    """ "4.9× Consumer drones" when this is the larger; "Consumer drones: 4.9× this" when the first is."""
    if ratio >= 1 or ratio == 0:
        return label("ratio_times", lang, ratio=_short(ratio), name=first)
    return label("ratio_inverse", lang, ratio=_short(1 / ratio), name=first)


def _short(number: float) -> str:
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _ratio(first: Record, other: Record, lang: Lang) -> tuple[float | None, str | None]:
    names = {"name": name(other, lang), "first": name(first, lang)}
    if other.value is None or first.value is None or first.value == 0:
        return None, label("no_ratio_value", lang, name=name(first if first.value is None else other, lang))
    if other.unit != first.unit:
        return None, label("no_ratio_unit", lang, unit=other.unit, first_unit=first.unit, **names)
    if (other.scope, other.scope_zh) != (first.scope, first.scope_zh):
        scope = _pick(other, lang, other.scope, other.scope_zh) or label("not_stated", lang)
        first_scope = _pick(first, lang, first.scope, first.scope_zh) or label("not_stated", lang)
        return None, label("no_ratio_scope", lang, scope=scope, first_scope=first_scope, **names)
    return float(other.value / first.value), None


TIMELINE_FIELDS = ("date", "kind", "status", "id", "value", "stated", "name", "figures")


def timeline_view(found: Sequence[Entry], lang: Lang, as_of: date) -> View:
    rows: list[dict[str, object]] = []
    payload: list[contract.TimelineJSON] = []
    for entry in found:
        record = entry.record
        when = entry.date.isoformat() if entry.date else str(entry.year)
        # Tables show a target's own figure, or the ids an event decided (each one `szfacts show` away).
        figures = ", ".join(f.stated or value_text(f, lang) if f is record else f.id for f in entry.figures)
        rows.append(
            {
                "date": when,
                "kind": record.kind,
                "kind_h": label(f"kind.{record.kind}", lang),
                "status": entry.status,
                "status_h": label(f"status.{entry.status}", lang),
                "id": record.id,
                "value": None if record.value is None else as_number(record.value),
                "stated": record.stated if record.kind == "target" else None,
                "name": name(record, lang),
                "figures": figures,
            }
        )
        payload.append(
            {
                "id": record.id,
                "year": entry.year,
                "date": entry.date.isoformat() if entry.date else None,
                "kind": record.kind,
                "name": record.name,
                "name_zh": record.name_zh,
                "status": entry.status,
                "figures": [contract.figure_json(f) for f in entry.figures],
                "quote": record.quote,
            }
        )
    columns = _columns(lang, *TIMELINE_FIELDS)
    view = View(
        "timeline",
        label("title.timeline", lang),
        columns,
        rows,
        payload,
        table_keys=("date", "kind", "status", "name", "figures"),
    )
    years = passed_years(found)
    if years:
        view.caption = " ".join(label("deadline_passed", lang, year=y, as_of=as_of.isoformat()) for y in years)
    return view


SEARCH_FIELDS = ("id", "kind", "value", "stated", "name")


def search_view(records: Sequence[Record], lang: Lang) -> View:
    rows = [_figure_row(record, lang) for record in records]
    return View(
        "search",
        label("title.search", lang),
        _columns(lang, *SEARCH_FIELDS),
        rows,
        [contract.record_json(r) for r in records],
    )


VALIDATE_FIELDS = ("kind", "count")


def validate_view(dataset: Dataset, lang: Lang) -> View:
    counts = dataset.kinds()
    rows: list[dict[str, object]] = [
        {"kind": kind, "kind_h": label(f"kind.{kind}", lang), "count": n} for kind, n in counts.items()
    ]
    columns = [Column("kind", label("kind", lang), human=True), Column("count", "#", numeric=True)]
    payload = {"origin": dataset.origin, "valid": True, "records": len(dataset.records), "kinds": counts}
    view = View("validate", label("title.validate", lang), columns, rows, payload)
    view.caption = label("valid", lang, origin=dataset.origin, count=len(dataset.records))
    return view


def source_line(dataset: Dataset, lang: Lang) -> str:
    source = dataset.sources[0]
    return label(
        "source_line",
        lang,
        publication=source.publication_zh if lang == "zh" else source.publication,
        published=source.published_zh if lang == "zh" else source.published,
    )
