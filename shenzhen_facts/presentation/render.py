"""Tables for people: the only module that imports rich (ruff's banned-api rule enforces it).

Everything shown goes through rich `Text` objects, never markup strings, so `[bold]` or escape sequences in a
dataset are printed as the characters they are.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import NamedTuple, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from shenzhen_facts.presentation import writers
from shenzhen_facts.presentation.views import View

MAX_CELL = 2_000  # characters one cell shows: more fills screens, and rich's layout of a 5 MB cell took 27 s


def safe(text: str) -> str:
    """writers.safe, cut to MAX_CELL: a table is for reading; the machine formats keep the whole text."""
    return _capped(writers.safe(text))


def human(row: dict[str, object], key: str, human_text: bool) -> str:
    return _capped(writers.human(row, key, human_text))


def _capped(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


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
MAX_WIDTH = 1_000  # COLUMNS=1000000000 made rich lay out (and pad) lines a billion cells wide: a hang


def make_console(color: bool, file: TextIO | None = None, record: bool = False, width: int | None = None) -> Console:
    """A console for this one call. Made per call, not at import, so tests and pipes see the real stdout.

    A recording console (for --export) always has full colour: the picture should look like a good terminal.
    """
    if width is None:
        width = _width_from_environment()
    if width is not None:
        width = min(width, MAX_WIDTH)
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
    return min(max(columns, MIN_WIDTH), MAX_WIDTH)


TABLE_FROM_WIDTH = 60  # below this the columns get too thin to read: "field: value" lines instead
READABLE = 10  # the narrowest a wrapped column gets, in cells
BAR_MIN = 6  # a bar narrower than this shows nothing a reader can compare; the room goes to names instead


class _Variant(NamedTuple):
    """One way to lay a table out; table() tries them from the richest to the plainest."""

    short_names: bool  # the dataset's short names where it gives them
    bars: bool  # the decorative bar column
    wrap_names: bool  # names may wrap onto more lines (between words, never inside one)
    dropped: int = 0  # how many of the view's optional columns are left out


def table(view: View, console: Console) -> Table | None:
    """A rich Table for a View (a single record as field/value pairs), or None where no table fits the width
    without cutting an id or breaking a word: then stacked() gives "field: value" lines instead.

    Names come first: the full names whole on one line if any layout allows it, then the short ones, and only
    then names wrap (between words). For the names chosen, a layout where every row is one line comes before
    one where other cells wrap; the decorative bars come before optional columns (whose content is one
    `szfacts show` away) and both only where the names keep their room. So a wider terminal never gives a name
    less room, and an id is never cut.
    """
    if view.layout == "record":
        return _record_table(view, console)
    optional = range(len(view.optional_keys) + 1)
    for short in (False, True):
        for bars in (True, False):  # every row one line
            for dropped in optional:
                variant = _Variant(short, bars, False, dropped)
                widths = _column_widths(view, console, variant, whole_cells=True)
                if widths is not None:
                    return _rows_table(view, console, variant, widths)
        # Other cells wrap: the optional columns that make the table shortest (the fewest left out on a tie).
        fitting = [
            (_height(view, variant, widths), dropped, variant, widths)
            for dropped in optional
            for variant in [_Variant(short, False, False, dropped)]
            if (widths := _column_widths(view, console, variant)) is not None
        ]
        if fitting:
            _, _, variant, widths = min(fitting, key=lambda found: found[:2])
            return _rows_table(view, console, variant, widths)
    variant = _Variant(True, False, True, len(view.optional_keys))
    widths = _column_widths(view, console, variant)
    return None if widths is None else _rows_table(view, console, variant, widths)


def _height(view: View, variant: _Variant, widths: list[int]) -> int:
    """Lines the table's header and rows take at these widths."""
    columns = _cells(view, variant)
    lines = max(wrap(header, width).count("\n") for (_, header, _), width in zip(columns, widths, strict=True))
    for index in range(len(view.rows)):
        lines += max(
            wrap(texts[index], width, key in _FIGURES).count("\n")
            for (key, _, texts), width in zip(columns, widths, strict=True)
        )
    return lines + 1 + len(view.rows)


