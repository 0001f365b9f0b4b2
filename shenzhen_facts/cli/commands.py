"""The command line: each command parses its arguments, calls the core and hands a View to Output.

No business logic lives here; errors are turned into messages and exit codes in boundary.py alone.
"""

# No `from __future__ import annotations` here, on purpose: typer reads the invoked command's annotations on
# every run, and as strings they would be compiled and evaluated each time (measured: ~0.5 ms a run net).
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from typer.core import TyperCommand

from shenzhen_facts.cli import boundary
from shenzhen_facts.cli.boundary import PROG, SzfactsGroup
from shenzhen_facts.cli.output import Language, Output, OutputFormat, prepare_streams
from shenzhen_facts.core import __version__
from shenzhen_facts.core.errors import (
    ExitCode,
    NoFigure,
    NotAShare,
    NothingFound,
    SzfactsError,
    UsageProblem,
    shorten,
)
from shenzhen_facts.core.model import Dataset, Record
from shenzhen_facts.presentation.fields import epilog

if TYPE_CHECKING:  # imported where used, so a lookup loads only what it needs
    from shenzhen_facts.api import Facts
    from shenzhen_facts.presentation.views import View

# ---------------------------------------------------------------------------------------------- boundary


# ---------------------------------------------------------------------------------------------- options
# Every data command repeats the same six parameters (format, json, lang, data, no-color, export): typer has no
# parameter groups, and options on the app callback would have to come before the command name, where people
# do not type them (`szfacts share drones --json` is what they type).

FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="auto (table on a terminal, plain in a pipe), table, plain (TAB-separated), json, jsonl (one JSON "
        "object a line), csv or markdown.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
# No envvar= here: SZFACTS_LANG is read by output.language(), which must tell it from an explicit --lang (the
# variable translates tables and messages, never the values a script reads from plain or CSV output).
LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        case_sensitive=False,
        show_default=False,
        help="Language of labels and names: en or zh (default: $SZFACTS_LANG, else en).",
    ),
]
DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar="SZFACTS_DATA",
        metavar="PATH",
        show_default=False,
        help="Dataset to read instead of the bundled data.toml.",
    ),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour in tables (NO_COLOR is honoured too).")]
