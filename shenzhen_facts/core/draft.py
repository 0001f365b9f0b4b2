"""A draft as the checker reads it: the text of a file or of stdin (or a refusal that says why), and its claims.

A claim is a clause that states one figure, found in plain text or Markdown with the line and column of the
figure in the original text. Markdown markup (headings, list and quote markers, emphasis, links, code, HTML,
tables) is blanked out rather than removed, so every offset still points into the text the writer sees; the
blanked text is only ever scanned, never shown.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from shenzhen_facts.core import numbers
from shenzhen_facts.core.errors import ExitCode, SzfactsError, shorten

MAX_LINE = 100_000  # characters: a longer line is not prose (a minified file, a data dump)
MAX_BYTES = 32 * 1024 * 1024  # a draft larger than this is not a draft; refusing it keeps memory bounded
_BOUNDARY = "\x1e"  # put where markup ends a sentence (a list item, a heading, a table cell)


class DraftUnreadable(SzfactsError):
    """The draft cannot be checked: not a regular file, binary, not UTF-8, a line too long. Exit 2, like any
    other argument that cannot be used (the dataset's own problems are 65 and 66)."""

    exit_code = ExitCode.USAGE

    def __init__(self, name: str, reason: str, reason_zh: str) -> None:
        super().__init__(f"cannot check {shorten(name, 200)}: {reason}")
        self.zh = f"无法检查 {shorten(name, 200)}:{reason_zh}"


def read(path: str, stdin: object = None) -> str:
    """The text of the file at `path`, or of `stdin` (a binary stream) for "-"; DraftUnreadable otherwise."""
    name = "standard input" if path == "-" else path
    if path == "-":
        reader = getattr(stdin, "read", None)
        if reader is None:
            raise DraftUnreadable(name, "standard input cannot be read", "无法读取标准输入")
        data = reader(MAX_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        return decode(bytes(data), name)
    try:
        info = os.stat(path)
    except OSError as error:
        raise DraftUnreadable(name, error.strerror or str(error), "无法打开(" + (error.strerror or "") + ")") from None
    if stat.S_ISDIR(info.st_mode):
        raise DraftUnreadable(name, "it is a directory", "这是一个目录")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would block until a writer came; a device may never end. Pipe it to `--file -` instead.
        raise DraftUnreadable(
            name,
            "not a regular file (a FIFO, device or socket); pipe it to --file - instead",
            "不是普通文件(FIFO、设备或套接字);请用 --file - 从管道读入",
        )
    if info.st_size > MAX_BYTES:
        raise DraftUnreadable(name, f"larger than {MAX_BYTES // 2**20} MiB", f"大于 {MAX_BYTES // 2**20} MiB")
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise DraftUnreadable(name, error.strerror or str(error), "无法读取(" + (error.strerror or "") + ")") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped), or DraftUnreadable saying where it is not text."""
    if len(data) > MAX_BYTES:
        raise DraftUnreadable(name, f"larger than {MAX_BYTES // 2**20} MiB", f"大于 {MAX_BYTES // 2**20} MiB")
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _where_bytes(data, nul)
        raise DraftUnreadable(
            name,
            f"a binary file (a NUL byte at line {line}, column {column})",
            f"二进制文件(第{line}行第{column}列有 NUL 字节)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _where_bytes(data, error.start)
        raise DraftUnreadable(
            name,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at line {line}, column {column})",
            f"不是 UTF-8 文本(第{line}行第{column}列的字节 0x{data[error.start]:02x})",
        ) from None
    text = text.removeprefix("\ufeff")
    start = 0
    for number, line_text in enumerate(text.split("\n"), 1):
        if len(line_text) > MAX_LINE:
            raise DraftUnreadable(
                name,
                f"line {number} is {len(line_text):,} characters long (at most {MAX_LINE:,}); is it prose?",
                f"第{number}行长 {len(line_text):,} 个字符(上限 {MAX_LINE:,})",
            )
        start += len(line_text) + 1
    return text


def _where_bytes(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based; the column in characters of the decodable part before it) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", "replace")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


# ------------------------------------------------------------------------------------------------ markdown

_FENCE = re.compile(r"^ {0,3}(```+|~~~+)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^ {0,3}(>\s?)+")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s+\[[ xX]\])?(?=\s)")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_INLINE = re.compile(
    r"<!--.*?-->"  # an HTML comment
    r"|<(?:https?|mailto|ftp):[^>\s]*>"  # an autolink
    r"|https?://[^\s)\]>]+"  # a bare URL
    r"|</?[A-Za-z][^>\n]*>"  # an HTML tag
    r"|\]\([^)\n]*\)"  # a link's target
    r"|\]\[[^\]\n]*\]"  # a reference link's label
    r"|\[\^[^\]\n]*\]"  # a footnote reference
    r"|!?\["  # a link's or an image's opening bracket
    r"|\\(?=[^\sA-Za-z0-9])"  # a backslash escape
    r"|\*+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|~~|`+"  # emphasis, strike-through, code
    r"|\|"  # a table cell's edge
)


def blank_markup(text: str) -> str:
    """The text with Markdown markup replaced by spaces (same length, same line breaks), and _BOUNDARY where
    markup ends a sentence: the start of a list item or a heading, the end of a heading line or a table row."""
    lines = text.split("\n")
    pieces: list[str] = []
    fenced = False
    for number, line in enumerate(lines):
        ends_sentence = False
        if _FENCE.match(line):
            fenced = not fenced
            masked = " " * len(line)
        elif fenced or _SETEXT.match(line) or _RULE.match(line) or _LINK_DEFINITION.match(line):
            masked = " " * len(line)  # code is not prose; rules and link definitions state nothing
        else:
            chars = list(line)
            for pattern in (_QUOTE, _HEADING, _ITEM):
                found = pattern.match("".join(chars))
                if found and found.end() > found.start():
                    chars[found.start() : found.end()] = " " * (found.end() - found.start())
                    chars[found.start()] = _BOUNDARY
                    ends_sentence = ends_sentence or pattern is _HEADING
            ends_sentence = ends_sentence or "|" in line  # a table row: cells and rows are units of their own
            masked = _INLINE.sub(_blank_inline, "".join(chars))
        pieces.append(masked)
        if number < len(lines) - 1:
            pieces.append(_BOUNDARY if ends_sentence else "\n")
    return "".join(pieces)


def _blank_inline(match: re.Match[str]) -> str:
    token = match.group()
    return " " * len(token)


# ------------------------------------------------------------------------------------------------ claims


class Claim(NamedTuple):
    """A clause that states one figure: where the figure is, the clause's text and the figure as stated.

    The texts are made when asked for (most clauses need only `words` and `text`): a draft has thousands."""

    line: int  # 1-based
    column: int  # 1-based, in characters of the line, where the figure starts
    stated: numbers.Stated  # offsets relative to the whole text
    sentence: str  # the sentence, markup blanked; the offsets below are in it
    at: tuple[int, int]  # the figure
    bounds: tuple[int, int]  # the clause: the sentence cut between its figures
    commas: tuple[int, int]  # the part between the commas around the figure

    def _without_figure(self, low: int, high: int) -> str:
        start, end = self.at
        return _clean(self.sentence[low:start] + " " + self.sentence[end:high])

    @property
    def text(self) -> str:
        """The clause as written, markup blanked and white space collapsed."""
        return _clean(self.sentence[self.bounds[0] : self.bounds[1]])

    @property
    def words(self) -> str:
        """The clause without the figure: what the resolver reads."""
        return self._without_figure(*self.bounds)

    @property
    def before(self) -> str:
        """The sentence before the figure's part of it (a qualifier said there carries over)."""
        return _clean(self.sentence[: self.commas[0]])

    @property
    def leading(self) -> str:
        """For a clause that says more than any record does: the clause up to the comma after the figure
        ("全市累计建设5G基站超过7.5万个，5G基站密度全国领先…" is about the base stations, not the density), keeping what
        leads up to it (a year, a qualifier). Empty when no narrower than `words`."""
        leading = self._without_figure(self.bounds[0], self.commas[1])
        return leading if leading != self.words else ""

    @property
    def narrow(self) -> str:
        """Only the part between the commas around the figure ("在刚刚过去的2023年,深圳通信基站占全球产量1/2");
        empty when no narrower than `leading` or `words`."""
        narrow = self._without_figure(*self.commas)
        return narrow if narrow not in (self.words, self.leading or self.words) else ""


# A full stop ends a sentence unless it ends an abbreviation (No. 1, e.g., U.S.) or sits inside a number.
_ABBREVIATIONS: tuple[str, ...] = (
    "No",
    "no",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "Mr",
    "Ms",
    "Dr",
    "St",
    "approx",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
)
_ABBREVIATIONS += ("Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_SENTENCE_END = re.compile(
    r"[。！？!?；;…\x1e]+[”’\"')）\]]*"
    # the dot first, then what it must not end: scanning is fast only when every branch starts with a character
    r"|\.(?=[\s”’\"')）\]]|$)"
    + "".join(rf"(?<!\b{re.escape(word)}\.)" for word in _ABBREVIATIONS)
    + r"(?<!\b[A-Z]\.)[”’\"')）\]]*"
    r"|\n[ \t]*\n"
)
# Where a sentence with several figures is cut into clauses: the last such mark between two figures.
_CLAUSE_CUT = re.compile(r"[，,、：:]|\s(?:and|while|whereas|but|as well as|with)\s|以及|并且|而且|其中|和|及|而|与")
_COMMA = re.compile(r"[，,；;：:]")
_SPACES = re.compile(r"\s+")
# White space between two Chinese characters (left by blanked markup): the branch starts with a character, not a
# look-behind, so the scan skips ahead (a look-behind first is tried at every position).
_CJK_GAP = re.compile(r"([\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def claims(text: str) -> Iterator[Claim]:
    """Every clause of the text that states a figure, in order."""
    masked = blank_markup(text)
    line_starts = [0]
    line_starts.extend(m.end() for m in re.finditer("\n", text))
    start = 0
    for end_match in _SENTENCE_END.finditer(masked):
        yield from _sentence_claims(masked, start, end_match.end(), text, line_starts)
        start = end_match.end()
    yield from _sentence_claims(masked, start, len(masked), text, line_starts)


def _sentence_claims(masked: str, start: int, end: int, text: str, line_starts: list[int]) -> Iterator[Claim]:
    sentence = masked[start:end]
    if not _DIGIT_HINT.search(sentence) and not _WORD_HINT.search(sentence.lower()):
        return  # most sentences state no figure: skip them without the number scanner
    found = numbers.find(sentence)
    if not found:
        return
    cuts = [0]
    for previous, following in itertools.pairwise(found):
        gap = sentence[previous.end : following.start]
        marks = list(_CLAUSE_CUT.finditer(gap))
        cuts.append(previous.end + marks[-1].start() if marks else -1)
    cuts.append(len(sentence))
    for i, stated in enumerate(found):
        left = cuts[i] if cuts[i] >= 0 else _previous_cut(cuts, i)
        right = cuts[i + 1] if cuts[i + 1] >= 0 else _next_cut(cuts, i + 1)
        offset = start + stated.start
        line = bisect_right(line_starts, offset)
        column = offset - line_starts[line - 1] + 1
        absolute = stated._replace(start=offset, end=start + stated.end)
        low = max([left, *(m.end() for m in _COMMA.finditer(sentence, left, stated.start))])
        high = min([right, *(m.start() for m in _COMMA.finditer(sentence, stated.end, right))])
        yield Claim(line, column, absolute, sentence, (stated.start, stated.end), (left, right), (low, high))


def _previous_cut(cuts: list[int], i: int) -> int:
    while cuts[i] < 0:
        i -= 1
    return cuts[i]


def _next_cut(cuts: list[int], i: int) -> int:
    while cuts[i] < 0:
        i += 1
    return cuts[i]


def _clean(text: str) -> str:
    text = text.replace(_BOUNDARY, " ").strip(" \t\n,，、;；:：。.!！?？")
    if "  " in text or "\n" in text or "\t" in text:  # most clauses have single spaces: no expression needed
        text = _SPACES.sub(" ", text)
    if " " in text and not text.isascii():
        text = _CJK_GAP.sub(r"\1", text)
    return text.strip()


# Characters without which a sentence has no figure: a quick test before the number scanner.
_DIGIT_HINT = re.compile(r"[\d零〇一二两三四五六七八九十半第%％]")
# Searched in the lower-cased sentence: a case-insensitive expression scanned ten times slower.
_WORD_HINT = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half|third|"
    r"quarter|fifth|sixth|seventh|eighth|ninth|tenth|first|second|tenfold|no)"
)
