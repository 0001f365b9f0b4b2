"""Reading a question against a record's parts: what the question says about the record, word by word.

A name or alias answers by its spelling (resolve.py). A question that says more than a name — the measure, the
scope, the period, "how many" — is read here instead: every word of it must be accounted for by the record's own
parts (`about`: subject, qualifiers, words that change nothing, scope, period) or by the shared vocabulary
(vocabulary.toml: measures, scopes, periods, the place, small words, synonyms). The question fits the record when
it says the subject, keeps every qualifier, and nothing in it contradicts the record or is left unexplained.

What comes out is a value, not a yes or no (`Reading`): which parts differ and how, so that a refusal can say
"the article's figure is for consumer drones" and a claim checker can tell a wrong scope from a wrong period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from shenzhen_facts.core.folding import is_cjk, words
from shenzhen_facts.core.model import Record

# The aspects in which a question can differ from a record, in the order a refusal names them.
ASPECTS = ("qualifier", "measure", "scope", "period")
LANGUAGES = ("en", "zh")


class Difference(NamedTuple):
    """One way a question differs from a record."""

    aspect: str  # "qualifier" | "measure" | "scope" | "period"
    said: str  # the question's words for it ("" when a qualifier was not said)
    expected: str  # the record's: "消费级 / consumer", "growth", "global output", "2023"
    asked: str = ""  # for a measure, what the question's word asks for: "a level", "a share"

    def clause(self, record: Record, lang: str) -> str:
        """The difference as one clause a person reads at once, in their language ("en" or "zh")."""
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
        if self.aspect == "qualifier":
            figure = record.stated is not None and record.kind not in ("event", "target")
            if lang == "zh":
                return f"原文的数字针对“{record.name_zh}”" if figure else f"原文说的是“{record.name_zh}”"
            # The name as the dataset writes it, quoted: lower-casing it would make "shenzhen Metro Group's".
            name = f"“{record.name}” ({record.name_zh})"
            return f"the article's figure is for {name}" if figure else f"the article speaks of {name}"
        if self.aspect == "measure":
            noun, noun_zh = MEASURE_NOUNS[record.kind]
            if lang == "zh":
                return f"原文给出的是{noun_zh}，不是“{self.said}”"
            return f"the article gives {noun}, not {self.asked or repr(self.said)}"
        if self.aspect == "scope":
            if lang == "zh":
                return (
                    f"原文的范围是{record.scope_zh}，不是“{self.said}”"
                    if record.scope_zh
                    else f"原文未提及“{self.said}”"
                )
            if record.scope:
                return f"the article's figure is of {record.scope}, not '{self.said}'"
            return f"the article says nothing of '{self.said}' for this figure"
        if lang == "zh":
            if record.period_zh == "未说明":
                return f"原文未说明这一数字的时段（问的是“{self.said}”）"
            return f"原文的时段是{record.period_zh}，不是“{self.said}”"
        if record.period == "not stated":
            return f"the article states no period for this figure (asked: '{self.said}')"
        return f"the article's period is {record.period}, not '{self.said}'"


# How a refusal names what a record gives, by its kind.
MEASURE_NOUNS = {
    "share": ("a share", "占比"),
    "growth": ("growth", "增长率"),
    "count": ("a count", "数量"),
    "money": ("a maximum amount", "最高金额"),
    "ratio": ("a multiple", "倍数"),
    "rank": ("a rank", "排名"),
    "target": ("a target", "目标"),
    "event": ("a date", "日期"),
}


class Reading(NamedTuple):
    """What a question says about one record whose subject it names."""

    record: Record
    differs: tuple[Difference, ...] = ()  # empty when the question fits the record
    unexplained: tuple[str, ...] = ()  # words of the question nothing accounts for
    weight: int = 0  # characters of the question the record's own parts account for: the nearer fit first

    @property
    def fits(self) -> bool:
        return not self.differs and not self.unexplained

    @property
    def missing(self) -> int:
        """Qualifier groups the question does not say."""
        return sum(1 for d in self.differs if d.aspect == "qualifier")

    @property
    def contradictions(self) -> int:
        """Words of the question that contradict the record (another measure, scope or period, or words it does
        not have), as against qualifiers merely left out."""
        return len(self.unexplained) + sum(1 for d in self.differs if d.aspect != "qualifier")

    def clauses(self, lang: str) -> list[str]:
        """Why the question does not fit, one clause per aspect (empty when it fits), in "en" or "zh"."""
        found: list[str] = []
        for aspect in ASPECTS:
            said = [d.said for d in self.differs if d.aspect == aspect]
            if said:
                first = next(d for d in self.differs if d.aspect == aspect)
                joined = "、".join(said) if lang == "zh" else "', '".join(said)
                found.append(first._replace(said=joined).clause(self.record, lang))
        if self.unexplained:
            listed = "、".join(self.unexplained) if lang == "zh" else ", ".join(map(repr, self.unexplained))
            found.append(f"原文未提及{listed}" if lang == "zh" else f"the article says nothing of {listed}")
        return found


class Understanding(NamedTuple):
    """What a question says about a dataset: the record it answers with, and how it reads against each record
    whose subject it names, best first. `answer` is None when no record fits, or more than one does."""

    query: str
    answer: Record | None
    readings: tuple[Reading, ...] = ()


# ---------------------------------------------------------------------------------------------- terms

# A term is the folded words of one wording: English words whole, Chinese runs as substrings of the question's.
Term = tuple[str, ...]


class _Rule(NamedTuple):
    term: Term
    role: str  # subject, qualifier, also, scope, period (the record's own); measure, scope!, period!, small
    group: int  # the qualifier group, or the measure's index in the vocabulary
    size: int  # characters: longer terms are taken first
    borrowed: int = 0  # 1 for a synonym's variant of the record's wording: it weighs a little less


def term(text: str) -> Term:
    return tuple(words(text))


class Vocabulary:
    """The shared words of vocabulary.toml, folded once."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.synonyms: list[list[Term]] = [[term(w) for w in group] for group in raw["synonyms"]]
        # Each measure: its name, the kinds it fits, the kinds it fits only beside a word of theirs, its noun.
        self.measures: list[tuple[str, frozenset[str], frozenset[str], str]] = []
        rules: list[_Rule] = []
        self.raw_measures: list[dict[str, Any]] = raw["measures"]
        for index, measure in enumerate(self.raw_measures):
            fits_with = frozenset(measure.get("fits_with", ()))  # most measures have none
            self.measures.append((measure["name"], frozenset(measure["fits"]), fits_with, measure["noun"]))
            rules += _rules(measure["words"], "measure", index)
        rules += _rules(raw["scopes"]["words"], "scope!", 0)
        rules += _rules(raw["periods"]["words"], "period!", 0)
        rules += _rules([*raw["places"], *raw["small"], *raw["claim_small"]], "small", 0)
        # Each rule under one of its words (an English one where it has one, else its first Chinese character),
        # so that a question looks only at the rules one of its words can start: a tenth of them or less.
        self.by_word: dict[str, list[_Rule]] = {}
        for rule in rules:
            latin = next((word for word in rule.term if not is_cjk(word[0])), None)
            self.by_word.setdefault(latin if latin is not None else rule.term[0][0], []).append(rule)


