"""Query normalising and matching: exact after normalising, never a guess; suggestions and search."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shenzhen_facts.dataset import bundled_path, load
from shenzhen_facts.errors import NoMatch
from shenzhen_facts.resolve import Index, normalize


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
        ("drone", "drones"),
        ("DRONES", "drones"),
        ("Consumer Drones", "drones"),
        ("消费级无人机", "drones"),
        ("无人机", "drones"),
        ("ＤＲＯＮＥＳ", "drones"),
        ("womens-wear", "womenswear"),
        ("5G", "base_stations_5g"),
        ("5g base stations", "base_stations_5g"),
        ("base stations", "base_stations"),
        ("2023-11-28", "conference_2023_11_28"),
        ("鹏城云脑III", "pengcheng_cloud_brain_3"),
    ],
)
def test_resolve(index: Index, query: str, record_id: str) -> None:
    assert index.resolve(query).id == record_id


@pytest.mark.parametrize("query", ["dron", "phone x", "", "   ", "global", "🚁"])
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
        assert normalize(query) in {normalize(t) for t in (record.id, record.name, record.name_zh, *record.aliases)}
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
