"""How text is folded before it is compared: case, width, separators, plurals, British spellings, small words.

Both sides of every comparison go through the same folding: a record's names when its keys are built, a query
when it is looked up, and the words of a question read against a record's parts (reading.py). So `New-Energy
Vehicles`, `newenergyvehicles` and `new energy vehicle` meet, and `Lines modelled in BIM` has the same words as
`BIM-modeled lines`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re


# Separators a person may type or omit besides white space: hyphens and dashes, underscores, apostrophes.
# (´ is one too, made an apostrophe by fold_case(), since NFKC would make it a space and an accent first.)
_SEPARATORS = dict.fromkeys(map(ord, "-‐‑‒–—―_'’‘ʼ`"))
MAX_QUERY = 1000  # characters of a normalised query; longer ones name nothing a person would type

# Words that change no meaning in a name: left out of a wording on both sides of a comparison.
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "&", "the", "of", "in", "for", "on", "at", "to", "by", "with", "its", "shenzhen", "shenzhens")
)
# Chinese particles that join words without changing the name (的: "of"; 和/与/及: "and").
_SMALL_ZH = ("的", "和", "与", "及")
# British spellings folded to American, both ways of a comparison (a closed list: a rule would fold real words).
_SPELLING = {
    "modelled": "modeled",
    "modelling": "modeling",
    "labelled": "labeled",
    "travelled": "traveled",
    "centre": "center",
    "centres": "center",
    "programme": "program",
    "programmes": "program",
    "colour": "color",
    "labour": "labor",
    "organisation": "organization",
    "organisations": "organization",
    "industrialisation": "industrialization",
    "digitalisation": "digitalization",
    "digitisation": "digitization",
    "intelligentisation": "intelligentization",
    "modernisation": "modernization",
    "utilisation": "utilization",
    "optimisation": "optimization",
    "standardisation": "standardization",
    "licence": "license",
    "licences": "license",
    "tonnes": "ton",
    "tonne": "ton",
}
# Words that say what kind of figure is asked for: optional when a record of that kind is named ("manufacturing
# investment growth", "number of 5G base stations"), never enough to name a record of another kind.
_KIND_WORDS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "growth": (
        frozenset(("growth", "grow", "grew", "increase", "rise", "rate")),
        ("同比增长", "增长率", "增长", "增速", "增幅"),
    ),
    "count": (frozenset(("number", "count", "total")), ("总数", "数量", "数")),
    # Not the scope ("global", "market"): "womenswear global share" must not answer with a share of China's market.
    "share": (frozenset(("share", "proportion", "percentage")), ("占比", "份额", "比重")),
}
# The place every record of the bundled article is about: saying it changes nothing ("Shenzhen's drones").
_PLACE_ZH = ("深圳市", "深圳", "全市")

_word_pattern: re.Pattern[str] | None = None
_folded: dict[str, tuple[str, ...]] = {}  # token -> its folded words: a dataset's tokens repeat a lot
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ"))


# ---------------------------------------------------------------------------------------------- folding


def fold_case(text: str) -> str:
    """Text in NFKC with case folded: what every key starts from.

    NFKC leaves ASCII as it is, and casefold() of ASCII is lower(): an ASCII query (most are) needs neither, nor
    the import of unicodedata, which a lookup's start-up would otherwise pay.
    """
    if text.isascii():
        return text.lower()
    if "´" in text:  # an acute accent typed for an apostrophe (women´s); NFKC would make it " ́", a space and a mark
        text = text.replace("´", "'")
    return (_unicode_normalize or _load_unicode_normalize())("NFKC", text).casefold()


_unicode_normalize: Callable[..., str] | None = None


def _load_unicode_normalize() -> Callable[..., str]:
    # Once: an import statement in fold_case() would cost a lookup on each of a large dataset's names.
    global _unicode_normalize
    from unicodedata import normalize as unicode_normalize

    _unicode_normalize = unicode_normalize
    return unicode_normalize


def normalize(text: str) -> str:
    """The form two spellings of one name share: `New-Energy Vehicles` and `newenergyvehicles`."""
    return _normalize_folded(fold_case(text))


def _normalize_folded(folded: str) -> str:
    """normalize() of a text already NFKC-normalised and case-folded (key building folds each name once)."""
    joined = "".join(folded.split())
    if joined.isascii():
        # The common case, and the hot loop of building a large dataset's keys: four `replace`s instead of a
        # translate (several times as fast), and ASCII composes with nothing, so it needs no second pass.
        for mark in "-_'`":
            if mark in joined:
                joined = joined.replace(mark, "")
        return joined
    if not joined.isalnum() or "ʼ" in joined:  # letters and digits alone hold no separator but ʼ, a letter
        joined = joined.translate(_SEPARATORS)  # (a translate is slow on non-ASCII text: only where needed)
    # Removing a space or a mark can leave a sequence that composes ("R¸" -> "r" + combining cedilla): normalise
    # once more so that normalising is idempotent (a property test found this).
    return fold_case(joined)


def words(text: str) -> list[str]:
    """The words of a wording, folded: `Lines modelled in BIM` -> ["line", "modeled", "bim"].

    English words lose case, plural endings and British spellings; small words are left out. A run of Chinese
    characters is one word (Chinese has no spaces), split at the particles 的, 和, 与, 及.
    """
    global _word_pattern
    if _word_pattern is None:
        import re  # compiled on first use only: a lookup by exact spelling never needs it

        # Letters and digits of any script except CJK, or a run of CJK ideographs (and their marks).
        _word_pattern = re.compile(r"[^\W_\u2e80-\u9fff\uf900-\ufaff]+|[\u2e80-\u9fff\uf900-\ufaff]+")
    return _words_folded(fold_case(text))


def _words_folded(text: str) -> list[str]:
    """words() of a text already NFKC-normalised and case-folded."""
    global _word_pattern
    if _word_pattern is None:
        words("")  # compiles the pattern
    assert _word_pattern is not None
    # women's -> womens, so it folds with womens and women
    if "'" in text or (not text.isascii() and ("’" in text or "‘" in text or "ʼ" in text)):
        text = text.translate(_APOSTROPHES)  # the other apostrophes are not ASCII
    found: list[str] = []
    for raw in _word_pattern.findall(text):
        folded = _folded.get(raw)
        if folded is None:
            word = _fold(raw)
            folded = _folded[raw] = tuple(word.split(" ")) if word else ()
        found.extend(folded)
    # "深圳 5G基站": the place every record is about says nothing beside other words (and is never ASCII)
    if len(found) > 1 and ("深圳" in text or "全市" in text):  # (each of _PLACE_ZH holds one of these)
        found = [word for word in found if word not in _PLACE_ZH] or found
    return found


def _fold(word: str) -> str:
    """One token, folded; CJK tokens may split into several (space-separated); "" for a small word."""
    if word >= "\u2e80" and is_cjk(word[0]):
        for place in _PLACE_ZH:
            if word.startswith(place):
                word = word[len(place) :] or word  # the place alone stays a word (words() drops it beside others)
                break
        for particle in _SMALL_ZH:
            word = word.replace(particle, " ")
        return " ".join(word.split())
    if word in _SMALL_WORDS:
        return ""
    word = _SPELLING.get(word, word)
    return _singular(word)


def is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _singular(word: str) -> str:
    """A plural English word's singular, by its ending (both sides of a comparison fold the same way)."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1]


def wording(text: str) -> str:
    """A wording's key: its folded words, sorted and space-separated, behind a space (spellings have none)."""
    return _wording(words(text))


def _wording(found: list[str]) -> str:
    return " " + " ".join(sorted(set(found))) if found else ""


def _without_kind(text: str, kind: str, said: list[str] | None = None) -> str:
    """A wording with the words that say its kind ("growth", "number of") left out; "" if nothing is left."""
    english, suffixes = _KIND_WORDS[kind]
    said = words(text) if said is None else said
    if english.isdisjoint(said) and not any(word.endswith(suffixes) for word in said):
        return ""  # no word of the kind to leave out: the plain wording is the only key (most names)
    return _stripped_of_kind(said, english, suffixes)


def _stripped_of_kind(said: list[str], english: frozenset[str], suffixes: tuple[str, ...]) -> str:
    found = [w for w in said if w not in english]
    for index, word in enumerate(found):
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) > len(suffix):
                found[index] = word[: -len(suffix)]
                break
    return " " + " ".join(sorted(set(found))) if found else ""