def _rules(texts: Iterable[str], role: str, group: int) -> list[_Rule]:
    found = []
    for text in texts:
        folded = term(text)
        if folded:
            found.append(_Rule(folded, role, group, sum(map(len, folded))))
    return found


_vocabulary: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    """The bundled vocabulary, read on first use (a lookup by name never needs it)."""
    global _vocabulary
    if _vocabulary is None:
        from importlib.resources import files

        try:
            import tomllib as toml  # type: ignore[import-not-found,unused-ignore]
        except ModuleNotFoundError:  # Python 3.10
            import tomli as toml  # type: ignore[no-redef,unused-ignore]

        text = files("shenzhen_facts").joinpath("vocabulary.toml").read_text("utf-8")
        _vocabulary = Vocabulary(toml.loads(text))
    return _vocabulary


def measure_words(kind: str) -> list[str]:
    """The words of the first measure of the vocabulary that fits a kind on its own (share, 占比 for a share)."""
    for measure in vocabulary().raw_measures:
        if kind in measure["fits"]:
            return list(measure["words"])
    return []


def with_synonyms(terms: Iterable[Term], synonyms: Sequence[Sequence[Term]]) -> dict[Term, bool]:
    """Each term (True: as the record words it), and each of its variants with a synonym put for a synonym it
    contains (False: work item -> task), so that a record's own wording outranks another's synonym of it."""
    found: dict[Term, bool] = {}
    for original in terms:
        found[original] = True
        for group in synonyms:
            for member in group:
                at = _find(original, member)
                if at is None:
                    continue
                for other in group:  # (the member itself gives the original, already found as the record's own)
                    found.setdefault(original[:at] + other + original[at + len(member) :], False)
    return found


