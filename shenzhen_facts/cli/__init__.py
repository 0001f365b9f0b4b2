"""The console script's entry point, kept apart from cli.py so that it is guarded before anything heavy loads.

Most of a run is start-up (importing typer), so a Ctrl-C in a shell loop usually lands there; and a script may
start szfacts with its stdout closed. Both must end quietly with the documented exit status, not a traceback,
which means catching them around the import of the CLI itself.
"""

import sys

INTERRUPTED = 130  # these two equal errors.ExitCode's, which cannot be imported before the guard is up
BROKEN_PIPE = 141


def main() -> None:
    if sys.stdout is None:  # started with stdout closed (`szfacts list >&-`): nowhere to put an answer
        sys.exit(BROKEN_PIPE)
    try:
        from shenzhen_facts.cli.commands import main as run
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)
    from shenzhen_facts.core.errors import debugging  # loaded by the CLI already: free

    if debugging():
        run()
        return
    try:
        run()
    except KeyboardInterrupt:  # between the CLI's own guard and the exit: still quiet
        sys.exit(INTERRUPTED)
