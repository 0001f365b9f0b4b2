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

from shenzhen_facts.cli import app

# Tests never touch the user's own cache directory; set before any test module loads a dataset.
_CACHE = tempfile.mkdtemp(prefix="szfacts-test-cache-")
os.environ["SZFACTS_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

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


@pytest.fixture
def szfacts(runner: CliRunner) -> Invoke:
    """Run the app in-process; anything but a clean exit (an escaped exception) fails the test."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), env=env)
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