def _find(haystack: Term, needle: Term) -> int | None:
    """Where the needle's words stand together in the haystack, if they do."""
    return next((at for at in range(len(haystack)) if haystack[at : at + len(needle)] == needle), None)


class Parts:
    """One record's parts as rules, with synonyms spread, made once per index."""

    def __init__(self, record: Record, vocab: Vocabulary) -> None:
        about = record.about
        assert about is not None
        self.record = record
        own: list[_Rule] = []
        spread = vocab.synonyms
        own += _own(about.subject, "subject", 0, spread)
        for index, group in enumerate(about.qualifiers):
            own += _own(group, "qualifier", index, spread)
        own += _own(about.also, "also", 0, spread)
        own += _own(about.scope, "scope", 0, ())
        own += _own(about.period, "period", 0, ())
        self.subjects = [rule.term for rule in own if rule.role == "subject"]
        self.own = own
        self.groups = [_label(group) for group in about.qualifiers]
        self.scope = _label(about.scope)
        self.measure = MEASURE_NOUNS[record.kind][0]
        self.period = _label(about.period)

    def said_subject(self, said: Said) -> bool:
        """Whether the question names this record's subject at all (a quick test before reading it whole)."""
        return any(said.could(subject) for subject in self.subjects)


def _own(texts: Iterable[str], role: str, group: int, synonyms: Sequence[Sequence[Term]]) -> list[_Rule]:
    """A record's own wordings of one part as rules; a synonym's variant weighs a little less than the original."""
    return [
        _Rule(folded, role, group, sum(map(len, folded)), 0 if direct else 1)
        for folded, direct in with_synonyms(map(term, texts), synonyms).items()
        if folded
    ]


def _label(texts: Sequence[str]) -> str:
    """A group's wordings as a refusal shows them: the first Chinese and the first English (消费级 / consumer)."""
    chinese = [text for text in texts if any(map(is_cjk, text))]
    english = [text for text in texts if not any(map(is_cjk, text))]
    return " / ".join(chinese[:1] + english[:1])


# ---------------------------------------------------------------------------------------------- reading


# CJK symbols and punctuation (「」、。, U+3000-U+303F), which the word pattern would keep inside a Chinese run.
_CJK_PUNCTUATION = dict.fromkeys(range(0x3000, 0x3040), " ")


def pool(text: str) -> list[str]:
    """The question's words: English words whole; each run of Chinese one word, split as terms are taken.
    Chinese punctuation (「」、。) stands between words, as a space does in English."""
    return words(text.translate(_CJK_PUNCTUATION))


class Said:
    """A question's words, for quick tests of which terms it may say before it is read term by term."""

    def __init__(self, pool: list[str]) -> None:
        self.latin = {word for word in pool if not is_cjk(word[0])}
        self.chinese = [word for word in pool if is_cjk(word[0])]  # runs, each searched alone: none spans two

    def filed_under(self) -> list[str]:
        """The English words and Chinese characters of the question: what rules and subjects are filed under."""
        return [*self.latin, *{char for run in self.chinese for char in run}]

    def could(self, folded: Term) -> bool:
        """Every word of the term is there (English whole, Chinese inside a run), each counted once at most:
        a term this refuses cannot be taken; one it lets through may still not be (read() decides)."""
        return all(
            any(word in run for run in self.chinese) if is_cjk(word[0]) else (word in self.latin) for word in folded
        )