def _frame(view: View, console: Console, show_header: bool) -> Table:
    ascii_only = not console.encoding.lower().startswith("utf")
    return Table(
        title=Text(wrap(safe(view.title), console.width), style="bold"),
        box=box.ASCII if ascii_only else box.ROUNDED,
        header_style="bold",
        show_header=show_header,
        expand=False,
    )


def _record_table(view: View, console: Console) -> Table:
    grid = _frame(view, console, show_header=False)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    row = view.rows[0]
    shown = [(column.header, human(row, column.key, column.human)) for column in view.shown_columns()]
    # The values wrapped here, between words: rich would break a Chinese clause between any two characters.
    room = console.width - max(cell_len(header) for header, _ in shown) - 7  # borders and padding
    for header, text in shown:
        if text:
            grid.add_row(Text(header), Text(wrap(text, room) if room >= READABLE else text))
    return grid


def _cells(view: View, variant: _Variant) -> list[tuple[str, str, list[str]]]:
    """(key, header, cell texts) for each column of the table, the bar column included where it is drawn."""
    out: list[tuple[str, str, list[str]]] = []
    dropped = view.optional_keys[: variant.dropped]
    for column in view.shown_columns():
        if column.key in dropped:
            continue
        source = "name_short" if column.key == "name" and variant.short_names else column.key
        texts = [
            # A cell given as lines (`<key>_lines`) keeps its line breaks, each line made safe on its own.
            "\n".join(map(safe, row[f"{column.key}_lines"]))  # type: ignore[call-overload]
            if f"{column.key}_lines" in row
            else human(row, source if source in row else column.key, column.human)
            for row in view.rows
        ]
        out.append((column.key, column.header, texts))
        if column.key == view.bar and variant.bars:
            out.append(("", "", [""] * len(view.rows)))
    return out


_BREAK_AFTER = " -–—/"  # a line may break after a space, a hyphen, a dash or a slash
_CLOSING = "，。；：、）》」』！？”’"  # never at the start of a line (Chinese typesetting)
_OPENING = "（《「『“‘"  # never at the end of one


def _pieces(text: str, words_only: bool = False) -> list[str]:
    """`text` cut where a line may break: after a space, hyphen, dash or slash, and around each Chinese word
    (wordbreak.py: between words, never inside one); only after spaces where `words_only`."""
    from shenzhen_facts.presentation.wordbreak import atoms

    if words_only:  # a figure: whole between spaces, but a run of Chinese words without digits between words
        tokens = [piece + " " for piece in text.split(" ")[:-1]] + [text.split(" ")[-1]]
        return [part for token in tokens for part in (_pieces(token) if _words_only_split(token) else [token])]
    out: list[str] = []
    current = ""
    position = 0  # of the atom in `text`
    for atom in atoms(text):
        at = position
        position += len(atom)
        if atom in _CLOSING and out and not current:
            out[-1] += atom  # a line never starts with a comma or a closing bracket
            continue
        if cell_len(atom) >= 2:  # a Chinese word or a wide mark: a piece of its own
            if current and not current.endswith(tuple(_OPENING)):
                out.append(current)
                current = ""
            if atom in _OPENING:
                current += atom  # held: it goes with what follows
            else:
                out.append(current + atom)
                current = ""
            continue
        current += atom
        # After a hyphen or slash only between letters ("high-/end"): never inside a date or a number.
        between_letters = 0 < at < len(text) - 1 and text[at - 1].isalpha() and text[at + 1].isalpha()
        if atom in _BREAK_AFTER and (atom == " " or between_letters):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _words_only_split(token: str) -> bool:
    """Whether a figure's token may break between words: Chinese words with no digit ("消费级无人机的"), never a
    number with its unit or qualifier ("约1/7", "超过7.5万")."""
    from shenzhen_facts.presentation.wordbreak import is_ideograph

    return any(map(is_ideograph, token)) and not any(char.isdigit() for char in token)


def _longest_word(text: str, words_only: bool = False) -> int:
    """The width of the widest piece of `text` that must stay on one line."""
    return max(
        (cell_len(piece.rstrip(" ")) for line in text.split("\n") for piece in _pieces(line, words_only)), default=0
    )


# Columns whose cells are never wrapped (an id or a date cut in two names nothing, and "超过7.5万" broken after
# "7.5" misstates the figure), and columns of figures, wrapped only at spaces (">75,000 base" / "stations").
_WHOLE = ("id", "date", "stated", "period")
_FIGURES = ("value", "ratio")


