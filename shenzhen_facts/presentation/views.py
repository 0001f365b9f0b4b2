"""What each command shows, as data: a View is columns, rows and a JSON payload, in one language.

Views know nothing of terminals or formats; writers.py and render.py turn the same View into text.
Rows hold machine values under a column's key (for plain text and CSV) and, where people need something
friendlier, a `<key>_h` variant (for tables and Markdown): "≈14.29%" beside 14.285714285714286.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal, NamedTuple

from shenzhen_facts.core.folding import is_cjk
from shenzhen_facts.core.model import Dataset, Record
from shenzhen_facts.presentation.fields import FIELDS
from shenzhen_facts.presentation.labels import Lang, label, unit_label

if TYPE_CHECKING:
    from shenzhen_facts.core.resolve import Hit
    from shenzhen_facts.core.timeline import Entry

Layout = Literal["rows", "record", "overview"]
_QUALIFIER_MARK = {"exact": "", "approx": "≈", "over": ">"}


class Column(NamedTuple):
    key: str  # the machine name: CSV header, plain field, `szfacts COMMAND --help` field list
    header: str  # what a person reads above the column
    numeric: bool = False
    human: bool = False  # rows carry a friendlier `<key>_h` text for tables and Markdown


class View:
    """One command's answer. `payload` builds the JSON document only when JSON is asked for."""

    def __init__(
        self,
        command: str,
        title: str,
        columns: list[Column],
        rows: list[dict[str, object]],
        payload: Callable[[], object],
        *,
        layout: Layout = "rows",
        bar: str | None = None,
        table_keys: tuple[str, ...] = (),
    ) -> None:
        self.command = command
        self.title = title
        self.columns = columns
        self.rows = rows
        self.payload = payload
        self.layout = layout
        self.bar = bar  # key of a 0–100 column drawn as a bar in tables
        self.table_keys = table_keys  # the columns a table shows, in its order; empty means all
        self.optional_keys: tuple[str, ...] = ()  # columns a narrow table may leave out, the first first
        self.min_widths: dict[str, int] = {}  # columns that need more room than most before they wrap
        self.caption: str | None = None  # under a table; on stderr in other formats
        self.warnings: list[str] = []  # always on stderr
        self.parts: dict[str, View] = {}  # the panels of a dashboard (layout "overview")
        self.notes_long: list[str] = []  # a dashboard's notes where there is room, one a line
        self.notes_short: list[str] = []  # the same, each within 60 columns (the 80 x 24 and 60 x 20 dashboards)
        self.summary: list[str] = []  # a dashboard's timeline in a few words each, where it has no room for names

    def shown_columns(self) -> list[Column]:
        """The columns people see (tables, Markdown), in their order: `table_keys`, or every column."""
        if not self.table_keys:
            return list(self.columns)
        by_key = {column.key: column for column in self.columns}
        return [by_key[key] for key in self.table_keys]


def _records_json(records: Sequence[Record]) -> Callable[[], object]:
    def build() -> object:
        from shenzhen_facts.presentation.contract import record_json

        return [record_json(record) for record in records]

    return build


def _record_json(record: Record) -> Callable[[], object]:
    def build() -> object:
        from shenzhen_facts.presentation.contract import record_json

        return record_json(record)

    return build


def _pick(lang: Lang, en: str | None, zh: str | None) -> str:
    text = zh if lang == "zh" else en
    return text if text is not None else ""


def name(record: Record, lang: Lang) -> str:
    return record.name_zh if lang == "zh" else record.name


def short_name(record: Record, lang: Lang) -> str:
    """The name for a table with little room: the dataset's short name where it gives one, else the name."""
    short = record.short_name_zh if lang == "zh" else record.short_name
    return short or name(record, lang)


def period(record: Record, lang: Lang) -> str:
    return record.period_zh if lang == "zh" else record.period


