"""Each folding rule of the resolver, one case each: the spelling table, small words, plurals, kind words,
Chinese particles and place names, handles, and how the nearest records are ranked and cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shenzhen_facts.core.errors import NoMatch
from shenzhen_facts.core.folding import (
    _KIND_WORDS,
    _PLACE_ZH,
    _SMALL_WORDS,
    _SMALL_ZH,
    _SPELLING,
    MAX_QUERY,
    _without_kind,
    is_cjk,
    normalize,
    wording,
    words,
)
from shenzhen_facts.core.model import KINDS, Dataset, Record
from shenzhen_facts.core.reading import Reading, Understanding
from shenzhen_facts.core.resolve import Index, handle, keys, named_by, query_keys
from shenzhen_facts.store.dataset import bundled_path, load

DATASET = load(bundled_path())


@pytest.fixture
def index() -> Index:
    """A new Index per test: one built at import keeps its records' parts and vocabulary from whatever code built
    it, so under mutation testing (scripts/mutation.py) a mutant in the reading of questions would never run."""
    return Index(DATASET)


@pytest.mark.parametrize(("british", "american"), sorted(_SPELLING.items()))
def test_every_british_spelling_folds_to_the_american(british: str, american: str) -> None:
    assert words(british) == words(american) == [american]


@pytest.mark.parametrize("small", sorted(_SMALL_WORDS))
def test_every_small_word_is_left_out(small: str) -> None:
    assert words(f"{small} drones {small}") == ["drone"]


@pytest.mark.parametrize("particle", _SMALL_ZH)
def test_every_chinese_particle_splits_a_run(particle: str) -> None:
    assert words(f"地铁{particle}线路") == ["地铁", "线路"]


@pytest.mark.parametrize("place", _PLACE_ZH)
def test_the_place_every_record_is_about_is_optional(place: str) -> None:
    assert words(f"{place}消费级无人机") == ["消费级无人机"]
    assert words(place) == [place]  # a place alone stays a word: it is not left empty
    assert words(f"{place} 5G基站") == ["5g", "基站"]
    assert words(f"{place} 无人机") == ["无人机"]


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("batteries", "battery"),  # -ies
        ("flies", "fly"),  # -ies in five letters
        ("한국어s", "한국어"),  # any script's letters but CJK take the plural rule
        ("ties", "tie"),  # too short for -ies -> -y
        ("watches", "watch"),  # -ches
        ("dishes", "dish"),  # -shes
        ("boxes", "box"),  # -xes
        ("glasses", "glass"),  # -sses
        ("quizzes", "quizz"),  # -zes
        ("drones", "drone"),  # -s
        ("status", "status"),  # -us is no plural
        ("analysis", "analysis"),  # -is is no plural
        ("business", "business"),  # -ss is no plural
        ("gas", "gas"),  # three letters or fewer stay
        ("evs", "evs"),
        ("5gs", "5gs"),  # not all letters
    ],
)
def test_plurals(plural: str, singular: str) -> None:
    assert words(plural) == [singular]


def test_apostrophes_join_and_case_width_fold() -> None:
    assert words("Women’s WEAR") == words("womens wear") == ["women", "wear"]
    assert words("ＢＹＤ ｎｅｔ") == ["byd", "net"]
    assert wording("the drones") == wording("Drones") == " drone"
    assert wording("of the") == ""


# ʼ (U+02BC) is a letter to isalnum(), not a mark; ´ (U+00B4) is an accent that NFKC makes a space and a mark
@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "ʼ", "´"])
def test_every_apostrophe_folds_in_spellings_and_words(apostrophe: str) -> None:
    assert normalize(f"Women{apostrophe}s wear") == normalize("womenswear") == "womenswear"
    assert normalize(f"女装{apostrophe}s") == normalize("女装s")  # beside Chinese, where no word is ASCII
    assert words(f"women{apostrophe}s wear") == words("womens wear") == ["women", "wear"]
    assert words(f"深圳women{apostrophe}s") == words("深圳womens")


def test_separators_fold_beside_chinese_text() -> None:
    for separator in "-‐‑‒–—―_'’‘ʼ`´":
        assert normalize(f"新能源{separator}汽车") == normalize("新能源汽车") == "新能源汽车", separator
    assert normalize("新能源 汽车") == "新能源汽车"
    assert normalize("新能源。汽车") == "新能源。汽车"  # a full stop is not a separator: nothing else is removed


def test_the_place_is_left_out_beside_other_words_however_it_is_written() -> None:
    assert words("深圳 无人机") == words("全市 无人机") == words("深圳市无人机") == ["无人机"]
    assert words("全市") == ["全市"] and words("深圳") == ["深圳"]  # alone, the place is the only word


@pytest.mark.parametrize(("kind", "english", "suffixes"), [(k, *v) for k, v in _KIND_WORDS.items()])
def test_kind_words_are_optional_only_for_their_kind(
    index: Index, kind: str, english: frozenset[str], suffixes: tuple[str, ...]
) -> None:
    record = {"growth": "manufacturing_investment", "count": "base_stations_5g", "share": "smartphones"}[kind]
    base = {"growth": "manufacturing investment", "count": "5G base stations", "share": "smartphones"}[kind]
    base_zh = {"growth": "制造业投资", "count": "5G基站", "share": "智能手机"}[kind]
    for word in english:
        assert index.resolve(f"{base} {word}").id == record, word
        assert index.find(f"consumer drones {word}") is None or kind == "share", word  # drones is a share
    for suffix in suffixes:
        assert index.resolve(base_zh + suffix).id == record, suffix
    keys = dict(query_keys(f"{base} {sorted(english)[0]}"))
    assert kind in keys.values()


def test_a_kind_word_never_answers_for_another_kind(index: Index) -> None:
    for query in ("drones growth", "number of drones", "manufacturing investment share", "BYD revenue number"):
        with pytest.raises(NoMatch):
            index.resolve(query)


def test_handles(index: Index) -> None:
    assert handle("BYD-NET_profit") == "#byd_net_profit"
    assert handle("  drones  ") == "#drones"
    assert handle("byd net") == "" and handle("") == "" and handle("   ") == ""
    assert index.resolve("Metro-BIM-Lines").id == "metro_bim_lines"
    with pytest.raises(NoMatch):
        index.resolve("metro bim lines")  # an id read as words is a wording, and this one is wider


def test_query_keys_in_order() -> None:
    assert list(query_keys("NEV production growth")) == [
        (" energy new production vehicle", None)[:0] or ("nevproductiongrowth", None),
        (" growth nev production", None),
        (" nev production", "growth"),
    ]
    assert list(query_keys("drones"))[:2] == [("#drones", None), ("drones", None)]
    assert list(query_keys("")) == [] and list(query_keys("x" * 1001)) == []
    assert next(iter(query_keys("x" * 1000))) == ("#" + "x" * 1000, None)


def test_normalize() -> None:
    assert normalize("New-Energy  Vehicles") == normalize("newenergy_vehicles") == "newenergyvehicles"
    assert normalize("R\u0327") == normalize(normalize("R\u0327"))


# ---------------------------------------------------------------------------------------------- the nearest


def _dataset(tmp_path: Path, records: str) -> Index:
    head = (Path(__file__).parent / "fixtures" / "valid" / "minimal.toml").read_text(encoding="utf-8")
    head = head[: head.index("[[records]]")]
    path = tmp_path / "near.toml"
    path.write_text(head + records, encoding="utf-8")
    return Index(load(path))


def _share(rid: str, name: str, aliases: str = "[]", broader: str = "[]", value: int = 10) -> str:
    return f"""
