"""The console script's entry point, kept apart from cli.py so that it is guarded before anything heavy loads.

Most of a run is start-up (importing typer), so a Ctrl-C in a shell loop usually lands there; and a script may
start szfacts with its stdout closed. Both must end quietly with the documented exit status, not a traceback,
which means catching them around the import of the CLI itself.
"""

import sys

INTERRUPTED = 130  # these three equal errors.ExitCode's, which cannot be imported before the guard is up
BROKEN_PIPE = 141
TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, unwound like a Ctrl-C: every clean-up runs (no temporary file stays), then the exit is 143."""


_terminated: list[bool] = []  # set once SIGTERM arrives


def _terminate(signum: int, frame: object) -> None:
    _terminated.append(True)
    raise Terminated


def main() -> None:
    if sys.stdout is None:  # started with stdout closed (`szfacts list >&-`): nowhere to put an answer
        sys.exit(BROKEN_PIPE)
    import signal  # (enum, which it needs, is loaded by typer anyway)

    signal.signal(signal.SIGTERM, _terminate)
    try:
        _run()
    except Terminated:
        sys.exit(TERMINATED)
    except SystemExit as done:  # the CLI's own guard ends a Terminated like a Ctrl-C: 130, made 143 here
        if _terminated and done.code == INTERRUPTED:
            sys.exit(TERMINATED)
        raise


def _run() -> None:
    try:
        from shenzhen_facts.cli.commands import main as run
    except Terminated:
        raise
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)
    from shenzhen_facts.core.errors import debugging  # loaded by the CLI already: free

    if debugging():
        run()
        return
    try:
        run()
    except Terminated:
        raise
    except KeyboardInterrupt:  # between the CLI's own guard and the exit: still quiet
        sys.exit(INTERRUPTED)
