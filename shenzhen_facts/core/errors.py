"""The tool's own error types and exit codes: the core raises these, the CLI turns them into one stderr line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple


class ExitCode:
    """Every exit status szfacts uses; documented in the README. Plain ints: an Enum costs start-up time."""

    OK: Final = 0
    NO_MATCH: Final = 1
    USAGE: Final = 2
    DATA_INVALID: Final = 65  # sysexits EX_DATAERR
    DATA_MISSING: Final = 66  # sysexits EX_NOINPUT
    INTERNAL: Final = 70  # sysexits EX_SOFTWARE: a bug in szfacts
    CANNOT_WRITE: Final = 73  # sysexits EX_CANTCREAT: --export could not write its file
    OUTPUT_FAILED: Final = 74  # sysexits EX_IOERR: stdout could not take the answer (disk full, I/O error)
    INTERRUPTED: Final = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
    BROKEN_PIPE: Final = 141  # 128 + SIGPIPE, what a shell reports when the reader went away
    TERMINATED: Final = 143  # 128 + SIGTERM: stopped like a Ctrl-C (cli/__init__.py), every clean-up done


class SzfactsError(Exception):
    """An error the user can act on. `str(error)` is the one line shown after `szfacts: error: `."""

    exit_code: int = ExitCode.USAGE
    zh: str | None = None  # the same message in Chinese, shown with --lang zh, where one is written
    # What to try next at the command line, added after the message there (never in the library's own message).
    hint: str | None = None
    hint_zh: str | None = None

    def details(self, lang: str = "en") -> Sequence[str]:
        """Further lines shown under the error line (one problem each), empty for most errors."""
        return ()


class UsageProblem(SzfactsError):
    """Arguments that parse but make no sense together (for example `compare` with one query)."""

    exit_code = ExitCode.USAGE


class DatasetMissing(SzfactsError):
    """The dataset path does not exist, is not a regular file, or cannot be read."""

    exit_code = ExitCode.DATA_MISSING


class DatasetInvalid(SzfactsError):
    """The dataset was read but breaks the format. Carries every problem found, not just the first."""

    exit_code = ExitCode.DATA_INVALID

    def __init__(self, source: str, problems: Sequence[Problem], total: int | None = None) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.total = max(total or 0, len(self.problems))  # problems found; only the first ones may be kept
        noun = "problem" if self.total == 1 else "problems"
        super().__init__(f"invalid dataset {source}: {self.total:,} {noun}")

    def details(self, lang: str = "en") -> Sequence[str]:
        lines = [str(problem) for problem in self.problems[:MAX_LISTED]]
        more = self.total - len(lines)
        if more:
            lines.append(f"… and {more:,} more problem{'s' if more != 1 else ''}")
        return lines


MAX_LISTED = 100  # problem lines shown under the error; the rest are counted, so a broken file never floods


class NoMatch(SzfactsError, LookupError):
    """No record is named by a query. Candidates are the records it came nearest to, best first.

    The message stays one line: each candidate with its name and figure as stated (so a narrower figure is seen
    to be narrower), the later ones as bare ids when the line would grow long.
    """

    exit_code = ExitCode.NO_MATCH
    LONG = 240  # characters of the line beyond which further candidates are shown by id only

    def __init__(self, query: str, candidates: Sequence[Candidate]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        self.suggestions = tuple(c.id for c in self.candidates)
        self.nearest = self.suggestions  # the ids of the nearest records, best first
        # How the question differs from each of them, where that is known: id -> one clause in English.
        self.differs = {c.id: c.differs for c in self.candidates if c.differs}
        message = f"no record matches {shorten(query)!r}"
        self.zh = f"没有与 {shorten(query)!r} 匹配的记录"
        first = self.candidates[0] if self.candidates else None
        if first is not None and first.differs:  # why the nearest is not the answer: worth the line's room
            message += f": {first.differs}"
            self.zh += f"：{first.differs_zh}"
        if self.candidates:
            message += "; nearest: "
            message += self._listed("en", ", ", self.LONG - len(message))
            self.zh += "；最接近的："
            self.zh += self._listed("zh", "、", self.LONG - len(self.zh))
        else:
            # What the command line adds (the boundary): a Python caller is not told to run a command.
            self.hint = "try `szfacts list` or `szfacts search TEXT`"
            self.hint_zh = "可试 `szfacts list` 或 `szfacts search 文字`"
        super().__init__(message)

    def _listed(self, lang: str, separator: str, room: int) -> str:
        parts: list[str] = []
        used = 0
        for candidate in self.candidates:
            text = candidate.describe(lang)
            if parts and used + len(text) > room:
                text = candidate.id
            parts.append(text)
            used += len(text) + len(separator)
        return separator.join(parts)


class ExportFailed(SzfactsError):
    """--export could not write its file (no such directory, no permission, disk full)."""

    exit_code = ExitCode.CANNOT_WRITE


class NoHome(SzfactsError):
    """A user with no HOME and no passwd entry asked for something that lives in a home directory."""

    exit_code = ExitCode.CANNOT_WRITE

    def __init__(self) -> None:
        super().__init__(
            "no home directory to install completion into (HOME is unset and this user has no passwd entry); "
            "set HOME, or use --show-completion"
        )


class OutputFailed(SzfactsError):
    """Writing the answer to stdout failed (ENOSPC, EIO, EFBIG, …): the output is incomplete, so never exit 0."""

    exit_code = ExitCode.OUTPUT_FAILED

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write the output: {reason}")
        self.zh = f"无法写出结果:{reason}"


class ReaderGone(Exception):
    """stdout's reader went away (EPIPE). Deliberately not an OSError: typer's own main turns any EPIPE OSError
    into exit 1 before our boundary sees it, so the stream raises this instead, and the boundary exits 141."""


class NoFigure(SzfactsError):
    """The record exists but states no number (a goal such as "basically complete …"), so --value has nothing."""

    exit_code = ExitCode.NO_MATCH

    def __init__(self, record_id: str, kind: str) -> None:
        article = "an" if kind[:1] in "aeiou" else "a"
        super().__init__(
            f"{record_id!r} states no figure ({article} {kind} without a number); try `szfacts show {record_id}`"
        )
        self.zh = f"{record_id!r} 没有数字;可试 `szfacts show {record_id}`"


class NotAShare(SzfactsError):
    """`szfacts share QUERY` named a record that is not a share of output."""

    exit_code = ExitCode.NO_MATCH

    def __init__(self, record_id: str, kind: str) -> None:
        super().__init__(f"{record_id!r} is a {kind}, not a share of output; try `szfacts show {record_id}`")
        self.zh = f"{record_id!r} 不是产量占比;可试 `szfacts show {record_id}`"


class NothingFound(SzfactsError):
    """`szfacts search` found nothing: exit 1, like grep."""

    exit_code = ExitCode.NO_MATCH

    def __init__(self, text: str) -> None:
        super().__init__(f"nothing found for {shorten(text)!r}; try `szfacts list`")
        self.zh = f"未找到与 {shorten(text)!r} 相关的记录;可试 `szfacts list`"


def debugging() -> bool:
    """SZFACTS_DEBUG (tracebacks instead of one line) is on for 1, true or yes, in any case, and only for those:
    `SZFACTS_DEBUG=0` means off, as people expect."""
    import os

    return os.environ.get("SZFACTS_DEBUG", "").strip().lower() in ("1", "true", "yes")


def shorten(text: str, limit: int = 40) -> str:
    """Cut user text that is echoed back in a message, so a huge query never floods the terminal."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten_words(text: str, limit: int) -> str:
    """A name cut to the limit between words (a name cut mid-word reads as another word)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,") + "…"


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


class Candidate(NamedTuple):
    """A record a query came near to without naming it: what a miss shows so the user sees how it differs."""

    id: str
    kind: str
    name: str
    name_zh: str
    stated: str | None
    scope: str | None
    scope_zh: str | None
    differs: str = ""  # how the question differs from this record, one clause ("the article gives growth, …")
    differs_zh: str = ""

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
