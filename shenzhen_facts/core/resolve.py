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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from shenzhen_facts.core.errors import Candidate, NoMatch
from shenzhen_facts.core.folding import (
    _KIND_WORDS,
    MAX_QUERY,
    _normalize_folded,
    _stripped_of_kind,
    _without_kind,
    _words_folded,
    fold_case,
    is_cjk,
    normalize,
    wording,
    words,
)
from shenzhen_facts.core.model import Dataset, Record
from shenzhen_facts.core.reading import Difference, Reading, Understanding

if TYPE_CHECKING:
    from collections.abc import Callable

    from shenzhen_facts.core.reading import Parts

__all__ = [
    "MAX_QUERY",
    "Index",
    "fold_case",
    "handle",
    "is_cjk",
    "keys",
    "normalize",
    "simplified",
    "traditional",
    "wording",
    "words",
]


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
    kind_words = _kind_words(record)
    found = [handle(record.id)]
    for text in (record.name, record.name_zh, *record.aliases):
        found += _name_keys(text, kind_words)
    return found


def named_by(record: Record) -> Iterator[tuple[str, list[str]]]:
    """Each text that names the record (id, names, aliases) with the keys it gives."""
    yield record.id, [handle(record.id)]
    kind_words = _kind_words(record)
    for text in (record.name, record.name_zh, *record.aliases):
        yield text, _name_keys(text, kind_words)


def _kind_words(record: Record) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """The words of the record's kind that its names may be said without ("growth", "number of"), for a record
    without parts; one with parts reads such a question word by word, where it may fit another record too."""
    return _KIND_WORDS.get(record.kind) if record.about is None else None


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
        self._parts: list[Parts] | None = None  # each record's parts as rules, made when a question needs them
        self._by_subject: dict[str, list[Parts]] = {}

    def _records(self, positions: Iterable[int] | None) -> Iterator[tuple[int, Record]]:
        """The records at `positions` in dataset order, or every record when there is no narrowing."""
        if positions is None:
            yield from enumerate(self.dataset.records)
        else:
            for position in sorted(positions):
                yield position, self.dataset.records[position]

    def find(self, query: str) -> Record | None:
        """The record this query names, or None."""
        return self.understand(query).answer

    def _by_name(self, query: str) -> Record | None:
        """The record whose id, name or alias the query spells or words (the exact handles)."""
        for key, kind in query_keys(query):
            position = self._by_key.get(key)
            if position is not None:
                record = self.dataset.records[position]
                # A name with its kind word left out ("NEV production" of "NEV production growth") is a question
                # about the record's parts where it has them: read there, it may fit another record as well.
                if kind is None or (record.kind == kind and record.about is None):
                    return record
        # An id is a handle in either number and with the place said: `drone`, `Shenzhen drones` for `drones`.
        said = query.split()
        if len(said) == 2 and said[0].lower() in ("shenzhen", "shenzhen's", "shenzhens"):
            said = said[1:]
        if len(said) == 1 and said[0].isascii() and said[0].replace("_", "").replace("-", "").isalnum():
            word = handle(said[0])[1:]
            for key in (word, *_numbers(word)):
                position = self._by_key.get("#" + key)
                if position is not None:
                    return self.dataset.records[position]
        return None

    def understand(self, query: str) -> Understanding:
        """What the query says about the dataset: the record it answers with, if one, and how it reads against
        each record whose subject it names (reading.py), best first.

        A name or alias answers at once. Otherwise the question is read against every record's parts; Chinese
        in traditional characters is converted first (the converter is loaded only then).
        """
        record = self._by_name(query)
        if record is not None:
            return Understanding(query, record, (Reading(record),))
        if len(query) > MAX_QUERY:
            return Understanding(query, None)
        text = query
        if any(map(is_cjk, query)):
            text = simplified(query)  # a name in traditional characters answers in any dataset, parts or not
            if text != query:
                record = self._by_name(text)
                if record is not None:
                    return Understanding(query, record, (Reading(record),))
        if not self._has_parts():
            return Understanding(query, None)
        readings = self._read(text)
        fitting = [reading for reading in readings if reading.fits]
        return Understanding(query, fitting[0].record if len(fitting) == 1 else None, tuple(readings))

    def _has_parts(self) -> bool:
        if self._parts is None:
            from shenzhen_facts.core.reading import Parts, vocabulary

            records = self.dataset.records
            # Which records have parts: the store says so (a large cached dataset is not decoded record by
            # record for it); a dataset made in Python is looked through.
            parted = self.dataset.parted
            if parted is None:
                parted = [n for n, r in enumerate(records) if r.about is not None]
            self._parts = []
            if parted:  # the vocabulary is read only for a dataset with parts
                vocab = vocabulary()
                self._parts = [Parts(records[n], vocab) for n in parted]
            # Each record's parts under a word of each subject term (an English one, else its first character).
            for parts in self._parts:
                for subject in parts.subjects:
                    key = next((word for word in subject if not is_cjk(word[0])), subject[0][0])
                    self._by_subject.setdefault(key, []).append(parts)
        return bool(self._parts)

    def _read(self, text: str) -> list[Reading]:
        from shenzhen_facts.core.reading import Said, pool, read, said_words, vocabulary

        vocab = vocabulary()
        said = Said(pool(text))
        shared = said_words(vocab, said)
        # Only the records one of whose subject words the question holds (a question names few of them).
        near = {id(parts): parts for key in said.filed_under() for parts in self._by_subject.get(key, ())}
        candidates = [parts for parts in self._parts or () if id(parts) in near]
        readings = [read(parts, text, vocab, shared) for parts in candidates if parts.said_subject(said)]
        readings = [reading for reading in readings if reading.weight]
        # Those that fit first; then those that contradict least (a qualifier left out narrows, it does not
        # contradict), then miss fewest qualifiers; then those whose own words cover most of the question.
        readings.sort(key=lambda r: (not r.fits, r.contradictions, r.missing, -r.weight))
        return readings

    def resolve(self, query: str) -> Record:
        """The record this query names; raises NoMatch with the nearest records and how each differs."""
        understood = self.understand(query)
        if understood.answer is not None:
            return understood.answer
        raise self.no_match(understood)

    def no_match(self, understood: Understanding, limit: int = 3) -> NoMatch:
        """The refusal of a question that answers no record: the records it read against first (each with what
        differs), then the records it comes near to by name."""
        nearest: list[Record] = []
        differs: dict[str, tuple[str, str]] = {}
        fitting = [reading for reading in understood.readings if reading.fits]
        for reading in understood.readings[:limit]:
            nearest.append(reading.record)
            if len(fitting) > 1:
                differs[reading.record.id] = (
                    f"the question fits {len(fitting)} records equally; say which",
                    f"问题同样符合{len(fitting)}条记录，请说明是哪一条",
                )
            else:
                clauses = reading.clauses("en")
                if clauses:
                    differs[reading.record.id] = ("; ".join(clauses), "；".join(reading.clauses("zh")))
        text = understood.query
        if any(map(is_cjk, text)):
            text = simplified(text)  # 手機 comes near to what 手机 comes near to
        for record in [] if len(fitting) > 1 else self.candidates(text, limit):
            if len(nearest) >= limit:
                break
            if record not in nearest:
                nearest.append(record)
                if _is_broader(record, text):  # a wider wording the record lists: its figure is for less
                    wider = Difference("qualifier", "", "")
                    differs[record.id] = (wider.clause(record, "en"), wider.clause(record, "zh"))
        return NoMatch(understood.query, [candidate(r, differs.get(r.id)) for r in nearest])

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


