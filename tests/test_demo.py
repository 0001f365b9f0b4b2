"""overview, --export and cite: the demo, the pictures and the citations."""

from __future__ import annotations

import html
import itertools
import json
import re
import subprocess
from datetime import date
from pathlib import Path
from shutil import which

import pytest

from conftest import ROOT, Invoke
from shenzhen_facts.cli.commands import app

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
        else ["消费级无人机", "129.47%", "已过期限", "来源：深圳特区报", "2023年前三季度"]
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
        if name not in ("cite", "check"):  # a citation and compiler-style lines are text, not a view to draw
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
    assert "Cumulative 5G base stations built: 超过7.5万 (not stated)" in markdown
    chinese = szfacts("cite", "消费级无人机", "--lang", "zh").stdout
    assert chinese.startswith("《深圳特区报》（Shenzhen Special Zone Daily），2024年初：“消费级无人机占全球产量70%”。")
    assert "消费级无人机：70%（全球产量、2023年）" in chinese


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


@pytest.mark.parametrize("args", [["--format", "json"], ["--json"], ["-f", "json"]])
def test_cite_csl_json(szfacts: Invoke, args: list[str]) -> None:
    run = szfacts("cite", "drones", *args)
    assert run.code == 0, run
    (item,) = json.loads(run.stdout)  # CSL-JSON is an array of items
    assert item["id"] == "sztqb2024_drones"
    assert item["type"] == "article-newspaper"  # a CSL item type
    assert item["container-title"] == "深圳特区报 (Shenzhen Special Zone Daily)"
    assert item["issued"] == {"date-parts": [[2024]]}  # the year only: the day is not known
    assert "消费级无人机占全球产量70%" in item["note"]
    assert set(item) <= {"id", "type", "title", "container-title", "issued", "language", "note"}


def test_cite_style_is_another_name_for_format(szfacts: Invoke) -> None:
    assert (
        szfacts("cite", "5g base stations", "--style", "bibtex").stdout
        == szfacts("cite", "5g base stations", "--format", "bibtex").stdout
    )


# ---------------------------------------------------------------------------------------------- every width

from shenzhen_facts.store.dataset import bundled_path, load  # noqa: E402

DATASET = load(bundled_path())
TABLE_COMMANDS = {
    "share": ["share"],
    "list": ["list"],
    "timeline": ["timeline", "--as-of", AS_OF],
    "compare": ["compare", "drones", "smartphones", "womenswear", "5g base stations", "mid_high_end_eyewear"],
    "search": ["search", "5G"],
    "list-growth": ["list", "--kind", "growth"],
}


def _names(record_id: str, lang: str) -> list[str]:
    record = DATASET.by_id[record_id]
    full = record.name_zh if lang == "zh" else record.name
    short = record.short_name_zh if lang == "zh" else record.short_name
    return [full, *([short] if short else [])]


def _shown_whole(name: str, screen: str, lang: str) -> bool:
    """A name is shown whole when no word of it is broken: a table may wrap a name between its words, and
    after a hyphen or slash (`Mid/high-` / `end`), and Chinese between any two characters."""
    if lang == "zh":
        return all(char in screen for char in name)
    return all(
        word in screen or all(part in screen for part in re.findall(r"[^-/–]+[-/–]?", word)) for word in name.split()
    )


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", sorted(TABLE_COMMANDS))
def test_tables_never_cut_an_id_or_a_word(szfacts: Invoke, command: str, lang: str, width: int) -> None:
    from rich.cells import cell_len

    args = TABLE_COMMANDS[command]
    run = szfacts(*args, "--format", "table", "--lang", lang, env={"COLUMNS": str(width)})
    assert run.code == 0, run
    lines = run.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert "…" not in run.stdout  # nothing cut with an ellipsis
    ids = [line.split("\t")[0 if command != "timeline" else 3] for line in szfacts(*args).stdout.splitlines()]
    for record_id in ids:
        if command in ("list", "list-growth", "search"):  # a table's cell or a stacked "ID: …" line
            assert any(re.search(rf"(^|[│|\s：:]){record_id}([│|\s]|$)", line) for line in lines), record_id
        names = _names(record_id, lang)
        assert any(_shown_whole(name, run.stdout, lang) for name in names), (record_id, names)


