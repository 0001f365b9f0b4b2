"""Tables for people: the only module that imports rich (ruff's banned-api rule enforces it).

Everything shown goes through rich `Text` objects, never markup strings, so `[bold]` or escape sequences in a
dataset are printed as the characters they are.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
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
    """A console for this one call. Made per call, not at import, so tests and pipes see the real stdout."""
    if width is None:
        width = _width_from_environment()
    return Console(
        file=file or sys.stdout,
        color_system="auto" if color else None,
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
        for column in view.columns:
            text = human(view, row, column.key, column.human)
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
            cells.append(Text(human(view, row, key, columns[key].human), style=_style(key, row)))
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


def bar(value: object, ascii_only: bool) -> Text:
    """A bar proportional to a percentage, in eighths of a block where the terminal can show them."""
    if not isinstance(value, (int, float)):
        return Text("")
    fraction = max(0.0, min(float(value), 100.0)) / 100
    if ascii_only:
        filled = round(fraction * BAR_WIDTH)
        return Text.assemble(("#" * filled, "cyan"), ("." * (BAR_WIDTH - filled), "dim"))
    eighths = round(fraction * BAR_WIDTH * 8)
    full, rest = divmod(eighths, 8)
    drawn = "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[rest]
    # The faint track to 100% keeps one bar readable on its own: 70% looks like 70% of something.
    return Text.assemble((drawn, "cyan"), ("░" * (BAR_WIDTH - len(drawn)), "dim"))


def stacked(view: View) -> Text:
    """The same rows as "field: value" lines, for a terminal too narrow for any table: wrapped, never cut."""
    keys = view.table_keys or tuple(column.key for column in view.columns)
    columns = [column for key in keys for column in view.columns if column.key == key]
    if view.layout == "record":
        columns = view.columns
    out = Text(safe(view.title), style="bold")
    for row in view.rows:
        out.append("\n")
        for column in columns:
            value = human(view, row, column.key, column.human)
            if value:
                out.append("\n")
                out.append(f"{column.header}: ", style="bold")
                out.append(value)
    if view.caption:
        out.append("\n\n" + safe(view.caption))
    return out


def print_view(view: View, color: bool, export: str | None = None) -> None:
    """Print a View as a table on stdout (as stacked lines where no table fits the terminal's width)."""
    console = make_console(color, record=export is not None)
    # crop=False throughout: anything wider than the terminal wraps there rather than silently vanishing.
    if console.width >= TABLE_FROM_WIDTH:
        grid = table(view, console)
        with console.capture() as capture:
            console.print(grid, crop=False)
        text = capture.get()
        if max((cell_len(line) for line in text.splitlines()), default=0) <= console.width:
            console.print(grid, crop=False)
            return
    # Too narrow for this table, even with every column wrapped: one "field: value" line per cell instead.
    console.print(stacked(view), crop=False)
