"""Query normalising and matching: exact after normalising, never a guess; suggestions and search."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shenzhen_facts.core.errors import NoMatch
from shenzhen_facts.core.resolve import Index, normalize, words
from shenzhen_facts.store.dataset import bundled_path, load


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(load(bundled_path()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Drones", "drones"),
        ("ＤＲＯＮＥＳ", "drones"),  # full-width Latin folds under NFKC
        ("new-energy vehicles", "newenergyvehicles"),
        ("new_energy  vehicles", "newenergyvehicles"),
        ("women's wear", "womenswear"),
        ("women’s wear", "womenswear"),
        ("消费级 无人机", "消费级无人机"),
        ("鹏城云脑Ⅲ", "鹏城云脑iii"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("query", "record_id"),
    [
        ("drones", "drones"),
        ("DRONES", "drones"),
        ("Consumer Drones", "drones"),
        ("消费级无人机", "drones"),
        ("ＤＲＯＮＥＳ", "drones"),
        ("womens-wear", "womenswear"),
        ("5G base stations", "base_stations_5g"),
        ("5g base stations", "base_stations_5g"),
        ("communication base stations", "telecom_base_stations"),
        ("2023-11-28", "conference_2023_11_28"),
        ("鹏城云脑III", "pengcheng_cloud_brain_3"),
    ],
)
def test_resolve(index: Index, query: str, record_id: str) -> None:
    assert index.resolve(query).id == record_id


@pytest.mark.parametrize("query", ["dron", "phone x", "", "   ", "global", "🚁", "share", "growth", "number of"])
def test_nothing_is_guessed(index: Index, query: str) -> None:
    with pytest.raises(NoMatch):
        index.resolve(query)


def test_suggestions_for_a_near_miss(index: Index) -> None:
    with pytest.raises(NoMatch) as caught:
        index.resolve("dornes")
    assert caught.value.suggestions[0] == "drones"
    assert len(caught.value.suggestions) <= 3


def test_search_ranks_names_before_notes(index: Index) -> None:
    found = [record.id for record in index.search("5G")]
    assert found[0] == "base_stations_5g"
    assert set(found) == {"base_stations_5g"}


def test_search_takes_words_in_any_order_and_says_where_it_matched(index: Index) -> None:
    hits = index.search_hits("investment manufacturing")
    assert [(h.record.id, h.matched) for h in hits] == [
        ("manufacturing_investment", "name words"),
        ("high_tech_manufacturing_investment", "name words"),
    ]
    assert [h.record.id for h in index.search_hits("manufacturing investment")] == [
        "manufacturing_investment",  # the whole name (growth said or not) ranks first
        "high_tech_manufacturing_investment",
    ]
    assert [(h.record.id, h.matched) for h in index.search_hits("上云")] == [("cloud_enterprises", "broader")]
    assert [(h.record.id, h.matched) for h in index.search_hits("上平台 深度")] == [("cloud_enterprises", "name words")]
    assert [(h.record.id, h.matched) for h in index.search_hits("batteries")] == [
        ("electrochemical_storage", "broader")
    ]
    # The quote and the notes are searched: 稳居 is only in a clause, "photo caption" only in a note.
    assert [(h.record.id, h.matched) for h in index.search_hits("稳居")] == [("byd_sales_rank", "text")]
    assert [(h.record.id, h.matched) for h in index.search_hits("caption photo")] == [("xiaomo_exports", "text")]
    assert [(h.record.id, h.matched) for h in index.search_hits("drones")] == [("drones", "name")]
    assert index.search_hits("") == [] and index.search_hits("   ") == []


def test_search_ranks_name_alias_broader_words_text_and_ties_in_file_order(index: Index) -> None:
    ranks = [h.matched for h in index.search_hits("BYD")]
    assert ranks == ["broader", "name words", "name words"]  # "byd" is a wider term of BYD's revenue
    assert [h.record.id for h in index.search_hits("BYD")] == ["byd_revenue", "byd_net_profit", "byd_sales_rank"]
    order = ["name", "alias", "broader", "name words", "alias words", "text"]
    for text in ("新能源汽车", "5G", "2023", "global", "investment", "超过"):
        found = [order.index(h.matched) for h in index.search_hits(text)]
        assert found == sorted(found), text


def test_search_in_chinese_reaches_quotes(index: Index) -> None:
    found = [record.id for record in index.search("新能源汽车")]
    assert found[0] == "nev"  # its Chinese name is exactly that
    assert {"nev_production", "nev_departments", "byd_sales_rank", "supercharging_speedup"} <= set(found)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_query_resolves_or_gets_no_match(query: str) -> None:
    index = Index(load(bundled_path()))
    try:
        record = index.resolve(query)
    except NoMatch as error:
        assert len(error.suggestions) <= 3
        assert len(str(error)) < 300
    else:
        # It answered: the query spells, words or (as a handle) is one of the record's own names.
        texts = (record.name, record.name_zh, *record.aliases)
        assert (
            normalize(query) in {normalize(t) for t in texts}
            or set(words(query)) in [set(words(t)) for t in texts]
            or query.strip().casefold().replace("-", "_") == record.id
            or record.kind in ("growth", "count")  # their kind's words ("growth", "number of") are optional
        ), (query, record.id)
    assert normalize(normalize(query)) == normalize(query)


@given(
    st.sampled_from(sorted({a for r in load(bundled_path()).records for a in (r.id, r.name, *r.aliases)})),
    st.sampled_from([str.upper, str.lower, str.title, lambda t: t.replace(" ", "-"), lambda t: f"  {t} "]),
)
@settings(max_examples=200, deadline=None)
def test_every_name_survives_case_and_separators(name: str, spell: object) -> None:
    assert callable(spell)
    index = Index(load(bundled_path()))
    assert index.resolve(spell(name)) == index.resolve(name)


def test_a_long_query_is_cut_after_normalising_not_before(tmp_path: Path) -> None:
    # Two aliases that share their first 450 characters must not be confused, and padding never hides a name.
    text = (Path(__file__).parent / "fixtures" / "valid" / "minimal.toml").read_text(encoding="utf-8")
    shared = "w" * 450
    text = text.replace('aliases = ["widget"]', f'aliases = ["{shared}a"]', 1)
    text = text.replace('name = "Gadget plants by 2025"', f'name = "Gadget plants by 2025"\naliases = ["{shared}b"]', 1)
    path = tmp_path / "long.toml"
    path.write_text(text, encoding="utf-8")
    index = Index(load(path))
    assert index.resolve(shared + "a").id == "widgets"
    assert index.resolve(shared + "b").id == "gadgets_target"
    assert index.resolve(" " * 5000 + "widgets" + " " * 5000).id == "widgets"
    with pytest.raises(NoMatch):
        index.resolve(shared)


def test_chinese_converts_between_traditional_and_simplified_characters() -> None:
    from shenzhen_facts.core.resolve import simplified, traditional

    assert simplified("消費級無人機") == "消费级无人机" and simplified("智能手機產量") == "智能手机产量"
    assert simplified("消费级无人机") == "消费级无人机" and simplified("drones 5G") == "drones 5G"
    assert traditional("消费级无人机") == "消費級無人機" and traditional("鐘錶") == "鐘錶"
    assert simplified("無\udcff") == "無\udcff"  # an undecodable byte of argv: nothing to convert, no error
    assert traditional("无\udcff") == "无\udcff"
