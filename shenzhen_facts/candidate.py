"""A record a query came near to without naming it: what a miss shows.

Its own module, not errors.py's: a lookup loads errors.py on every run, and defining a NamedTuple costs a
measurable part of start-up; only a miss needs this one.
"""

from typing import NamedTuple

from shenzhen_facts.errors import shorten, shorten_words


class Candidate(NamedTuple):
    """A record a query came near to without naming it: what a miss shows so the user sees how it differs."""

    id: str
    kind: str
    name: str
    name_zh: str
    stated: str | None
    scope: str | None
    scope_zh: str | None

    def describe(self, lang: str = "en") -> str:
        """`electrochemical_storage (Electrochemical energy storage, 约1/7 of global output)`"""
        if lang == "zh":
            what = shorten(self.name_zh, 40)
            if self.stated:
                share = self.kind == "share" and self.scope_zh
                what += "，" + ("占" if share else "") + (self.scope_zh or "") + self.stated
            return f"{self.id}（{what}）"
        what = shorten_words(self.name, 60)
        if self.stated:
            what += ", " + self.stated
            if self.scope:
                what += f" of {self.scope}" if self.kind == "share" else f" ({self.scope})"
        return f"{self.id} ({what})"
