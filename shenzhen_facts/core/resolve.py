"""Query matching: which record a person means by `drones`, `investment in manufacturing` or `消费级无人机`.

A query selects a record only when it names that record, and one record only:
- its *spelling* matches a name (id, English or Chinese name, alias) after folding case, full-width letters,
  spaces, hyphens, underscores and apostrophes (`ＤＲＯＮＥＳ`, `new-energy vehicles`, `newenergyvehicles`); or
- its *wording* does: the same words in any order, leaving out small words (of, in, the, for, and, &, 的),
  singular or plural, British or American spelling (`investment in manufacturing` = `Manufacturing
  investment`; `lines modelled in BIM` = `BIM-modeled lines`). For a growth record "growth" may be said or not,
  for a count "number of"; "Shenzhen" (深圳, 全市) may be said or not: every record is Shenzhen's.
Nothing else is guessed. A query that names no record, or a wider thing than a record measures (a record's
`broader` terms: `batteries` for electrochemical energy storage), raises NoMatch with ranked candidates, so the
user sees at once that the article's figure is narrower than what was asked.

Search is by words too: every word of the query must occur (English words at a word start, Chinese anywhere) in
a record's names, aliases, broader terms, quoted clause, notes, scope, stated figure or period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from shenzhen_facts.core.errors import Candidate, NoMatch
from shenzhen_facts.core.model import Dataset, Record

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


# ---------------------------------------------------------------------------------------------- keys


def handle(text: str) -> str:
    """An id's key: case, width and hyphen-or-underscore folded, but no space allowed (`energy_storage`).

    An id is a handle copied from `szfacts list`, not a wording: `energy storage` typed with a space is a person's
    wording (of a wider thing, here) and is matched against names and aliases only.
    """
    text = text.strip()
    if not text or len(text.split(None, 1)) > 1:  # any white space inside (split's is isspace's)
        return ""
    return "#" + fold_case(text).replace("-", "_")


def keys(record: Record) -> list[str]:
    """Every key that selects this record: its id as a handle; the spelling and the wording of its names.

    named_by() gives the same keys text by text; this flat list is what building and checking keys need.
    """
    kind_words = _KIND_WORDS.get(record.kind)
    found = [handle(record.id)]
    for text in (record.name, record.name_zh, *record.aliases):
        found += _name_keys(text, kind_words)
    return found


def named_by(record: Record) -> Iterator[tuple[str, list[str]]]:
    """Each text that names the record (id, names, aliases) with the keys it gives."""
    yield record.id, [handle(record.id)]
    kind_words = _KIND_WORDS.get(record.kind)
    for text in (record.name, record.name_zh, *record.aliases):
        yield text, _name_keys(text, kind_words)


def _name_keys(text: str, kind_words: tuple[frozenset[str], tuple[str, ...]] | None) -> list[str]:
    """The keys one name or alias gives, in order: handle, spelling, wording, and wording without kind words.

    The same keys as handle(), normalize(), wording() and _without_kind() give, from one folding of the text:
    building keys is most of validating a large dataset (this runs for every name of 100,000 records).
    """
    ascii_only = text.isascii()
    case_folded = text.lower() if ascii_only else fold_case(text)  # fold_case() inline for ASCII: a hot loop
    said = _words_folded(case_folded)
    found = []
    # A name without spaces is also read as a handle: an alias that spells another record's id is ambiguous.
    stripped = text.strip()
    if " " not in stripped and len(stripped.split(None, 1)) == 1:
        # handle(text): made from the folding above when the name has no white space around it (as names do
        # not), since then the text handle() folds is the whole text.
        found.append("#" + case_folded.replace("-", "_") if len(stripped) == len(text) else handle(stripped))
    spelling = _normalize_folded(case_folded)
    if spelling:
        found.append(spelling)
    if said:
        wording = " " + " ".join(sorted(set(said)))
        found.append(wording)
        if kind_words is not None:
            english, suffixes = kind_words
            # English words cannot end in a Chinese kind word: an ASCII name needs only the set test.
            if not english.isdisjoint(said) or (not ascii_only and any(word.endswith(suffixes) for word in said)):
                stripped_kind = _stripped_of_kind(said, english, suffixes)
                if stripped_kind:
                    found.append(stripped_kind)
    return found


def build_keys(records: Sequence[Record]) -> dict[str, int]:
    """Key -> position of the record it selects (the first, if an unvalidated dataset repeats one)."""
    found: dict[str, int] = {}
    for position, record in enumerate(records):
        for key in keys(record):
            found.setdefault(key, position)
    return found


def query_keys(query: str) -> Iterator[tuple[str, str | None]]:
    """The keys a query may match, each with the kind a record must be of to answer it that way (or None)."""
    spelling = normalize(query)
    if not spelling or len(spelling) > MAX_QUERY:
        return
    key = handle(query)
    if key:
        yield key, None
    yield spelling, None
    key = wording(query)
    if key:
        yield key, None
        for kind in _KIND_WORDS:
            stripped = _without_kind(query, kind)
            if stripped and stripped != key:
                yield stripped, kind


# ---------------------------------------------------------------------------------------------- the index


if TYPE_CHECKING:  # a type only: defining a Protocol class costs start-up time on every lookup

    class Narrowing(Protocol):
        """Which records can match, from an index of a dataset's words: supersets of the true matches, never less."""

        def search(self, asked: list[str], spelling: str) -> Iterable[int]:
            """Positions of every record that search_hits could rank for these words (and more, perhaps)."""
            ...

        def near(self, asked: set[str], spelling: str) -> Iterable[int]:
            """Positions of every record that candidates could score from its names (and more, perhaps)."""
            ...

        def spellings(self, spelling: str) -> dict[str, int]:
            """Lookup keys (not wordings) that difflib may find close to `spelling`, with their positions."""
            ...