ValueOption = Annotated[
    bool,
    typer.Option(
        "--value",
        help="Print only the number, for $(…) in scripts (not with --json or --format); where the article "
        "qualifies it (约, 超过, a scope other than global output) a note on stderr says how.",
    ),
]
FieldOption = Annotated[
    str | None,
    typer.Option(
        "--field",
        metavar="NAME",
        show_default=False,
        help="Print only this field of the record, for scripts: stated (the figure as the article writes it), "
        "qualifier, scope, period, quote, name_zh, … (any key of the JSON record).",
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No notes on stderr (such as a passed deadline); errors still show.")
]
ExportOption = Annotated[
    str | None,
    typer.Option(
        "--export",
        metavar="PATH",
        show_default=False,
        help="Also write the table view to PATH, as SVG or HTML by its extension (for slides and web pages).",
    ),
]


_SHELL_SPECIAL = frozenset(" \t'\"\\$`!&|;<>()[]{}*?#~")


def _completion_dataset(ctx: typer.Context) -> Dataset | None:
    try:
        return _load(ctx.params.get("data") or os.environ.get("SZFACTS_DATA")).dataset
    except SzfactsError:
        return None


def _candidates(ctx: typer.Context, incomplete: str, fits: Callable[[Record], bool]) -> list[str]:
    """Ids and aliases of the records that fit the slot and start with what has been typed.

    An alias with a space is offered with the space escaped for bash (which inserts a candidate as it is), so
    that it arrives as one argument (`consumer\\ drone`); zsh and fish escape candidates themselves. Escaping
    rather than quoting, because typer keeps only candidates that start with the typed text. For the same
    reason, a start typed in traditional characters (消費) gets the names in traditional characters (消費級無人機),
    which answer as the simplified ones do; a name whose traditional form does not convert back is not offered.
    """
    from shenzhen_facts.core.resolve import normalize, simplified, traditional
    from shenzhen_facts.presentation.writers import safe

    dataset = _completion_dataset(ctx)
    if dataset is None:
        return []
    unquoted = incomplete.strip("'\"")
    in_simplified = simplified(unquoted)
    typed = normalize(in_simplified)
    in_traditional = in_simplified != unquoted
    ascii_typed = typed.isascii()
    bash = os.environ.get("_SZFACTS_COMPLETE", "").endswith("bash")
    found: list[str] = []
    for record in dataset.records:
        if not fits(record):
            continue
        # An empty word gets one candidate a record (its id); a typed start gets every name that fits it.
        for candidate in (record.id, record.name, record.name_zh, *record.aliases) if typed else (record.id,):
            if ascii_typed and "\u4e00" <= candidate[:1] <= "\u9fff":
                # A name that starts with a CJK ideograph folds to one (NFKC leaves them alone), so it cannot
                # start with Latin letters or digits: not folded at all (completion runs on every key press).
                continue
            # A name with a control or invisible character is not offered: shown escaped it would not be the name
            # (it would not resolve), and raw it would reach the shell's line or split into two candidates.
            if normalize(candidate).startswith(typed) and safe(candidate) == candidate:
                if in_traditional:
                    written = traditional(candidate)
                    if simplified(written) != candidate:
                        continue
                    candidate = written
                if bash:
                    candidate = "".join("\\" + char if char in _SHELL_SPECIAL else char for char in candidate)
                if candidate not in found:
                    found.append(candidate)
    return found


def _complete_query(ctx: typer.Context, incomplete: str) -> list[str]:
    """Any record (show, cite)."""
    return _candidates(ctx, incomplete, lambda record: True)


def _complete_share(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shares only: `share` refuses anything else."""
    return _candidates(ctx, incomplete, lambda record: record.kind == "share")


def _complete_figure(ctx: typer.Context, incomplete: str) -> list[str]:
    """Records with a figure: `compare` has nothing to set side by side for the others."""
    return _candidates(ctx, incomplete, lambda record: record.quantity is not None)


def _complete_kind(ctx: typer.Context, incomplete: str) -> list[str]:
    """The kinds this dataset has records of."""
    dataset = _completion_dataset(ctx)
    return [kind for kind in (dataset.kinds() if dataset else ()) if kind.startswith(incomplete.lower())]


def _complete_year(ctx: typer.Context, incomplete: str) -> list[str]:
    """The years that have timeline entries."""
    dataset = _completion_dataset(ctx)
    if dataset is None:
        return []
    years = sorted({r.year for r in dataset.records if r.kind in ("event", "target") and r.year is not None})
    return [str(year) for year in years if str(year).startswith(incomplete)]


QueryArgument = Annotated[
    str,
    typer.Argument(
        metavar="QUERY",
        help="A record's id, name or alias, in English or Chinese.",
        autocompletion=_complete_query,
        show_default=False,
    ),
]
QueriesArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="QUERY...",
        help="One or more records' ids, names or aliases, in English or Chinese; - reads queries from stdin, one a "
        "line, each answered as it is read.",
        autocompletion=_complete_query,
        show_default=False,
    ),
]


class EmptyFilter(SzfactsError):
    """A filter (`--year`, `--kind`) that leaves nothing: exit 1 like a search that finds nothing, naming the
    values that do have entries, so the next try can be right."""

    exit_code = ExitCode.NO_MATCH

    def __init__(self, option: str, value: object, have: Sequence[object]) -> None:
        what, what_zh = ("years", "年份") if option == "--year" else ("kinds", "类别")
        super().__init__(f"nothing for {option} {value}; {what} with entries: {', '.join(map(str, have))}")
        self.zh = f"{option} {value} 没有条目；有条目的{what_zh}：{'、'.join(map(str, have))}"


def _load(data: str | None) -> "Facts":
    """The dataset through the library face: the command line answers exactly what `api.load(...).get` does."""
    from shenzhen_facts.api import load

    return load(data or None)


def _check_value(value: bool, field: str | None, fmt: str, as_json: bool) -> None:
    """--value and --field print one bare text: asking for a format as well is a contradiction, not something to
    ignore, and so is asking for both."""
    if value and field is not None:
        raise UsageProblem("--value and --field each print one thing; choose one")
    if (value or field is not None) and (as_json or fmt.lower() != "auto"):
        chosen = "--json" if as_json else f"--format {fmt}"
        what = "--value prints only the number" if value else "--field prints only that field"
        raise UsageProblem(f"{what} and cannot be combined with {chosen}")
    if field is not None:
        from shenzhen_facts.presentation.contract import FIELD_NAMES

        if field not in FIELD_NAMES:
            known = ", ".join(FIELD_NAMES)
            raise typer.BadParameter(f"{shorten(field)!r} is not one of {known}", param_hint="'--field'")


def _print_value(record: Record, out: Output) -> None:
    if record.number is None:
        raise NoFigure(record.id, record.kind)
    sys.stdout.write(repr(record.number) + "\n")  # no thousands separators; floats at full precision
    out.note_figure(record)


def _print_field(record: Record, field: str) -> None:
    from shenzhen_facts.cli.queries import field_text

    sys.stdout.write(field_text(record, field) + "\n")


# ---------------------------------------------------------------------------------------------- app


class SzfactsCommand(TyperCommand):
    """A command whose usage line reads `szfacts show [OPTIONS] QUERY`, the conventional form: typer wraps a
    required argument's metavar in braces (`{QUERY}`), which reads as a set of choices to pick from."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [piece[1:-1] if piece[:1] == "{" and piece[-1:] == "}" else piece for piece in pieces]


_APP_SETTINGS: dict[str, Any] = dict(
    cls=SzfactsGroup,
    name=PROG,
    help=(
        "Shenzhen's 2023 industrial results and its 2025/2035 targets, every figure quoted from "
        "深圳特区报 (Shenzhen Special Zone Daily), early 2024.\n\n"
        "\b\nExamples:\n"
        "  szfacts share drones\n"
        "  szfacts compare drones smartphones\n"
        "  szfacts timeline --year 2025 --lang zh"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
app = typer.Typer(**_APP_SETTINGS)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Shenzhen's 2023 industrial results and 2025/2035 targets, from one cited article."""


@app.command(epilog=epilog("share"), cls=SzfactsCommand)
def share(
    queries: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[QUERY]...",
            help="Products (drones, 消费级无人机, …), or - to read them from stdin, one a line; all eight shares "
            "when left out.",
            autocompletion=_complete_share,
            show_default=False,
        ),
    ] = None,
    value: ValueOption = False,
    field: FieldOption = None,
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """Shenzhen's share of output: one product, several, or all eight ranked from largest to smallest.

    \b
    Examples:
      szfacts share drones
      szfacts share --format csv
      x=$(szfacts share drones --value)
      szfacts share drones womenswear --value
    """
    from shenzhen_facts.presentation.views import share_view

    _check_value(value, field, fmt, as_json)
    out = Output(fmt, as_json, lang, no_color, export, quiet)
    facts = _load(data)
    if not queries:
        if value or field is not None:
            raise UsageProblem(f"{'--value' if value else '--field'} needs a QUERY: it prints from one share")
        shares = facts.shares()
        out.show(lambda language: share_view(shares, language, single=False))
        return

    def lookup(query: str) -> Record:
        record = facts.get(query)
        if record.kind != "share":
            from shenzhen_facts.cli.queries import Missed
            from shenzhen_facts.core.resolve import candidate

            raise Missed(NotAShare(record.id, record.kind), [candidate(record)])  # the record named, which is no share
        return record

    _answer(out, queries, lookup, lambda record: share_view([record], out.lang, single=True), "share", value, field)


def _answer(
    out: Output,
    queries: list[str],
    lookup: Callable[[str], Record],
    view_of: Callable[[Record], "View"],
    command: str,
    value: bool,
    field: str | None,
) -> None:
    """One query answered as ever (its miss an error); several, or stdin's, answered one by one (queries.py)."""
    if len(queries) != 1 or queries[0] == "-" or out.format == "jsonl":  # (queries.py is not loaded for one)
        from shenzhen_facts.cli import queries as many
        from shenzhen_facts.presentation.fields import FIELDS

        code = many.answer_all(
            out, many.asked(queries), lookup, view_of, fields=FIELDS[command], value=value, field=field
        )
        if code:
            raise typer.Exit(code)
        return
    record = lookup(queries[0])  # a miss is an error (queries.Missed is one), said by the boundary
    if value:
        _print_value(record, out)
    elif field is not None:
        _print_field(record, field)
    else:
        out.emit(view_of(record))


@app.command(epilog=epilog("show"), cls=SzfactsCommand)
def show(
    queries: QueriesArgument,
    value: ValueOption = False,
    field: FieldOption = None,
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """Everything about a record: names, figure as stated, period, the verbatim source clause.

    Several queries get one answer each, in order (a miss is an empty line, or an object with `error` and
    `nearest` in JSON, and exit status 1 after the rest are answered).

    \b
    Examples:
      szfacts show drones
      szfacts show 消费级无人机 --json
      szfacts show "5G base stations" --lang zh
      szfacts show womenswear --field stated
      szfacts show drones smartphones "5G base stations" --value
    """
    from shenzhen_facts.presentation.views import show_view

    _check_value(value, field, fmt, as_json)
    out = Output(fmt, as_json, lang, no_color, export, quiet)
    facts = _load(data)
    _answer(out, queries, facts.get, lambda record: show_view(record, out.lang), "show", value, field)


@app.command(name="list", epilog=epilog("list"), cls=SzfactsCommand)
def list_(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            show_default=False,
            autocompletion=_complete_kind,
            help="Only records of this kind: share, growth, count, money, ratio, rank, target or event.",
        ),
    ] = None,
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """Every record, one line each.

    \b
    Examples:
      szfacts list
      szfacts list --kind growth
      szfacts list --kind target --format csv
    """
    from shenzhen_facts.core.model import KINDS
    from shenzhen_facts.presentation.views import list_view

    out = Output(fmt, as_json, lang, no_color, export, quiet)
    if kind is not None and kind.lower() not in KINDS:
        raise typer.BadParameter(f"{shorten(kind)!r} is not one of {', '.join(KINDS)}", param_hint="'--kind'")
    facts = _load(data)
    chosen = None if kind is None else kind.lower()
    if out.format == "plain" and out.export is None:
        from shenzhen_facts.presentation import listing

        # Streamed: a list of 100,000 records starts at once and never holds them all. A kind with no records
        # has printed nothing when it is found to be empty, so the error still leaves stdout empty.
        if not out.stream(listing.plain(facts.dataset, out.lang, chosen)) and chosen is not None:
            raise EmptyFilter("--kind", chosen, list(facts.dataset.kinds()))
        return
    records = facts.list(chosen)
    if not records and kind is not None:
        raise EmptyFilter("--kind", kind.lower(), list(facts.dataset.kinds()))
    out.emit(list_view(records, out.lang, kind=chosen))


@app.command(epilog=epilog("compare"), cls=SzfactsCommand)
def compare(
    queries: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help="Two or more records, compared in the order given.",
            autocompletion=_complete_figure,
            show_default=False,
        ),
    ],
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """Records side by side, each against the first where unit and scope agree.

    Where they do not (a share of global output against a share of China's high-end market, a percentage
    against a count), they still stand side by side, with no ratio, and a note on stderr says why.

    \b
    Examples:
      szfacts compare drones smartphones
      szfacts compare drones smartphones womenswear
      szfacts compare 消费级无人机 智能手机 --lang zh
    """
    from shenzhen_facts.presentation.views import compare_view

    if len(queries) < 2:
        raise UsageProblem("compare needs at least two queries, for example `szfacts compare drones smartphones`")
    out = Output(fmt, as_json, lang, no_color, export, quiet)
    facts = _load(data)
    records = [facts.get(query) for query in queries]
    out.show(lambda language: compare_view(records, language))


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{shorten(text)!r} is not a date like 2026-01-31", param_hint="'--as-of'") from None


@app.command(epilog=epilog("timeline"), cls=SzfactsCommand)
def timeline(
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            min=1900,
            max=2200,
            show_default=False,
            autocompletion=_complete_year,
            help="Only this year (2023, 2025 or 2035).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            show_default=False,
            help="Judge deadlines as of this date (YYYY-MM-DD); today by default.",
        ),
    ] = None,
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """The 2023 events and the 2025 and 2035 targets in date order, each target with its status.

    A target is open until its deadline year is over, then deadline-passed unless the dataset records an
    outcome (met or missed). The bundled article records no outcomes.

    \b
    Examples:
      szfacts timeline
      szfacts timeline --year 2025
      szfacts timeline --as-of 2024-06-30 --json
    """
    from shenzhen_facts.presentation.views import timeline_view

    when = _as_of(as_of)
    out = Output(fmt, as_json, lang, no_color, export, quiet)
    facts = _load(data)
    found = facts.timeline(year, when)
    if not found and year is not None:
        raise EmptyFilter("--year", year, sorted({entry.year for entry in facts.timeline(None, when)}))
    out.show(lambda language: timeline_view(found, language, when))


@app.command(epilog=epilog("search"), cls=SzfactsCommand)
def search(
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="Words to look for, in English or Chinese.", show_default=False)
    ],
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """Records whose names, aliases, notes or source clause contain the text, best matches first.

    \b
    Examples:
      szfacts search 5G
      szfacts search byd
      szfacts search 新能源汽车 --lang zh
    """
    from shenzhen_facts.presentation.views import search_view

    out = Output(fmt, as_json, lang, no_color, export, quiet)
    found = _load(data).search(text)
    if not found:
        raise NothingFound(text)
    out.emit(search_view(found, out.lang))