def wrap(text: str, width: int, words_only: bool = False) -> str:
    """`text` in lines of at most `width` cells, broken only where _pieces() allows: never inside a word.
    Line breaks already in `text` stay, as the breaks between the items of a list."""
    if "\n" in text:  # a list, one item a line: an item's own continuation lines are indented under it
        return "\n".join(wrap(item, max(width - 2, 1), words_only).replace("\n", "\n  ") for item in text.split("\n"))
    lines: list[str] = []
    line = ""
    for piece in _pieces(text, words_only):
        if line and cell_len((line + piece).rstrip(" ")) > width:
            lines.append(line.rstrip(" "))
            line = piece.lstrip(" ")
        else:
            line += piece
    lines.append(line.rstrip(" "))
    return "\n".join(lines)


def _column_widths(view: View, console: Console, variant: _Variant, whole_cells: bool = False) -> list[int] | None:
    """Content widths that fit the console with every id whole and no word broken, or None where none do.

    Each column gets the least it can live with; what is left goes to the names up to their full width, then
    to the other columns that wrap (the one furthest from its full width first), and the bar gets the rest.
    rich would otherwise narrow columns below their longest word and fold it (`industrial_value_add` / `ed`).
    """
    columns = _cells(view, variant)
    natural: list[int] = []
    minimum: list[int] = []
    for key, header, texts in columns:
        widest = max([cell_len(text) for text in [header, *texts]], default=0)
        if key == "":  # the bar: as long as there is room for, down to BAR_MIN
            natural.append(BAR_WIDTH)
            minimum.append(BAR_MIN)
        elif whole_cells or key in _WHOLE or (key == "name" and not variant.wrap_names):
            natural.append(widest)
            minimum.append(max([_longest_word(header), *map(cell_len, texts)]))
        else:
            natural.append(widest)
            # Never thinner than READABLE (or the column's widest cell): a column of a word or two a line is
            # no longer read as text.
            words = max([_longest_word(text, key in _FIGURES) for text in [header, *texts]], default=1)
            minimum.append(max(words, min(widest, view.min_widths.get(key, READABLE))))
    chrome = 3 * len(columns) + 1  # a border before each column and after the last, a space either side
    spare = console.width - chrome - sum(minimum)
    if spare < 0:
        return None
    widths = list(minimum)
    keys = [key for key, _, _ in columns]
    for index in (i for i, key in enumerate(keys) if key == "name"):  # the names first
        given = min(spare, natural[index] - widths[index])
        widths[index] += given
        spare -= given
    text_columns = [i for i, key in enumerate(keys) if key not in ("", "name")]
    while spare > 0 and text_columns:  # then the others, a cell at a time to the one that lacks most
        lacking = max(text_columns, key=lambda i: natural[i] - widths[i])
        if widths[lacking] >= natural[lacking]:
            break
        widths[lacking] += 1
        spare -= 1
    for index in (i for i, key in enumerate(keys) if key == ""):  # the bar last: it decorates
        widths[index] += min(spare, natural[index] - widths[index])
    return widths


def _rows_table(view: View, console: Console, variant: _Variant, widths: list[int]) -> Table:
    ascii_only = not console.encoding.lower().startswith("utf")
    grid = _frame(view, console, show_header=True)
    columns = {column.key: column for column in view.columns}
    cells = _cells(view, variant)
    for (key, header, _), width in zip(cells, widths, strict=True):
        numeric = key in columns and columns[key].numeric
        # Wrapped here, not by rich: rich breaks a line only at spaces, and folds a word it cannot fit.
        grid.add_column(Text(wrap(header, width)), justify="right" if numeric else "left", no_wrap=True, width=width)
    for index, row in enumerate(view.rows):
        line: list[Text] = []
        for (key, _, texts), width in zip(cells, widths, strict=True):
            if key == "":
                line.append(bar(row.get(view.bar or ""), ascii_only, width=width))
            else:
                line.append(Text(wrap(texts[index], width, key in _FIGURES), style=_style(key, row)))
        grid.add_row(*line)
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