def value_text(record: Record, lang: Lang) -> str:
    """The figure for people: "70%", "≈14.29%", ">75,000 base stations", or why there is none."""
    if record.number is None:
        # A target without a number says so; an event is a date, not a figure, and shows nothing here.
        return "" if record.kind == "event" else label("no_value", lang)
    mark = _QUALIFIER_MARK.get(record.qualifier or "exact", "")
    unit = unit_label(record.unit, lang)
    number = display_number(record.number)
    if record.unit == "rank":
        return f"#{number}" if lang == "en" else f"第 {number}"
    joiner = "" if unit in ("%", "×") else " "  # "75,000 个": a space between a number and a Chinese unit too
    figure = f"{mark}{number}{joiner}{unit}"
    if record.stated and _has_fraction(record.stated):
        # The article's fraction first, as it states it ("约1/7"), the percentage it stands for after. In English
        # its hedge is the mark the percentage has ("≈1/7 (≈14.29%)"): the "As stated" column keeps the 约.
        if lang == "zh":
            return f"{record.stated}（{figure}）"
        fraction = "".join(char for char in record.stated if not is_cjk(char))
        return f"{mark}{fraction} ({figure})"
    return figure


def figure_note(record: Record, lang: Lang) -> str | None:
    """What a bare number (`--value`) leaves out of the article's figure, or None where it leaves out nothing:
    that it is approximate (约1/7) or a lower bound (超过60%), or of a scope other than global output."""
    qualified = record.qualifier in ("approx", "over")
    scoped = record.scope is not None and record.scope != "global output"
    if record.number is None or not (qualified or scoped):
        return None
    stated = record.stated or value_text(record, lang)
    if not scoped:
        return label("value_note", lang, stated=stated)
    key = "value_note_share" if record.kind == "share" else "value_note_scope"
    return label(key, lang, stated=stated, scope=_pick(lang, record.scope, record.scope_zh))


def _has_fraction(stated: str) -> bool:
    """ "1/7", "约1/7": a digit either side of a slash (no regular expression: `re` costs a lookup start-up)."""
    return any(
        stated[i] == "/" and stated[i - 1].isdigit() and stated[i + 1].isdigit() for i in range(1, len(stated) - 1)
    )


def display_number(number: int | float, decimals: int = 2) -> str:
    """A number for people: thousands separators, at most `decimals` decimals, trailing zeros dropped."""
    if isinstance(number, int):
        return f"{number:,}"
    return f"{number:,.{decimals}f}".rstrip("0").rstrip(".")


def _figure_row(record: Record, lang: Lang, human: bool = True) -> dict[str, object]:
    """A record's fields as a row; `human` adds what only tables show (labels, the figure as text, short names)."""
    row: dict[str, object] = {
        "id": record.id,
        "kind": record.kind,
        "value": record.number,
        "unit": record.unit,
        "qualifier": record.qualifier,
        "stated": record.stated,
        "scope": _pick(lang, record.scope, record.scope_zh),
        "period": record.period,  # a machine value: "not stated" whatever the language (tables show period_h)
        "name": name(record, lang),
    }
    if human:  # a fifth of listing 100,000 records as plain text, which reads none of it
        row["kind_h"] = label(f"kind.{record.kind}", lang)
        row["value_h"] = value_text(record, lang)
        row["unit_h"] = unit_label(record.unit, lang)
        row["qualifier_h"] = label(f"qualifier.{record.qualifier}", lang) if record.qualifier else ""
        row["period_h"] = period(record, lang)
        row["name_short"] = short_name(record, lang)  # tables only: never a plain or CSV field
    return row


def _columns(lang: Lang, *keys: str) -> list[Column]:
    human = {"kind", "value", "unit", "qualifier", "status", "ratio", "figures", "matched", "period"}
    numeric = {"value", "ratio"}
    return [Column(k, label(k, lang), numeric=k in numeric, human=k in human) for k in keys]


# ---------------------------------------------------------------------------------------------- commands


def share_view(records: Sequence[Record], lang: Lang, single: bool) -> View:
    rows = [_figure_row(record, lang) for record in records]
    payload = _record_json(records[0]) if single else _records_json(records)
    view = View(
        "share",
        label("title.share", lang),
        _columns(lang, *FIELDS["share"]),
        rows,
        payload,
        bar="value",
        table_keys=("name", "value", "stated", "scope"),
    )
    view.optional_keys = ("stated",)  # the value column gives the figure with its qualifier ("约1/7", ">60%")
    scopes = list(dict.fromkeys((r.scope, r.scope_zh) for r in records))  # in order, so ties break the same way
    if len(scopes) > 1:
        # Womenswear is a share of China's high-end market, the others of global output: say so in words.
        common = max(scopes, key=lambda s: sum((r.scope, r.scope_zh) == s for r in records))
        odd = [r for r in records if (r.scope, r.scope_zh) != common]
        for row, record in zip(rows, records, strict=True):
            row["scope_odd"] = record in odd
        view.caption = label(
            "scope_differs",
            lang,
            common=_pick(lang, *common),
            others=("、" if lang == "zh" else ", ").join(
                f"{name(r, lang)}（{_pick(lang, r.scope, r.scope_zh)}）"
                if lang == "zh"
                else f"{name(r, lang)} ({_pick(lang, r.scope, r.scope_zh)})"
                for r in odd
            ),
        )
    return view


