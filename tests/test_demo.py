"""overview, --export and cite: the demo, the pictures and the citations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, Invoke
from shenzhen_facts.cli import app

AS_OF = "2026-11-26"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_fits_100_by_30(szfacts: Invoke, lang: str) -> None:
    from rich.cells import cell_len

    run = szfacts("overview", "--format", "table", "--lang", lang, "--as-of", AS_OF, env={"COLUMNS": "100"})
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert len(lines) <= 30
    assert max(cell_len(line) for line in lines) <= 100
    for needle in (
        [
            "Consumer drones",
            "70%",
            "129.47%",
            "deadline passed",
            "Source: Shenzhen Special Zone Daily",
            "* Shares of global output, except Womenswear",
        ]
        if lang == "en"
        else ["消费级无人机", "129.47%", "已过期限", "来源:深圳特区报", "2023年前三季度"]
    ):
        assert needle in run.stdout, needle


def test_overview_piped_is_plain_lines(szfacts: Invoke) -> None:
    run = szfacts("overview", "--as-of", AS_OF)
    rows = [line.split("\t") for line in run.stdout.splitlines()]
    assert {len(row) for row in rows} == {7}
    assert [row[0] for row in rows] == ["share"] * 8 + ["growth"] * 6 + ["timeline"] * 8
    assert "│" not in run.stdout
    assert "Source: Shenzhen Special Zone Daily" in run.stderr


def test_overview_json(szfacts: Invoke) -> None:
    document = json.loads(szfacts("overview", "--json", "--as-of", AS_OF).stdout)
    assert [r["id"] for r in document["shares"]][:2] == ["drones", "mid_high_end_eyewear"]
    assert document["as_of"] == AS_OF
    assert {e["status"] for e in document["timeline"] if e["kind"] == "target"} == {"deadline-passed", "open"}


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_export_writes_the_table_view(szfacts: Invoke, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"share{suffix}"
    run = szfacts("share", "--export", str(path))
    assert run.code == 0
    assert run.stdout.startswith("drones\t70")  # stdout is still what a pipe gets
    text = path.read_text(encoding="utf-8")
    assert ("<svg" in text) if suffix == ".svg" else ("<html" in text.lower())
    for word in ("Consumer", "drones", "Womenswear"):
        assert word in text  # the table's words, drawn as text (rich splits an SVG line into runs)


def test_export_shows_the_same_table_as_the_terminal(szfacts: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "compare.html"
    szfacts("compare", "drones", "smartphones", "--export", str(path))
    terminal = szfacts("compare", "drones", "smartphones", "--format", "table", env={"COLUMNS": "100"}).stdout
    html = path.read_text(encoding="utf-8")
    cells = re.sub(r"<[^>]+>", "", html)
    for line in terminal.splitlines():
        if line.strip():
            assert line.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in cells, line


def test_export_is_deterministic(szfacts: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    szfacts("timeline", "--as-of", AS_OF, "--export", str(first))
    szfacts("timeline", "--as-of", AS_OF, "--export", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_export_errors(szfacts: Invoke, tmp_path: Path) -> None:
    run = szfacts("share", "--export", str(tmp_path / "no" / "such" / "dir.svg"))
    assert (run.code, run.stdout) == (73, "")
    assert run.stderr.startswith("szfacts: error: cannot write")
    run = szfacts("share", "--export", str(tmp_path / "picture.png"))
    assert (run.code, run.stdout) == (2, "")


def test_every_rendering_command_can_export() -> None:
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        if name != "cite":
            assert "export" in command.callback.__code__.co_varnames, name  # type: ignore[union-attr]


def test_cite_text(szfacts: Invoke) -> None:
    run = szfacts("cite", "drones")
    assert run.stdout == (
        '深圳特区报 (Shenzhen Special Zone Daily), early 2024: "消费级无人机占全球产量70%". '
        f"Consumer drones: 70% (global output, 2023). Via szfacts {_version()}.\n"
    )


def test_cite_markdown_and_chinese(szfacts: Invoke) -> None:
    markdown = szfacts("cite", "5g base stations", "--style", "markdown").stdout
    assert markdown.startswith("> 全市累计建设5G基站超过7.5万个\n\n— *深圳特区报*")
    assert "5G base stations built: 超过7.5万 (not stated)" in markdown
    chinese = szfacts("cite", "消费级无人机", "--lang", "zh").stdout
    assert chinese.startswith("《深圳特区报》(Shenzhen Special Zone Daily),2024年初:“消费级无人机占全球产量70%”。")


def test_cite_bibtex_escapes_and_invents_nothing(szfacts: Invoke) -> None:
    bib = szfacts("cite", "womenswear", "--style", "bibtex").stdout
    assert bib.startswith("@misc{sztqb2024_womenswear,\n")
    assert "超过60\\%" in bib and "女装占中国高端市场超过60\\%" in bib
    assert "year         = {2024}" in bib
    assert "url" not in bib and "pages" not in bib and "month" not in bib
    assert bib.count("{") == bib.count("}")


def test_cite_a_record_without_figure(szfacts: Invoke) -> None:
    run = szfacts("cite", "manufacturing_centre_2035")
    assert run.code == 0 and "到2035年,建成全球领先的重要的先进制造业中心" in run.stdout


def test_cite_no_match(szfacts: Invoke) -> None:
    run = szfacts("cite", "dornes")
    assert (run.code, run.stdout) == (1, "") and "nearest: drones (Consumer drones" in run.stderr


def _version() -> str:
    from shenzhen_facts import __version__

    return __version__


def test_readme_mentions_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"szfacts {name}" in readme, name
