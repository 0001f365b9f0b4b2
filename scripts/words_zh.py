"""Regenerate shenzhen_facts/presentation/words_zh.txt: the Chinese words that tables keep whole.

`python scripts/words_zh.py` (needs jieba, which the `test` extra installs) segments every Chinese text a table
shows (names, short names, periods, scopes, figures as stated, labels) with jieba, and writes the words of two
characters or more, one a line. A one-character word is joined to the word before it ("消费" + "级" ->
"消费级"), so that no line of a table starts with a lone character; a joined word still ends where jieba's
words end, which is what tests/test_wordbreak.py checks every break against.

At run time tables read only the list (a few hundred lines): jieba itself takes about a second to load.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = ROOT / "shenzhen_facts" / "presentation" / "words_zh.txt"
LONGEST = 8  # characters: presentation/wordbreak.py looks no further ahead


def _cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def texts() -> set[str]:
    from shenzhen_facts.presentation.labels import _LABELS
    from shenzhen_facts.store.dataset import bundled_path, load

    found: set[str] = {zh for _, zh in _LABELS.values()}
    for record in load(bundled_path()).records:
        for text in (
            record.name_zh,
            record.short_name_zh,
            record.period_zh,
            record.scope_zh,
            record.stated,
            record.note_zh,
        ):
            if text:
                found.add(text)
    return found


def words(text: str) -> list[str]:
    """jieba's words of `text`, each one-character Chinese word joined to the Chinese word before it."""
    import jieba

    out: list[str] = []
    for word in jieba.lcut(text):
        lone = len(word) == 1 and _cjk(word)
        if lone and out and _cjk(out[-1][-1]) and len(out[-1]) < LONGEST:
            out[-1] += word
        else:
            out.append(word)
    return out


def listing() -> str:
    """The file's text: a header, then the words in order."""
    import jieba

    jieba.setLogLevel(logging.ERROR)
    found = {word for text in texts() for word in words(text) if len(word) > 1 and all(map(_cjk, word))}
    header = (
        "# Chinese words tables keep whole (a line breaks between words, never inside one), longest match first.\n"
        "# Made by scripts/words_zh.py from the dataset's texts with jieba; one word a line.\n"
    )
    return header + "".join(f"{word}\n" for word in sorted(found))


def main() -> None:
    TARGET.write_text(listing(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
