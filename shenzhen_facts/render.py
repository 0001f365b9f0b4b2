"""Tables for people: the only module that imports rich (ruff's banned-api rule enforces it).

Everything shown goes through rich `Text` objects, never markup strings, so `[bold]` or escape sequences in a
dataset are printed as the characters they are.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from shenzhen_facts.views import View
from shenzhen_facts.writers import human, safe

BAR_WIDTH = 16
_STATUS_STYLE = {
    "open": "green",
    "deadline-passed": "yellow",
    "met": "bold green",
    "missed": "red",
    "held": "dim",
    "scheduled": "cyan",
}


MIN_WIDTH = 20  # below this no table is legible; a terminal narrower still wraps lines instead of losing them


def make_console(color: bool, file: TextIO | None = None, record: bool = False, width: int | None = None) -> Console:
    """A console for this one call. Made per call, not at import, so tests and pipes see the real stdout.

    A recording console (for --export) always has full colour: the picture should look like a good terminal.
    """
    if width is None:
        width = _width_from_environment()
    return Console(
        file=file or sys.stdout,
        color_system="truecolor" if record else "auto" if color else None,
        force_terminal=True if record else None,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        record=record,
        width=width,
    )


def _width_from_environment() -> int | None:
    """COLUMNS as rich would read it, but never so small (0, 3) that the table disappears."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None  # unset or not a number: rich asks the terminal, or uses 80 in a pipe
    return max(columns, MIN_WIDTH)


TABLE_FROM_WIDTH = 60  # below this the columns get too thin to read, and rich would crop the widest ones
BARS_FROM_WIDTH = 70  # narrower terminals need the room for the figures more than for the bars


def table(view: View, console: Console) -> Table:
    """A rich Table for a View: rows as a grid, a single record as field/value pairs."""
    ascii_only = not console.encoding.lower().startswith("utf")
    draw_bars = view.bar is not None and console.width >= BARS_FROM_WIDTH
    grid = Table(
        title=Text(safe(view.title), style="bold"),
        caption=Text(safe(view.caption)) if view.caption else None,
        caption_justify="left",
        box=box.ASCII if ascii_only else box.ROUNDED,
        header_style="bold",
        show_header=view.layout == "rows",
        expand=False,
    )
    if view.layout == "record":
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        row = view.rows[0]
        for column in view.shown_columns():
            text = human(row, column.key, column.human)
            if text:
                grid.add_row(Text(column.header), Text(text))
        return grid
    keys = view.table_keys or tuple(column.key for column in view.columns)
    columns = {column.key: column for column in view.columns}
    for key in keys:
        column = columns[key]
        grid.add_column(
            Text(column.header),
            justify="right" if column.numeric else "left",
            overflow="fold",
            min_width=min(len(column.header), 12),
        )
        if key == view.bar and draw_bars:
            grid.add_column("", no_wrap=True)
    for row in view.rows:
        cells: list[Text] = []
        for key in keys:
            cells.append(Text(human(row, key, columns[key].human), style=_style(key, row)))
            if key == view.bar and draw_bars:
                cells.append(bar(row.get(key), ascii_only))
        grid.add_row(*cells)
    return grid


def _style(key: str, row: dict[str, object]) -> str:
    if key == "scope" and row.get("scope_odd"):
        return "yellow"
    if key == "status":
        return _STATUS_STYLE.get(str(row.get("status")), "")
    if key == "name":
        return "bold"
    return ""


def bar(value: object, ascii_only: bool, width: int = BAR_WIDTH) -> Text:
    """A bar proportional to a percentage, in eighths of a block where the terminal can show them."""
    if not isinstance(value, (int, float)):
        return Text("")
    fraction = max(0.0, min(float(value), 100.0)) / 100
    if ascii_only:
        filled = round(fraction * width)
        return Text.assemble(("#" * filled, "cyan"), ("." * (width - filled), "dim"))
    eighths = round(fraction * width * 8)
    full, rest = divmod(eighths, 8)
    drawn = "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[rest]
    # The faint track to 100% keeps one bar readable on its own: 70% looks like 70% of something.
    return Text.assemble((drawn, "cyan"), ("░" * (width - len(drawn)), "dim"))


def stacked(view: View) -> Text:
    """The same rows as "field: value" lines, for a terminal too narrow for any table: wrapped, never cut."""
    columns = view.shown_columns()
    out = Text(safe(view.title), style="bold")
    for row in view.rows:
        out.append("\n")
        for column in columns:
            value = human(row, column.key, column.human)
            if value:
                out.append("\n")
                out.append(f"{column.header}: ", style="bold")
                out.append(value)
    if view.caption:
        out.append("\n\n" + safe(view.caption))
    return out