def show_view(record: Record, lang: Lang) -> View:
    row = _figure_row(record, lang)
    row.update(
        {
            "name_zh": record.name_zh,
            "name_en": record.name,
            "quote": record.quote,
            "publication": label(
                "publication_line",
                lang,
                publication=_pick(lang, record.source.publication, record.source.publication_zh),
                published=_pick(lang, record.source.published, record.source.published_zh),
            ),
            "note": _pick(lang, record.note, record.note_zh),
            "aliases": ", ".join(record.aliases),
            "deadline": record.deadline,
            "date": None if record.date is None else record.date.isoformat(),
            "related": ", ".join(record.related),
            "outcome": None if record.outcome is None else record.outcome.status,
        }
    )
    # Machine fields never move with the language; people see the name once, then the other language's.
    other = "name_en" if lang == "zh" else "name_zh"
    keys = tuple(key for key in FIELDS["show"] if key not in ("name_en", "name_zh") or key == other)
    columns = _columns(lang, *FIELDS["show"])
    return View("show", name(record, lang), columns, [row], _record_json(record), layout="record", table_keys=keys)


def list_view(records: Sequence[Record], lang: Lang, kind: str | None = None, human: bool = True) -> View:
    """The records as a list; without `human`, a view for plain, CSV or JSON only (no table can show it)."""
    # A table's value column already shows the qualifier and unit ("≈14.29%"): they get no columns of their own.
    table_keys = ("id", "kind", "value", "stated", "period", "name")
    view = _records_view("list", records, lang, table_keys=table_keys, human=human)
    # The ids take the room of a narrow table: these columns go first (the value column keeps the figure and its
    # unit, and each record is a `szfacts show ID` away).
    view.optional_keys = ("kind", "period", "stated")
    if kind is not None:  # the title says what was listed: "Records: growth", not "All records"
        view.title = label("title.list_kind", lang, kind=label(f"kind.{kind}", lang))
    return view


def _records_view(
    command: str, records: Sequence[Record], lang: Lang, table_keys: tuple[str, ...] = (), human: bool = True
) -> View:
    """One row per record, in the command's field order (list and search)."""
    rows = [_figure_row(record, lang, human) for record in records]
    columns = _columns(lang, *FIELDS[command])
    return View(command, label(f"title.{command}", lang), columns, rows, _records_json(records), table_keys=table_keys)


def compare_view(records: Sequence[Record], lang: Lang) -> View:
    """Side by side in the order given; a ratio to the first only where unit and scope agree."""
    first = records[0]
    rows: list[dict[str, object]] = []
    compared: list[tuple[Record, float | None, bool, str | None]] = []
    warnings: list[str] = []
    for position, record in enumerate(records):
        ratio, reason = (None, None) if position == 0 else _ratio(first, record, lang)
        approximate = any(r.qualifier not in (None, "exact") for r in (first, record)) and ratio is not None
        row = _figure_row(record, lang)
        row["ratio"] = ratio
        if ratio is not None:
            row["ratio_h"] = ratio_text(ratio, short_name(first, lang), lang, approximate)
        else:
            row["ratio_h"] = "—" if position == 0 else ""
        if reason:
            warnings.append(reason)
        rows.append(row)
        compared.append((record, ratio, approximate, reason))

    def payload() -> object:
        from shenzhen_facts.presentation.contract import comparison_json

        return [
            comparison_json(record, ratio, approximate, position == 0 or ratio is not None, reason)
            for position, (record, ratio, approximate, reason) in enumerate(compared)
        ]

    view = View(
        "compare",
        label("title.compare", lang),
        _columns(lang, *FIELDS["compare"]),
        rows,
        payload,
        table_keys=("name", "value", "stated", "scope", "ratio"),
    )
    view.optional_keys = ("stated",)  # the value column gives the figure with its qualifier ("约1/7", ">60%")
    view.warnings = warnings
    return view