def _take(folded: Term, pool: list[str]) -> bool:
    """Take the term's words out of the pool (in place) if all are there; the pool is unchanged otherwise."""
    taken: list[tuple[int, str]] = []
    for word in folded:
        if is_cjk(word[0]):
            # A run that is this word exactly first (年 of "2023年", not the 年 inside 未来三年), else inside a run.
            at = pool.index(word) if word in pool else next((i for i, w in enumerate(pool) if word in w), None)
        else:
            at = next((i for i, w in enumerate(pool) if w == word), None)
        if at is None:
            for index, before in reversed(taken):  # put back what this term took
                pool[index] = before
            return False
        taken.append((at, pool[at]))
        if is_cjk(word[0]):
            before, _, after = pool[at].partition(word)
            pool[at] = before + "\x00" + after  # the run is cut where the term was: no later term spans it
        else:
            pool[at] = "\x00"
    return True


def said_words(vocab: Vocabulary, said: Said) -> list[_Rule]:
    """The vocabulary's rules whose words may all be in the question: found once per question, not per record."""
    return [rule for key in said.filed_under() for rule in vocab.by_word.get(key, ()) if said.could(rule.term)]


def read(parts: Parts, text: str, vocab: Vocabulary, shared: list[_Rule] | None = None) -> Reading:
    """What the question says about this record. `shared`: said_words() of the question, where already known."""
    left = pool(text)
    if shared is None:
        shared = said_words(vocab, Said(left))
    # Longest first; on a tie the record's own word before the vocabulary's (产量 of a record, not of a scope).
    rules = sorted([*parts.own, *shared], key=lambda rule: (-rule.size, rule.role.endswith("!")))
    said_subject = False
    kept: set[int] = set()
    differs: list[Difference] = []
    weight = 0
    fitting_measure = False  # a measure word that fits the record's kind on its own was said
    leaning: list[Difference] = []  # measure words that fit only beside such a word
    record = parts.record
    for rule in rules:
        while _take(rule.term, left):
            left = _split(left)
            said = " ".join(rule.term)
            if rule.role == "subject":
                said_subject = True
            elif rule.role == "qualifier":
                kept.add(rule.group)
            elif rule.role == "measure":
                _, fits, fits_with, noun = vocab.measures[rule.group]
                if record.kind in fits:
                    fitting_measure = True
                elif record.kind in fits_with:
                    leaning.append(Difference("measure", said, parts.measure, noun))
                else:
                    differs.append(Difference("measure", said, parts.measure, noun))
            elif rule.role == "scope!":
                differs.append(Difference("scope", said, parts.scope))
            elif rule.role == "period!":
                differs.append(Difference("period", said, parts.period))
            if rule.role in ("subject", "qualifier"):
                weight += rule.size * 2 - rule.borrowed
            elif rule.role in ("also", "scope", "period"):
                weight += rule.size
    if not fitting_measure:
        differs += leaning
    unexplained: list[str] = []
    for word in left:
        if _is_year(word):
            differs.append(Difference("period", word, parts.period))
        else:
            unexplained.append(word)
    missing = [Difference("qualifier", "", label) for index, label in enumerate(parts.groups) if index not in kept]
    if not said_subject:
        weight = 0
    ordered = sorted([*missing, *differs], key=lambda d: ASPECTS.index(d.aspect))
    return Reading(record, tuple(_unique(ordered)), tuple(dict.fromkeys(unexplained)), weight)


def _split(pool: list[str]) -> list[str]:
    """The pool with cut Chinese runs split at their cuts, and what terms took removed."""
    return [piece for word in pool for piece in word.split("\x00") if piece]


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


def _unique(found: list[Difference]) -> list[Difference]:
    return list(dict.fromkeys(found))