class Index:
    """Lookup and search over one dataset, built once per run (the keys may come from the parsed cache)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._by_key: Mapping[str, int] = dataset.keys if dataset.keys is not None else build_keys(dataset.records)
        # A large cached dataset says which records can match a search or a miss (store/database.py): the
        # same records are scored the same way, and the others are never read.
        self._narrow = dataset.narrow

    def _records(self, positions: Iterable[int] | None) -> Iterator[tuple[int, Record]]:
        """The records at `positions` in dataset order, or every record when there is no narrowing."""
        if positions is None:
            yield from enumerate(self.dataset.records)
        else:
            for position in sorted(positions):
                yield position, self.dataset.records[position]

    def find(self, query: str) -> Record | None:
        """The record this query names, or None."""
        for key, kind in query_keys(query):
            position = self._by_key.get(key)
            if position is not None:
                record = self.dataset.records[position]
                if kind is None or record.kind == kind:
                    return record
        return None

    def resolve(self, query: str) -> Record:
        """The record this query names; raises NoMatch with ranked candidates otherwise."""
        record = self.find(query)
        if record is None:
            raise NoMatch(query, [candidate(r) for r in self.candidates(query)])
        return record

    def candidates(self, query: str, limit: int = 3) -> list[Record]:
        """Records a query comes near to without naming one, best first.

        First the records the query names a wider thing of (their `broader` terms), then records whose names
        contain the query's words (most words shared first), then near spellings (typos). Ties keep dataset order.
        """
        spelling = normalize(query)
        if not spelling or len(spelling) > MAX_QUERY:
            return []
        asked = set(words(query))
        scored: dict[int, tuple[float, int]] = {}

        def note(position: int, score: float) -> None:
            best = scored.get(position)
            if best is None or score > best[0]:
                scored[position] = (score, position)

        for position, record in self._records(self._narrow.near(asked, spelling) if self._narrow else None):
            for text in record.broader:
                if normalize(text) == spelling or (asked and set(words(text)) == asked):
                    note(position, 3.0)
            if not asked:
                continue
            for text in name_texts(record):
                said = set(words(text))
                shared = len(asked & said) + _partial(asked - said, said)
                if shared:
                    # Share of the query's words found, a little less the longer the name (the nearer fit first).
                    note(position, 2.0 * shared / len(asked) - 0.01 * len(said - asked))
                if len(spelling) >= 2 and spelling in normalize(text):
                    note(position, 1.5)
        if len(scored) < limit and len(spelling) >= 3:
            import difflib  # only needed on the unhappy path; keeps it off the start-up of every lookup

            if self._narrow is not None:
                spellings = self._narrow.spellings(spelling)
            else:
                spellings = {k: p for k, p in self._by_key.items() if not k.startswith(" ")}
            for key in difflib.get_close_matches(spelling, list(spellings), n=limit, cutoff=0.75):
                note(spellings[key], 1.0 + difflib.SequenceMatcher(None, spelling, key).ratio() / 10)
        ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1]))
        # Only the near ones: a record that shares one word of three with the query is not "nearest" when another
        # is named by it as a broader term or shares all its words.
        floor = ranked[0][0] / 2 if ranked else 0.0
        return [self.dataset.records[position] for score, position in ranked[:limit] if score >= floor]

    def search(self, text: str) -> list[Record]:
        """Records that mention every word of the text, best matches first (see search_hits)."""
        return [hit.record for hit in self.search_hits(text)]

    def search_hits(self, text: str) -> list[Hit]:
        """Records that mention every word of the text, ranked by where: the whole name, an alias, a broader
        term, words of the name, words of names and aliases, then anywhere in the clause, notes and figure.
        Ties keep dataset order."""

        asked = words(text)
        spelling = normalize(text)
        if not asked or len(spelling) > MAX_QUERY:
            return []
        scored: list[tuple[int, int, Hit]] = []
        for position, record in self._records(self._narrow.search(asked, spelling) if self._narrow else None):
            rank = _search_rank(record, asked, spelling)
            if rank is not None:
                scored.append((rank, position, Hit(record, _MATCHED[rank])))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [hit for _, _, hit in scored]


def _partial(missing: set[str], said: set[str]) -> float:
    """Half a point for each query word that a name's word starts with (`consum` of `consumer`)."""
    return sum(0.5 for word in missing if len(word) >= 3 and any(s.startswith(word) for s in said))


