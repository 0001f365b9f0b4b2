"""Citations of a record's source, ready to paste: plain text, Markdown, BibTeX or CSL-JSON. Pure text, no terminal.

A citation carries what the article and the dataset know, and nothing more: the publication, its date as far
as known (the article's date is not in the stored text, so "early 2024"), the verbatim clause, and the figure
as stated. No title, page or URL is invented.
"""

from __future__ import annotations

import re
from typing import Literal

from shenzhen_facts.core import __version__
from shenzhen_facts.core.model import Record
from shenzhen_facts.presentation.labels import Lang

Style = Literal["text", "markdown", "bibtex", "json", "csv"]
# `cite --format csv`: one row of what a citation holds, under machine keys that never change with --lang.
CSV_FIELDS = (
    "id",
    "name",
    "name_zh",
    "stated",
    "scope",
    "period",
    "quote",
    "publication",
    "publication_zh",
    "published",
)


def figure_phrase(record: Record, lang: Lang) -> str:
    """ "Consumer drones: 70% (global output, 2023)" — the figure in the article's own form."""
    name = record.name_zh if lang == "zh" else record.name
    scope = record.scope_zh if lang == "zh" else record.scope
    period = record.period_zh if lang == "zh" else record.period
    context = "、".join(p for p in (scope, period) if p) if lang == "zh" else ", ".join(p for p in (scope, period) if p)
    figure = f"{name}：{record.stated}" if lang == "zh" else f"{name}: {record.stated}"
    head = figure if record.stated else name
    return f"{head}（{context}）" if lang == "zh" else f"{head} ({context})"


def citation(record: Record, style: Style, lang: Lang) -> str:
    """The citation text, ending with a newline."""
    source = record.source
    if style == "bibtex":
        return _bibtex(record)
    if style == "json":
        import json

        return json.dumps([csl_json(record)], ensure_ascii=False, indent=2) + "\n"
    if style == "csv":
        from shenzhen_facts.presentation.writers import cell, csv_rows

        source = record.source
        values = [record.id, record.name, record.name_zh, record.stated, record.scope, record.period, record.quote]
        values += [source.publication, source.publication_zh, source.published]
        return csv_rows(CSV_FIELDS, [[cell(value) for value in values]])
    if lang == "zh":
        publication = f"《{source.publication_zh}》（{source.publication}）"
        when = source.published_zh
        figure = figure_phrase(record, lang)
        if style == "markdown":
            return f"> {record.quote}\n\n— *{source.publication_zh}*（{source.publication}），{when}。{figure}。\n"
        return f"{publication}，{when}：“{record.quote}”。{figure}。经 szfacts {__version__} 引用。\n"
    if style == "markdown":
        return (
            f"> {record.quote}\n\n— *{source.publication_zh}* ({source.publication}), {source.published}. "
            f"{figure_phrase(record, lang)}.\n"
        )
    return (
        f'{source.publication_zh} ({source.publication}), {source.published}: "{record.quote}". '
        f"{figure_phrase(record, lang)}. Via szfacts {__version__}.\n"
    )


# BibTeX's parser counts braces and ignores backslashes, so `\}` still closes a field: braces and backslashes
# become brace-free commands (their `{}` terminators are balanced), and `\%`-style escapes do the rest for LaTeX.
_BIBTEX_SPECIAL = re.compile(r"[%&$#_{}~^\\]")
_BIBTEX_COMMANDS = {
    "{": "\\textbraceleft{}",
    "}": "\\textbraceright{}",
    "\\": "\\textbackslash{}",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
}
_BIBTEX_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")  # what a key may hold in BibTeX and biber alike


def _bib(text: str) -> str:
    """A field's text: invisible characters escaped first (a newline becomes text), then LaTeX's specials."""
    from shenzhen_facts.presentation.writers import safe

    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_COMMANDS.get(m.group(), "\\" + m.group()), safe(text))


def _bib_key(text: str) -> str:
    """A citation key: a source id such as `x},` must not end the key and start a field of its own."""
    return _BIBTEX_KEY_UNSAFE.sub("-", text).strip("-") or "source"


def _bibtex(record: Record) -> str:
    source = record.source
    year = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", source.published)
    fields = [
        ("author", f"{{{_bib(source.publication_zh)} ({_bib(source.publication)})}}"),
        ("title", f"{{{_bib(figure_phrase(record, 'en'))}}}"),
        ("howpublished", f"{_bib(source.publication_zh)} ({_bib(source.publication)}), {_bib(source.published)}"),
    ]
    if year:
        fields.append(("year", year.group(1)))
    fields.append(("note", f"Quoted clause: {_bib(record.quote)}"))
    key = f"{_bib_key(source.id)}{year.group(1) if year else ''}_{record.id}"
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body},\n}}\n"


def csl_json(record: Record) -> dict[str, object]:
    """One CSL-JSON item (the citation-style-language data schema, csl-data.json), as Zotero, Mendeley and
    pandoc's citeproc import it. The title is the figure phrase, as in the BibTeX entry: the dataset does not
    know the article's headline, and none is invented. `issued` is the year where one is known, else literal."""
    source = record.source
    year = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", source.published)
    issued: dict[str, object] = {"date-parts": [[int(year.group(1))]]} if year else {"literal": source.published}
    return {
        "id": f"{source.id}{year.group(1) if year else ''}_{record.id}",
        "type": "article-newspaper",
        "title": figure_phrase(record, "en"),
        "container-title": f"{source.publication_zh} ({source.publication})",
        "issued": issued,
        "language": "zh-CN",
        "note": f"Quoted clause: {record.quote}. Published {source.published}. Via szfacts {__version__}.",
    }
