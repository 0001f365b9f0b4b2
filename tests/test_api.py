"""The library face, used as a notebook or a script would: import, load, look up, search, list."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shenzhen_facts import __version__
from shenzhen_facts.api import DatasetInvalid, DatasetMissing, Facts, NoMatch, load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def facts() -> Facts:
    return load()


def test_the_readme_example(facts: Facts) -> None:
    record = facts.get("investment in manufacturing")
    assert (record.id, record.stated, record.number) == ("manufacturing_investment", "59.3%", 59.3)
    assert facts["drones"].number == 70 and "drones" in facts and "batteries" not in facts
    assert len(facts) == 38 and facts.sources[0].publication_zh == "深圳特区报"


def test_a_miss_raises_a_lookup_error_with_the_nearest(facts: Facts) -> None:
    with pytest.raises(LookupError) as caught:
        facts.get("car exports")
    assert isinstance(caught.value, NoMatch)
    assert caught.value.suggestions == ("xiaomo_exports",)
    assert [r.id for r in facts.nearest("car exports")] == ["xiaomo_exports"]
    assert facts.find("car exports") is None


def test_search_list_shares_and_timeline(facts: Facts) -> None:
    assert [(h.record.id, h.matched) for h in facts.search("上云")] == [("cloud_enterprises", "broader")]
    assert [r.id for r in facts.list("ratio")] == ["supercharging_speedup"]
    assert [r.id for r in facts.shares()][:3] == ["drones", "mid_high_end_eyewear", "womenswear"]
    with pytest.raises(ValueError, match="kind must be one of"):
        facts.list("shares")
    years = {entry.year for entry in facts.timeline()}
    assert years == {2023, 2025, 2035}
    assert {e.status for e in facts.timeline(2025)} == {"deadline-passed"}  # today is after 2025


def test_load_a_given_dataset_and_its_errors(tmp_path: Path) -> None:
    mine = load(FIXTURES / "valid" / "minimal.toml")
    assert mine.get("widget").id == "widgets"
    with pytest.raises(DatasetMissing):
        load(tmp_path / "nope.toml")
    with pytest.raises(DatasetInvalid) as caught:
        load(FIXTURES / "invalid" / "shared_alias.toml")
    assert caught.value.problems[0].path == "records[1].aliases"


def test_importing_the_library_loads_neither_typer_nor_rich(tmp_path: Path) -> None:
    script = (
        "import sys, json\n"
        "from shenzhen_facts.api import load\n"
        "facts = load()\n"
        "print(json.dumps([facts.get('BYD net income').stated, sorted(sys.modules)]))\n"
    )
    env = {**os.environ, "SZFACTS_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60, check=True
    )
    stated, modules = json.loads(done.stdout)
    assert stated == "129.47%"
    assert not {m for m in modules if m.split(".")[0] in ("typer", "click", "rich")}


def test_hit_is_exported_though_loaded_only_when_asked_for(facts: Facts) -> None:
    from shenzhen_facts import api
    from shenzhen_facts.core.resolve import Hit

    assert api.Hit is Hit and "Hit" in api.__all__
    assert all(isinstance(hit, Hit) for hit in facts.search("5G"))
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        api.Nothing  # noqa: B018


# ---------------------------------------------------------------------------------------------- the package face


def test_the_package_itself_loads_the_bundled_article() -> None:
    import shenzhen_facts as sz

    facts = sz.load()
    assert isinstance(facts, sz.Facts)
    assert facts.get("consumer drones").stated == "70%"
    with pytest.raises(sz.NoMatch):
        facts.get("batteries")


def test_importing_the_package_does_not_load_the_api() -> None:
    code = "import sys, shenzhen_facts; print('shenzhen_facts.api' in sys.modules, shenzhen_facts.__version__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", __version__]


def test_help_of_the_package_shows_how_to_use_it() -> None:
    import shenzhen_facts as sz

    assert sz.__doc__ is not None
    assert "sz.load()" in sz.__doc__ and 'facts.get("consumer drones")' in sz.__doc__
    assert doctest.testmod(sz).failed == 0  # the example in help(sz) is true


def test_an_unknown_name_of_the_package_is_an_attribute_error() -> None:
    import shenzhen_facts as sz

    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        sz.lod  # noqa: B018


@pytest.mark.parametrize("query", [5, None, b"drones", ["drones"]])
def test_a_query_that_is_not_text_is_a_type_error(query: object) -> None:
    facts = load()
    for method in (facts.get, facts.find, facts.nearest, facts.search):
        with pytest.raises(TypeError, match=f"must be a str, not {type(query).__name__}"):
            method(query)  # type: ignore[arg-type]


def test_understand_returns_what_a_question_says_about_each_record() -> None:
    import shenzhen_facts.api as sz

    facts = sz.load()
    understood = facts.understand("消費級無人機占全球產量")
    assert isinstance(understood, sz.Understanding) and understood.answer is not None
    assert understood.answer.id == "drones"
    refused = facts.understand("drones share of global output")
    assert refused.answer is None and refused.readings[0].record.id == "drones"
    assert refused.readings[0].differs == (sz.Difference("qualifier", "", "消费级 / consumer"),)
    with pytest.raises(sz.NoMatch) as caught:
        facts.get("drones share of global output")
    assert caught.value.nearest[0] == "drones"
    assert caught.value.differs["drones"] == "the article's figure is for “Consumer drones” (消费级无人机)"
    with pytest.raises(TypeError):
        facts.understand(5)  # type: ignore[arg-type]
