"""`szfacts check` at the command line: the compiler-style lines, JSON Lines against docs/schema.json, exit codes,
--lang zh, --strict, drafts from files and stdin, and one clear line for every draft that cannot be checked."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_process import SCRIPT
from test_unprivileged import _WHY_NOT, as_nobody

from conftest import ROOT, Invoke
from shenzhen_facts.presentation.checked import JSON_KEYS

SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
CHECK = Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/check"})


def test_a_contradicted_figure_is_a_compiler_style_line_and_exit_1(szfacts: Invoke) -> None:
    run = szfacts("check", "消费级无人机占全球产量80%")
    assert run.code == 1
    assert run.stdout == (
        '<arg1>:1:12: contradicted (figure): "80%" — the article says 70% (消费级无人机占全球产量70%) [drones]\n'
    )
    assert run.stderr == "szfacts: 1 claim: 0 supported, 1 contradicted, 0 not in the source\n"


def test_a_supported_figure_exits_0(szfacts: Invoke) -> None:
    run = szfacts("check", "消费级无人机占全球产量七成", "--quiet")
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout == '<arg1>:1:12: supported: "七成" (消费级无人机占全球产量70%) [drones]\n'


def test_messages_in_chinese(szfacts: Invoke) -> None:
    run = szfacts("check", "消费级无人机占全球产量80%", "--lang", "zh")
    assert run.stdout == '<arg1>:1:12: 不符（数字）: "80%" — 原文说 70% (消费级无人机占全球产量70%) [drones]\n'
    assert run.stderr == "szfacts: 共 1 处数字：0 处相符，1 处不符，0 处文中没有\n"


def test_not_in_source_is_a_note_unless_strict(szfacts: Invoke) -> None:
    run = szfacts("check", "Shenzhen's GDP grew 6% in 2023.")
    assert run.code == 0
    assert run.stdout == '<arg1>:1:21: not_in_source: "6%" — nothing in the article is about this\n'
    assert szfacts("check", "Shenzhen's GDP grew 6% in 2023.", "--strict").code == 1


def test_text_without_figures_checks_nothing(szfacts: Invoke) -> None:
    run = szfacts("check", "Shenzhen held a conference in November 2023.")
    assert (run.code, run.stdout) == (0, "")
    assert run.stderr == "szfacts: 0 claims: 0 supported, 0 contradicted, 0 not in the source\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_lines_follow_the_schema_whatever_the_language(szfacts: Invoke, lang: str) -> None:
    run = szfacts(
        "check",
        "消费级无人机占全球产量80%。GDP grew 6%.",
        "消费级无人机占全球产量七成",
        "--json",
        "--lang",
        lang,
    )
    assert (run.code, run.stderr) == (1, "")
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    for row in rows:
        CHECK.validate(row)
        assert tuple(row) == JSON_KEYS
    assert rows[0] == {
        "file": "<arg1>",
        "line": 1,
        "column": 12,
        "text": "消费级无人机占全球产量80%",
        "verdict": "contradicted",
        "reason": "figure",
        "record": "drones",
        "stated": "80%",
        "quote": "消费级无人机占全球产量70%",
    }
    assert [(r["file"], r["verdict"], r["record"]) for r in rows[1:]] == [
        ("<arg1>", "not_in_source", None),
        ("<arg2>", "supported", "drones"),
    ]


def test_the_schema_refuses_a_line_with_a_missing_key() -> None:
    assert not CHECK.is_valid({"file": "x", "line": 1})


def test_a_markdown_draft_from_a_file_and_from_stdin(szfacts: Invoke, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# Drones\n\n- **消费级无人机**占全球产量*80%*\n", encoding="utf-8")
    from_file = szfacts("check", "--file", str(draft), "--json")
    assert [
        (r["file"], r["line"], r["column"], r["stated"]) for r in map(json.loads, from_file.stdout.splitlines())
    ] == [(str(draft), 3, 19, "80%")]
    piped = subprocess.run(
        [str(SCRIPT), "check", "--file", "-"], input=draft.read_bytes(), capture_output=True, check=False
    )
    assert piped.returncode == 1
    assert piped.stdout.decode().startswith('<stdin>:3:19: contradicted (figure): "80%"')


def test_nothing_to_check_is_a_usage_error(szfacts: Invoke) -> None:
    run = szfacts("check")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "szfacts: error: nothing to check: give TEXT or --file PATH (- for standard input)\n"


def _unfit(tmp_path: Path) -> dict[str, tuple[str, str]]:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = tmp_path / "latin.md"
    latin.write_bytes("drones\ncaf\xe9 70%".encode("latin-1"))
    long_line = tmp_path / "long.md"
    long_line.write_bytes(b"7" * 10 * 2**20)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    return {
        "directory": (str(tmp_path), "it is a directory"),
        "binary": (str(binary), "a binary file (a NUL byte at line 3, column 1)"),
        "latin-1": (str(latin), "not UTF-8 text (byte 0xe9 at line 2, column 4)"),
        "10 MB line": (str(long_line), "line 1 is 10,485,760 characters long (at most 100,000); is it prose?"),
        "fifo": (str(fifo), "not a regular file (a FIFO, device or socket); pipe it to --file - instead"),
        "missing": (str(tmp_path / "nothing.md"), "No such file or directory"),
    }


@pytest.mark.parametrize("case", ["directory", "binary", "latin-1", "10 MB line", "fifo", "missing"])
def test_a_draft_that_cannot_be_checked_is_one_line_and_exit_2(szfacts: Invoke, tmp_path: Path, case: str) -> None:
    path, reason = _unfit(tmp_path)[case]
    run = szfacts("check", "--file", path)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"szfacts: error: cannot check {path}: {reason}\n"


def test_a_missing_dataset_is_66(szfacts: Invoke, tmp_path: Path) -> None:
    run = szfacts("check", "drones 70%", "--data", str(tmp_path / "none.toml"))
    assert (run.code, run.stdout) == (66, "")


def test_on_a_terminal_the_same_lines_in_colour() -> None:
    """A real terminal (a pseudo-terminal): only a process shows what rich decides about colour."""
    import pty

    line = '<arg1>:1:12: contradicted (figure): "80%" — the article says 70% (消费级无人机占全球产量70%) [drones]'
    outputs = []
    for extra in ([], ["--no-color"]):
        leader, follower = pty.openpty()
        done = subprocess.run(
            [str(SCRIPT), "check", "消费级无人机占全球产量80%", "--quiet", *extra],
            stdout=follower,
            stderr=subprocess.PIPE,
            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "200"},
            timeout=60,
            check=False,
        )
        os.close(follower)
        outputs.append(os.read(leader, 65536).decode())
        os.close(leader)
        assert (done.returncode, done.stderr) == (1, b"")
    assert outputs[0] == f"\x1b[1;31m{line}\x1b[0m\r\n"
    assert outputs[1] == f"{line}\r\n"


def test_the_documented_draft_gives_the_documented_lines(
    szfacts: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/checking.md's example (the README's is run as shown by tests/test_docs.py)
    text = (ROOT / "docs" / "checking.md").read_text(encoding="utf-8")
    example = text.split("$ cat draft.md\n", 1)[1].split("\n```", 1)[0]
    draft, lines = example.split("$ szfacts check --file draft.md    # exit 1\n")
    (tmp_path / "draft.md").write_text(draft, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = szfacts("check", "--file", "draft.md")
    assert run.code == 1
    assert run.stdout + run.stderr == lines + "\n"


def test_facts_check_from_python() -> None:
    import shenzhen_facts as sz

    facts = sz.load()
    (verdict,) = facts.check("Shenzhen made 80% of the world's consumer drones.")
    assert (verdict.verdict, verdict.reason, verdict.stated, verdict.quote) == (
        "contradicted",
        "figure",
        "80%",
        "消费级无人机占全球产量70%",
    )
    assert verdict.record is not None and verdict.record.id == "drones"
    (note,) = facts.check("GDP grew 6%.")
    assert (note.verdict, note.record, note.quote) == ("not_in_source", None, None)
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        facts.check(b"drones 70%")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Shenzhen made 70 consumer drones.",
            "en",
            '<arg1>:1:15: contradicted (measure): "70" — the article gives a share: 70% (消费级无人机占全球产量70%) '
            "[drones]",
        ),
        (
            "Shenzhen made 70 consumer drones.",
            "zh",
            '<arg1>:1:15: 不符（指标）: "70" — 原文给出的是占比：70% (消费级无人机占全球产量70%) [drones]',
        ),
        (
            "Consumer drone exports rose 20%.",
            "en",
            '<arg1>:1:29: not_in_source: "20%" — the article has no figure about "export"',
        ),
        ("Consumer drone exports rose 20%.", "zh", '<arg1>:1:29: 文中没有: "20%" — 原文没有关于export的数字'),
    ],
)
def test_the_explanations(szfacts: Invoke, text: str, lang: str, expected: str) -> None:
    run = szfacts("check", text, "--lang", lang, "--quiet")
    assert run.stdout == expected + "\n"


@pytest.mark.skipif(_WHY_NOT is not None, reason=_WHY_NOT or "")
def test_a_draft_its_reader_may_not_read_is_one_line_and_exit_2() -> None:
    """As `nobody` (root reads any file): the file is there and regular, and opening it is refused."""
    import shutil
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="szfacts-nobody-"))  # pytest's tmp_path is root's alone
    try:
        shared.chmod(0o755)
        path = shared / "secret.md"
        path.write_text("消费级无人机占全球产量70%\n", encoding="utf-8")
        path.chmod(0)
        done = as_nobody("check", "--file", str(path), cache="", bytecode=False)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"szfacts: error: cannot check {path}: Permission denied\n"
