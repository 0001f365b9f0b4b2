"""Drafts (core/draft.py): clauses with the figure's line and column through Markdown, and every way a file can
be unfit to check, each refused with one reason (the CLI's side of it is in tests/test_check_cli.py)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from shenzhen_facts.core import draft

# Line 3 is one line (the backslash joins it): several claims on one line, as drafts have them.
MARKDOWN = """# Shenzhen in 2023

Shenzhen made **70%** of the world's [consumer drones](https://example.com/a1) and half of all communication \
base stations. BYD ranked No. 1 in global NEV sales.
- 比亚迪营收增长57.75%，净利润增长129.47%。新能源汽车占全球产量1/8
1. Smartphones: one in seven; electrochemical storage about 1/7.

| product | share |
|---|---|
| drones | 70% |

In the first three quarters of 2023, BYD's revenue grew 57.75 per cent and its
net profit *129.47%*.
```
x = 70%
```
> Quoted: 5G base stations numbered over 75,000 <!-- 99% -->
"""


def test_claims_of_a_markdown_draft_with_line_and_column_of_each_figure() -> None:
    found = [(c.line, c.column, c.stated.text, c.text, c.words) for c in draft.claims(MARKDOWN)]
    assert found == [
        (
            3,
            17,
            "70%",
            "Shenzhen made 70% of the world's consumer drones",
            "Shenzhen made of the world's consumer drones",
        ),
        (3, 84, "half", "and half of all communication base stations", "and of all communication base stations"),
        (3, 136, "No. 1", "BYD ranked No. 1 in global NEV sales", "BYD ranked in global NEV sales"),
        (4, 10, "57.75%", "比亚迪营收增长57.75%", "比亚迪营收增长"),
        (4, 22, "129.47%", "净利润增长129.47%", "净利润增长"),
        (4, 40, "1/8", "新能源汽车占全球产量1/8", "新能源汽车占全球产量"),
        (5, 17, "one in seven", "Smartphones: one in seven", "Smartphones"),
        (5, 55, "about 1/7", "electrochemical storage about 1/7", "electrochemical storage"),
        (9, 12, "70%", "drones 70%", "drones"),
        (
            11,
            57,
            "57.75 per cent",
            "In the first three quarters of 2023, BYD's revenue grew 57.75 per cent",
            "In the first three quarters of 2023, BYD's revenue grew",
        ),
        (12, 13, "129.47%", "and its net profit 129.47%", "and its net profit"),
        (16, 37, "over 75,000", "Quoted: 5G base stations numbered over 75,000", "Quoted: 5G base stations numbered"),
    ]
    lines = MARKDOWN.split("\n")
    for claim in draft.claims(MARKDOWN):  # every position points at the figure in the original text
        assert lines[claim.line - 1][claim.column - 1 :].startswith(claim.stated.text)


def test_the_sentence_before_a_clause_is_kept_for_qualifiers_said_there() -> None:
    second = list(draft.claims("BYD's revenue grew 57.75% and its net profit 129.47%."))[1]
    assert second.before == "BYD's revenue grew 57.75%"


def test_markup_split_claims_and_chinese_split_by_emphasis_are_joined() -> None:
    (claim,) = draft.claims("**消费级**无人机占全球产量**七成**")
    assert (claim.words, claim.stated.text, claim.column) == ("消费级无人机占全球产量", "七成", 18)
    (wrapped,) = draft.claims("Shenzhen made 70% of the world's\nconsumer drones.")
    assert wrapped.words == "Shenzhen made of the world's consumer drones"


def test_headings_and_list_items_end_sentences() -> None:
    found = [c.text for c in draft.claims("## Drones 70%\nsmartphones 1/7\n- NEVs 1/8\n- womenswear over 60%")]
    assert found == ["Drones 70%", "smartphones 1/7", "NEVs 1/8", "womenswear over 60%"]


def test_sentences_without_a_figure_give_no_claim() -> None:
    assert list(draft.claims("In 2023, Shenzhen held a conference on 28 November. 5G is everywhere.")) == []


def test_blanked_markup_keeps_every_offset() -> None:
    assert len(draft.blank_markup(MARKDOWN)) == len(MARKDOWN)
    assert draft.blank_markup("a *b* [c](http://x/1)") == "a  b   c             "


# ------------------------------------------------------------------------------------------------ reading


def test_a_utf8_file_is_read_and_a_bom_dropped(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_bytes("\ufeff消费级无人机占全球产量70%".encode())
    assert draft.read(str(path)) == "消费级无人机占全球产量70%"


def test_stdin_is_read_from_a_binary_stream() -> None:
    assert draft.read("-", io.BytesIO(b"drones 70%")) == "drones 70%"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"drones\n70%\x00\x01", "a binary file (a NUL byte at line 2, column 4)"),
        ("第一行\n无人机".encode() + b"\xff\xfe", "not UTF-8 text (byte 0xff at line 2, column 4)"),
        ("消费级".encode("gbk"), "not UTF-8 text (byte 0xcf at line 1, column 1)"),
        (b"ok\n" + b"x" * (draft.MAX_LINE + 1), f"line 2 is {draft.MAX_LINE + 1:,} characters long"),
    ],
)
def test_unfit_content_is_refused_saying_where(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(draft.DraftUnreadable) as refused:
        draft.read(str(path))
    assert str(refused.value).startswith(f"cannot check {path}: {reason}")
    assert refused.value.exit_code == 2


def test_a_ten_megabyte_line_is_refused() -> None:
    with pytest.raises(draft.DraftUnreadable, match=r"line 1 is 10,485,760 characters long"):
        draft.decode(b"7" * 10 * 2**20, "big.md")


def test_a_directory_a_fifo_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(draft.DraftUnreadable, match="it is a directory"):
        draft.read(str(tmp_path))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(draft.DraftUnreadable, match="not a regular file"):
        draft.read(str(fifo))  # refused before opening: opening would wait for a writer
    with pytest.raises(draft.DraftUnreadable, match="No such file or directory"):
        draft.read(str(tmp_path / "missing.md"))


def test_a_file_larger_than_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with open(path, "wb") as file:
        file.truncate(draft.MAX_BYTES + 1)  # sparse: no 32 MiB written
    with pytest.raises(draft.DraftUnreadable, match="larger than 32 MiB"):
        draft.read(str(path))


def test_the_part_between_commas_is_kept_beside_the_clause() -> None:
    (claim,) = draft.claims("全市累计建设5G基站超过7.5万个，5G基站密度全国领先。")
    assert (claim.words, claim.leading, claim.narrow) == (
        "全市累计建设5G基站，5G基站密度全国领先",
        "全市累计建设5G基站",
        "",  # the same as leading: not read twice
    )
    (later,) = draft.claims("在刚刚过去的2023年,深圳通信基站占全球产量1/2，成绩亮眼。")
    assert (later.leading, later.narrow) == ("在刚刚过去的2023年,深圳通信基站占全球产量", "深圳通信基站占全球产量")
    (whole,) = draft.claims("消费级无人机占全球产量70%。")
    assert (whole.leading, whole.narrow) == ("", "")  # nothing narrower to read


def test_names_and_one_of_a_thing_are_not_figures() -> None:
    assert list(draft.claims("深圳大力打造“20+8”产业集群，构筑了“一条例、一方案”，一辆车充满电，三位一体。")) == []


def test_figures_with_nothing_between_them_share_their_clause() -> None:
    found = [(c.stated.text, c.text) for c in draft.claims("Drones 70% 80% 90%, phones 1/7.")]
    assert found == [
        ("70%", "Drones 70% 80% 90%"),
        ("80%", "Drones 70% 80% 90%"),
        ("90%", "Drones 70% 80% 90%"),
        ("1/7", "phones 1/7"),
    ]


def test_stdin_of_text_and_no_stdin() -> None:
    assert draft.read("-", io.StringIO("drones 70%")) == "drones 70%"
    with pytest.raises(draft.DraftUnreadable, match="standard input cannot be read"):
        draft.read("-", None)


def test_decoded_bytes_over_the_limit_are_refused() -> None:
    with pytest.raises(draft.DraftUnreadable, match="larger than 32 MiB"):
        draft.decode(b"x" * (draft.MAX_BYTES + 1), "-")
