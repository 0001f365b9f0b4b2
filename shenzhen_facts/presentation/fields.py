"""The order of fields in each command's plain (TAB-separated) and CSV output: the scripting contract.

One definition, read by views.py to lay out rows and by cli.py to state the order in each command's --help.
"""

FIELDS: dict[str, tuple[str, ...]] = {
    "share": ("id", "value", "unit", "qualifier", "stated", "scope", "period", "name"),
    # Fields never change with the language: `name` is in the chosen language, `name_zh` is always Chinese and
    # `name_en` (last, so the fields before it kept their places when it was added) always English.
    "show": (
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
        "quote",
        "publication",
        "note",
        "aliases",
        "deadline",
        "date",
        "related",
        "outcome",
        "name_en",
    ),
    "list": ("id", "kind", "value", "unit", "qualifier", "stated", "period", "name"),
    "compare": ("id", "value", "unit", "qualifier", "stated", "scope", "ratio", "name"),
    "timeline": ("date", "kind", "status", "id", "value", "stated", "name", "figures"),
    "search": ("id", "kind", "value", "stated", "matched", "name"),
    "validate": ("kind", "count"),
    "overview": ("section", "id", "value", "stated", "period", "status", "name"),
}

_NOTES = {
    "show": "name is in the chosen language; name_zh is always Chinese and name_en always English",
    "compare": "ratio is empty where no ratio is given",
    "timeline": "date is YYYY-MM-DD, or YYYY for a target with only a year; status is held, scheduled, open, "
    "deadline-passed, met or missed",
    "search": "matched says where the text was found: name, alias, broader (a wider term for the record), "
    "name words, alias words or text (the quoted clause, notes, scope, figure or period); exit status 1 when "
    "nothing is found",
    "validate": "problems go to stderr, one per line, with exit status 65",
    "overview": "section is share, growth or timeline; period is the date of a timeline entry; status is set on "
    "timeline entries only",
}


def epilog(command: str) -> str:
    """The sentence each command's --help ends with."""
    text = "Plain output fields, TAB-separated: " + ", ".join(FIELDS[command]) + "."
    note = _NOTES.get(command)
    return f"{text} {note[0].upper()}{note[1:]}." if note else text