def candidate(record: Record) -> Candidate:
    """What a miss shows of a record: enough to see at once how its figure differs from what was asked."""

    return Candidate(record.id, record.kind, record.name, record.name_zh, record.stated, record.scope, record.scope_zh)


# ---------------------------------------------------------------------------------------------- search

_MATCHED = ("name", "alias", "broader", "name words", "alias words", "text")


def name_texts(record: Record) -> tuple[str, ...]:
    """What a miss's candidates are scored on: the id as words, the names, aliases and broader terms."""
    return (record.id, record.name, record.name_zh, *record.aliases, *record.broader)  # words() splits ids at _


def search_texts(record: Record) -> tuple[str, ...]:
    """Everything a search looks at, names first."""
    extra = (record.scope, record.scope_zh, record.note, record.note_zh, record.quote, record.stated, record.period)
    return (record.id, record.name, record.name_zh, *record.aliases, *record.broader, *(t for t in extra if t))


def _search_rank(record: Record, asked: list[str], spelling: str) -> int | None:
    names = (record.id, record.name, record.name_zh)
    if any(normalize(t) == spelling for t in names):
        return 0
    if any(normalize(t) == spelling for t in record.aliases):
        return 1
    if any(normalize(t) == spelling for t in record.broader):
        return 2
    if _has_all(asked, _text(names)):
        return 3
    if _has_all(asked, _text((*names, *record.aliases, *record.broader))):
        return 4
    if _has_all(asked, _text(search_texts(record))):
        return 5
    return None


def _text(texts: Iterable[str]) -> str:
    """Texts as one searchable string: folded words, each behind a space."""
    return " " + " ".join(" ".join(words(t)) for t in texts) + " "  # words() splits ids at _


def _has_all(asked: list[str], text: str) -> bool:
    """Every asked word occurs: an English word at a word start (`invest` finds investment), a number whole
    (`20` must not find 2023), Chinese anywhere."""
    return all(
        (word in text) if is_cjk(word[0]) else (f" {word} " in text) if word.isdigit() else (" " + word in text)
        for word in asked
    )


class Hit(NamedTuple):
    """A search result: the record and where the text matched (name, alias, broader, name words, text)."""

    record: Record
    matched: str
