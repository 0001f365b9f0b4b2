"""The bundled data.toml: every record valid, every figure inside its clause, every clause in the article."""

from __future__ import annotations

import re

import pytest

from shenzhen_facts.core.figures import parse_stated
from shenzhen_facts.core.model import Dataset, Record
from shenzhen_facts.store.dataset import bundled_path, load

DATASET = load(bundled_path())
FIGURES = [r for r in DATASET.records if r.value is not None]


def test_bundled_dataset_loads() -> None:
    assert isinstance(DATASET, Dataset)
    assert DATASET.kinds() == {
        "share": 8,
        "growth": 6,
        "count": 13,
        "money": 1,
        "ratio": 1,
        "rank": 1,
        "target": 6,
        "event": 2,
    }


@pytest.mark.parametrize("record", DATASET.records, ids=lambda r: r.id)
def test_quote_is_verbatim_in_the_article_body(record: Record, article_body: str) -> None:
    assert record.quote in article_body


@pytest.mark.parametrize("record", DATASET.records, ids=lambda r: r.id)
def test_quote_is_a_clause_not_a_passage(record: Record) -> None:
    # A clause as evidence: no sentence end inside it, and short.
    assert "。" not in record.quote and len(record.quote) <= 60


@pytest.mark.parametrize("record", [r for r in DATASET.records if r.stated], ids=lambda r: r.id)
def test_stated_figure_is_inside_its_quote(record: Record) -> None:
    assert record.stated is not None and record.stated in record.quote


@pytest.mark.parametrize("record", [r for r in FIGURES if r.kind != "event"], ids=lambda r: r.id)
def test_value_is_what_the_stated_form_says(record: Record) -> None:
    assert record.stated is not None
    figure = parse_stated(record.stated)
    assert (figure.value, figure.qualifier) == (record.value, record.qualifier)


def test_the_eight_shares_of_the_opening_sentence() -> None:
    shares = {r.id: (r.stated, r.scope) for r in DATASET.records if r.kind == "share"}
    assert shares == {
        "telecom_base_stations": ("1/2", "global output"),
        "electrochemical_storage": ("约1/7", "global output"),
        "smartphones": ("1/7", "global output"),
        "nev": ("1/8", "global output"),
        "drones": ("70%", "global output"),
        "mid_high_end_eyewear": ("60%", "global output"),
        "clocks_and_watches": ("42%", "global output"),
        "womenswear": ("超过60%", "China's high-end market"),
    }


def test_every_number_of_the_article_body_is_covered(article_body: str) -> None:
    """Each figure written in the body (digits, fractions) is the stated form of some record, or is a date,
    a year or a name such as "20+8" that states no quantity."""
    stated = " ".join(r.stated or "" for r in DATASET.records) + " " + " ".join(r.quote for r in DATASET.records)
    names_not_figures = {"20+8", "1+1+N", "5G"}
    numbers = set(re.findall(r"\d+(?:\.\d+)?(?:/\d+)?", article_body))
    years_and_days = {n for n in numbers if re.fullmatch(r"20\d\d", n)} | {"1", "11", "27", "28"}
    uncovered = {n for n in numbers - years_and_days if n not in stated}
    assert not uncovered - {part for name in names_not_figures for part in re.findall(r"\d+", name)}


# Every Chinese numeral and ordinal of the article body, by the words it stands in: the record whose clause
# states it, or why it is no figure. A new match fails the test until someone decides.
_CHINESE = re.compile(
    r"(?:第[一二三四五六七八九十]+|首个|领先|最佳|最高"
    r"|[一二三四五六七八九十两百千万亿]+(?=[个项家条大部倍级批年方杯体位元辆季]))\S{0,4}"
)
CHINESE_NUMBERS: dict[str, str] = {
    "五大重点任务": "key_tasks",
    "三年工作安": "work_items_three_year",
    "八部门联合": "nev_departments",
    "第一。全市": "byd_sales_rank",
    "万个,5G": "base_stations_5g",
    "一批千亿元级": "clusters_100bn_2025",
    "万亿元级、4": "clusters_trillion_2025",
    "五千亿元级的产": "clusters_500bn_2025",
    "万辆。深圳": "xiaomo_exports",
    "三季度营收": "byd_revenue",
    "最高1亿元的": "retrofit_subsidy_cap",
    "领先的重要的": "manufacturing_centre_2025",
    "领先,被工信": "no figure: 5G base station density leads the country (in the 5G base stations' note)",
    "领先,锁定了": "a slogan: aiming to lead the world (瞄准全球领先)",
    "最佳城市”,": "a title, no figure: best city for 5G standalone networking (in the 5G base stations' note)",
    "一辆车充满": "a photo caption: one car, fully charged",
    "一位深圳人": "an idiom: every Shenzhen person",
    "一条例、一方": "a name: the policy system 一条例、一方案、一清单、一基金群",
    "首个专精特新": "a photo caption naming a place (the first 专精特新 小巨人 park); no quantity, no date",
    "一体化发展、": "a word: integrated (产运贸一体化)",
    "一批“灯塔工": "no number: 'a batch of lighthouse factories' is not a count, and the article sets no target",
    "一杯咖啡": "a slogan: a cup of coffee",
    "一杯咖啡的": "a photo caption: a full charge in the time of a cup of coffee",
    "三位一体的产": "a word: three-in-one (the iCityOS framework)",
}


def test_every_chinese_numeral_and_ordinal_is_a_record_or_has_a_reason(article_body: str) -> None:
    found = {match.group() for match in _CHINESE.finditer(article_body)}
    by_id = {record.id: record for record in DATASET.records}

    def same(text: str, key: str) -> bool:
        return text.startswith(key) or key.startswith(text)

    undecided = {text for text in found if not any(same(text, key) for key in CHINESE_NUMBERS)}
    assert not undecided
    for key, reason in CHINESE_NUMBERS.items():
        assert any(same(text, key) for text in found), f"{key!r} is no longer in the article"
        if reason in by_id:
            record = by_id[reason]
            assert key[:1] in (record.stated or "") + record.quote, key


def test_periods_are_stated_or_say_not_stated() -> None:
    allowed = {
        "2023",
        "January–November 2023",
        "first three quarters of 2023",
        "not stated",
        "by 2025",
        "in 2025",
        "by 2035",
        "2023-11-27",
        "2023-11-28",
    }
    assert {r.period for r in DATASET.records} <= allowed


def test_no_outcome_is_invented() -> None:
    assert all(r.outcome is None for r in DATASET.records)


def test_fractions_stay_fractions() -> None:
    text = bundled_path().read_text(encoding="utf-8")
    for record_id in ("telecom_base_stations", "electrochemical_storage", "smartphones", "nev"):
        block = text.split(f'id = "{record_id}"', 1)[1].split("[[records]]", 1)[0]
        assert re.search(r'^value = "1/\d"$', block, re.MULTILINE), record_id
