"""Chinese tables read as Chinese: every line break inside a Chinese name falls between two words, judged by
jieba's segmentation (a test-only dependency); names get the room before other columns; share fits 80 x 24."""

from __future__ import annotations

import io
import logging
import sys
from datetime import date

import jieba
import pytest
from rich.cells import cell_len

from conftest import ROOT, Invoke
from shenzhen_facts.presentation import render, views, wordbreak
from shenzhen_facts.store.dataset import bundled_path, load

sys.path.insert(0, str(ROOT / "scripts"))
import itertools

import words_zh

jieba.setLogLevel(logging.ERROR)
DATASET = load(bundled_path())
AS_OF = "2026-11-26"
TABLES = {
    "share": ["share"],
    "list": ["list"],
    "list-growth": ["list", "--kind", "growth"],
    "timeline": ["timeline", "--as-of", AS_OF],
    "compare": ["compare", "drones", "smartphones", "womenswear", "5g base stations", "mid_high_end_eyewear"],
    "search": ["search", "5G"],
    "show": ["show", "nev_departments"],
}
# Every Chinese text a table shows as a name, a period or a scope.
CHINESE = sorted(
    {
        text
        for record in DATASET.records
        for text in (record.name_zh, record.short_name_zh, record.period_zh, record.scope_zh)
        if text and any(map(wordbreak.is_ideograph, text))
    },
    key=len,
    reverse=True,
)


def _boundaries(text: str) -> set[int]:
    """Where jieba's words of `text` end: the places a line may break."""
    ends: set[int] = set()
    position = 0
    for word in jieba.lcut(text):
        position += len(word)
        ends.add(position)
    return ends


def _segments(line: str) -> list[str]:
    """A table line's cells (between its │ borders), or the whole line where it is not a table's."""
    if "│" not in line:
        return [line.strip()]
    return [cell.strip() for cell in line.split("│")[1:-1]]


def breaks(screen: str, texts: list[str]) -> list[tuple[str, int]]:
    """Each (text, position) where one of `texts` is broken across two lines of `screen`: in the same table
    column, or from one stacked line to the next."""
    lines = screen.splitlines()
    found: list[tuple[str, int]] = []
    for upper, lower in itertools.pairwise(lines):
        above, below = _segments(upper), _segments(lower)
        if len(above) != len(below):
            continue
        for top, bottom in zip(above, below, strict=True):
            if not top or not bottom:
                continue
            for text in texts:
                for cut in range(1, len(text)):
                    head, tail = text[:cut], text[cut:]
                    if top.endswith(head) and (bottom.startswith(tail) or tail.startswith(bottom)):
                        found.append((text, cut))
    return found


def breaks_inside_words(screen: str) -> list[tuple[str, int]]:
    """The breaks of a Chinese text that do not fall between two of jieba's words."""
    return [(text, cut) for text, cut in breaks(screen, CHINESE) if cut not in _boundaries(text)]


def test_the_check_finds_a_broken_word() -> None:
    # The way tables broke before: a name cut wherever the column ended.
    assert breaks_inside_words("│ 消费级无人 │\n│ 机         │") == [("消费级无人机", 5)]
    assert breaks_inside_words("名称：规模以上工业增加值增\n长") == [("规模以上工业增加值增长", 10)]
    assert breaks_inside_words("│ 消费级     │\n│ 无人机     │") == []


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("command", sorted(TABLES))
def test_no_chinese_word_is_broken(szfacts: Invoke, command: str, width: int) -> None:
    run = szfacts(*TABLES[command], "--format", "table", "--lang", "zh", env={"COLUMNS": str(width)})
    assert run.code == 0, run
    assert max(cell_len(line) for line in run.stdout.splitlines()) <= width
    assert breaks_inside_words(run.stdout) == []


@pytest.mark.parametrize(("command", "width"), [("list-growth", 100), ("list", 180)])
def test_periods_stay_whole(szfacts: Invoke, command: str, width: int) -> None:
    screen = szfacts(*TABLES[command], "--format", "table", "--lang", "zh", env={"COLUMNS": str(width)}).stdout
    assert "2023年1—11月" in screen  # the period column is shown, and the longest period whole
    assert breaks(screen, sorted({record.period_zh for record in DATASET.records})) == []


def test_longest_match_agrees_with_jieba_on_every_text() -> None:
    for text in CHINESE:
        position = 0
        for atom in wordbreak.atoms(text):
            position += len(atom)
            if position < len(text) and wordbreak.is_ideograph(atom[-1]) and wordbreak.is_ideograph(text[position]):
                assert position in _boundaries(text), (text, position)


def test_the_word_list_is_current() -> None:
    committed = (ROOT / "shenzhen_facts" / "presentation" / "words_zh.txt").read_text(encoding="utf-8")
    assert committed == words_zh.listing(), "run `python scripts/words_zh.py`"


def test_an_unknown_word_still_breaks_somewhere() -> None:
    # A dataset of another city has words the list lacks: they stand as single characters, never lost.
    assert "".join(wordbreak.segment("龘靐齉")) == "龘靐齉"


# ---------------------------------------------------------------------------------------------- room for names


def _views(lang: views.Lang) -> dict[str, views.View]:
    from shenzhen_facts.core.timeline import entries

    shares = sorted((r for r in DATASET.records if r.kind == "share"), key=lambda r: -(r.number or 0))
    by_id = DATASET.by_id
    compared = [by_id[i] for i in ("drones", "smartphones", "womenswear", "base_stations_5g")]
    return {
        "share": views.share_view(shares, lang, single=False),
        "list": views.list_view(DATASET.records, lang),
        "timeline": views.timeline_view(entries(DATASET, date.fromisoformat(AS_OF)), lang, date.fromisoformat(AS_OF)),
        "compare": views.compare_view(compared, lang),
    }


def _name_width(view: views.View, width: int) -> int | None:
    console = render.make_console(False, io.StringIO(), width=width)
    drawn = render.table(view, console)
    if drawn is None:
        return None
    header = "名称" if view.columns[-1].header == "名称" or any(c.header == "名称" for c in view.columns) else "Name"
    for column in drawn.columns:
        if str(column.header).replace("\n", "") == header:
            assert column.width is not None
            return column.width
    raise AssertionError(f"no {header} column")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wider_terminal_never_gives_a_name_less_room(lang: views.Lang) -> None:
    for command, view in _views(lang).items():
        room = [(width, _name_width(view, width)) for width in range(60, 161, 2)]
        given = [(width, found) for width, found in room if found is not None]
        for (narrow, less), (wide, more) in itertools.pairwise(given):
            assert more >= less, (command, narrow, less, wide, more)


# ---------------------------------------------------------------------------------------------- share at 80 x 24


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_share_fits_80_by_24(szfacts: Invoke, lang: str) -> None:
    run = szfacts("share", "--format", "table", "--lang", lang, env={"COLUMNS": "80", "LINES": "24"})
    lines = run.stdout.splitlines()
    assert len(lines) <= 23  # the prompt stays on screen
    assert max(cell_len(line) for line in lines) <= 80
    assert "share of output" in lines[0] or "占比" in lines[0]  # the title did not scroll away
    for record in DATASET.records:
        if record.kind == "share":
            name = record.name_zh if lang == "zh" else record.name
            assert sum(name in line for line in lines if "│" in line) == 1, name  # each share on one line
    assert "China's high-end market" in lines[-1] or "中国高端市场" in lines[-1]  # the scope note, last
