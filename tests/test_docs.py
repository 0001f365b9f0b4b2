"""The documentation is generated from the app and kept current: these tests fail when it goes stale.

This is sqlite-utils' tests/test_docs.py idea: every command documented, with its options and examples.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from shenzhen_facts.cli.commands import app
from shenzhen_facts.store.validate import _RECORD_FIELDS

sys.path.insert(0, str(ROOT / "scripts"))
import gallery
import reference

COMMANDS = [info.name or info.callback.__name__ for info in app.registered_commands if info.callback is not None]


def test_command_reference_is_current() -> None:
    committed = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert committed == reference.render(), "docs/commands.md is stale: run `python scripts/reference.py`"


@pytest.mark.parametrize("command", COMMANDS)
def test_reference_documents_each_command(command: str) -> None:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    section = text.split(f"## szfacts {command}\n", 1)[1].split("\n## ", 1)[0]
    assert "Examples:" in section and f"szfacts {command}" in section.split("Examples:", 1)[1]
    for option in ("--help", "--lang", "--data"):
        assert option in section, (command, option)


def _svg_text(path: Path) -> str:
    """What an SVG says, without its styling: the text of every <text> run, in order."""
    runs = re.findall(r"<text[^>]*>(.*?)</text>", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return "".join(runs).replace("&#160;", " ")


def test_gallery_is_current(tmp_path: Path) -> None:
    for made in gallery.make(tmp_path):
        committed = ROOT / "docs" / "gallery" / made.name
        assert committed.is_file(), f"{committed} is missing: run `python scripts/gallery.py`"
        assert _svg_text(committed) == _svg_text(made), f"{made.name} is stale: run `python scripts/gallery.py`"


def test_readme_shows_every_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in gallery.PICTURES:
        assert f"docs/gallery/{name}" in readme, name


def test_dataset_format_documents_every_field() -> None:
    text = (ROOT / "docs" / "dataset-format.md").read_text(encoding="utf-8")
    for field in _RECORD_FIELDS:
        assert f"`{field}`" in text, field


def test_readme_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in ("docs/commands.md", "docs/dataset-format.md", "docs/adding-a-fact.md", "docs/schema.json"):
        assert doc in readme, doc
        assert (ROOT / doc).is_file(), doc


def test_readme_documents_every_exit_code() -> None:
    from shenzhen_facts.core.errors import ExitCode

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for name, code in vars(ExitCode).items():
        if name.isupper():
            assert f"| {code} |" in table, (name, code)
