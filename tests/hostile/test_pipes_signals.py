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
CLEAN = {
    k: v for k, v in os.environ.items() if not k.startswith(("SZFACTS_", "FORCE_COLOR")) and k != "PYTHONUNBUFFERED"
}
# Stream behaviour differs with and without PYTHONUNBUFFERED (this machine sets it; most do not): every stream
# test runs both ways, with the variable set or removed explicitly, never inherited.
BUFFERING = {"buffered": CLEAN, "unbuffered": {**CLEAN, "PYTHONUNBUFFERED": "1"}}
both_ways = pytest.mark.parametrize("buffering", sorted(BUFFERING))


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import make_dataset

    path = tmp_path_factory.mktemp("big") / "big.toml"
    make_dataset.write(3000, path)
    return path


@both_ways
@pytest.mark.parametrize("fmt", ["plain", "json", "csv", "table"])
def test_reader_goes_away(big_dataset: Path, fmt: str, buffering: str) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "list", "--format", fmt, "--data", str(big_dataset)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=BUFFERING[buffering],
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`; 3,000 records are far more than a pipe holds, so never 0
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert stderr == b""


@both_ways
def test_closed_stdout(buffering: str) -> None:
    done = subprocess.run(
        f"exec '{SCRIPT}' share >&-", shell=True, capture_output=True, env=BUFFERING[buffering], timeout=60, check=False
    )
    assert done.returncode == 141 and done.stderr == b""


def test_broken_pipe_inside_the_command_is_141_not_typers_1(szfacts: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    # typer's own main turns an EPIPE OSError into exit 1 before any boundary of ours: never let one reach it.
    def gone(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("shenzhen_facts.presentation.views.share_view", gone)
    run = szfacts("share")
    assert (run.code, run.stdout, run.stderr) == (141, "", "")


FULL_DISK = "szfacts: error: cannot write the output: No space left on device\n"


@both_ways
@pytest.mark.parametrize(
    "args",
    [
        ["share", "drones"],
        ["share", "drones", "--value"],
        ["list", "--json"],
        ["list", "--format", "csv"],
        ["list", "--format", "table"],
        ["cite", "drones"],
        ["--help"],
        ["--version"],
        [],  # bare szfacts shows help, written from inside the error boundary
    ],
    ids=lambda args: " ".join(args) or "bare",
)
def test_full_disk_is_exit_74_with_one_line(args: list[str], buffering: str) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(SCRIPT), *args], stdout=full, stderr=subprocess.PIPE, env=BUFFERING[buffering], timeout=60, check=False
        )
    assert (done.returncode, done.stderr.decode()) == (74, FULL_DISK)


@both_ways
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_output_cut_off_by_a_file_size_limit_is_never_success(tmp_path: Path, fmt: str, buffering: str) -> None:
    # RLIMIT_FSIZE makes the kernel accept a short write and then refuse with EFBIG, as a disk that fills up
    # does: unbuffered, Python's TextIOWrapper used to drop the short write's remainder and exit 0.
    target = tmp_path / "out"
    script = f"trap '' XFSZ; ulimit -f 4; exec '{SCRIPT}' list --format {fmt} > '{target}'"
    # Without COVERAGE_*: under --cov, the child's coverage could not write its data past the same limit.
    env = {k: v for k, v in BUFFERING[buffering].items() if not k.startswith("COVERAGE_")}
    done = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 74, done.stderr
    assert done.stderr.decode() == "szfacts: error: cannot write the output: File too large\n"
    assert target.stat().st_size == 4096  # what the limit let through, and the exit status says it is not all


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


@both_ways
@pytest.mark.parametrize(("sent", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"])
def test_ctrl_c_while_working(big_dataset: Path, tmp_path: Path, buffering: str, sent: int, status: int) -> None:
    # A cold cache: parsing 3,000 records takes a while, so the signal lands while it works. SIGTERM (what `kill`
    # and service managers send) ends it the same way, with 143 (issue 22 #6: it left a temporary file).
    env = {**BUFFERING[buffering], "SZFACTS_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [str(SCRIPT), "list", "--data", str(big_dataset)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    time.sleep(0.25)
    process.send_signal(sent)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode in (status, 0), stderr  # 0 only if it finished first
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert [p.name for p in (tmp_path / "cache").glob(".szfacts-tmp-*")] == []
    if process.returncode == status:
        # Stopped while parsing (nothing printed) or while listing: what it printed is the start of the list,
        # whole lines only where a line was finished, never anything else.
        full = subprocess.run(
            [str(SCRIPT), "list", "--data", str(big_dataset)], capture_output=True, env=env, check=True
        ).stdout
        assert full.startswith(stdout) and len(stdout) < len(full)


def test_ctrl_c_while_parsing_a_large_file(tmp_path: Path) -> None:
    # 30,000 records take the better part of a second to parse and check: the signal lands before any output.
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import make_dataset

    path = tmp_path / "large.toml"
    make_dataset.write(30_000, path)
    env = {**BUFFERING["buffered"], "SZFACTS_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [str(SCRIPT), "list", "--data", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    time.sleep(0.25)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stdout, stderr) == (130, b"", b"")
    cache = tmp_path / "cache"
    assert not cache.exists() or list(cache.iterdir()) == []  # an interrupted first run leaves no file behind


def test_keyboard_interrupt_in_process_is_quiet(szfacts: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("shenzhen_facts.presentation.views.share_view", interrupted)
    run = szfacts("share")
    assert (run.code, run.stdout, run.stderr) == (130, "", "")


@pytest.mark.parametrize("value", ["0", "", "no", "false", "off"])
def test_debug_is_off_unless_asked_for(runner: object, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    from typer.testing import CliRunner

    from shenzhen_facts.cli.commands import app

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("shenzhen_facts.presentation.views.share_view", broken)
    assert isinstance(runner, CliRunner)
    quiet = runner.invoke(app, ["share"], env={"SZFACTS_DEBUG": value})
    assert quiet.exit_code == 70 and quiet.stderr.startswith("szfacts: error: internal error")


def test_a_bug_is_one_line_and_debug_shows_the_traceback(runner: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from shenzhen_facts.cli.commands import app

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("shenzhen_facts.presentation.views.share_view", broken)
    assert isinstance(runner, CliRunner)
    quiet = runner.invoke(app, ["share"])
    assert quiet.exit_code == 70
    assert quiet.stderr == (
        "szfacts: error: internal error (RuntimeError: simulated bug); run again with "
        "SZFACTS_DEBUG=1 for the traceback\n"
    )
    for value in ("1", "true", "YES"):
        loud = runner.invoke(app, ["share"], env={"SZFACTS_DEBUG": value})
        assert isinstance(loud.exception, RuntimeError)  # propagates: the traceback is shown


# ---------------------------------------------------------------------------------------------- SIGTERM (issue 22 #6)


# The signal sent from inside the write of the cache entry, just before its rename: the worst moment to die.
_TERM_WHILE_WRITING = """
import os, signal, sys
from shenzhen_facts.store import cache
cache.LARGE = int(sys.argv[2])
real = cache.Directory.replace
def replace(self, source, target):
    os.kill(os.getpid(), signal.SIGTERM)
    real(self, source, target)
cache.Directory.replace = replace
from shenzhen_facts.cli import main
sys.argv = ["szfacts", "show", "widgets", "--data", sys.argv[1]]
main()
"""


@pytest.mark.parametrize("store", ["snapshot", "sqlite"])
def test_sigterm_while_writing_the_cache_leaves_no_temporary_file(tmp_path: Path, store: str) -> None:
    path = tmp_path / "city.toml"
    path.write_bytes((ROOT / "tests" / "fixtures" / "valid" / "minimal.toml").read_bytes())
    cache = tmp_path / "cache"
    large = "0" if store == "sqlite" else str(1 << 40)
    env = {**CLEAN, "SZFACTS_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _TERM_WHILE_WRITING, str(path), large], capture_output=True, env=env, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (143, b"", b"")
    assert os.listdir(cache) == []  # neither an entry nor its temporary file
