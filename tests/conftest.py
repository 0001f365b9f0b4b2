"""Shared test set-up: a pinned, colourless, non-terminal environment, and the article when it is present."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shenzhen_facts.cli.commands import _app_for

# Tests never touch the user's own cache directory; set before any test module loads a dataset. This session
# cache is the "warm" run mode below: test modules load the bundled dataset at collection time, which fills it.
_CACHE = tempfile.mkdtemp(prefix="szfacts-test-cache-")
os.environ["SZFACTS_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

# Mutation testing (scripts/mutation.py): while mutmut maps tests to the code they run ("stats"), a process a test
# starts cannot report to it (mutmut finds its settings from the working directory, and the child runs in another)
# and failed. mutmut keeps the mode inside this process as well, so this process still reports; the children,
# without the variable, run the original code. While a mutant is tested, its name stays and children run it.
if os.environ.get("MUTANT_UNDER_TEST") == "stats":
    del os.environ["MUTANT_UNDER_TEST"]

# The three ways a user's run meets the parsed cache. Every in-process CLI test runs in each of them: with only a
# warm cache, a regression on the parse path (every user's first run) would ship green, and with only a cold one,
# a regression in reading cached entries would.
#   warm: the session cache, already holding the bundled dataset, so a lookup never parses TOML;
#   cold: a fresh, empty cache directory per test, so the first run parses, validates and writes an entry;
#   off:  SZFACTS_CACHE_DIR="" (the documented switch), so every run parses and nothing is written.
CACHE_MODES = ("warm", "cold", "off")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE = ROOT.parent / "shared" / "source" / "shenzhen-new-industrialization-2023.zh.txt"
ARTICLE_END = "编辑 贺佳艺"

# Variables that would make rich believe it has a terminal, or change widths and languages under the tests.
_UNSET = (
    "FORCE_COLOR",
    "NO_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "CLICOLOR_FORCE",
    "SZFACTS_DATA",
    "SZFACTS_LANG",
    "SZFACTS_DEBUG",
    "GITHUB_ACTIONS",
    "CI",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
)


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in _UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("TERM", "xterm-256color")
    yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class Run:
    """The outcome of one in-process invocation, with stdout and stderr kept apart."""

    def __init__(self, code: int, stdout: str, stderr: str, stdout_bytes: bytes = b"") -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr
        self.stdout_bytes = stdout_bytes  # undecoded: CliRunner's `stdout` folds CRLF into LF

    def __repr__(self) -> str:
        return f"Run(code={self.code}, stdout={self.stdout[:300]!r}, stderr={self.stderr[:300]!r})"


Invoke = Callable[..., Run]


@pytest.fixture(params=CACHE_MODES)
def cache_mode(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """Sets SZFACTS_CACHE_DIR for one of CACHE_MODES; a test's own `env=` still wins over it."""
    mode: str = request.param
    if mode == "warm":
        from shenzhen_facts.store.dataset import bundled_path, load

        monkeypatch.setenv("SZFACTS_CACHE_DIR", _CACHE)
        load(bundled_path())  # fills the entry if no test module has yet
        assert any(Path(_CACHE).iterdir()), "the warm mode's cache directory holds no entry"
    elif mode == "cold":
        monkeypatch.setenv("SZFACTS_CACHE_DIR", os.fspath(tmp_path_factory.mktemp("cold-cache")))
    else:
        monkeypatch.setenv("SZFACTS_CACHE_DIR", "")
    return mode


@pytest.fixture
def szfacts(runner: CliRunner, cache_mode: str) -> Invoke:
    """Run the console script's app in-process, in each cache mode; an escaped exception fails the test.

    The app is the one the installed `szfacts` runs: cli.main builds a slimmed app holding only the invoked
    command (`_app_for`), so that is what the tests invoke, with the environment the run would see.
    """

    def invoke(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Run:
        environ = {**os.environ, **(env or {})}
        app = _app_for(list(args), {k: v for k, v in environ.items() if v is not None})
        result = runner.invoke(app, list(args), env=env, input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return invoke


@pytest.fixture(scope="session")
def article_body() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not beside this checkout ({ARTICLE}); quotes cannot be checked here")
    text = ARTICLE.read_text(encoding="utf-8")
    return text[: text.index(ARTICLE_END)]


def fixture(name: str) -> str:
    path = FIXTURES / name
    assert path.is_file(), path
    return os.fspath(path)


@pytest.fixture(autouse=True)
def _fresh_memos() -> None:
    """Each test folds its own words: resolve's memo of folded tokens would otherwise answer from an earlier
    test, so the test that checks a folding rule might never run it (mutation testing attributes the rule's code
    to whichever test first folded the token, and a mutant of the rule would survive on the memo)."""
    from shenzhen_facts.core import folding, reading, resolve

    folding._folded.clear()
    # Likewise the vocabulary and the Chinese converters, loaded on first use and kept: a test that reads the
    # vocabulary or converts characters runs the code that loads them.
    reading._vocabulary = None
    resolve._converters.clear()
