"""Where a line of Chinese text may break: between words, never inside one.

Chinese has no spaces, and a table that breaks a name between any two characters splits words (`无人│机`,
`大│会`), which a reader stumbles over. The words come from a small list beside this module (words_zh.txt,
made by scripts/words_zh.py from the dataset's own texts), matched longest first; a character no listed word
covers stands alone, as before. No segmenter is loaded at run time (jieba takes about a second to start);
tests/test_wordbreak.py checks every break a table makes against jieba's segmentation.
"""

from __future__ import annotations

from functools import lru_cache

LONGEST = 8  # characters in the longest word looked for (scripts/words_zh.py writes none longer)


def is_ideograph(char: str) -> bool:
    """A CJK ideograph (the characters words are made of; not punctuation or full-width letters)."""
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from importlib.resources import files  # read through the package, so a zipped install finds it too

    text = files("shenzhen_facts.presentation").joinpath("words_zh.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def segment(run: str) -> list[str]:
    """`run` (ideographs only) in words: at each place the longest listed word, else one character."""
    words = _words()
    out: list[str] = []
    start = 0
    while start < len(run):
        end = next(
            (end for end in range(min(len(run), start + LONGEST), start + 1, -1) if run[start:end] in words),
            start + 1,
        )
        out.append(run[start:end])
        start = end
    return out


def atoms(text: str) -> list[str]:
    """`text` as Chinese words and single other characters, in order: what a line break may fall between
    (further rules, such as never before a closing mark, are the renderer's)."""
    out: list[str] = []
    run = ""
    for char in text:
        if is_ideograph(char):
            run += char
            continue
        if run:
            out.extend(segment(run))
            run = ""
        out.append(char)
    if run:
        out.extend(segment(run))
    return out
