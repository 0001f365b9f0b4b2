"""Where a command's View goes: the format chosen from the options every data command takes, and the one
place that hands the View to a writer (text formats) or to the renderer (tables, --export)."""

import contextlib
import io
import os
import sys
from typing import TYPE_CHECKING, Any, Literal

import typer

from shenzhen_facts.cli import boundary
from shenzhen_facts.cli.boundary import say
from shenzhen_facts.core.errors import ExportFailed, OutputFailed, ReaderGone, UsageProblem, shorten
from shenzhen_facts.presentation.labels import Lang

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from shenzhen_facts.core.model import Record
    from shenzhen_facts.presentation.views import View

# Literal choices rather than Enums: typer offers the same choices and help, and an Enum costs start-up.
OutputFormat = Literal["auto", "table", "plain", "json", "jsonl", "csv", "markdown"]
Language = Literal["en", "zh"]

EXPORT_SUFFIXES = (".svg", ".html", ".htm")


class Output:
    """Where and how a command's View goes, from the options every data command takes."""

    def __init__(
        self,
        fmt: OutputFormat,
        as_json: bool,
        lang: Language | None,
        no_color: bool,
        export: str | None = None,
        quiet: bool = False,
    ) -> None:
        if export is not None and not export.lower().endswith(EXPORT_SUFFIXES):
            raise typer.BadParameter(
                f"{shorten(export)!r} should end in .svg or .html (that chooses the format)", param_hint="'--export'"
            )
        self.export = export
        self.quiet = quiet  # notes only: errors are the boundary's, and always shown
        chosen = "json" if as_json else fmt.lower()
        if chosen == "auto":
            chosen = "table" if _isatty() else "plain"
        self.format = chosen
        self.lang, explicit = language(lang)
        boundary.language = self.lang  # messages are for people: SZFACTS_LANG applies to them as to tables
        self.message_lang: Lang = self.lang
        self.explicit_lang = explicit
        if self.format in ("plain", "csv") and not explicit:
            # A script's output must not move with a variable set in someone's shell profile: only an explicit
            # --lang changes the language of plain and CSV values (names, scopes).
            self.lang = "en"
        self.color = not no_color and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def show(self, build: "Callable[[Lang], View]") -> None:
        """Emit the View `build` makes in this run's language; where plain or CSV values stay English but messages
        are Chinese (SZFACTS_LANG=zh), the notes on stderr come from the View made in the messages' language."""
        view = build(self.lang)
        self.emit(view, view if self.message_lang == self.lang else build(self.message_lang))

    def emit(self, view: "View", said: "View | None" = None) -> None:
        """Write `view`; its caption (outside tables) and notes go to stderr, from `said` where given."""
        from shenzhen_facts.presentation import writers

        said = said or view
        if self.export is not None:
            self._export(view)  # first: if the file cannot be written, nothing has reached stdout yet
        if self.format == "table":
            from shenzhen_facts.presentation import render

            render.print_view(view, color=self.color)
        else:
            if self.format == "json":
                text = writers.json_text(view.payload(), ascii_only=not can_encode("深"))
            elif self.format == "jsonl":  # an array's elements one a line; any other document on one line
                payload = view.payload()
                items = payload if isinstance(payload, list) else [payload]
                text = "".join(writers.json_line(item, ascii_only=not can_encode("深")) for item in items)
            elif self.format == "csv":
                text = writers.csv_text(view)
            elif self.format == "markdown":
                text = writers.markdown(view)
            else:
                text = writers.plain(view)
            sys.stdout.write(text)
            if said.caption and self.format != "markdown" and not self.quiet:
                for line in said.caption.splitlines():
                    say(line)
        if not self.quiet:
            for warning in said.warnings:
                if self.format == "table":  # beside a table on a terminal: wrapped between words, as the table is
                    _say_wrapped(f"note: {warning}")
                else:
                    say(f"note: {warning}")

    def note_figure(self, record: "Record") -> None:
        """After a bare number (--value): one stderr note where the article qualifies the figure, in the language
        of this run's messages (SZFACTS_LANG counts: stdout's number never changes, so a note may)."""
        if self.quiet:
            return
        from shenzhen_facts.presentation.views import figure_note

        note = figure_note(record, "zh" if boundary.language == "zh" else "en")
        if note is not None:
            say(f"note: {note}")

    def stream(self, chunks: "Iterable[str]") -> bool:
        """Plain text made a piece at a time (the list of a large dataset), each piece written as it is made.

        True when anything was written."""
        wrote = False
        for chunk in chunks:
            if chunk:
                sys.stdout.write(chunk)
                wrote = True
        return wrote

    def _export(self, view: "View") -> None:
        from shenzhen_facts.presentation import render

        target = self.export or ""
        _check_export_target(target)  # before any work: a FIFO named f.svg must not make us wait for a reader
        width = height = None
        if _isatty():
            import shutil

            width, height = shutil.get_terminal_size()  # the picture is what this terminal shows
        else:  # in a pipe, COLUMNS and LINES say what size of terminal to draw (as for tables)
            width, height = _env_int("COLUMNS"), _env_int("LINES")
        try:
            write_atomically(target, render.export(view, target, width, height).encode("utf-8"))
        except OSError as error:
            raise ExportFailed(f"cannot write {shorten(target, 200)}: {error.strerror or error}") from None


def _say_wrapped(message: str) -> None:
    """A message on stderr in lines no wider than the terminal, broken between words (Chinese ones too): the
    terminal's own wrapping breaks wherever the edge falls (`Chi` / `na's`)."""
    import shutil

    from shenzhen_facts.presentation import render

    width = shutil.get_terminal_size().columns  # COLUMNS first, as for the table
    text = render.wrap(f"{boundary.PROG}: {message}", max(width, render.MIN_WIDTH))
    for line in text.split("\n"):
        sys.stderr.write(render.safe(line) + "\n")
    sys.stderr.flush()


