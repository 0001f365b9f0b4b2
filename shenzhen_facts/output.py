"""Where a command's View goes: the format chosen from the options every data command takes, and the one
place that hands the View to a writer (text formats) or to the renderer (tables, --export)."""

import os
import sys
from typing import TYPE_CHECKING, Literal

import typer

from shenzhen_facts import boundary
from shenzhen_facts.boundary import say
from shenzhen_facts.errors import ExportFailed, shorten
from shenzhen_facts.labels import Lang

if TYPE_CHECKING:
    from collections.abc import Iterable

    from shenzhen_facts.views import View

# Literal choices rather than Enums: typer offers the same choices and help, and an Enum costs start-up.
OutputFormat = Literal["auto", "table", "plain", "json", "csv", "markdown"]
Language = Literal["en", "zh"]

EXPORT_SUFFIXES = (".svg", ".html", ".htm")


class Output:
    """Where and how a command's View goes, from the options every data command takes."""

    def __init__(
        self, fmt: OutputFormat, as_json: bool, lang: Language, no_color: bool, export: str | None = None
    ) -> None:
        if export is not None and not export.lower().endswith(EXPORT_SUFFIXES):
            raise typer.BadParameter(
                f"{shorten(export)!r} should end in .svg or .html (that chooses the format)", param_hint="'--export'"
            )
        self.export = export
        chosen = "json" if as_json else fmt.lower()
        if chosen == "auto":
            chosen = "table" if _isatty() else "plain"
        self.format = chosen
        self.lang: Lang = "zh" if lang.lower() == "zh" else "en"
        boundary.language = self.lang
        self.color = not no_color and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def emit(self, view: "View") -> None:
        from shenzhen_facts import writers

        if self.export is not None:
            self._export(view)  # first: if the file cannot be written, nothing has reached stdout yet
        if self.format == "table":
            from shenzhen_facts import render

            render.print_view(view, color=self.color)
        else:
            if self.format == "json":
                text = writers.json_text(view.payload(), ascii_only=not _can_encode("深"))
            elif self.format == "csv":
                text = writers.csv_text(view)
            elif self.format == "markdown":
                text = writers.markdown(view)
            else:
                text = writers.plain(view)
            sys.stdout.write(text)
            if view.caption and self.format != "markdown":
                for line in view.caption.splitlines():
                    say(line)
        for warning in view.warnings:
            say(f"note: {warning}")

    def stream(self, chunks: "Iterable[str]") -> None:
        """Plain text made a piece at a time (the list of a large dataset), each piece written as it is made."""
        for chunk in chunks:
            sys.stdout.write(chunk)

    def _export(self, view: "View") -> None:
        from shenzhen_facts import render

        width = None
        if _isatty():
            import shutil

            width = shutil.get_terminal_size().columns  # the picture is what this terminal shows
        try:
            render.export(view, self.export or "", width)
        except OSError as error:
            raise ExportFailed(f"cannot write {self.export}: {error.strerror or error}") from None


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (ValueError, AttributeError):
        return False


def _can_encode(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
