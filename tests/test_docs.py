"""The documentation is generated from the app and kept current: these tests fail when it goes stale.

This is sqlite-utils' tests/test_docs.py idea: every command documented, with its options and examples.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import ROOT
from shenzhen_facts.cli.commands import app
from shenzhen_facts.store.validate import _RECORD_FIELDS

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import gallery
import mutation
import reference
import startup

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


def test_every_picture_is_shown() -> None:
    # The README shows one picture and links the gallery page, which shows the rest.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    assert "docs/gallery.md" in readme
    for name in gallery.PICTURES:
        assert f"docs/gallery/{name}" in readme or f"](gallery/{name})" in page, name


def test_dataset_format_documents_every_field() -> None:
    text = (ROOT / "docs" / "dataset-format.md").read_text(encoding="utf-8")
    for field in _RECORD_FIELDS:
        assert f"`{field}`" in text, field


def test_readme_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in (
        "docs/commands.md",
        "docs/dataset-format.md",
        "docs/adding-a-fact.md",
        "docs/schema.json",
        "docs/reliability.md",
        "docs/performance.md",
        "docs/design.md",
        "docs/mutation.md",
    ):
        assert doc in readme, doc
        assert (ROOT / doc).is_file(), doc


def test_readme_documents_every_exit_code() -> None:
    from shenzhen_facts.core.errors import ExitCode

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for name, code in vars(ExitCode).items():
        if name.isupper():
            assert f"| {code} |" in table, (name, code)


def test_the_reference_documents_every_exit_code() -> None:
    from shenzhen_facts.core.errors import ExitCode

    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    for name, code in vars(ExitCode).items():
        if name.isupper():
            assert f"- **{code}**: " in section, (name, code)


# ---------------------------------------------------------------------------------------------- the README

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of the same level."""
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_readme_is_read_in_five_minutes() -> None:
    # Words as `wc -w` counts them, code and all: the README is the tour; docs/ holds the rest.
    assert len(README.split()) <= 1500


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(heading) for heading in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}


MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda path: path.name)
def test_every_relative_link_leads_somewhere(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links, page
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue  # a web address: not checked offline
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        assert path.exists(), (page.name, link)
        if anchor:
            assert anchor in _anchors(path), (page.name, link)


def test_readme_links_every_doc() -> None:
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{doc.name}" in README, doc.name


def test_readme_counts_the_records_it_ships() -> None:
    from shenzhen_facts.store.dataset import bundled_path, load

    stated = re.findall(r"The (\d+) records", README)
    assert stated == [str(len(load(bundled_path()).records))]


def _article_tests() -> set[str]:
    """The tests that read the source article: those that take the `article_body` fixture."""
    import ast

    names = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and "article_body" in [arg.arg for arg in node.args.args]:
                names.add(node.name)
    return names


def test_readme_names_the_tests_that_skip_without_the_article() -> None:
    setup = _section(README, "Set up")
    assert "../shared/source/" in setup
    found = _article_tests()
    assert found, "no test takes the article_body fixture any more: say so in the README"
    named = set(re.findall(r"`(test_\w+)`", setup))
    assert named == found


# No figure is stated twice: what a script measures is written into docs/ by that script (the benchmark into
# docs/performance.md, the mutation score into docs/mutation.md), and the README links there instead.
MEASURED = re.compile(
    r"\d\s?(ms|µs|MiB|MB|GiB|KiB)\b|\d(\.\d+)?\s?×|\d\s?s\b|\bmutants?\b.*\d|\d.*\bmutants?\b|\bkilled\b",
    flags=re.IGNORECASE,
)


def test_readme_states_no_measured_figure() -> None:
    for line in README.splitlines():
        assert not MEASURED.search(line), line


def _block(text: str, begin: str, end: str) -> str:
    assert text.count(begin) == 1 and text.count(end) == 1, (begin, end)
    return text.split(begin, 1)[1].split(end, 1)[0]


def test_measured_figures_are_stated_only_in_their_blocks() -> None:
    performance = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    score = (ROOT / "docs" / "mutation.md").read_text(encoding="utf-8")
    _block(performance, startup.BEGIN, startup.END)
    block = _block(score, mutation.BEGIN, mutation.END)
    outside = performance.replace(_block(performance, startup.BEGIN, startup.END), "")
    outside += score.replace(block, "")
    for other in ("design.md", "reliability.md", "commands.md"):
        outside += (ROOT / "docs" / other).read_text(encoding="utf-8")
    for line in outside.splitlines():
        assert not re.search(r"\d(\.\d+)?\s?(ms|×)|\d+(\.\d+)? ?% of|mutants killed", line), line
    # The score's count of equivalents is the table below it: no survivor left unexplained, no stale entry.
    equivalent = re.search(r"alive, of which ([\d,]+) are listed below as equivalent", block)
    assert equivalent is not None
    assert int(equivalent[1].replace(",", "")) == len(mutation.known_equivalents())


def test_the_benchmark_writes_its_figures_between_the_markers(tmp_path: Path) -> None:
    page = tmp_path / "performance.md"
    page.write_text(f"# Before\n\n{startup.BEGIN}\nold figures\n{startup.END}\n\nAfter.\n", encoding="utf-8")
    rows = [
        ("szfacts share drones, piped", 70.0, "bare Typer app", 62.5, 1.25),
        ("first list, 100,000 (no cache)", 6980.0, "tomllib alone", 7910.0, 1.0),
    ]
    absolute = [("peak memory of szfacts share drones", 30.0, "MiB", 25.0)]
    startup.write_figures(page, startup.figures_markdown(rows, absolute, "21 rounds."))
    assert page.read_text(encoding="utf-8") == (
        f"# Before\n\n{startup.BEGIN}\n21 rounds.\n\n"
        "| case | median | against | ratio | budget | met |\n"
        "|---|---:|---|---:|---:|---|\n"
        "| szfacts share drones, piped | 70.0 ms | bare Typer app (62.5 ms) | 1.12× | ≤ 1.25× | yes |\n"
        "| first list, 100,000 (no cache) | 6,980.0 ms | tomllib alone (7,910.0 ms) | 0.88× | ≤ 1.00× | yes |\n"
        "| peak memory of szfacts share drones | 30.0 MiB | | | ≤ 25 MiB | **no** |\n"
        f"{startup.END}\n\nAfter.\n"
    )


def test_the_mutation_script_writes_the_score_from_mutmuts_results(tmp_path: Path) -> None:
    import json

    for place in mutation.MODULES.values():
        meta = tmp_path / "mutants" / "shenzhen_facts" / (place.replace(".", "/") + ".py.meta")
        meta.parent.mkdir(parents=True, exist_ok=True)
        codes = {f"shenzhen_facts.{place}.x_f__mutmut_{n}": code for n, code in enumerate([1, 1, 0, 36, None], 1)}
        meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    equivalent = {"shenzhen_facts.core.figures.x_f__mutmut_3": "the same"}
    found = mutation.scores(tmp_path / "mutants", list(mutation.MODULES), equivalent)
    # A mutant with no exit code was not reached (a run stopped early): neither killed nor alive.
    assert [(s.module, s.mutants, s.tested, s.killed, len(s.alive), s.equivalent) for s in found] == [
        ("figures", 5, 4, 3, 1, 1),
        ("folding", 5, 4, 3, 1, 0),
        ("reading", 5, 4, 3, 1, 0),
        ("resolve", 5, 4, 3, 1, 0),
        ("validate", 5, 4, 3, 1, 0),
    ]
    page = tmp_path / "mutation.md"
    page.write_text(f"Score:\n{mutation.BEGIN}\nstale\n{mutation.END}\nTable.\n", encoding="utf-8")
    mutation.write_score(page, mutation.score_markdown(found, "mutmut 3.8.1."))
    assert page.read_text(encoding="utf-8") == (
        f"Score:\n{mutation.BEGIN}\n"
        "**15 of 20 mutants tested killed (75.0%)**; 5 alive, of which 1 are listed below as equivalent. "
        "**5 of the 25 mutants were not tested.** mutmut 3.8.1.\n\n"
        "| module | mutants | tested | killed | alive | of which equivalent | score |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n"
        "| core/figures.py | 5 | 4 | 3 | 1 | 1 | 75.0% |\n"
        "| core/folding.py | 5 | 4 | 3 | 1 | 0 | 75.0% |\n"
        "| core/reading.py | 5 | 4 | 3 | 1 | 0 | 75.0% |\n"
        "| core/resolve.py | 5 | 4 | 3 | 1 | 0 | 75.0% |\n"
        "| store/validate.py | 5 | 4 | 3 | 1 | 0 | 75.0% |\n"
        f"{mutation.END}\nTable.\n"
    )


def test_design_names_every_module() -> None:
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    package = ROOT / "shenzhen_facts"
    modules = {path.name for path in package.rglob("*.py")} - {"__init__.py", "__main__.py"}
    named = {name for name in re.findall(r"`(?:[\w/]*/)?(\w+\.py)`", design) if not name.startswith("test_")}
    named -= {"__init__.py"}
    assert modules == named


# ---------------------------------------------------------------------------------------------- the tour runs
# Every `$ ` line of the README's console blocks is run in a shell, as a reader would paste it: it must end with
# exit 0 (or the `# exit N` its comment states), print exactly the stdout lines shown under it (when any are
# shown), and the `szfacts: ` lines shown (stderr) among its stderr lines. Lines before it in the same block that
# are not szfacts (`echo … > draft.md`) are run first, in the same directory.

SCRIPT = Path(sys.executable).with_name("szfacts")

# The README's subsections for features that other issues are building now: their examples fail until those land,
# and then these entries must go (xfail is strict, so a passing example fails the suite until it is removed here).
PENDING: dict[str, str] = {}  # examples of work not landed yet: command -> the issue (xfail until it lands)


class Example(NamedTuple):
    command: str
    setup: list[str]
    shown: list[str]


def _examples(text: str) -> list[Example]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        setup: list[str] = []
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            if command.startswith("szfacts"):
                examples.append(Example(command, list(setup), shown))
            else:
                setup.append(command)
    return examples


EXAMPLES = _examples(README)


def test_the_readme_has_examples_for_every_tour_stop() -> None:
    tour = " ".join(example.command for example in EXAMPLES)
    for command in ("share", "show", "compare", "timeline", "overview", "search", "cite", "validate"):
        assert f"szfacts {command}" in tour, command
    assert set(PENDING) <= {example.command for example in EXAMPLES}


@pytest.mark.skipif(not SCRIPT.exists(), reason="szfacts is not installed: pip install -e '.[test]'")
@pytest.mark.parametrize(
    "example",
    [
        pytest.param(e, marks=pytest.mark.xfail(reason=PENDING[e.command], strict=True)) if e.command in PENDING else e
        for e in EXAMPLES
    ],
    ids=[example.command for example in EXAMPLES],
)
def test_readme_example_runs_as_shown(example: Example, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SZFACTS_", "COLUMNS", "LINES"))}
    env["PATH"] = f"{SCRIPT.parent}{os.pathsep}{env.get('PATH', '')}"
    env["SZFACTS_CACHE_DIR"] = str(tmp_path / "cache")
    for line in example.setup:
        subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, check=True, timeout=60)
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", example.command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    stated = re.search(r"# exit (\d+)$", example.command)
    assert done.returncode == (int(stated[1]) if stated else 0), done.stderr
    stdout = [line for line in example.shown if not line.startswith("szfacts: ")]
    if stdout:
        assert done.stdout.splitlines() == stdout
    for line in example.shown:
        if line.startswith("szfacts: "):
            assert line in done.stderr.splitlines()


def test_readme_python_example_runs_as_shown() -> None:
    import doctest

    (block,) = re.findall(r"```pycon\n(.*?)```", README, flags=re.DOTALL)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert runner.summarize(verbose=False).attempted >= 3
