"""output._CheckedStdout in-process: the raw layer under a real process's stdout (see test_pipes_signals.py)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator

import pytest

from shenzhen_facts.cli import output
from shenzhen_facts.core.errors import OutputFailed, ReaderGone


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read, write = os.pipe()
    os.set_blocking(read, False)  # a read of what was never written fails the test instead of hanging it
    yield read, write
    for fd in (read, write):
        with contextlib.suppress(OSError):  # a test may have closed one already
            os.close(fd)


def test_everything_is_written_even_in_short_writes(pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    read, write = pipe
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))  # a disk filling up
    assert output._CheckedStdout(write).write("消费级无人机".encode()) == 18
    assert os.read(read, 100).decode() == "消费级无人机"


def test_a_full_device_raises_output_failed() -> None:
    fd = os.open("/dev/full", os.O_WRONLY)
    try:
        with pytest.raises(OutputFailed, match="No space left on device"):
            output._CheckedStdout(fd).write(b"x")
    finally:
        os.close(fd)


def test_a_departed_reader_raises_reader_gone_which_is_no_oserror(pipe: tuple[int, int]) -> None:
    read, write = pipe
    os.close(read)
    with pytest.raises(ReaderGone) as raised:
        output._CheckedStdout(write).write(b"x")
    assert not isinstance(raised.value, OSError)  # typer's main turns any EPIPE OSError into exit 1


def test_a_full_non_blocking_pipe_is_waited_for(pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    read, write = pipe
    real_write, calls = os.write, []

    def busy_once(fd: int, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", busy_once)
    output._CheckedStdout(write).write(b"abc")
    assert os.read(read, 10) == b"abc" and len(calls) == 2


@pytest.mark.parametrize("unbuffered", [True, False])
def test_guard_keeps_encoding_errors_and_buffering(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch, unbuffered: bool
) -> None:
    read, write = pipe
    raw = io.FileIO(write, "w", closefd=False)
    layer: io.RawIOBase | io.BufferedWriter = raw if unbuffered else io.BufferedWriter(raw)
    stream = io.TextIOWrapper(layer, encoding="ascii", errors="backslashreplace", write_through=unbuffered)
    monkeypatch.setattr(sys, "stdout", stream)
    output.guard_stdout()
    guarded = sys.stdout
    assert guarded is not stream
    assert (guarded.encoding, guarded.errors) == ("ascii", "backslashreplace")
    assert isinstance(guarded.buffer, output._CheckedStdout) == unbuffered
    guarded.write("深\n")
    if not unbuffered:  # unbuffered, nothing is held back: what was written is in the pipe already
        guarded.flush()
    assert os.read(read, 100) == b"\\u6df1\n"


def test_a_stdout_without_a_file_descriptor_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    capture = io.StringIO()
    monkeypatch.setattr(sys, "stdout", capture)
    output.guard_stdout()
    assert sys.stdout is capture