def stacked(view: View, width: int) -> Text:
    """The same rows as "field: value" lines, for a terminal too narrow for any table: wrapped between words
    (Chinese ones too: rich alone would break a Chinese line between any two characters), never cut."""
    columns = view.shown_columns()
    out = Text(safe(view.title), style="bold")
    for row in view.rows:
        out.append("\n")
        for column in columns:
            value = human(row, column.key, column.human)
            if value:
                out.append("\n")
                # A Chinese label takes a full-width colon, with no space after it (编号：drones).
                chinese = any(cell_len(char) == 2 for char in column.header)
                label = column.header + ("：" if chinese else ": ")
                line = Text(wrap(label + value.replace("\n", " "), width))
                if line.plain.startswith(label):
                    line.stylize("bold", 0, len(label))
                out.append_text(line)
    if view.caption:
        out.append("\n\n" + wrap(safe(view.caption), width))
    return out


# The overview's three sizes, chosen by the terminal's size alone, so English and Chinese change layout at the
# same sizes: roomy from 100 x 30, compact from 80 x 24 (the default terminal, and the one the demo is designed
# for), and below that one paragraph per section, its items wrapped between items, never inside a name.
ROOMY = (100, 30)
COMPACT = (80, 24)


def dashboard(view: View, console: Console) -> RenderableType:
    """`szfacts overview`: the shares with bars beside the growth figures, the timeline, notes and source.

    It never scrolls: at 80 x 24 it is 23 lines, so the prompt stays on screen. Every name is whole; where the
    full name does not fit, the dataset's short name stands in (the full one is a `szfacts show` away).
    """
    width, height = console.width, console.height
    if width >= COMPACT[0] and height >= COMPACT[1]:
        roomy = width >= ROOMY[0] and height >= ROOMY[1]
        top = _side_by_side(view, console, roomy)
        if top is not None:
            return _panels(view, console, top, roomy)
    return _paragraphs(view, console)


def _widest(texts: Iterable[str]) -> int:
    return max(map(cell_len, texts), default=0)


def _heading(text: str) -> Text:
    return Text(safe(text), style="bold")


def _side_by_side(view: View, console: Console, roomy: bool) -> Table | None:
    """The shares and the growth figures side by side, with the longest bars that fit, or None."""
    ascii_only = not console.encoding.lower().startswith("utf")
    shares, growth = view.parts["share"], view.parts["growth"]
    for short in (False, True):
        key = "name_short" if short else "name"
        share_names = [safe(str(row[key])) for row in shares.rows]
        marks = [human(row, "stated", False) + ("*" if row.get("scope_odd") else "") for row in shares.rows]
        growth_names = [safe(str(row[key])) for row in growth.rows]
        periods = [safe(str(row["period_h"])) for row in growth.rows]
        values = [human(row, "value", True) for row in growth.rows]
        # Two cells between columns inside a half, three between the halves.
        right = max(_widest(growth_names) + 2 + _widest(values), _widest(periods), cell_len(growth.title))
        names_and_marks = _widest(share_names) + 2 + _widest(marks)
        room = console.width - right - 3 - names_and_marks - 2
        bar_width = min(BAR_WIDTH if roomy else 12, room)
        if bar_width < BAR_MIN and not short:
            continue  # shorter names first, so the bars can stay
        if max(names_and_marks, cell_len(shares.title)) + right + 3 > console.width:
            return None
        bars = Table.grid(padding=(0, 1))
        bars.add_column(no_wrap=True)
        if bar_width >= BAR_MIN:
            bars.add_column(no_wrap=True)
        bars.add_column(no_wrap=True, justify="right")
        for row, name, mark in zip(shares.rows, share_names, marks, strict=True):
            drawn = [bar(row.get("value"), ascii_only, width=bar_width)] if bar_width >= BAR_MIN else []
            bars.add_row(Text(name), *drawn, Text(mark, style="yellow" if row.get("scope_odd") else ""))
        # Growth figures under their periods, which differ (January–November, first three quarters, not stated)
        # and must stay with them: a growth rate means nothing without the period it covers.
        rises = Table.grid(padding=(0, 1))
        rises.add_column(no_wrap=True)
        rises.add_column(no_wrap=True, justify="right")
        period = None
        for name, row_period, value in zip(growth_names, periods, values, strict=True):
            if row_period != period:
                period = row_period
                rises.add_row(Text(period, style="dim italic"))
            rises.add_row(Text(name), Text(value))
        halves = [Group(_heading(part.title), grid) for part, grid in ((shares, bars), (growth, rises)) if part.rows]
        top = Table.grid(padding=(0, 3, 0, 0))
        for _ in halves:
            top.add_column(no_wrap=True)
        top.add_row(*halves)
        return top
    return None


