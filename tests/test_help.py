"""Every command's help leads with real examples, and every example actually runs."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from shenzhen_facts.cli.commands import app

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None)


def test_the_commands() -> None:
    assert COMMANDS == [
        "check",
        "cite",
        "compare",
        "list",
        "overview",
        "search",
        "share",
        "show",
        "timeline",
        "validate",
    ]


def _examples(help_text: str) -> list[str]:
    lines = help_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    examples = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        examples.append(line.strip())
    return examples


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_examples_of_itself(szfacts: Invoke, command: str) -> None:
    run = szfacts(command, "--help")
    assert run.code == 0
    examples = _examples(run.stdout)
    assert len(examples) >= 2
    assert all(f"szfacts {command}" in example for example in examples)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_example_runs(szfacts: Invoke, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Examples that name a dataset of one's own find one, as a reader following them would have.
    shutil.copy(FIXTURES / "valid" / "minimal.toml", tmp_path / "my-city.toml")
    monkeypatch.chdir(tmp_path)
    for example in _examples(szfacts(command, "--help").stdout):
        args = shlex.split(example.split("$(", 1)[-1].rstrip(")"))
        assert args[0] == "szfacts"
        run = szfacts(*args[1:])
        assert run.code == 0, (example, run)


def test_app_help_and_bare_invocation(szfacts: Invoke) -> None:
    assert len(_examples(szfacts("--help").stdout)) >= 2
    bare = szfacts()
    assert bare.code == 0 and "Usage: szfacts" in bare.stdout


def test_plain_field_order_is_stated_in_help(szfacts: Invoke) -> None:
    for command in COMMANDS:
        # cite prints a citation in the chosen --format, check compiler-style lines (their JSON keys are in
        # docs/schema.json): neither prints records
        if command not in ("cite", "check"):
            assert "Plain output fields" in szfacts(command, "--help").stdout


def test_options_moved_after_the_command_know_which_take_a_value() -> None:
    import typer

    from shenzhen_facts.cli.boundary import VALUE_OPTIONS
    from shenzhen_facts.cli.commands import app

    group = typer.main.get_command(app)
    taking_value = {
        name
        for command in group.commands.values()  # type: ignore[attr-defined]
        for param in command.params
        if param.param_type_name == "option" and not param.is_flag
        for name in param.opts
    }
    assert set(VALUE_OPTIONS) == taking_value
