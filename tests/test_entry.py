"""The console script's guard (entry.py), in-process: each way a run can end before or around the CLI."""

from __future__ import annotations

import sys
import types

import pytest

from shenzhen_facts import cli as entry


def _cli_main(behaviour: BaseException | None) -> types.ModuleType:
    """A stand-in for shenzhen_facts.cli.commands whose main() raises `behaviour`, or records that it ran."""
    module = types.ModuleType("shenzhen_facts.cli.commands")
    module.ran = []  # type: ignore[attr-defined]

    def main() -> None:
        module.ran.append(True)  # type: ignore[attr-defined]
        if behaviour is not None:
            raise behaviour

    module.main = main  # type: ignore[attr-defined]
    return module


class _InterruptedImport(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        raise KeyboardInterrupt  # Ctrl-C while the CLI (typer, mostly) is still being imported


def test_a_run_that_succeeds_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    cli = _cli_main(None)
    monkeypatch.setitem(sys.modules, "shenzhen_facts.cli.commands", cli)
    monkeypatch.delenv("SZFACTS_DEBUG", raising=False)
    assert entry.main() is None
    assert cli.ran == [True]  # type: ignore[attr-defined]


def test_closed_stdout_ends_before_anything_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    cli = _cli_main(None)
    monkeypatch.setitem(sys.modules, "shenzhen_facts.cli.commands", cli)
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 141
    assert cli.ran == []  # type: ignore[attr-defined]


def test_ctrl_c_during_import_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "shenzhen_facts.cli.commands", _InterruptedImport("shenzhen_facts.cli.commands"))
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 130


@pytest.mark.parametrize("debug", ["", None])
def test_ctrl_c_after_the_cli_guard_is_quiet(monkeypatch: pytest.MonkeyPatch, debug: str | None) -> None:
    monkeypatch.setitem(sys.modules, "shenzhen_facts.cli.commands", _cli_main(KeyboardInterrupt()))
    if debug is None:
        monkeypatch.delenv("SZFACTS_DEBUG", raising=False)
    else:
        monkeypatch.setenv("SZFACTS_DEBUG", debug)  # empty means off
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 130


def test_debug_lets_the_interrupt_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "shenzhen_facts.cli.commands", _cli_main(KeyboardInterrupt()))
    monkeypatch.setenv("SZFACTS_DEBUG", "1")
    with pytest.raises(KeyboardInterrupt):
        entry.main()


def test_exit_codes_agree_with_errors_py() -> None:
    from shenzhen_facts.core.errors import ExitCode

    assert (entry.INTERRUPTED, entry.BROKEN_PIPE) == (ExitCode.INTERRUPTED, ExitCode.BROKEN_PIPE)


def test_a_debug_run_that_succeeds_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    cli = _cli_main(None)
    monkeypatch.setitem(sys.modules, "shenzhen_facts.cli.commands", cli)
    monkeypatch.setenv("SZFACTS_DEBUG", "1")
    assert entry.main() is None
    assert cli.ran == [True]  # type: ignore[attr-defined]