def _panels(view: View, console: Console, top: Table, roomy: bool) -> RenderableType:
    timeline = view.parts["timeline"]
    events = Table.grid(padding=(0, 1))
    for _ in range(4):
        events.add_column(no_wrap=True)
    # Each entry's full name where it fits beside the widest date, status and figure, else its short name.
    others = (
        _widest(str(row["date"]) for row in timeline.rows)
        + _widest(human(row, "status", True) for row in timeline.rows)
        + _widest(str(row.get("stated") or "") for row in timeline.rows)
    )
    for row in timeline.rows:
        full = cell_len(safe(str(row["name"]))) + others + 6 <= console.width  # two cells between columns
        events.add_row(
            Text(safe(str(row["date"]))),
            Text(human(row, "status", True), style=_style("status", row)),
            Text(safe(str(row["name" if full else "name_short"]))),
            Text(safe(str(row.get("stated") or ""))),
        )
    notes = view.notes_long if roomy else view.notes_short
    parts: list[RenderableType] = [Text(safe(view.title), style="bold", justify="center"), top]
    parts += [Group(_heading(timeline.title), events), Text("\n".join(safe(note) for note in notes), style="dim")]
    if roomy:  # room to breathe: a blank line between the sections
        spaced: list[RenderableType] = []
        for part in parts:
            spaced += [part, Text("")]
        parts = spaced[:-1]
    return Group(*parts)


def _paragraphs(view: View, console: Console) -> RenderableType:
    """A narrow or short terminal: each section a paragraph whose lines break between items, never inside one.

    The timeline becomes a count per year and status here (`szfacts timeline` lists the entries): its names are
    the longest, and in a 60 x 20 terminal there is room for the figures or for them, not both.
    """
    shares, growth, timeline = view.parts["share"], view.parts["growth"], view.parts["timeline"]
    groups: list[tuple[str, list[list[tuple[str, str]]]]] = []
    share_items = [
        (human(row, "stated", False) + ("*" if row.get("scope_odd") else ""), str(row["name_short"]))
        for row in shares.rows
    ]
    groups.append((shares.title, [share_items]))
    by_period: dict[str, list[tuple[str, str]]] = {}
    for row in growth.rows:
        by_period.setdefault(str(row["period_h"]), [("", str(row["period_heading"]))]).append(
            (human(row, "value", True), str(row["name_short"]))
        )
    groups.append((growth.title, list(by_period.values())))
    groups.append((timeline.title, [[("", line) for line in view.summary]]))
    out = Text(safe(view.title), style="bold")
    for title, paragraphs in groups:
        out.append("\n")
        out.append_text(_heading(title))
        for items in paragraphs:
            out.append("\n")
            out.append_text(_flow(items, console.width))
    out.append("\n")
    out.append("\n".join(safe(note) for note in view.notes_short), style="dim")
    return out


def _flow(items: list[tuple[str, str]], width: int, separator: str = "  ") -> Text:
    """Items ("70%", "Consumer drones") laid out in lines no wider than `width`, a line broken only between
    items; an item wider than a line on its own is left for rich to wrap at its spaces."""
    out = Text()
    used = 0
    for figure, name in items:
        piece = Text()
        if figure:
            piece.append(safe(figure), style="bold")
            piece.append(" ")
        piece.append(safe(name), style="" if figure else "dim italic")
        needed = cell_len(piece.plain) + (cell_len(separator) if used else 0)
        if used and used + needed > width:
            out.append("\n")
            used = 0
        elif used:
            out.append(separator)
        out.append_text(piece)
        used += needed if used else cell_len(piece.plain)
    return out


EXPORT_WIDTH = 100  # a pipe has no width; exports made there are 100 columns, the size the demos are made for
EXPORT_HEIGHT = 30


