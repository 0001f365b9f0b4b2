"""The one error boundary: where every failure becomes `szfacts: error: …` on stderr and a documented exit code.

The core raises the tool's own typed errors (errors.py) and click raises its usage errors; nothing else in the
CLI catches anything. A traceback appears only with SZFACTS_DEBUG=1.
"""

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from shenzhen_facts.core.errors import ExitCode, NoHome, ReaderGone, SzfactsError, debugging, shorten

PROG = "szfacts"

# The language of this run's messages, set by the command once it has read --lang (see output.Output):
# an error raised after that point is told in that language where it has a Chinese text.
language = "en"


def say(message: str) -> None:
    """One message line on stderr, with control characters shown rather than obeyed."""
    from shenzhen_facts.presentation.writers import safe

    stream = sys.stderr
    try:
        stream.write(f"{PROG}: {safe(message)}\n")
        stream.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or unusable: nothing sensible is left to do
        pass


def report(error: SzfactsError) -> None:
    """An error's lines on stderr, in this run's language where it has a Chinese text (a run of several queries
    reports each miss this way and goes on)."""
    message = str(error.zh if language == "zh" and error.zh else error)
    hint = error.hint_zh if language == "zh" and error.hint_zh else error.hint  # what to try at the command line
    say(f"error: {message}" + (("；" if language == "zh" else "; ") + hint if hint else ""))
    for line in error.details(language):
        say(f"  {line}")


def _quiet_exit(code: int) -> NoReturn:
    # Point stdout at devnull so the interpreter's final flush cannot raise "Exception ignored … BrokenPipe".
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(code)


# Click's base error, found through a public class: typer 0.26/0.27 vendor click without re-exporting it, 0.28
# calls it typer.TyperException. Every usage error (bad option, missing argument, bad value) derives from it.
_CLICK_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")

# The app's own options, which belong before a command; every other option belongs to a command.
_APP_OPTIONS = ("--version", "--help", "-h", "--install-completion", "--show-completion")
# Command options that take a value, so that `--format json share` moves `json` along with `--format`.
# tests/test_help.py checks this list against the app's options.
VALUE_OPTIONS = (
    "--format",
    "-f",
    "--lang",
    "--data",
    "--file",
    "--export",
    "--kind",
    "-k",
    "--year",
    "-y",
    "--as-of",
    "--style",
    "-s",
    "--field",
)


def command_first(args: Sequence[str]) -> list[str]:
    """`szfacts --json share drones` as `szfacts share --json drones`: options typed before the command moved after
    its name, where they belong, so the command line people type by habit (`git`-style) works as written.

    Only a leading run of command options is moved, and only when a command name follows it; anything else is
    left for click to judge.
    """
    moved: list[str] = []
    position = 0
    while position < len(args) and args[position].startswith("-") and args[position] != "--":
        option = args[position]
        if option.split("=", 1)[0] in _APP_OPTIONS:
            return list(args)
        takes_value = option in VALUE_OPTIONS and position + 1 < len(args)
        moved.extend(args[position : position + 1 + takes_value])
        position += 1 + takes_value
    if not moved or position >= len(args):
        return list(args)
    return [args[position], *moved, *args[position + 1 :]]


class SzfactsGroup(TyperGroup):
    """The app's command group, with the single place where errors become messages and exit codes, and misses
    that teach: an option before the command is moved after it, a record typed as a command gets the command
    line that would show it."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except _USAGE_ERROR as error:
            typed = args[0] if args else ""
            if not typed or typed.startswith("-") or "Did you mean" in str(error.format_message()):  # type: ignore[attr-defined]
                raise  # an unknown option, or a command name misspelled: click's message says it best
            hint = _record_hint(typed)
            if hint is None:
                raise
            raise _USAGE_ERROR(f"{typed!r} is not a command; {hint}", ctx) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        args = command_first(sys.argv[1:] if args is None else args)
        code = _run(
            lambda: super(SzfactsGroup, self).main(
                args=args,
                prog_name=prog_name or PROG,
                complete_var=complete_var,
                standalone_mode=False,  # so errors reach _run instead of click's own printing
                windows_expand_args=windows_expand_args,
                **extra,
            )
        )
        if standalone_mode:
            if code in (ExitCode.BROKEN_PIPE, ExitCode.OUTPUT_FAILED):
                _quiet_exit(code)
            sys.exit(code)
        return code

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        if "--install-completion" in args:
            _check_home()  # typer's installer calls Path.home(), a RuntimeError (exit 70) without a home
        return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Where stdout is not guarded (a library caller, a test's capture): typer's main would turn this
            # OSError into exit 1, so it leaves the command as an exception typer does not catch.
            raise ReaderGone() from None


def _check_home() -> None:
    from pathlib import Path

    try:
        Path.home()
    except (RuntimeError, KeyError, OSError):
        raise NoHome() from None


def _record_hint(typed: str) -> str | None:
    """The command lines that would answer `szfacts TYPED`, where TYPED names a record; None where it does not.

    Only ever reached on this error path, so a mistyped command is the only run that pays for the lookup.
    """
    from pathlib import Path

    from shenzhen_facts.core.resolve import Index
    from shenzhen_facts.store import dataset

    try:
        explicit = os.environ.get("SZFACTS_DATA")
        loaded = dataset.load(Path(explicit), origin=explicit) if explicit else dataset.load(dataset.bundled_path())
        record = Index(loaded).find(typed)
    except SzfactsError:
        return None
    if record is None:
        return None
    query = typed if typed.replace("_", "").replace("-", "").isalnum() and typed.isascii() else record.id
    lines = [f"`{PROG} show {query}`"]
    if record.kind == "share":
        lines.append(f"`{PROG} share {query}`")
    return "did you mean " + " or ".join(lines) + "?"


def _run(call: Callable[[], Any]) -> int:
    global language
    language = "en"  # until the command has read --lang; a process (or a test) may run several commands
    debug = debugging()
    try:
        result = call()
        sys.stdout.flush()  # here, so a reader that went away is noticed inside the boundary
        return result if isinstance(result, int) else ExitCode.OK
    except SzfactsError as error:
        if debug:
            raise
        report(error)
        return error.exit_code
    except _CLICK_ERROR as error:  # click's usage errors: bad option, missing argument, bad value
        if debug:
            raise
        text = str(error.format_message())  # type: ignore[attr-defined]  # every click error has it
        if type(error).__name__ == "NoArgsIsHelpError":
            # bare `szfacts` shows help, as clig.dev suggests; written inside a boundary of its own, so that a
            # full disk or a departed reader is 74 or 141 here too, not a traceback from this except clause
            return _run(lambda: _write_line(text))
        ctx = getattr(error, "ctx", None)
        where = ctx.command_path if ctx is not None else PROG
        say(f"error: {shorten(' '.join(text.split()), 300)} (see `{where} --help`)")
        return int(getattr(error, "exit_code", ExitCode.USAGE))
    except typer.Exit as done:
        return done.exit_code
    except (typer.Abort, KeyboardInterrupt):
        if debug:
            raise
        return ExitCode.INTERRUPTED
    except (ReaderGone, BrokenPipeError):  # nothing on stderr: the reader chose to stop, as `head` does
        return ExitCode.BROKEN_PIPE
    except Exception as error:  # a bug: still one line, and the way to see more
        if debug:
            raise
        say(
            f"error: internal error ({type(error).__name__}: {shorten(str(error), 200)}); "
            "run again with SZFACTS_DEBUG=1 for the traceback"
        )
        return ExitCode.INTERNAL


def _write_line(text: str) -> None:
    sys.stdout.write(text + "\n")