def ratio_text(ratio: float, first: str, lang: Lang, approximate: bool = False) -> str:
    """This row against the first, one way whichever is larger: "4.9× Smartphones", "0.2× Consumer drones"
    (the row is that many times the first), the very number JSON gives as ratio_to_first. "Consumer drones:
    4.9× this" read backwards as often as not.

    A ratio with an approximate figure on either side is approximate too, and says so: "≈1.14×".
    """
    mark = "≈" if approximate else ""
    return label("ratio_times", lang, ratio=mark + _short(ratio), name=first)


def _short(number: float) -> str:
    """Two decimals from 1 up; below 1, two significant digits (0.2, 0.0014), so no ratio reads as 0."""
    if 0 < abs(number) < 1:
        return f"{number:.2g}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _ratio(first: Record, other: Record, lang: Lang) -> tuple[float | None, str | None]:
    names = {"name": name(other, lang), "first": name(first, lang)}
    if other.quantity is None or first.quantity is None or first.number == 0:
        return None, label("no_ratio_value", lang, name=name(first if first.quantity is None else other, lang))
    if other.kind != first.kind:
        kinds = {"kind": label(f"kind.{other.kind}", lang), "first_kind": label(f"kind.{first.kind}", lang)}
        return None, label("no_ratio_kind", lang, **kinds, **names)
    if other.unit != first.unit:
        return None, label("no_ratio_unit", lang, unit=other.unit, first_unit=first.unit, **names)
    if (other.scope, other.scope_zh) != (first.scope, first.scope_zh):
        scope = _pick(lang, other.scope, other.scope_zh) or label("not_stated", lang)
        first_scope = _pick(lang, first.scope, first.scope_zh) or label("not_stated", lang)
        return None, label("no_ratio_scope", lang, scope=scope, first_scope=first_scope, **names)
    assert other.value is not None and first.value is not None
    return float(other.value / first.value), None  # exact division of Fractions, rounded once


def _decided(record: Record, lang: Lang) -> str:
    """A target's figure in a table: as the article states it ("4", "一批"), but in digits in English where the
    article writes the number in Chinese ("五" is 5); a figure the article gives no number for keeps its words."""
    if lang == "en" and record.number is not None and record.stated and any(map(is_cjk, record.stated)):
        return _QUALIFIER_MARK.get(record.qualifier or "exact", "") + display_number(record.number)
    return record.stated or value_text(record, lang)


def _decided_by(record: Record, lang: Lang) -> str:
    """What an event decided, in a table: its name, and its figure where it has one."""
    if record.stated is None:
        return short_name(record, lang)
    return f"{short_name(record, lang)}{'：' if lang == 'zh' else ': '}{_decided(record, lang)}"


def timeline_view(found: Sequence[Entry], lang: Lang, as_of: date) -> View:
    rows: list[dict[str, object]] = []
    for entry in found:
        record = entry.record
        when = entry.date.isoformat() if entry.date else str(entry.year)
        # Plain text gives a target's own figure, or the ids an event decided (each one `szfacts show` away);
        # tables give people the names of what was decided, with its figure, instead of ids.
        figures = ", ".join(f.stated or value_text(f, lang) if f is record else f.id for f in entry.figures)
        # Tables give one a line: a list of what an event decided reads as a list.
        figures_lines = [_decided(f, lang) if f is record else _decided_by(f, lang) for f in entry.figures]
        rows.append(
            {
                "date": when,
                "kind": record.kind,
                "kind_h": label(f"kind.{record.kind}", lang),
                "status": entry.status,
                "status_h": label(f"status.{entry.status}", lang),
                "id": record.id,
                "value": record.number,
                "stated": record.stated if record.kind == "target" else None,
                "name": name(record, lang),
                "name_short": short_name(record, lang),
                "figures": figures,
                "figures_h": ("；" if lang == "zh" else "; ").join(figures_lines),
                "figures_lines": figures_lines,
            }
        )

    def payload() -> object:
        from shenzhen_facts.presentation.contract import timeline_json

        return [timeline_json(entry) for entry in found]

    columns = _columns(lang, *FIELDS["timeline"])
    view = View(
        "timeline",
        label("title.timeline", lang),
        columns,
        rows,
        payload,
        table_keys=("date", "kind", "status", "name", "figures"),
    )
    view.optional_keys = ("kind",)
    view.min_widths = {"figures": 28}  # "Trillion-yuan-class clusters: 4" on one line
    from shenzhen_facts.core.timeline import passed_years

    years = passed_years(found)
    if years:
        view.caption = " ".join(label("deadline_passed", lang, year=y, as_of=as_of.isoformat()) for y in years)
    return view