@app.command(epilog=epilog("validate"), cls=SzfactsCommand)
def validate(
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="Dataset to check; --data, SZFACTS_DATA or the bundled one when left out.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check a dataset against the format and say how many records of each kind it holds.

    Every problem is listed with its key path (and line where known), not just the first.

    \b
    Examples:
      szfacts validate
      szfacts validate my-city.toml
      szfacts validate --json
    """
    from shenzhen_facts.presentation.views import validate_view

    out = Output(fmt, as_json, lang, no_color, export, quiet)
    dataset = _load(path or data).dataset
    out.show(lambda language: validate_view(dataset, language))


@app.command(epilog=epilog("overview"), cls=SzfactsCommand)
def overview(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DATE", show_default=False, help="Judge deadlines as of this date; today by default."
        ),
    ] = None,
    fmt: FormatOption = "auto",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    export: ExportOption = None,
    quiet: QuietOption = False,
) -> None:
    """One screen for a demo: the eight shares as bars, the growth figures, the timeline and the source.

    Made for a 100 x 30 terminal, in English or Chinese; piped, it is plain lines like every other command.

    \b
    Examples:
      szfacts overview
      szfacts overview --lang zh
      szfacts overview --export overview.svg
    """
    from shenzhen_facts.presentation.views import overview_view

    when = _as_of(as_of)
    out = Output(fmt, as_json, lang, no_color, export, quiet)
    dataset = _load(data).dataset
    out.show(lambda language: overview_view(dataset, language, when))


@app.command(cls=SzfactsCommand)
def cite(
    query: QueryArgument,
    style: Annotated[
        Literal["text", "markdown", "bibtex", "json", "csv"],
        typer.Option(
            "--format",
            "-f",
            "--style",
            "-s",
            case_sensitive=False,
            help="text, markdown, bibtex, json (CSL-JSON, which reference managers import) or csv (one row: id, "
            "names, figure as stated, scope, period, the clause and the publication).",
        ),
    ] = "text",
    as_json: JsonOption = False,
    lang: LangOption = None,
    data: DataOption = None,
) -> None:
    """A citation of a record's source, ready to paste: publication, date as far as known, the verbatim
    clause and the figure as stated.

    \b
    Examples:
      szfacts cite drones
      szfacts cite "5G base stations" --format markdown
      szfacts cite womenswear --format bibtex
      szfacts cite drones --format json
    """
    from shenzhen_facts.cli.output import language
    from shenzhen_facts.presentation.cite import citation
    from shenzhen_facts.presentation.writers import safe_lines

    chosen, _ = language(lang)
    boundary.language = chosen
    record = _load(data).get(query)
    chosen_style = "json" if as_json else style.lower()
    text = citation(record, chosen_style, chosen)  # type: ignore[arg-type]
    # JSON and CSV escape control characters themselves; the other styles are shown text and get them made visible.
    sys.stdout.write(text if chosen_style in ("json", "csv") else safe_lines(text))


@app.command(cls=SzfactsCommand)
def check(
    texts: Annotated[
        list[str] | None,
        typer.Argument(metavar="[TEXT]...", help="Sentences to check (or use --file).", show_default=False),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            show_default=False,
            help="A draft to check, plain text or Markdown, UTF-8; - reads standard input.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON Lines: one object a claim (keys in docs/schema.json, `check`).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on figures the article has nothing about, too.")
    ] = False,
    lang: LangOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    quiet: QuietOption = False,
) -> None:
    """Check figures in sentences or a draft against the article: each clause that states a figure is
    supported, contradicted (figure, scope, period or measure) or not in the source, with the article's clause.

    A draft (plain text or Markdown): `szfacts check --file draft.md`, or `--file -` for standard input. Lines read
    like a compiler's (FILE:LINE:COLUMN: verdict …), so editors and CI can jump to them. Exit 0 when nothing is
    contradicted, 1 when something is (or, with --strict, is not in the source), 2 for bad input.

    \b
    Examples:
      szfacts check "Shenzhen made 70 per cent of the world's consumer drones in 2023."
      szfacts check "消费级无人机占全球产量七成，智能手机占1/7" --lang zh
      szfacts check "女装占中国高端市场超过60%" --json
    """
    from shenzhen_facts.cli.output import language
    from shenzhen_facts.core import draft
    from shenzhen_facts.presentation import checked

    chosen, _ = language(lang)
    boundary.language = chosen
    if not texts and file is None:
        raise UsageProblem("nothing to check: give TEXT or --file PATH (- for standard input)")
    sources: list[tuple[str, str]] = [(f"<arg{n}>", text) for n, text in enumerate(texts or (), 1)]
    if file is not None:
        name = "<stdin>" if file == "-" else file
        sources.append((name, draft.read(file, sys.stdin.buffer if file == "-" else None)))
    facts = _load(data)
    found = []
    terminal = Output("auto", as_json, lang, no_color)  # a table format means a terminal: the lines in colour
    lines: list[tuple[str, str]] = []
    pending: list[str] = []  # written a few thousand lines at a time: stdout may be unbuffered (a write a line)
    for name, text in sources:
        for verdict in facts.check(text):
            found.append(verdict)
            if as_json:
                pending.append(checked.json_line(verdict, name))
            elif terminal.format == "table":
                lines.append((checked.line(verdict, name, chosen), verdict.verdict))
            else:
                pending.append(checked.line(verdict, name, chosen))
            if len(pending) >= 2000:
                sys.stdout.write("".join(pending))
                pending.clear()
    sys.stdout.write("".join(pending))
    if lines:
        from shenzhen_facts.presentation import render

        render.print_check_lines(lines, terminal.color)
    if not quiet and not as_json:
        boundary.say(checked.summary(found, chosen))
    failed = any(v.verdict == "contradicted" or (strict and v.verdict == "not_in_source") for v in found)
    if failed:
        raise typer.Exit(ExitCode.NO_MATCH)


def main() -> None:
    """The console script's entry point."""
    prepare_streams()
    _app_for(sys.argv[1:], os.environ)()


def _app_for(args: Sequence[str], environ: Mapping[str, str]) -> typer.Typer:
    """The app with only the command this run invokes, or the whole app when that is not plain to see.

    Typer turns every registered command into a click command on every run, inspecting each signature; with
    seven commands that was most of szfacts' own start-up. A run only ever executes one, so it gets an app
    holding that one (click's documented "lazy subcommands" idea). Help for the app, unknown commands and
    completion of a command name still get the whole app.
    """
    if "_SZFACTS_COMPLETE" in environ:  # shell completion: the words typed so far come in the environment
        args = (environ.get("COMP_WORDS") or environ.get("_TYPER_COMPLETE_ARGS") or "").split()[1:]
    # After moving options typed before the command (`--format json share`), the command is the first word.
    wanted = next((arg for arg in boundary.command_first(args) if not arg.startswith("-")), None)
    chosen = [info for info in app.registered_commands if _command_name(info) == wanted]
    if not chosen:
        return app
    slim = typer.Typer(**_APP_SETTINGS)
    slim.registered_callback = app.registered_callback
    slim.registered_commands = chosen
    return slim


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__)
