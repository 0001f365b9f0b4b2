"""Questions read against the records' parts (issue 18): every example of the issue, and the rules as properties."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shenzhen_facts.core.errors import NoMatch
from shenzhen_facts.core.folding import is_cjk
from shenzhen_facts.core.model import About, Dataset
from shenzhen_facts.core.reading import Difference, Parts, Reading, measure_words, term, vocabulary, with_synonyms
from shenzhen_facts.core.resolve import Index, simplified
from shenzhen_facts.store.dataset import bundled_path, load

DATASET = load(bundled_path())


@pytest.fixture
def index() -> Index:
    """A new Index per test: one built at import keeps its records' parts and vocabulary from whatever code built
    it, so under mutation testing (scripts/mutation.py) a mutant in the reading of questions would never run."""
    return Index(DATASET)


PARTED = [r for r in DATASET.records if r.about is not None]

# The issue's "must answer, refused today", each with the record it must answer with.
MUST_ANSWER = {
    "消费级无人机占全球产量": "drones",
    "女装占中国高端市场": "womenswear",
    "钟表产量占全球产量": "clocks_and_watches",
    "share of global smartphone output": "smartphones",
    "新能源汽车全球占比": "nev",
    "how many 5G base stations": "base_stations_5g",
    "累计5G基站": "base_stations_5g",
    "比亚迪前三季度营收": "byd_revenue",
    "BYD revenue growth in the first three quarters": "byd_revenue",
    "three-year tasks": "work_items_three_year",
    "annual tasks": "work_items_annual",
    "medium and long term tasks": "work_items_long_term",
    "maximum subsidy per project": "retrofit_subsidy_cap",
    "retrofit subsidy cap": "retrofit_subsidy_cap",
    "departments issuing NEV measures": "nev_departments",
    "focus areas of the conference": "focus_areas",
    "Shenzhen Metro Group business scenarios": "metro_scenarios",
    "trillion-yuan industry clusters": "clusters_trillion_2025",
    # traditional characters
    "消費級無人機": "drones",
    "智能手機": "smartphones",
    "新能源汽車": "nev",
    "女裝": "womenswear",
    "鐘錶": "clocks_and_watches",
    "中高端眼鏡": "mid_high_end_eyewear",
    "電化學儲能": "electrochemical_storage",
    "規模以上工業增加值": "industrial_value_added",
    "製造業投資": "manufacturing_investment",
    "比亞迪淨利潤": "byd_net_profit",
    "五大重點任務": "key_tasks",
    # rules a user can predict: an id in either number, with Shenzhen said
    "drone": "drones",
    "Shenzhen drones": "drones",
    "timepieces": "clocks_and_watches",
}

# The issue's refusals that named nothing, and traditional wordings of wider things: each must name a record.
MUST_NAME = {
    "無人機": "drones",
    "手機": "smartphones",
    "眼鏡": "mid_high_end_eyewear",
    "sunglasses": "mid_high_end_eyewear",
    "smartwatches": "clocks_and_watches",
    "watches": "clocks_and_watches",
    "充电桩": "supercharging_speedup",
    "快充": "supercharging_speedup",
    "锂电池": "electrochemical_storage",
    "GDP": "industrial_value_added",
    "制造业增加值": "industrial_value_added",
    "drones share of global output": "drones",
    "BYD net profit growth in 2023": "byd_net_profit",
    "制造业投资额": "manufacturing_investment",
    "womenswear share of global output": "womenswear",
}


@pytest.mark.parametrize(("query", "expected"), MUST_ANSWER.items())
def test_every_question_of_the_issue_answers(index: Index, query: str, expected: str) -> None:
    assert index.resolve(query).id == expected


@pytest.mark.parametrize(("query", "expected"), MUST_NAME.items())
def test_every_refusal_of_the_issue_names_the_record_meant(index: Index, query: str, expected: str) -> None:
    with pytest.raises(NoMatch) as caught:
        index.resolve(query)
    assert expected in caught.value.nearest


@pytest.mark.parametrize(
    ("query", "record", "said"),
    [
        ("UAVs", "drones", "the article's figure is for “Consumer drones” (消费级无人机)"),
        ("watches", "clocks_and_watches", "the article's figure is for “Clocks and watches” (钟表)"),  # a broader term
        ("batteries", "electrochemical_storage", "the article's figure is for “Electrochemical energy storage”"),
        ("drones share of global output", "drones", "the article's figure is for “Consumer drones” (消费级无人机)"),
        ("制造业投资额", "manufacturing_investment", "the article gives growth, not an amount"),
        ("比亚迪营收多少", "byd_revenue", "the article gives growth, not a level"),
        ("BYD net profit growth in 2023", "byd_net_profit", "the article's period is first three quarters of 2023"),
        ("womenswear global share", "womenswear", "the article's figure is of China's high-end market, not 'global'"),
        ("5G base stations in 2023", "base_stations_5g", "the article states no period for this figure"),
    ],
)
def test_a_refusal_says_what_differs(index: Index, query: str, record: str, said: str) -> None:
    with pytest.raises(NoMatch) as caught:
        index.resolve(query)
    assert caught.value.nearest[0] == record
    assert said in caught.value.differs[record]
    assert said in str(caught.value)


def test_a_refusal_says_what_differs_in_chinese(index: Index) -> None:
    with pytest.raises(NoMatch) as caught:
        index.resolve("无人机")
    assert caught.value.zh == (
        "没有与 '无人机' 匹配的记录：原文的数字针对“消费级无人机”；最接近的：drones（消费级无人机，占全球产量70%）"
    )


def test_the_library_never_tells_a_python_user_to_run_a_command(index: Index) -> None:
    with pytest.raises(NoMatch) as caught:
        index.resolve("population of Mars")
    assert "szfacts" not in str(caught.value) and caught.value.nearest == ()


def test_a_question_that_fits_is_read_as_a_value(index: Index) -> None:
    understood = index.understand("consumer drones share of global output in 2023")
    assert understood.answer is not None and understood.answer.id == "drones"
    assert understood.readings[0] == Reading(understood.answer, (), (), understood.readings[0].weight)
    refused = index.understand("industrial drones")
    assert refused.answer is None
    assert refused.readings[0].differs == (Difference("qualifier", "", "消费级 / consumer"),)
    assert refused.readings[0].unexplained == ("industrial",)


def test_simplified_text_is_never_converted() -> None:
    # GB 2312 holds simplified characters only: text within it is returned as it is, with no converter loaded.
    assert simplified("消费级无人机占全球产量") == "消费级无人机占全球产量"
    assert simplified("消費級無人機") == "消费级无人机"
    assert simplified("無\udcff") == "無\udcff"  # a lone surrogate from argv: nothing to convert, no error


# ---------------------------------------------------------------------------------------------- properties


def _description(record_id: str, chinese: bool) -> str:
    record = DATASET.by_id[record_id]
    assert record.about is not None
    groups = [record.about.subject, *record.about.qualifiers]
    picked = [next(t for t in group if any(map(is_cjk, t)) == chinese) for group in groups]
    return "".join(reversed(picked)) if chinese else " ".join(reversed(picked))


def _has_both(record_id: str) -> bool:
    record = DATASET.by_id[record_id]
    assert record.about is not None
    groups = [record.about.subject, *record.about.qualifiers]
    return all(any(any(map(is_cjk, t)) for t in g) and any(not any(map(is_cjk, t)) for t in g) for g in groups)


DESCRIBED = [
    r.id for r in PARTED if _has_both(r.id) and Index(DATASET).understand(_description(r.id, False)).answer == r
]


def test_most_records_answer_their_plain_description() -> None:
    # The property tests below draw from these; a record whose bare description fits another too (the two NEV
    # records: output) is left to the example tests.
    assert len(DESCRIBED) >= 30


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150, deadline=None)
@given(st.sampled_from(DESCRIBED), st.booleans(), st.data())
def test_adding_a_word_that_agrees_never_loses_the_answer(
    index: Index, record_id: str, chinese: bool, data: st.DataObject
) -> None:
    record = index.dataset.by_id[record_id]
    assert record.about is not None
    added: list[str] = []
    # Words of the record's own parts that change nothing, and at most one wording each of its period and of a
    # measure that fits it (two wordings of one date would say its day twice).
    for texts, most in (
        (record.about.also + record.about.scope, 2),
        (record.about.period, 1),
        (measure_words(record.kind), 1),
    ):
        usable = [t for t in texts if any(map(is_cjk, t)) == chinese]
        if usable:
            added += data.draw(st.lists(st.sampled_from(usable), max_size=most, unique=True))
    place = data.draw(st.sampled_from(["", "深圳" if chinese else "Shenzhen"]))
    joiner = "" if chinese else " "
    query = joiner.join([place, _description(record_id, chinese), *added]).strip()
    understood = index.understand(query)
    if understood.answer is None:
        # The one way to lose it: the added word fits another record as well (产量/output fits the growth of NEV
        # production as well as NEV's share of global output), and then both are named, neither answers.
        fitting = [r.record.id for r in understood.readings if r.fits]
        assert record_id in fitting and len(fitting) > 1, (query, [r.clauses("en") for r in understood.readings])
    else:
        assert understood.answer.id == record_id, query


QUALIFIED = [r for r in DESCRIBED if DATASET.by_id[r].about.qualifiers and r != "drones"]  # type: ignore[union-attr]
# (`drones` is left out: its id is a handle that answers in either number, "drone" included; README.)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=100, deadline=None)
@given(st.sampled_from(QUALIFIED), st.booleans())
def test_dropping_a_defining_qualifier_never_answers_with_the_record(
    index: Index, record_id: str, chinese: bool
) -> None:
    # It may answer with another record that is exactly the thing said ("manufacturing investment" of "high-tech
    # manufacturing investment"); it never answers with this one, and a refusal names this one.
    record = index.dataset.by_id[record_id]
    assert record.about is not None
    for subject in [t for t in record.about.subject if any(map(is_cjk, t)) == chinese]:
        understood = index.understand(subject)
        assert understood.answer is None or understood.answer.id != record_id, subject
        if understood.answer is None:
            with pytest.raises(NoMatch) as caught:
                index.resolve(subject)
            assert record_id in caught.value.nearest, subject


@pytest.mark.parametrize("record", DATASET.records, ids=lambda r: r.id)
def test_every_chinese_name_answers_in_traditional_characters(index: Index, record: object) -> None:
    import opencc

    traditional = opencc.OpenCC("s2t").convert(record.name_zh)  # type: ignore[attr-defined]
    assert index.resolve(traditional).id == record.id  # type: ignore[attr-defined]


def test_a_name_in_traditional_characters_answers_in_a_dataset_without_parts(index: Index) -> None:
    # Conversion is not a matter of parts: another city's dataset that states none still hears 消費級無人機.
    dataset = index.dataset
    records = tuple(r._replace(about=None) for r in dataset.records)
    bare = Index(Dataset(records, dataset.sources))
    assert bare.resolve("消費級無人機").id == "drones"
    assert bare.find("drones share of global output") is None  # no parts: a question is not read


@pytest.mark.parametrize(
    ("word", "year"),
    [
        ("2022", True),
        ("1998", True),
        ("200", False),
        ("3023", False),
        ("20234", False),
        ("19th", False),
        ("blah", False),
    ],
)
def test_a_year_left_over_is_another_period_and_any_other_word_is_not(index: Index, word: str, year: bool) -> None:
    reading = index.understand(f"consumer drones {word}").readings[0]
    assert reading.record.id == "drones" and not reading.fits
    assert [tuple(d) for d in reading.differs] == ([("period", word, "2023年 / 2023", "")] if year else [])


def test_a_refusal_lists_every_word_of_an_aspect_in_either_language(index: Index) -> None:
    reading = index.understand("consumer drones 2021 2022 blah foo").readings[0]
    assert reading.clauses("en") == [
        "the article's period is 2023, not '2021', '2022'",
        "the article says nothing of 'blah', 'foo'",
    ]
    assert reading.clauses("zh") == ["原文的时段是2023年，不是“2021、2022”", "原文未提及blah、foo"]


def test_a_chinese_word_is_taken_from_a_run_of_its_own_before_one_it_is_inside() -> None:
    from shenzhen_facts.core.reading import _take

    pool = ["未来三年", "2023", "年"]  # "未来三年 … 2023年": the 年 of the date, not the one inside 未来三年
    assert _take(("2023", "年"), pool) and pool == ["未来三年", "\x00", "\x00"]
    inside = ["未来三年"]
    assert _take(("三年",), inside) and inside == ["未来\x00"]
    missing = ["未来三年", "2023"]
    assert not _take(("2023", "月"), missing) and missing == ["未来三年", "2023"]  # all or nothing


@pytest.mark.parametrize(
    ("query", "record_id", "differs"),
    [
        ("consumer drones growth", "drones", ("growth", "a share", "growth")),
        ("消费级无人机增长", "drones", ("增长", "a share", "growth")),
        ("how many consumer drones", "drones", ("how many", "a share", "a count")),
        ("BYD revenue share", "byd_revenue", ("share", "growth", "a share")),
        # "how much" asks for a level: it fits a growth only beside a growth word, else it differs as a level
        ("比亚迪营收多少", "byd_revenue", ("多少", "growth", "a level")),
        ("BYD revenue how much", "byd_revenue", ("how much", "growth", "a level")),
        ("比亚迪营收增长多少", "byd_revenue", None),
        ("how much did BYD revenue grow", "byd_revenue", None),
    ],
)
def test_another_measure_differs_with_what_the_article_gives_and_what_was_asked(
    index: Index, query: str, record_id: str, differs: tuple[str, str, str] | None
) -> None:
    understood = index.understand(query)
    reading = understood.readings[0]
    assert reading.record.id == record_id
    if differs is None:
        assert understood.answer == reading.record and reading.fits and reading.differs == ()
    else:
        assert understood.answer is None
        assert [tuple(d) for d in reading.differs] == [("measure", *differs)]


@pytest.mark.parametrize(
    ("query", "record_id", "differs"),
    [
        # the record's own words of what the figure is of, its scope and its period agree with it
        ("consumer drones output", "drones", []),
        ("consumer drones share of global output", "drones", []),
        ("consumer drones 2023", "drones", []),
        ("消费级无人机2023年全球产量占比", "drones", []),
        # another scope or period refuses it, with the record's own beside what was said
        (
            "consumer drones share of China market",
            "drones",
            [("scope", "market", "全球产量 / global output", ""), ("scope", "china", "全球产量 / global output", "")],
        ),
        ("consumer drones first half", "drones", [("period", "first half", "2023年 / 2023", "")]),
        ("消费级无人机上半年", "drones", [("period", "上半年", "2023年 / 2023", "")]),
        ("女装全球占比", "womenswear", [("scope", "全球", "中国高端市场 / china's high-end market", "")]),
    ],
)
def test_the_records_scope_and_period_agree_and_others_differ(
    index: Index, query: str, record_id: str, differs: list[tuple[str, str, str, str]]
) -> None:
    understood = index.understand(query)
    reading = understood.readings[0]
    assert reading.record.id == record_id and [tuple(d) for d in reading.differs] == differs
    assert (understood.answer == reading.record) == (not differs) == reading.fits


@pytest.mark.parametrize(
    ("query", "fits"),
    [("消费级无人机占全球产量", True), ("how many consumer drones", False), ("consumer drones 2022", False)],
)
def test_one_record_is_read_alone_as_the_index_reads_it(index: Index, query: str, fits: bool) -> None:
    from shenzhen_facts.core.reading import Parts, read, vocabulary

    vocab = vocabulary()
    alone = read(Parts(DATASET.by_id["drones"], vocab), query, vocab)  # the question's vocabulary words found here
    assert alone == index.understand(query).readings[0] and alone.fits == fits


@pytest.mark.parametrize(
    ("query", "record_id", "english", "chinese"),
    [
        # a qualifier left out: the record's figure is for the narrower thing; a target's words are spoken of
        (
            "drones share",
            "drones",
            "the article's figure is for “Consumer drones” (消费级无人机)",
            "原文的数字针对“消费级无人机”",
        ),
        (
            "clusters",
            "clusters_trillion_2025",
            "the article speaks of “Trillion-yuan-class industrial clusters by 2025” (万亿元级产业集群)",
            "原文说的是“万亿元级产业集群”",
        ),
        ("consumer drones growth", "drones", "the article gives a share, not growth", "原文给出的是占比，不是“growth”"),
        (
            "consumer drones share of China market",
            "drones",
            "the article's figure is of global output, not 'market', 'china'",
            "原文的范围是全球产量，不是“market、china”",
        ),
        (
            "byd revenue 2022",
            "byd_revenue",
            "the article's period is first three quarters of 2023, not '2022'",
            "原文的时段是2023年前三季度，不是“2022”",
        ),
        (
            "key tasks 2023",
            "key_tasks",
            "the article states no period for this figure (asked: '2023')",
            "原文未说明这一数字的时段（问的是“2023”）",
        ),
    ],
)
def test_each_difference_is_one_clause_in_either_language(
    index: Index, query: str, record_id: str, english: str, chinese: str
) -> None:
    reading = index.understand(query).readings[0]
    assert reading.record.id == record_id
    assert (reading.clauses("en"), reading.clauses("zh")) == ([english], [chinese])


def test_the_readings_that_fit_come_first(index: Index) -> None:
    understood = index.understand("新能源汽车产量增长率")  # the production growth fits; the share is another measure
    assert [(r.record.id, r.fits) for r in understood.readings] == [("nev_production", True), ("nev", False)]
    assert understood.answer is not None and understood.answer.id == "nev_production"


def test_differences_come_in_the_order_of_the_aspects_not_of_the_alphabet(index: Index) -> None:
    reading = index.understand("consumer drones share of China market 2021").readings[0]
    assert [d.aspect for d in reading.differs] == ["scope", "scope", "period"]


def test_a_record_whose_subject_the_question_never_says_is_not_read() -> None:
    # Its subject "output" and qualifier "global" make the vocabulary's scope "global output": no subject is said.
    record = DATASET.by_id["drones"]._replace(
        about=About(("output", "产量"), (("global", "全球"),), (), (), ("2023", "2023年"))
    )
    understood = Index(Dataset((record,), DATASET.sources)).understand("2023 share global output")
    assert understood.answer is None and understood.readings == ()


# ---------------------------------------------------------------------------------------------- one rule, one case
# Records of one made-up subject ("widget"), told apart by their parts alone: which is read first, and why.


def _widgets(*abouts: About) -> Index:
    base = DATASET.by_id["drones"]
    records = tuple(
        base._replace(id=f"w{n}", name=f"Record {n}", name_zh=f"记录{n}", aliases=(), broader=(), about=about)
        for n, about in enumerate(abouts)
    )
    return Index(Dataset(records, DATASET.sources))


def _order(index: Index, query: str) -> list[tuple[str, bool]]:
    return [(reading.record.id, reading.fits) for reading in index.understand(query).readings]


@pytest.mark.parametrize("field", ["also", "scope", "period"])
def test_a_records_own_word_weighs_where_a_small_word_does_not(field: str) -> None:
    # "tell" is a small word of the vocabulary: both records fit "widget tell"; the one whose own parts say it
    # accounts for more of the question, so it is read first although it comes second in the file.
    index = _widgets(About(("widget",)), About(("widget",), **{field: ("tell",)}))
    assert _order(index, "widget tell") == [("w1", True), ("w0", True)]


def test_the_subject_and_qualifiers_weigh_twice_what_other_own_words_do() -> None:
    # w0: subject "widget pro" (9 characters, twice: 18). w1: subject "widget" (6, twice: 12) and the also-words
    # "pro" and "tell" (3 + 4 = 7): 19, so w1 is read first; were the subject three times the rest, w0 would be.
    index = _widgets(About(("widget", "widget pro")), About(("widget",), also=("pro", "tell")))
    assert _order(index, "widget pro tell") == [("w1", True), ("w0", True)]


def test_a_synonyms_variant_weighs_one_character_less_than_the_records_own_wording() -> None:
    # 任务安排 is a synonym of 工作安排: w0 reads it as a variant of its subject (4 characters, twice, less one) with
    # its own also-word 年 (1): 8, as much as w1's own subject 任务安排 (8; 年 is a small word): a tie, in file order.
    index = _widgets(About(("工作安排",), also=("年",)), About(("任务安排",)))
    assert _order(index, "任务安排年") == [("w0", True), ("w1", True)]
    assert _order(_widgets(About(("工作安排",)), About(("任务安排",))), "任务安排") == [("w1", True), ("w0", True)]


def test_a_group_is_labelled_by_its_first_wording_in_each_language() -> None:
    about = About(("widget",), (("blue", "azure"), ("蓝色", "天蓝"), ("红色", "red", "赤", "crimson")), scope=("全球",))
    parts = Parts(DATASET.by_id["drones"]._replace(about=about), vocabulary())
    assert parts.groups == ["blue", "蓝色", "红色 / red"]
    assert (parts.scope, parts.period) == ("全球", "")


def test_a_missing_qualifier_of_an_event_names_what_the_article_speaks_of() -> None:
    event = DATASET.by_id["conference_2023_11_28"]  # an event states its date, which is no figure
    assert event.stated is not None
    missing = Difference("qualifier", "", "")
    assert missing.clause(event, "en") == f"the article speaks of “{event.name}” ({event.name_zh})"
    assert missing.clause(event, "zh") == f"原文说的是“{event.name_zh}”"


def test_another_scope_of_a_record_without_one_is_something_the_article_does_not_mention() -> None:
    event = DATASET.by_id["conference_2023_11_28"]
    assert event.scope is None and event.scope_zh is None
    asked = Difference("scope", "全球", "")
    assert asked.clause(event, "zh") == "原文未提及“全球”"
    assert asked.clause(event, "en") == "the article says nothing of '全球' for this figure"


def test_another_measure_made_without_what_it_asks_names_the_word_said() -> None:
    # The reading always says what the measure asks for ("a level"); a Difference made in Python may not.
    drones = DATASET.by_id["drones"]
    assert Difference("measure", "growth", "a share").clause(drones, "en") == "the article gives a share, not 'growth'"
    assert Difference("measure", "growth", "a share", "growth").clause(drones, "en") == (
        "the article gives a share, not growth"
    )


def test_a_clause_is_refused_in_a_language_it_does_not_speak() -> None:
    with pytest.raises(ValueError, match=r"^lang must be one of en, zh; got 'fr'$"):
        Difference("scope", "全球", "").clause(DATASET.by_id["drones"], "fr")
    with pytest.raises(ValueError, match="got 'EN'"):
        Reading(DATASET.by_id["drones"], (Difference("scope", "全球", ""),)).clauses("EN")


def test_a_synonym_is_put_for_any_member_of_its_group_that_a_wording_contains() -> None:
    # "work items" is the group's second member: the first, "tasks", is not in the wording, and the search goes on.
    variants = with_synonyms([term("annual work items")], [[term("tasks"), term("work items")]])
    assert variants == {("annual", "work", "item"): True, ("annual", "task"): False}


@pytest.mark.parametrize(
    "query",
    [
        "消费级无人机。",
        "「消费级无人机」占全球产量",
        "消费级无人机、全球产量",
        "深圳。消费级无人机占全球产量多少",
        "消费级无人机\u303f",  # the last character of the block
    ],
)
def test_chinese_punctuation_stands_between_words(index: Index, query: str) -> None:
    assert index.resolve(query).id == "drones"


def test_a_word_a_claim_uses_is_a_small_word_of_a_question_too(index: Index) -> None:
    # "hold" is a word of claims (vocabulary.toml's claim_small): a question may say it as well.
    assert index.resolve("what share of global output do consumer drones hold").id == "drones"


def test_the_vocabulary_reads_the_same_in_a_locale_that_is_not_utf_8(tmp_path: Path) -> None:
    # A user's locale may be Latin-1: the vocabulary is UTF-8 whatever the locale says.
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(tmp_path / "en_US.ISO-8859-1")],
        capture_output=True,
        check=False,
    )
    if made.returncode not in (0, 1):  # 1: made, with warnings
        pytest.skip(f"localedef cannot make a Latin-1 locale here: {made.stderr.decode(errors='replace')[:200]}")
    env = {
        **os.environ,
        "LOCPATH": str(tmp_path),
        "LC_ALL": "en_US.ISO-8859-1",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
    }
    script = (
        "import json, locale; from shenzhen_facts.core.reading import vocabulary; "
        "print(json.dumps([locale.getpreferredencoding(False), sorted(vocabulary().by_word)]))"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True, text=True)
    encoding, keys = json.loads(out.stdout)
    assert encoding == "ISO-8859-1"
    assert keys == sorted(vocabulary().by_word) and "占" in keys