def search_view(hits: Sequence[Hit], lang: Lang) -> View:
    view = _records_view("search", [hit.record for hit in hits], lang)
    for row, hit in zip(view.rows, hits, strict=True):
        row["matched"] = hit.matched
        row["matched_h"] = label(f"matched.{hit.matched}", lang)
    view.optional_keys = ("stated", "matched")

    def payload() -> object:
        from shenzhen_facts.presentation.contract import search_hit_json

        return [search_hit_json(hit.record, hit.matched) for hit in hits]

    view.payload = payload
    return view


def validate_view(dataset: Dataset, lang: Lang) -> View:
    counts = dataset.kinds()
    rows: list[dict[str, object]] = [
        {"kind": kind, "kind_h": label(f"kind.{kind}", lang), "count": n} for kind, n in counts.items()
    ]
    columns = [Column("kind", label("kind", lang), human=True), Column("count", "#", numeric=True)]
    report = {"origin": dataset.origin, "valid": True, "records": len(dataset.records), "kinds": counts}
    view = View("validate", label("title.validate", lang), columns, rows, lambda: report)
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


def overview_view(dataset: Dataset, lang: Lang, as_of: date) -> View:
    """The demo dashboard: the shares, the growth figures and the timeline, as one View of three parts.

    Plain text and CSV get one line per record with its section first; JSON gets an object of the three lists.
    """
    from shenzhen_facts.core.timeline import entries, passed_years

    shares = sorted((r for r in dataset.records if r.kind == "share"), key=lambda r: -(r.number or 0))
    growth = [r for r in dataset.records if r.kind == "growth"]
    found = entries(dataset, as_of)
    parts = {
        "share": share_view(shares, lang, single=False),
        "growth": list_view(growth, lang),
        "timeline": timeline_view(found, lang, as_of),
    }
    parts["growth"].title = label("title.growth", lang)
    rows: list[dict[str, object]] = []
    for section, part in parts.items():
        for row in part.rows:
            rows.append({**row, "section": section, "period": row.get("period", row.get("date"))})

    def payload() -> object:
        from shenzhen_facts.presentation.contract import OverviewJSON, dataset_source_json, record_json, timeline_json

        document: OverviewJSON = {
            "shares": [record_json(r) for r in shares],
            "growth": [record_json(r) for r in growth],
            "timeline": [timeline_json(entry) for entry in found],
            "source": dataset_source_json(dataset.sources[0]),
            "as_of": as_of.isoformat(),
        }
        return document

    view = View(
        "overview", label("title.overview", lang), _columns(lang, *FIELDS["overview"]), rows, payload, layout="overview"
    )
    view.parts = parts
    # One line each: what the shares are of, whether deadlines have passed, and where it all comes from.
    notes = [part.caption for part in (parts["share"], parts["timeline"]) if part.caption]
    view.caption = "\n".join([*notes, source_line(dataset, lang)])
    scope = [f"* {parts['share'].caption}"] if parts["share"].caption else []
    deadlines = parts["timeline"].caption
    view.notes_long = [*scope, *([deadlines] if deadlines else []), source_line(dataset, lang)]
    # Within 60 columns each: the 80 x 24 and 60 x 20 dashboards have no room for a second line.
    odd = [record for record, row in zip(shares, parts["share"].rows, strict=True) if row.get("scope_odd")]
    short = [label("scope_odd_short", lang, name=name(r, lang), scope=_pick(lang, r.scope, r.scope_zh)) for r in odd]
    short += [label("deadline_passed_short", lang, year=y, as_of=as_of.isoformat()) for y in passed_years(found)]
    view.notes_short = [*short, source_line(dataset, lang)]
    for row in parts["growth"].rows:
        row["period_heading"] = label("heading", lang, text=row["period_h"])
    counts: dict[tuple[int, str, str], int] = {}
    for entry in found:
        group = (entry.year, entry.record.kind, entry.status)
        counts[group] = counts.get(group, 0) + 1
    view.summary = [
        label(
            f"summary.{kind}" + ("" if count == 1 else "s"),
            lang,
            year=year,
            count=count,
            status=label(f"status.{status}", lang),
        )
        for (year, kind, status), count in counts.items()
    ]
    return view