[[records]]
id = "{rid}"
kind = "share"
name = "{name}"
name_zh = "{rid}中文"
aliases = {aliases}
broader = {broader}
stated = "{value}%"
value = {value}
unit = "percent"
qualifier = "exact"
scope = "global output"
scope_zh = "全球产量"
period = "2023"
period_zh = "2023年"
source = "paper"
quote = "{rid}中文占全球产量{value}%"
"""


def test_the_nearest_ranks_broader_then_shared_words_then_spelling(tmp_path: Path) -> None:
    index = _dataset(
        tmp_path,
        _share("alpha", "Red widgets", broader='["widgets"]')
        + _share("beta", "Widgets of blue glass and steel")
        + _share("gamma", "Blue widgets")
        + _share("delta", "Gizmos"),
    )
    # A broader term outranks names that share the word.
    assert [r.id for r in index.candidates("widgets")] == ["alpha", "gamma", "beta"]
    # More shared words first; of two equal, the shorter name (fewer other words) first.
    assert [r.id for r in index.candidates("blue widgets glass")][:2] == ["beta", "gamma"]
    assert [r.id for r in index.candidates("blue gadgets")][:2] == ["gamma", "beta"]
    # A word's start counts half a word (three letters at least); typos come from spelling.
    assert [r.id for r in index.candidates("gizm")] == ["delta"]
    assert [r.id for r in index.candidates("gi")] == ["delta"]  # two letters inside a name: a hint, not more
    assert [r.id for r in index.candidates("zq")] == []
    assert [r.id for r in index.candidates("gizmoz")] == ["delta"]
    # The limit, and far ones dropped: "red" alone matches only alpha.
    assert len(index.candidates("widgets", limit=2)) == 2
    assert [r.id for r in index.candidates("red things")] == ["alpha"]
    assert index.candidates("") == [] and index.candidates("zzzz") == []


def test_the_nearest_keeps_file_order_on_ties(tmp_path: Path) -> None:
    index = _dataset(tmp_path, _share("one", "Tin cans") + _share("two", "Tin boxes") + _share("three", "Tin pots"))
    assert [r.id for r in index.candidates("tin")] == ["one", "two", "three"]


def test_the_nearest_are_three_by_default(tmp_path: Path) -> None:
    index = _dataset(tmp_path, "".join(_share(rid, f"Tin {rid}") for rid in ("one", "two", "three", "four")))
    assert [r.id for r in index.candidates("tin")] == ["one", "two", "three"]


def test_the_nearest_count_a_word_start_of_three_letters_as_half_a_word(tmp_path: Path) -> None:
    index = _dataset(tmp_path, _share("widgets", "Blue widgets") + _share("gizmos", "Gizmos of blue"))
    # "blue giz": one word shared by both, and "giz" starts "gizmos": 1.5 words against 1.
    assert [r.id for r in index.candidates("blue giz")] == ["gizmos", "widgets"]
    # Two letters are no word start: both share one word, and file order decides.
    assert [r.id for r in index.candidates("blue gi")] == ["widgets", "gizmos"]
    # A word start adds to the shared words, never takes away: "blue widg" puts the widgets first.
    index = _dataset(tmp_path, _share("gadgets", "Blue gadgets") + _share("widgets", "Blue widgets"))
    assert [r.id for r in index.candidates("blue widg")] == ["widgets", "gadgets"]


def test_a_broader_term_is_met_by_its_spelling_or_by_its_words(tmp_path: Path) -> None:
    index = _dataset(
        tmp_path, _share("first", "Red things") + _share("second", "Green things", broader='["blue widgets"]')
    )
    assert [r.id for r in index.candidates("bluewidgets")] == ["second"]  # the spelling, not the words
    assert [r.id for r in index.candidates("widgets blue")] == ["second"]  # the words, not the spelling


def test_a_query_of_small_words_still_meets_a_broader_term_of_any_record(tmp_path: Path) -> None:
    index = _dataset(tmp_path, _share("first", "Red things") + _share("second", "Green things", broader='["of the"]'))
    assert [r.id for r in index.candidates("of the")] == ["second"]


def test_the_nearest_and_search_take_queries_up_to_the_length_limit(tmp_path: Path) -> None:
    index = _dataset(tmp_path, _share("widgets", "Blue widgets"))
    # "widgets " + 993 letters: a spelling of exactly 1,000 characters (MAX_QUERY) is still read.
    at_limit, over = "widgets " + "z" * 993, "widgets " + "z" * 994
    assert [r.id for r in index.candidates(at_limit)] == ["widgets"]
    assert index.candidates(over) == []
    at_limit = " ".join(["blue"] * 250)
    over = at_limit + " b"  # "b" starts "blue": every word of it is still found
    assert (len(normalize(at_limit)), len(normalize(over))) == (1000, 1001)
    assert [h.record.id for h in index.search_hits(at_limit)] == ["widgets"]
    assert index.search_hits(over) == []


def test_a_record_is_near_by_the_words_of_its_id(tmp_path: Path) -> None:
    index = _dataset(tmp_path, _share("tin_cans", "Metal containers") + _share("other", "Glass jars"))
    assert [r.id for r in index.candidates("cans of tin")] == ["tin_cans"]


def test_search_says_an_alias_matched_and_ranks_alias_words_before_the_text(tmp_path: Path) -> None:
    index = _dataset(tmp_path, _share("by_alias", "Green things", aliases='["blue widgets"]'))
    assert [(h.record.id, h.matched) for h in index.search_hits("blue widgets")] == [("by_alias", "alias")]
    index = _dataset(
        tmp_path,
        _share("by_text", "Red things").replace("quote = ", 'note = "cobalt gizmos"\nquote = ')
        + _share("by_alias", "Green things", aliases='["cobalt gizmos made here"]'),
    )
    hits = [(h.record.id, h.matched) for h in index.search_hits("cobalt gizmos")]
    assert hits == [("by_alias", "alias words"), ("by_text", "text")]


def test_search_finds_the_first_and_last_words_of_every_text(tmp_path: Path) -> None:
    record = _share("crimson_gadgets", "Bright widgets").replace('name_zh = "crimson_gadgets中文"', 'name_zh = "红色"')
    index = _dataset(tmp_path, record)
    assert [h.matched for h in index.search_hits("crimson")] == ["name words"]  # the first word of the id
    assert [h.matched for h in index.search_hits("bright")] == ["name words"]  # the first word of the name
    assert [h.matched for h in index.search_hits("2023")] == ["text"]  # a whole number, last in the period


def test_search_reads_english_words_by_their_start_and_numbers_whole(tmp_path: Path) -> None:
    index = _dataset(tmp_path, _share("widgets", "Blue widgets"))
    assert [h.record.id for h in index.search_hits("widg")] == ["widgets"]
    assert index.search_hits("idgets") == []  # not at a word start
    assert [h.record.id for h in index.search_hits("2023")] == ["widgets"]
    assert index.search_hits("20") == []  # a number is whole: 20 is not 2023


def test_an_index_of_records_given_without_keys_makes_its_own() -> None:
    # A Dataset built by hand (a library user's, or a test's) has no keys from the loader or the cache.
    bundled = load(bundled_path())
    assert bundled.keys is not None
    index = Index(Dataset(tuple(bundled.records), bundled.sources))
    assert index.resolve("investment in manufacturing").id == "manufacturing_investment"
    assert index.resolve("#drones").id == "drones"
    assert dict(index._by_key) == dict(bundled.keys)


# ---------------------------------------------------------------------------------------------- keys

# Pieces of names that exercise every folding: case and width, white space of several kinds around and inside,
# separators, apostrophes, plurals and British spellings, small words, kind words in both languages, particles
# and the place, digits, and a character that NFKC turns into a space and a mark.
_PIECES = [
    *"aBsxZ1２ｄ",
    " ", "\t", "\u3000", "\u00a0", "\u2028", "-", "_", "'", "’", "´", "¸",
    "ies", "es", "centres", "the", "of", "growth", "Number", "share", "rate",
    "的", "和", "深圳", "全市", "增长", "增长率", "占比", "份额", "数", "基站", "产量",
]  # fmt: skip


def _spec(record: Record) -> list[tuple[str, list[str]]]:
    """What named_by() must give, from the public folding functions one by one (its documented meaning)."""
    expected = [(record.id, [handle(record.id)])]
    for text in (record.name, record.name_zh, *record.aliases):
        found = [handle(text) if " " not in text.strip() else "", normalize(text), wording(text)]
        if record.kind in _KIND_WORDS:
            found.append(_without_kind(text, record.kind))
        expected.append((text, [key for key in found if key]))
    return expected


_NAMES = st.lists(st.sampled_from(_PIECES), max_size=7).map("".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=400, deadline=None)
@given(kind=st.sampled_from(KINDS), name=_NAMES, name_zh=_NAMES, aliases=st.lists(_NAMES, max_size=3))
def test_the_keys_of_a_record_are_its_names_folded_every_way(
    index: Index, kind: str, name: str, name_zh: str, aliases: list[str]
) -> None:
    # (A record without parts: one with parts reads a question without its kind word word by word instead.)
    record = index.dataset.records[0]._replace(
        kind=kind, name=name, name_zh=name_zh, aliases=tuple(aliases), about=None
    )
    expected = _spec(record)
    assert list(named_by(record)) == expected
    assert keys(record) == [key for _, found in expected for key in found]


def test_the_keys_of_names_with_each_kind_of_key(index: Index) -> None:
    growth = index.dataset.by_id["nev_production"]._replace(
        name="NEV production growth", name_zh=" 深圳新能源汽车产量增长 ", aliases=("Centres-of-NEV",), about=None
    )
    assert list(named_by(growth)) == [
        ("nev_production", ["#nev_production"]),
        ("NEV production growth", ["nevproductiongrowth", " growth nev production", " nev production"]),
        (
            " 深圳新能源汽车产量增长 ",
            ["#深圳新能源汽车产量增长", "深圳新能源汽车产量增长", " 新能源汽车产量增长", " 新能源汽车产量"],
        ),
        ("Centres-of-NEV", ["#centres_of_nev", "centresofnev", " center nev"]),
    ]


def test_a_kind_word_alone_stays_and_only_kind_words_leave_nothing() -> None:
    assert _without_kind("制造业 增长", "growth") == " 制造业 增长"  # 增长 is a whole word, not a suffix of one
    assert _without_kind("制造业增长", "growth") == " 制造业"
    assert _without_kind("growth rate", "growth") == ""
    assert _without_kind("drones", "growth") == ""


def test_typos_are_looked_up_only_while_the_nearest_are_too_few(tmp_path: Path) -> None:
    # Three records share a word with "blue widgetz" (as many as are shown): its near spelling is not looked up.
    index = _dataset(
        tmp_path,
        _share("cans", "Blue cans")
        + _share("pots", "Blue pots")
        + _share("jars", "Blue jars")
        + _share("bluewidgets", "Bluewidgets"),
    )
    assert [r.id for r in index.candidates("blue widgetz")] == ["cans", "pots", "jars"]
    # Exactly as many as are shown, counting a poor one: still not looked up.
    index = _dataset(tmp_path, _share("cans", "Blue cans") + _share("pots", "Blue pots") + _share("bw", "Bluewidgets"))
    assert [r.id for r in index.candidates("blue widgetz")] == ["cans", "pots"]


def test_typos_of_three_letters_and_as_many_as_asked(tmp_path: Path) -> None:
    index = _dataset(tmp_path, "".join(_share(rid, rid.title()) for rid in ("tina", "tine", "tino", "tinu", "tiny")))
    assert [r.id for r in index.candidates("tna")] == ["tina"]  # three letters are enough for a typo
    assert [r.id for r in index.candidates("tinx", limit=5)] == ["tina", "tine", "tino", "tinu", "tiny"]


def test_typos_are_measured_against_spellings_not_wordings(tmp_path: Path) -> None:
    # " blue cat" (the wording of "Cat blue") is near "bluecat"; its spelling "catblue" is not.
    index = _dataset(tmp_path, _share("cat_blue", "Cat blue"))
    assert index.candidates("bluecat") == []


def test_the_word_pattern_and_unicodedata_are_loaded_on_first_use(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shenzhen_facts.core import folding, resolve

    monkeypatch.setattr(folding, "_word_pattern", None)
    monkeypatch.setattr(folding, "_unicode_normalize", None)
    record = index.dataset.by_id["drones"]
    assert resolve.keys(record) == [key for _, found in _spec(record) for key in found]
    monkeypatch.setattr(folding, "_word_pattern", None)
    assert words("Drones_and ＵＡＶｓ 深圳无人机") == ["drone", "uav", "无人机"]


@pytest.mark.parametrize(
    ("char", "cjk"),
    [
        *[("\u2e7f", False), ("\u2e80", True), ("\u9fff", True), ("\ua000", False)],
        *[("\uf8ff", False), ("\uf900", True), ("\ufaff", True), ("\ufb00", False)],
    ],
)
def test_the_cjk_ranges_and_their_ends(char: str, cjk: bool) -> None:
    assert is_cjk(char) is cjk


def test_typos_nearer_first(tmp_path: Path) -> None:
    # "patterx" is a typo of both; "patter" is the nearer (6 letters of 7 against 6 of 8).
    index = _dataset(tmp_path, _share("pattern", "Pattern") + _share("patter", "Patter"))
    assert [r.id for r in index.candidates("patterx")] == ["patter", "pattern"]


def test_the_nearest_keep_those_half_as_near_as_the_best(tmp_path: Path) -> None:
    # "Blue widgets" shares both words (2.0); "Blue" one of two, with nothing else (exactly 1.0): kept.
    index = _dataset(tmp_path, _share("widgets", "Blue widgets") + _share("blue", "Blue") + _share("cans", "Blue cans"))
    assert [r.id for r in index.candidates("blue widgets")] == ["widgets", "blue"]


def test_a_record_with_parts_has_no_keys_without_its_kind_word(index: Index) -> None:
    # "NEV production" fits the share of global output (产量 agrees with it) as well as the growth: with parts,
    # the name's kind word left out is no key of its own, so the question is read and both records are named.
    growth = index.dataset.by_id["nev_production"]
    assert " 新能源汽车产量" not in keys(growth)
    understood = index.understand("新能源汽车产量")
    assert understood.answer is None
    assert {r.record.id for r in understood.readings if r.fits} == {"nev", "nev_production"}


@pytest.mark.parametrize(
    ("handle_word", "other"),
    [
        ("drones", ("drone",)),  # -s
        ("drone", ("drones",)),
        ("batteries", ("battery",)),  # -ies
        ("battery", ("batteries",)),  # -y
        ("watches", ("watche", "watch")),  # -ches: either ending may be the id's
        ("watch", ("watches",)),
        ("dishes", ("dishe", "dish")),  # -shes
        ("dish", ("dishes",)),
        ("boxes", ("boxe", "box")),  # -xes
        ("box", ("boxes",)),
        ("quizzes", ("quizze", "quizz")),  # -zes
        ("quartz", ("quartzes",)),  # -z
        ("lines", ("line",)),  # -es that is not -ches: only the -s comes off
    ],
)
def test_an_id_is_a_handle_in_either_number(handle_word: str, other: tuple[str, ...]) -> None:
    from shenzhen_facts.core.resolve import _numbers

    assert _numbers(handle_word) == other


@pytest.mark.parametrize(
    ("record_id", "asked"),
    [("batteries", "battery"), ("watch", "watches"), ("boxes", "box"), ("city", "cities"), ("drone", "drones")],
)
def test_an_id_answers_in_the_other_number(record_id: str, asked: str) -> None:
    bundled = load(bundled_path())
    record = bundled.by_id["drones"]._replace(id=record_id, name="Things", name_zh="东西", aliases=(), about=None)
    index = Index(Dataset((record,), bundled.sources))
    assert index.find(asked) == record and index.find(f"Shenzhen {asked}") == record
    assert index.find(f"Shenzhen's {asked}") == record and index.find(f"shenzhens {asked}") == record
    assert index.find(f"Beijing {asked}") is None  # only the place of the article is dropped


def test_a_broader_term_is_recognised_as_spelled_or_as_worded() -> None:
    from shenzhen_facts.core.resolve import _is_broader

    record = load(bundled_path()).by_id["drones"]._replace(broader=("new-energy", "unmanned aerial vehicles"))
    assert _is_broader(record, "NewEnergy")  # the same spelling, other words
    assert _is_broader(record, "vehicles, aerial, unmanned")  # the same words, another spelling
    assert not _is_broader(record, "consumer drones") and not _is_broader(record, "aerial vehicles")
    assert not _is_broader(record, "的")  # no word said: nothing to compare


@pytest.mark.parametrize(
    ("query", "nearest"),
    [
        (
            "drones share",
            [
                (
                    "drones",
                    "the article's figure is for “Consumer drones” (消费级无人机)",
                    "原文的数字针对“消费级无人机”",
                )
            ],
        ),
        (
            "batteries",  # a broader term of the record: its figure is for the narrower thing
            [
                (
                    "electrochemical_storage",
                    "the article's figure is for “Electrochemical energy storage” (电化学储能)",
                    "原文的数字针对“电化学储能”",
                )
            ],
        ),
        (
            "NEV output",  # two records fit equally: both are named, and nothing else
            [
                (
                    "nev_production",
                    "the question fits 2 records equally; say which",
                    "问题同样符合2条记录，请说明是哪一条",
                ),
                ("nev", "the question fits 2 records equally; say which", "问题同样符合2条记录，请说明是哪一条"),
            ],
        ),
        (
            "consumer drones growth",
            [("drones", "the article gives a share, not growth", "原文给出的是占比，不是“growth”")],
        ),
        ("xyzzy", []),
    ],
)
def test_a_miss_names_its_nearest_records_with_how_each_differs(
    query: str, nearest: list[tuple[str, str, str]]
) -> None:
    index = Index(load(bundled_path()))
    missed = index.no_match(index.understand(query))
    assert [(c.id, c.differs, c.differs_zh) for c in missed.candidates] == nearest


def test_a_miss_without_a_reading_names_at_most_three_near_names() -> None:
    index = Index(load(bundled_path()))
    understood = index.understand("2025")  # five records are near it; none is read as its subject
    assert understood.answer is None and understood.readings == () and len(index.candidates("2025", 10)) == 5
    missed = index.no_match(understood)
    assert len(missed.candidates) == 3 and all(c.id.endswith("_2025") for c in missed.candidates)
    assert all(c.differs == c.differs_zh == "" for c in missed.candidates)  # nothing read, nothing to say


def test_a_name_answers_with_its_record_as_the_one_reading(index: Index) -> None:
    drones = index.dataset.by_id["drones"]
    assert index.understand("drones") == Understanding("drones", drones, (Reading(drones),))
    # in traditional characters: the question as asked, the record of its simplified name
    assert index.understand("消費級無人機") == Understanding("消費級無人機", drones, (Reading(drones),))


def test_a_question_of_the_length_limit_is_read_and_a_longer_one_is_not(index: Index) -> None:
    asked = "消费级无人机占全球产量".ljust(MAX_QUERY)  # spaces: nothing a name or a reading counts
    assert index.understand(asked).answer == index.dataset.by_id["drones"]
    assert index.understand(asked + " ") == Understanding(asked + " ", None, ())


def test_a_miss_joins_the_clauses_of_a_record_in_either_language(index: Index) -> None:
    missed = index.no_match(index.understand("consumer drones share of China market 2021"))
    assert [(c.id, c.differs, c.differs_zh) for c in missed.candidates][:1] == [
        (
            "drones",
            "the article's figure is of global output, not 'market', 'china'; the article's period is 2023, not '2021'",
            "原文的范围是全球产量，不是“market、china”；原文的时段是2023年，不是“2021”",
        )
    ]


def test_a_name_without_its_kind_word_answers_for_its_kind_in_a_dataset_without_parts() -> None:
    # Without parts there is no reading: the name with its kind word left out is the key, for that kind only.
    bare = Index(Dataset(tuple(r._replace(about=None) for r in DATASET.records), DATASET.sources))
    assert bare.resolve("number of 5G base stations").id == "base_stations_5g"
    assert bare.resolve("smartphones share").id == bare.resolve("智能手机占比").id == "smartphones"
    for query in ("drones growth", "number of drones", "manufacturing investment share", "BYD revenue number"):
        assert bare.find(query) is None, query


@pytest.mark.parametrize("query", ["Shenzhen metro_bim_lines", "Shenzhen metro-bim-lines"])
def test_an_id_with_separators_answers_with_the_place_said(index: Index, query: str) -> None:
    # Its words are no name's, and read as a question they leave out the record's qualifiers (the Metro Group's
    # existing lines): only the id, with _ or - between its words, answers.
    assert index.find("Shenzhen metro bim lines") is None
    assert index.resolve(query).id == "metro_bim_lines"
