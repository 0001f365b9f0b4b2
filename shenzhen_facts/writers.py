"""Plain, JSON, CSV and Markdown text from a View: pure functions, no terminal, nothing heavy imported.

Text that comes from a dataset or a user is data, never instructions to a terminal: every writer escapes
control characters (ESC, BEL, CR, bidi overrides, …) so they are shown, not obeyed.
"""

from __future__ import annotations

import re

from shenzhen_facts.views import View

# C0/C1 controls, DEL, and the format characters that reorder or hide text (bidi overrides, zero-width).
# A translate table rather than a regular expression: no compile on every run, and faster on long text.
_INVISIBLE = [
    0x7F,
    *range(0x80, 0xA0),
    0x061C,
    *range(0x200B, 0x2010),
    *range(0x2028, 0x202F),
    *range(0x2060, 0x206A),
    0xFEFF,
]
_ESCAPES = {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in [*range(0x20), *_INVISIBLE]}
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _INVISIBLE}  # json.dumps escapes C0 controls itself


def safe(text: str) -> str:
    """Text with every control or invisible-formatting character shown as an escape such as `\\x1b`."""
    return text.translate(_ESCAPES)


def safe_lines(text: str) -> str:
    """Like safe(), but line breaks stay line breaks: for multi-line text such as a citation."""
    return "\n".join(safe(line) for line in text.split("\n"))


def cell(value: object) -> str:
    """A machine value as plain text: numbers without thousands separators, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return safe(str(value))


def plain(view: View) -> str:
    """One line per row, fields separated by one TAB, in the command's documented field order, no header."""
    keys = [column.key for column in view.columns]
    return "".join("\t".join(cell(row.get(k)) for k in keys) + "\n" for row in view.rows)


def csv_text(view: View) -> str:
    """RFC 4180: a header row of machine keys, CRLF line ends, quoting only where needed."""
    import csv  # imported here, like json below, so plain output does not pay for them
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.key for column in view.columns])
    for row in view.rows:
        writer.writerow([cell(row.get(column.key)) for column in view.columns])
    return buffer.getvalue()


def json_text(payload: object, ascii_only: bool = False) -> str:
    """Pretty JSON. Invisible formatting characters are escaped too, which JSON allows and terminals need."""
    import json

    text = json.dumps(payload, ensure_ascii=ascii_only, indent=2)
    return text.translate(_JSON_ESCAPES) + "\n"


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