def dashboard(view: View, console: Console) -> Group:
    """`szfacts overview`: shares as bars beside the growth figures, the timeline below, notes and source last.

    Sized for a 100 x 30 terminal: long names are cut with an ellipsis here (never in other views), since a
    dashboard that scrolls is not a dashboard.
    """
    ascii_only = not console.encoding.lower().startswith("utf")
    frame = box.ASCII if ascii_only else box.ROUNDED
    shares, growth, timeline = view.parts["share"], view.parts["growth"], view.parts["timeline"]

    bars = Table(title=Text(safe(shares.title), style="bold"), box=frame, show_header=False, expand=True)
    bars.add_column(no_wrap=True, overflow="ellipsis", ratio=3)
    bars.add_column(no_wrap=True)
    bars.add_column(no_wrap=True, justify="right")
    for row in shares.rows:
        # A mark on any share whose scope is not the common one (womenswear), explained in the notes.
        mark = " *" if row.get("scope_odd") else ""
        bars.add_row(
            Text(safe(str(row["name"]))),
            bar(row.get("value"), ascii_only, width=12),
            Text(human(row, "stated", False) + mark, style="yellow" if mark else ""),
        )

    # Growth figures grouped under their periods, which differ (January–November, first three quarters, not
    # stated) and must stay whole: a growth rate means nothing without the period it covers.
    rises = Table(title=Text(safe(growth.title), style="bold"), box=frame, show_header=False, expand=True)
    rises.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    rises.add_column(no_wrap=True, justify="right")
    period = None
    for row in growth.rows:
        if row["period"] != period:
            period = row["period"]
            rises.add_row(Text(safe(str(period)), style="dim italic"), Text(""))
        rises.add_row(Text("  " + safe(str(row["name"]))), Text(human(row, "value", True)))

    events = Table(title=Text(safe(timeline.title), style="bold"), box=frame, show_header=False, expand=True)
    events.add_column(no_wrap=True)
    events.add_column(no_wrap=True)
    events.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    events.add_column(no_wrap=True, justify="right")
    for row in timeline.rows:
        events.add_row(
            Text(safe(str(row["date"]))),
            Text(human(row, "status", True), style=_style("status", row)),
            Text(safe(str(row["name"]))),
            Text(safe(str(row.get("stated") or ""))),
        )

    top = Table.grid(expand=True, padding=(0, 1))
    top.add_column(ratio=1)
    top.add_column(ratio=1)
    top.add_row(bars, rises)
    lines = (view.caption or "").splitlines()
    notes = Text("\n".join(f"* {safe(line)}" if line == shares.caption else safe(line) for line in lines))
    return Group(Text(safe(view.title), style="bold", justify="center"), top, events, Text(notes.plain, style="dim"))


EXPORT_WIDTH = 100  # a pipe has no width; exports made there are 100 columns, the size the demos are made for


def render_view(view: View, console: Console) -> None:
    """Print a View on a console: a dashboard, a table, or stacked lines where no table fits the width."""
    # crop=False throughout: anything wider than the terminal wraps there rather than silently vanishing.
    if view.layout == "overview" and console.width >= TABLE_FROM_WIDTH:
        console.print(dashboard(view, console), crop=False)
        return
    if console.width >= TABLE_FROM_WIDTH:
        # Lay the table out once, check its width (segments carry no colour codes to miscount), and print
        # those same segments if it fits.
        segments = list(console.render(table(view, console), console.options))
        if max((Segment.get_line_length(line) for line in Segment.split_lines(segments)), default=0) <= console.width:
            console.print(Segments(segments), crop=False)
            return
    # Too narrow for this table, even with every column wrapped: one "field: value" line per cell instead.
    console.print(stacked(view), crop=False)


def print_view(view: View, color: bool) -> None:
    """Print a View on stdout."""
    render_view(view, make_console(color))


def export(view: View, path: str, terminal_width: int | None) -> None:
    """Write what the table view shows to `path` as SVG or HTML (by its extension), with rich's own recording.

    Raises OSError when the file cannot be written.
    """
    import io

    console = make_console(color=True, file=io.StringIO(), record=True, width=terminal_width or EXPORT_WIDTH)
    render_view(view, console)
    if path.lower().endswith(".svg"):
        console.save_svg(path, title=f"szfacts {view.command}")
    else:
        console.save_html(path)