def _is_broader(record: Record, text: str) -> bool:
    """Whether the text is one of the record's broader terms, as spelled or as worded."""
    spelling, said = normalize(text), set(words(text))
    return any(normalize(term) == spelling or (said and set(words(term)) == said) for term in record.broader)


def _numbers(word: str) -> tuple[str, ...]:
    """A handle's other number, by the plain English endings (drone -> drones, drones -> drone)."""
    if word.endswith("ies"):
        return (word[:-3] + "y",)
    if word.endswith("s"):
        return (word[:-1],) + ((word[:-2],) if word.endswith(("ches", "shes", "xes", "zes")) else ())
    if word.endswith("y"):
        return (word[:-1] + "ies",)
    return (word + ("es" if word.endswith(("ch", "sh", "x", "z")) else "s"),)


def candidate(record: Record, differs: tuple[str, str] | None = None) -> Candidate:
    """What a miss shows of a record: enough to see at once how its figure differs from what was asked."""
    en, zh = differs or ("", "")
    return Candidate(
        record.id, record.kind, record.name, record.name_zh, record.stated, record.scope, record.scope_zh, en, zh
    )


_converters: dict[str, Callable[[str], str]] = {}


def simplified(text: str) -> str:
    """Chinese text in simplified characters (消費級無人機 -> 消费级无人机), with OpenCC's traditional-to-simplified
    table. The converter (30-100 ms to load) is loaded only for text that holds a character outside GB 2312, the
    simplified character set: text in simplified characters is returned as it is, without it."""
    try:
        text.encode("gb2312")
        return text
    except UnicodeEncodeError:
        return _converted(text, "t2s")


def traditional(text: str) -> str:
    """Chinese text in traditional characters (消费级无人机 -> 消費級無人機), with OpenCC's simplified-to-traditional
    table: a name offered to someone who is typing in them (tab completion)."""
    return _converted(text, "s2t")


def _converted(text: str, table: str) -> str:
    convert = _converters.get(table)
    if convert is None:
        import opencc

        convert = _converters[table] = opencc.OpenCC(table).convert
    try:
        return convert(text)
    except UnicodeError:  # a lone surrogate (an undecodable byte of argv): nothing to convert
        return text


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