def _check_export_target(target: str) -> None:
    """Refuse to replace anything but a regular file: a symlink, a FIFO, a device, a directory or a socket."""
    import stat

    try:
        info = os.lstat(target)  # the name itself: a link is judged as a link, never by what it points at
    except FileNotFoundError:
        return
    except OSError as error:
        raise ExportFailed(f"cannot write {shorten(target, 200)}: {error.strerror or error}") from None
    if stat.S_ISLNK(info.st_mode):
        # Writing through a link replaced whatever it named (another user's /tmp/x.svg -> ~/notes.txt), and a
        # dangling one created its target: a link is refused outright, dangling or not.
        raise ExportFailed(
            f"cannot write {shorten(target, 200)}: it is a symbolic link (--export never writes through one)"
        )
    if not stat.S_ISREG(info.st_mode):
        what = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO, device or socket)"
        raise ExportFailed(f"cannot write {shorten(target, 200)}: it is {what}")
    if not os.access(target, os.W_OK):  # a rename would replace it anyway; a plain write would have been refused
        raise ExportFailed(f"cannot write {shorten(target, 200)}: Permission denied")


def write_atomically(target: str, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it over `target`.

    A full disk, an interrupt or a crash part-way leaves the old file as it was (and no temporary file): the
    file is either the old one or the complete new one. No link is followed: the temporary file sits beside the
    name given, made with O_CREAT | O_EXCL | O_NOFOLLOW (mkstemp's flags), and the rename replaces that name.
    Raises OSError, and ExportFailed when `target` is not (or no longer) a regular file or nothing.
    """
    import tempfile

    folder = os.path.dirname(target) or os.curdir  # the link's own folder, never the one it points into
    fd, temporary = tempfile.mkstemp(prefix=".szfacts-export-", suffix=".tmp", dir=folder)  # fits any name limit
    try:
        try:
            os.fchmod(fd, _mode_for(target))  # mkstemp makes 0600; the file should look as a plain write makes it
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)  # the data is on disk before the name points at it
        finally:
            os.close(fd)
        # Checked again just before the rename: rendering takes a while, and a link or a FIFO put at the name
        # meanwhile must be refused as one there from the start is.
        _check_export_target(target)
        os.replace(temporary, target)
    except BaseException:  # OSError, and Ctrl-C too: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(path: str) -> int:
    try:
        return os.lstat(path).st_mode & 0o7777  # replacing a file keeps its permissions (never a link's target's)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (ValueError, AttributeError):
        return False


def language(lang: str | None) -> tuple[Lang, bool]:
    """The language of this run, and whether the command line chose it (--lang) rather than SZFACTS_LANG."""
    if lang is not None:
        return ("zh" if lang.lower() == "zh" else "en"), True
    value = os.environ.get("SZFACTS_LANG", "").strip().lower()
    if value not in ("", "en", "zh"):
        raise UsageProblem(f"SZFACTS_LANG is {shorten(value)!r}; it must be en or zh")
    return ("zh" if value == "zh" else "en"), False


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def can_encode(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# ---------------------------------------------------------------------------------------------- the stream
# Every byte of an answer goes through _CheckedStdout, whoever writes it (our writers, rich, click's help):
# - a short write is finished, not dropped: with PYTHONUNBUFFERED, TextIOWrapper hands bytes straight to an
#   unbuffered FileIO and ignores how many it wrote, so a full disk left a truncated file and exit 0;
# - a failed write (ENOSPC, EIO, EFBIG, …) raises OutputFailed (exit 74) instead of an OSError that would end
#   as exit 70, or as "Exception ignored" and exit 120 when it surfaced only in the interpreter's last flush;
# - a reader that went away raises ReaderGone, which typer's main does not catch (it turns EPIPE into exit 1).


class _CheckedStdout(io.RawIOBase):
    """The raw layer under sys.stdout: writes all of the bytes to the file descriptor, or raises."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            try:
                written = os.write(self._fd, view[done:])
            except BrokenPipeError:
                raise ReaderGone() from None
            except BlockingIOError:  # a non-blocking pipe that is full: wait until it takes more
                import select

                select.select([], [self._fd], [])
                continue
            except OSError as error:
                raise OutputFailed(error.strerror or str(error)) from None
            if written == 0:  # cannot happen for a non-empty write on POSIX; never loop on it
                raise OutputFailed("the output took no bytes")
            done += written
        return done


def guard_stdout() -> None:
    """Put _CheckedStdout under sys.stdout, keeping its encoding, error handling and buffering (unbuffered stays
    unbuffered). Leaves a stdout that is not a file descriptor (a test's capture) as it is."""
    old = sys.stdout
    try:
        fd = old.fileno()
        unbuffered = isinstance(old.buffer, io.RawIOBase)  # what PYTHONUNBUFFERED or -u gives
        encoding, errors, line_buffering = old.encoding, old.errors, old.line_buffering
    except (AttributeError, ValueError, OSError):
        return
    raw = _CheckedStdout(fd)
    layer: io.RawIOBase | io.BufferedWriter = raw if unbuffered else io.BufferedWriter(raw)
    sys.stdout = io.TextIOWrapper(
        layer,
        encoding=encoding,
        errors=errors,
        line_buffering=bool(line_buffering),
        write_through=unbuffered,
    )


def prepare_streams() -> None:
    """Never crash on a terminal that cannot show Chinese: unencodable characters become escapes instead.
    And never lose output silently: every write to stdout is checked (output.guard_stdout)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    guard_stdout()
