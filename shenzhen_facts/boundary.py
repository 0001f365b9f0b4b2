"""The one error boundary: where every failure becomes `szfacts: error: …` on stderr and a documented exit code.

The core raises the tool's own typed errors (errors.py) and click raises its usage errors; nothing else in the
CLI catches anything. A traceback appears only with SZFACTS_DEBUG=1.
"""

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from shenzhen_facts.errors import ExitCode, SzfactsError, shorten

PROG = "szfacts"

# The language of this run's messages, set by the command once it has read --lang (see output.Output):
# an error raised after that point is told in that language where it has a Chinese text.
language = "en"


def say(message: str) -> None:
    """One message line on stderr, with control characters shown rather than obeyed."""
    from shenzhen_facts.writers import safe

    stream = sys.stderr
    try:
        stream.write(f"{PROG}: {safe(message)}\n")
        stream.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or unusable: nothing sensible is left to do
        pass


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


class SzfactsGroup(TyperGroup):
    """The app's command group, with the single place where errors become messages and exit codes."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
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
            if code == ExitCode.BROKEN_PIPE:
                _quiet_exit(code)
            sys.exit(code)
        return code


def _run(call: Callable[[], Any]) -> int:
    global language
    language = "en"  # until the command has read --lang; a process (or a test) may run several commands
    debug = bool(os.environ.get("SZFACTS_DEBUG"))
    try:
        result = call()
        sys.stdout.flush()  # here, so a reader that went away is noticed inside the boundary
        return result if isinstance(result, int) else ExitCode.OK
    except SzfactsError as error:
        if debug:
            raise
        say(f"error: {error.zh if language == 'zh' and error.zh else error}")
        for line in error.details(language):
            say(f"  {line}")
        return error.exit_code
    except _CLICK_ERROR as error:  # click's usage errors: bad option, missing argument, bad value
        if debug:
            raise
        text = str(error.format_message())  # type: ignore[attr-defined]  # every click error has it
        if type(error).__name__ == "NoArgsIsHelpError":
            sys.stdout.write(text + "\n")  # bare `szfacts` shows help, as clig.dev suggests
            return ExitCode.OK
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
    except BrokenPipeError:
        return ExitCode.BROKEN_PIPE
    except Exception as error:  # a bug: still one line, and the way to see more
        if debug:
            raise
        say(
            f"error: internal error ({type(error).__name__}: {shorten(str(error), 200)}); "
            "run again with SZFACTS_DEBUG=1 for the traceback"
        )
        return ExitCode.INTERNAL


def prepare_streams() -> None:
    """Never crash on a terminal that cannot show Chinese: unencodable characters become escapes instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