def test_ids_are_whole_where_they_used_to_break(szfacts: Invoke) -> None:
    table = szfacts("list", "--format", "table", env={"COLUMNS": "100"}).stdout
    assert "industrial_value_added" in table and "high_tech_manufacturing_investment" in table
    timeline = szfacts("timeline", "--format", "table", "--as-of", AS_OF, env={"COLUMNS": "100"}).stdout
    assert "clusters_trillion_2025" not in timeline  # people see names, not ids
    assert "Trillion-yuan-class" in timeline and "Key tasks set out on" in timeline
    wide = szfacts("timeline", "--format", "table", "--as-of", AS_OF, env={"COLUMNS": "160"}).stdout
    assert "│ Trillion-yuan-class clusters: 4" in wide  # one decided figure a line, where there is room
    markdown = szfacts("timeline", "--format", "markdown", "--as-of", AS_OF).stdout
    assert "Trillion-yuan-class clusters: 4; 500-billion-yuan-class clusters: 4" in markdown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bars_decorate_only_where_names_keep_their_room(szfacts: Invoke, lang: str) -> None:
    wide = szfacts("share", "--format", "table", "--lang", lang, env={"COLUMNS": "100"}).stdout
    assert ("█" in wide and "Electrochemical energy storage" in wide) or lang == "zh"
    narrow = szfacts("share", "--format", "table", "--lang", lang, env={"COLUMNS": "60"}).stdout
    if lang == "en":  # the full names take the room; the bars go
        assert "█" not in narrow and "Electrochemical energy storage" in narrow
    else:  # the Chinese names are short: room for bars as well
        assert "█" in narrow and "消费级无人机" in narrow


@pytest.mark.parametrize(("width", "height"), [(80, 24), (60, 20), (100, 30)])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_fits_the_screen_with_every_name_whole(szfacts: Invoke, lang: str, width: int, height: int) -> None:
    from rich.cells import cell_len

    env = {"COLUMNS": str(width), "LINES": str(height)}
    run = szfacts("overview", "--format", "table", "--lang", lang, "--as-of", AS_OF, env=env)
    assert run.code == 0, run
    lines = run.stdout.splitlines()
    assert len(lines) <= height - 1  # the prompt stays on screen
    assert max(cell_len(line) for line in lines) <= width
    assert "…" not in run.stdout
    for record in DATASET.records:
        if record.kind in ("share", "growth"):
            names = _names(record.id, lang)
            assert any(any(name in line for line in lines) for name in names), names  # whole, on one line
    if width >= 80:
        for record in DATASET.records:
            if record.kind in ("event", "target"):
                names = _names(record.id, lang)
                assert any(any(name in line for line in lines) for name in names), names


def test_overview_changes_layout_at_the_same_sizes_in_both_languages(szfacts: Invoke) -> None:
    for width, height in ((60, 20), (80, 24), (100, 30)):
        env = {"COLUMNS": str(width), "LINES": str(height)}
        english = szfacts("overview", "--format", "table", "--as-of", AS_OF, env=env).stdout
        chinese = szfacts("overview", "--format", "table", "--lang", "zh", "--as-of", AS_OF, env=env).stdout
        assert ("2025 deadline passed" in english or "deadline passed" in english) == ("已过期限" in chinese)
        assert ("█" in english) == ("█" in chinese), (width, height)
        assert ("targets, deadline passed" in english) == ("项目标，已过期限" in chinese), (width, height)


# ---------------------------------------------------------------------------------------------- SVG in a browser

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := which(name))), None)

# For each text run of the SVG that holds Chinese: where the browser starts each character, and how wide it
# draws it, so the test can see the spacing of Chinese characters in every run of the picture.
_MEASURE = """
<pre id="out"></pre>
<script>
document.fonts.ready.then(() => {
  const out = [];
  for (const run of document.querySelectorAll("svg text")) {
    if (!/[\\u4e00-\\u9fff]/.test(run.textContent)) continue;
    const chars = [];
    for (let i = 0; i < run.getNumberOfChars(); i++) {
      chars.push([run.textContent[i], run.getStartPositionOfChar(i).x, run.getExtentOfChar(i).width]);
    }
    out.push(chars);
  }
  document.getElementById("out").textContent = JSON.stringify(out);
});
</script>
"""


