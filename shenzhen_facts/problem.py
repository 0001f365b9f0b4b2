"""One problem of a dataset file, as the validator reports it.

Its own module, not errors.py's: a lookup loads errors.py on every run, and defining a NamedTuple costs a
measurable part of start-up; only a parse or a refused file needs this one.
"""

from typing import NamedTuple


class Problem(NamedTuple):
    """One validation problem: where it is (a key path such as `records[3].value`) and what is wrong."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path or "(top level)"
        if self.line is not None:
            where += f" (line {self.line}" + (f", column {self.column})" if self.column is not None else ")")
        return f"{where}: {self.message}"
