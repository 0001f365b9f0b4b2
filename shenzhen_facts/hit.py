"""A search result: the record and where the query matched it.

Its own module, not resolve.py's: a lookup loads resolve.py on every run, and defining a NamedTuple costs a
measurable part of start-up; only a search needs this one.
"""

from typing import NamedTuple

from shenzhen_facts.model import Record


class Hit(NamedTuple):
    """A search result: the record and where the text matched (name, alias, broader, name words, text)."""

    record: Record
    matched: str
