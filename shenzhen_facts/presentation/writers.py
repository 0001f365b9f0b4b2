"""Plain, JSON, CSV and Markdown text from a View: pure functions, no terminal, nothing heavy imported.

Text that comes from a dataset or a user is data, never instructions to a terminal: every writer escapes
control characters (ESC, BEL, CR, bidi overrides, …) so they are shown, not obeyed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: completion uses safe() without loading the views
    from collections.abc import Iterable, Sequence

    from shenzhen_facts.presentation.views import View

# Characters that are invisible, zero-width, formatting or controlling, which a terminal would obey or hide:
# Unicode's Cc, Cf, Co, Cs, Zl and Zp categories (as of Unicode 15, from unicodedata at the time of writing;
# tests/hostile/test_text.py checks them against the running Python's tables) and the Default_Ignorable_Code_Point
# characters of other categories (U+034F, the Hangul fillers U+115F/U+1160/U+3164/U+FFA0, the variation
# selectors, U+E0000-E0FFF including the TAG block). U+2800 BRAILLE PATTERN BLANK is not default-ignorable, but it
# shows nothing and is a known way to fake an empty or identical name, so it is escaped too.
# Ranges and a lazily compiled expression, not a translate table: the set holds 140,000 private-use code points,
# and text that is plain printable ASCII (most of it) never compiles anything.
_INVISIBLE_RANGES = (
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xD800, 0xF8FF),  # surrogates, then the private use area
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
    (0xF0000, 0x10FFFF),  # supplementary private use areas A and B
)
_patterns: dict[bool, re.Pattern[str]] = {}
# The ones above that str.isprintable() calls printable (marks, letters, a symbol), so that a cheap test can tell
# that most text (Chinese included) needs no escaping, before the ~2 ms the expression takes to compile.
_PRINTABLE_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def _needs_escaping(text: str) -> bool:
    if text.isascii():
        return not text.isprintable()
    return not text.isprintable() or not _PRINTABLE_INVISIBLE.isdisjoint(text)


def _invisible(json: bool = False) -> re.Pattern[str]:
    """The expression matching every character above; for JSON, without C0 controls (JSON has escaped those
    inside strings already, so a raw newline in JSON text is layout)."""
    pattern = _patterns.get(json)
    if pattern is None:
        ranges = _INVISIBLE_RANGES[1:] if json else _INVISIBLE_RANGES
        pattern = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")
        _patterns[json] = pattern
    return pattern


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON spells a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe(text: str) -> str:
    """Text with every control or invisible character shown as an escape such as `\\x1b`, `\\u200b`, `\\U000e0078`."""
    if not _needs_escaping(text):  # the common case, without touching the expression
        return text
    return _invisible().sub(_escape, text)


def safe_lines(text: str) -> str:
    """Like safe(), but line breaks stay line breaks: for multi-line text such as a citation."""
    return "\n".join(safe(line) for line in text.split("\n"))


def cell(value: object) -> str:
    """A machine value as plain text: numbers without thousands separators, None as empty."""
    return safe(_text(value))


def _text(value: object) -> str:
    """cell() before escaping."""
    return "" if value is None else repr(value) if isinstance(value, float) else str(value)


def plain(view: View) -> str:
    """One line per row, fields separated by one TAB, in the command's documented field order, no header."""
    keys = [column.key for column in view.columns]
    rows = view.rows
    # The fields as they are, then one test of the whole text: with as many TABs and line breaks as the layout
    # puts there, and nothing else to escape, no field needed escaping (a list of 100,000 records, in C).
    text = "".join("\t".join(map(_text, map(row.get, keys))) + "\n" for row in rows)
    if (
        text.count("\n") == len(rows)
        and text.count("\t") == len(rows) * (len(keys) - 1)
        and not _needs_escaping(text.replace("\t", "").replace("\n", ""))
    ):
        return text
    return "".join("\t".join(cell(row.get(k)) for k in keys) + "\n" for row in rows)


def csv_text(view: View, header: bool = True) -> str:
    """RFC 4180: a header row of machine keys, CRLF line ends, quoting only where needed."""
    keys = [column.key for column in view.columns]
    return csv_rows(keys, [[cell(row.get(key)) for key in keys] for row in view.rows], header)


def csv_rows(keys: Sequence[str], rows: Iterable[Sequence[str]], header: bool = True) -> str:
    """CSV text of rows already made text, the header row of `keys` first where `header`."""
    import csv  # imported here, like json below, so plain output does not pay for them
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(keys)
    writer.writerows(rows)
    return buffer.getvalue()


def json_text(payload: object, ascii_only: bool = False) -> str:
    """Pretty JSON. Invisible formatting characters are escaped too, which JSON allows and terminals need."""
    import json

    text = json.dumps(payload, ensure_ascii=ascii_only, indent=2)
    if _needs_escaping(text.replace("\n", " ")):  # newlines here are layout; JSON escapes those in strings
        text = _invisible(json=True).sub(_json_escape, text)
    return text + "\n"


def json_line(payload: object, ascii_only: bool = False) -> str:
    """One JSON document on one line (JSON Lines), escaped as json_text() escapes."""
    import json

    text = json.dumps(payload, ensure_ascii=ascii_only, separators=(",", ":"))
    if _needs_escaping(text):  # a JSON string holds no raw line break, so the line stays one line
        text = _invisible(json=True).sub(_json_escape, text)
    return text + "\n"


def human(row: dict[str, object], key: str, human_text: bool) -> str:
    """A cell as people read it: the `<key>_h` variant where the column has one."""
    value = row.get(f"{key}_h") if human_text else None
    return safe(str(value)) if value is not None else cell(row.get(key))


def markdown(view: View, captions: bool = True) -> str:
    """A GitHub-flavoured Markdown table of what a terminal table shows (field/value pairs for one record)."""
    if view.layout == "overview":  # the parts' captions are among the overview's own
        tables = [markdown(part, captions=False).rstrip("\n") for part in view.parts.values()]
        return "\n\n".join([f"## {_md(view.title)}", *tables, *_md_paragraphs(view)]) + "\n"
    if view.layout == "record":
        header = ["", ""]
        align = ["---", "---"]
        lines = [[c.header, human(view.rows[0], c.key, c.human)] for c in view.shown_columns()]
        lines = [line for line in lines if line[1]]
    else:
        columns = view.shown_columns()
        header = [c.header for c in columns]
        align = ["---:" if c.numeric else "---" for c in columns]
        lines = [[human(row, c.key, c.human) for c in columns] for row in view.rows]
    out = [f"**{_md(view.title)}**", "", _md_row(header), _md_row(align, escape=False)]
    out.extend(_md_row(line) for line in lines)
    paragraphs = _md_paragraphs(view) if captions else []
    return "\n".join(out) + ("\n\n" + "\n\n".join(paragraphs) if paragraphs else "") + "\n"


def _md_paragraphs(view: View) -> list[str]:
    return [_md(line) for line in (view.caption or "").splitlines()]


def _md(text: str) -> str:
    """Markdown-inert text: pipes, backslashes, HTML and emphasis characters escaped, newlines folded."""
    text = safe(text).replace("\\", "\\\\")
    text = re.sub(r"([|*_`<>\[\]#])", r"\\\1", text)
    return " ".join(text.splitlines())


def _md_row(cells: list[str], escape: bool = True) -> str:
    return "| " + " | ".join(_md(c) if escape else c for c in cells) + " |"