def _chinese_spacing(svg: str, tmp_path: Path) -> tuple[list[float], list[float]]:
    """From Chromium's layout of `svg`: the advance from each Chinese character to the next one when that is
    Chinese too, and how far each Chinese glyph reaches past the start of the next character (overlap)."""
    assert CHROMIUM is not None
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html><body>{svg}{_MEASURE}</body></html>", encoding="utf-8")
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=10000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout.decode("utf-8"), re.S)
    assert found and found.group(1), done.stderr.decode("utf-8", "replace")[-500:]
    advances: list[float] = []
    overlaps: list[float] = []
    for run in json.loads(html.unescape(found.group(1))):
        for (char, x, width), (following, next_x, _) in itertools.pairwise(run):
            if re.match(r"[\u4e00-\u9fff]", char):
                overlaps.append(x + width - next_x)
                if re.match(r"[\u4e00-\u9fff]", following):
                    advances.append(next_x - x)
    return advances, overlaps


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no headless Chromium on PATH: install chromium and fonts-noto-cjk to check exported SVGs in a browser",
)
def test_exported_svg_spaces_every_chinese_run_the_same_way(szfacts: Invoke, tmp_path: Path) -> None:
    import io

    from shenzhen_facts.presentation import render
    from shenzhen_facts.presentation.views import overview_view

    path = tmp_path / "overview.svg"
    env = {"COLUMNS": "80", "LINES": "24"}
    run = szfacts("overview", "--lang", "zh", "--as-of", AS_OF, "--export", str(path), env=env)
    assert run.code == 0, run
    advances, overlaps = _chinese_spacing(path.read_text(encoding="utf-8"), tmp_path)
    assert len(advances) > 100
    # Every Chinese character two cells from the next, in runs of Chinese alone and runs padded with spaces alike
    # (stretching runs to their cells spread `消 费 级` apart while a padded run stayed tight), and none drawn
    # over the next character.
    assert max(advances) - min(advances) < 0.5, (min(advances), max(advances))
    assert max(overlaps) < 0.5

    # What rich writes on its own squeezes Chinese runs over their neighbours: the check above can fail.
    console = render.make_console(True, io.StringIO(), record=True, width=80)
    console.height = 24
    render.render_view(overview_view(DATASET, "zh", date.fromisoformat(AS_OF)), console)
    _, raw_overlaps = _chinese_spacing(console.export_svg(title="szfacts overview"), tmp_path)
    assert max(raw_overlaps) > 5


# Where each table border (│) of an HTML page sits, line by line, as Chromium lays the page out.
_BORDERS = """
<pre id="out"></pre>
<script>
document.fonts.ready.then(() => {
  const lines = {};
  const walker = document.createTreeWalker(document.querySelector("code"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (node.data[i] !== "│") continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      (lines[Math.round(box.top)] = lines[Math.round(box.top)] || []).push(box.left);
    }
  }
  document.getElementById("out").textContent = JSON.stringify(Object.values(lines));
});
</script>
"""


def _border_columns(page: str, tmp_path: Path) -> list[list[float]]:
    assert CHROMIUM is not None
    path = tmp_path / "borders.html"
    path.write_text(page.replace("</body>", _BORDERS + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=10000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout.decode("utf-8"), re.S)
    assert found and found.group(1), done.stderr.decode("utf-8", "replace")[-500:]
    lines = json.loads(html.unescape(found.group(1)))
    most = max(len(line) for line in lines)
    return [line for line in lines if len(line) == most]  # the table's rows, each with every border


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no headless Chromium on PATH: install chromium and fonts-noto-cjk to check exported HTML in a browser",
)
def test_exported_html_keeps_chinese_tables_in_line_in_a_browser(szfacts: Invoke, tmp_path: Path) -> None:
    import io

    from shenzhen_facts.presentation import render
    from shenzhen_facts.presentation.views import share_view

    path = tmp_path / "share.html"
    run = szfacts("share", "--lang", "zh", "--export", str(path), env={"COLUMNS": "80"})
    assert run.code == 0, run
    rows = _border_columns(path.read_text(encoding="utf-8"), tmp_path)
    assert len(rows) >= 9  # the header and the eight shares
    for column in zip(*rows, strict=True):
        assert max(column) - min(column) < 1, column  # every border of a column at the same x

    # What rich writes on its own pushes the borders after Chinese text out of line: the check can fail.
    console = render.make_console(True, io.StringIO(), record=True, width=80)
    shares = sorted((r for r in DATASET.records if r.kind == "share"), key=lambda r: -(r.number or 0))
    render.render_view(share_view(shares, "zh", single=False), console)
    raw = _border_columns(console.export_html(), tmp_path)
    assert any(max(column) - min(column) > 5 for column in zip(*raw, strict=True))
