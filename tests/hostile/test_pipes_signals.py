"""Readers that go away, closed streams and Ctrl-C: a quiet exit, never a traceback or "Exception ignored"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, Invoke

SCRIPT = Path(sys.executable).with_name("szfacts")
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="szfacts is not installed: pip install -e '.[test]'")
CLEAN = {k: v for k, v in os.environ.items() if not k.startswith(("SZFACTS_", "FORCE_COLOR"))}


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import make_dataset

    path = tmp_path_factory.mktemp("big") / "big.toml"
    make_dataset.write(3000, path)
    return path


@pytest.mark.parametrize("fmt", ["plain", "json", "table"])
def test_reader_goes_away(big_dataset: Path, fmt: str) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "list", "--format", fmt, "--data", str(big_dataset)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=CLEAN,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) in (0, 141)
    assert stderr == b""


def test_closed_stdout() -> None:
    done = subprocess.run(
        f"exec '{SCRIPT}' share >&-", shell=True, capture_output=True, env=CLEAN, timeout=60, check=False
    )
    assert done.returncode == 141 and done.stderr == b""


def test_closed_stderr_and_an_error() -> None:
    done = subprocess.run(
        f"exec '{SCRIPT}' show nothing-like-this 2>&-",
        shell=True,
        capture_output=True,
        env=CLEAN,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == b""


def test_ctrl_c_while_working(big_dataset: Path, tmp_path: Path) -> None:
    env = {**CLEAN, "SZFACTS_CACHE_DIR": str(tmp_path / "cache")}  # cold: parsing 3,000 records takes a while
    process = subprocess.Popen(
        [str(SCRIPT), "list", "--data", str(big_dataset)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    time.sleep(0.25)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode in (130, 0), stderr  # 0 only if it finished first
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    if process.returncode == 130:
        assert stdout == b""


def test_keyboard_interrupt_in_process_is_quiet(szfacts: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("shenzhen_facts.views.share_view", interrupted)
    run = szfacts("share")
    assert (run.code, run.stdout, run.stderr) == (130, "", "")


def test_a_bug_is_one_line_and_debug_shows_the_traceback(runner: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from shenzhen_facts.cli import app

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("shenzhen_facts.views.share_view", broken)
    assert isinstance(runner, CliRunner)
    quiet = runner.invoke(app, ["share"])
    assert quiet.exit_code == 70
    assert quiet.stderr == (
        "szfacts: error: internal error (RuntimeError: simulated bug); run again with "
        "SZFACTS_DEBUG=1 for the traceback\n"
    )
    loud = runner.invoke(app, ["share"], env={"SZFACTS_DEBUG": "1"})
    assert isinstance(loud.exception, RuntimeError)  # propagates: the traceback is shown