def render_view(view: View, console: Console) -> None:
    """Print a View on a console: a dashboard, a table, or stacked lines where no table fits the width."""
    # crop=False throughout: anything wider than the terminal wraps there rather than silently vanishing.
    if view.layout == "overview":
        console.print(dashboard(view, console), crop=False)
        return
    drawn = table(view, console) if console.width >= TABLE_FROM_WIDTH else None
    if drawn is None:
        # Too narrow for this table without cutting an id or a word: one "field: value" line per cell instead.
        console.print(stacked(view, console.width), crop=False)
        return
    # The caption under the table, as wide as the terminal: rich's own caption is held to the table's width,
    # which broke a short table's note into a column of fragments.
    caption = [Text(wrap(safe(view.caption), console.width))] if view.caption else []
    console.print(Group(drawn, *caption), crop=False)


def print_view(view: View, color: bool) -> None:
    """Print a View on stdout."""
    render_view(view, make_console(color))


_VERDICT_STYLES = {"supported": "green", "contradicted": "bold red", "not_in_source": "yellow"}


def print_check_lines(lines: Iterable[tuple[str, str]], color: bool) -> None:
    """`szfacts check` on a terminal: the same compiler-style lines, each coloured by its verdict."""
    console = make_console(color)
    for line, verdict in lines:
        console.print(Text(line.rstrip("\n"), style=_VERDICT_STYLES.get(verdict, "")), soft_wrap=True)


def export(view: View, path: str, terminal_width: int | None, terminal_height: int | None = None) -> str:
    """What the table view shows, as SVG or HTML text (chosen by the extension of `path`), recorded by rich.

    Returns the text rather than writing it: output.py writes it atomically (a temporary file, then a rename).
    """
    import io

    console = make_console(color=True, file=io.StringIO(), record=True, width=terminal_width or EXPORT_WIDTH)
    # Clamped like the width: LINES=1000000000 must not make rich pad a picture a billion lines tall.
    console.height = min(terminal_height or EXPORT_HEIGHT, MAX_WIDTH)
    render_view(view, console)
    if path.lower().endswith(".svg"):
        return svg_by_cells(console.export_svg(title=f"szfacts {view.command}"))
    return html_by_cells(console.export_html())


_WIDE_CSS = ".w{display:inline-block;width:2ch;text-align:center}"


def html_by_cells(page: str) -> str:
    """rich's HTML with every wide (Chinese) character exactly two cells wide, as in a terminal.

    In a browser a Chinese glyph is about 1.6 cells of a monospace font, so each Chinese run pushed the rest of
    its line (and the table's borders) out of line. Each wide character gets a box two `ch` wide instead.
    """
    head, separator, body = page.partition("<body")

    def widen(text: str) -> str:
        return "".join(f'<span class="w">{char}</span>' if cell_len(char) == 2 else char for char in text)

    # Only text between tags: rich's own markup has no wide characters, the data's are escaped into text.
    body = re.sub(r">([^<]+)<", lambda match: ">" + widen(match.group(1)) + "<", body)
    return head.replace("</style>", _WIDE_CSS + "\n</style>", 1) + separator + body


_SVG_TEXT = re.compile(r'<text ([^>]*?)x="([0-9.]+)"([^>]*?) textLength="([0-9.]+)"([^>]*)>([^<]*)</text>')


def svg_by_cells(svg: str) -> str:
    """rich's SVG with every character of a run that holds Chinese placed at its own terminal cell.

    rich places each run at the right cell but sizes it with `textLength` = characters x cell width (rich issue
    #2742), so a browser squeezes a Chinese run (two cells a character) over the next one. Stretching the run to
    its cells instead spaced Chinese unevenly: a run of Chinese alone was spread out (`消 费 级`), one padded
    with spaces kept tight. Here each character of such a run gets its own x, the start of its cell(s), and the
    run no textLength: every Chinese character sits in its two cells the same way, in every run.
    """
    from html import unescape

    def fix(match: re.Match[str]) -> str:
        before, x, between, length, after, content = match.groups()
        text = unescape(content)
        if not text or cell_len(text) == len(text):
            return match.group(0)
        cell = float(length) / len(text)  # rich's width of one cell
        positions: list[str] = []
        at = float(x)
        for char in text:
            positions.append(f"{at:.2f}".rstrip("0").rstrip("."))
            at += cell * cell_len(char)
        return f'<text {before}x="{" ".join(positions)}"{between}{after}>{content}</text>'

    return _SVG_TEXT.sub(fix, svg)
