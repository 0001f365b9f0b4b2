"""Several queries in one call: `szfacts show drones smartphones`, `… | szfacts show -`.

One process answers them all, so a script needing twenty figures pays one start-up, not twenty. Each query
gets its answer in order, written and flushed as soon as it is known (a script reading line by line from a
co-process gets each answer before it sends the next query). A miss keeps its place in the output (an empty
line in plain and --value output, an object with `error` and `nearest` in JSON), is said on stderr, and the
run ends with exit status 1 after every other query has been answered.
"""

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from shenzhen_facts.cli import boundary
from shenzhen_facts.cli.output import can_encode
from shenzhen_facts.core.errors import Candidate, ExitCode, NoFigure, SzfactsError
from shenzhen_facts.core.model import Record

if TYPE_CHECKING:
    from shenzhen_facts.cli.output import Output
    from shenzhen_facts.presentation.views import View

STDIN = "-"
# Queries whose records a run remembers: the lookup (the resolver, reading the packed dataset) is most of the
# cost of an answer, and a script's queries repeat; bounded, so a stream of distinct queries keeps memory flat.
MEMO = 4096


def asked(arguments: Iterable[str]) -> Iterator[str]:
    """The queries in order: each argument, and for `-` each line of stdin, read as it arrives.

    A line is one query whatever it holds: spaces inside it belong to it ("5G base stations"), the line end
    and the spaces around it do not. A blank line is a query too (that misses), so the n-th answer is always
    the n-th line's.
    """
    for argument in arguments:
        if argument != STDIN:
            yield argument
            continue
        # readline(), not iteration, and no read(): each query is answered before the next line is waited for.
        while True:
            line = sys.stdin.readline()
            if not line:
                break
            yield line.strip()


class Missed(SzfactsError):
    """A query that named no record the command can answer with, and the records it came nearest to.

    An error like the one it carries (message, exit status), so one query's miss is reported as ever."""

    def __init__(self, error: SzfactsError, nearest: Iterable[Candidate] = ()) -> None:
        super().__init__(str(error))
        self.error = error
        self.exit_code = error.exit_code
        self.zh = error.zh
        self.nearest = tuple(nearest) or tuple(getattr(error, "candidates", ()))


def answer_all(
    out: "Output",
    queries: Iterable[str],
    lookup: Callable[[str], Record],
    view_of: Callable[[Record], "View"],
    *,
    fields: tuple[str, ...] = (),
    value: bool = False,
    field: str | None = None,
) -> int:
    """Answer each query in the chosen format; the exit status: 0 when every query was answered, else 1.

    `fields` are the CSV columns (a miss is a row of empty fields). `lookup` returns the record or raises Missed,
    or a SzfactsError whose exit status is a miss's (no record, not a share, no figure); any other error (a
    broken dataset) ends the run as it would for one query.
    """
    fmt = out.format
    bare = value or field is not None
    ascii_only = fmt in ("json", "jsonl") and not can_encode("深")
    # A record's text, made once a run: scripts ask for the same records again and again (a column of a file),
    # and the view behind a plain line costs more than finding the record.
    made: dict[str, str] = {}
    known: dict[str, Record] = {}  # the record each query named: a column of a file repeats its queries
    missed = 0
    first = True
    if fmt == "csv" and not bare:
        from shenzhen_facts.presentation.writers import csv_rows

        sys.stdout.write(csv_rows(fields, []))
    for query in queries:
        try:
            record = known.get(query) or _found(lookup, query, value)
            if len(known) < MEMO:
                known[query] = record
        except Missed as miss:
            missed += 1
            boundary.report(miss.error)
            text = _miss_text(fmt, query, miss, first, bare, ascii_only, fields)
        else:
            if value:
                out.note_figure(record)
            if fmt in ("table", "markdown") and not bare:  # each answer shown as one query's would be
                out.emit(view_of(record))
                text = ""
            elif fmt == "json" and not bare:
                from shenzhen_facts.presentation.contract import answer_json

                text = _json_item(fmt, answer_json(query, record), first, ascii_only)
            else:
                text = made.get(record.id) or made.setdefault(
                    record.id, _record_text(record, fmt, view_of, value, field, ascii_only)
                )
                if fmt == "jsonl" and not bare:  # the query first, then the record's own keys
                    from shenzhen_facts.presentation.writers import json_line

                    text = json_line({"query": query}, ascii_only)[:-2] + "," + text[1:]
        sys.stdout.write(text)
        sys.stdout.flush()  # the answer is out before the next query is read
        first = False
    if fmt == "json" and not bare:
        sys.stdout.write("[]\n" if first else "\n]\n")
    return ExitCode.NO_MATCH if missed else ExitCode.OK


def _found(lookup: Callable[[str], Record], query: str, value: bool) -> Record:
    """The record a query names, or Missed: every error a single query would end with exit status 1 is a miss."""
    try:
        record = lookup(query)
        if value and record.number is None:
            raise NoFigure(record.id, record.kind)
    except Missed:
        raise
    except SzfactsError as error:
        if error.exit_code != ExitCode.NO_MATCH:
            raise
        raise Missed(error) from None
    return record


def _record_text(
    record: Record, fmt: str, view_of: Callable[[Record], "View"], value: bool, field: str | None, ascii_only: bool
) -> str:
    """A record's answer where it does not hold the query: a bare value or field, a plain line, a CSV row, or
    the record's JSON object on one line."""
    from shenzhen_facts.presentation import writers

    if value:
        return writers.cell(record.number) + "\n"
    if field is not None:
        return field_text(record, field) + "\n"
    if fmt == "jsonl":
        from shenzhen_facts.presentation.contract import record_json

        return writers.json_line(record_json(record), ascii_only)
    view = view_of(record)
    return writers.plain(view) if fmt == "plain" else writers.csv_text(view, header=False)


def _miss_text(
    fmt: str, query: str, miss: Missed, first: bool, bare: bool, ascii_only: bool, fields: tuple[str, ...]
) -> str:
    from shenzhen_facts.presentation import contract, writers

    if bare or fmt == "plain":
        return "\n"  # the miss's place, so the n-th line still answers the n-th query
    if fmt in ("json", "jsonl"):
        return _json_item(fmt, contract.miss_json(query, str(miss.error), miss.nearest), first, ascii_only)
    if fmt == "csv":
        return writers.csv_rows(fields, [[""] * len(fields)], header=False)
    return ""  # a table or Markdown: the stderr message says it


def _json_item(fmt: str, item: object, first: bool, ascii_only: bool) -> str:
    from shenzhen_facts.presentation import writers

    if fmt == "jsonl":
        return writers.json_line(item, ascii_only)
    body = writers.json_text(item, ascii_only).rstrip("\n").replace("\n", "\n  ")
    return ("[\n  " if first else ",\n  ") + body


def field_text(record: Record, field: str) -> str:
    """One field of the record as plain text: the JSON contract's value, lists joined by ", ", null empty."""
    from shenzhen_facts.presentation import writers
    from shenzhen_facts.presentation.contract import flat_fields

    found = flat_fields(record)[field]
    if isinstance(found, list):
        return writers.cell(", ".join(map(str, found)))
    return writers.cell(found)
