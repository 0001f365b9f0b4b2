"""The claim table (issue 19): sentences of our own about every record, in English and Chinese (simplified and
traditional), with every verdict and reason and every number form, against the real resolver; then drafts with
several claims on a line and claims split by Markdown; then properties.

Expected verdicts are written from the article (docs/checking.md gives the rules), never from the output:
  "S drones"          supported, about record `drones`
  "C figure drones"   contradicted for the figure (scope, period, measure likewise)
  "N"                 not_in_source
A row with no verdicts states no figure the checker reads (a year, a target without a number).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import shenzhen_facts as sz
from shenzhen_facts.core.check import Verdict

FACTS = sz.load()

CLAIMS: list[Any] = [
    # --- communication base stations: 1/2 of global output, 2023
    ("Shenzhen produced half of the world's communication base stations in 2023.", ["S telecom_base_stations"]),
    ("通信基站占全球产量1/2", ["S telecom_base_stations"]),
    ("深圳通信基站占全球产量一半", ["S telecom_base_stations"]),
    ("通訊基站佔全球產量二分之一", ["S telecom_base_stations"]),
    ("Communication base stations: 50% of global output.", ["S telecom_base_stations"]),
    ("Shenzhen made a third of the world's communication base stations.", ["C figure telecom_base_stations"]),
    ("通信基站占全球产量60%", ["C figure telecom_base_stations"]),
    # --- electrochemical energy storage: 约1/7
    ("Electrochemical energy storage accounted for about a seventh of global output.", ["S electrochemical_storage"]),
    ("电化学储能占全球产量约1/7", ["S electrochemical_storage"]),
    ("電化學儲能佔全球產量約七分之一", ["S electrochemical_storage"]),
    ("Shenzhen made about 14% of the world's electrochemical energy storage.", ["S electrochemical_storage"]),
    ("Shenzhen made about 15% of the world's electrochemical energy storage.", ["C figure electrochemical_storage"]),
    ("电化学储能占全球产量约1/5", ["C figure electrochemical_storage"]),
    ("电化学储能占全球产量1/7", ["C figure electrochemical_storage"]),  # the article hedges: 约
    # --- smartphones: 1/7
    ("Shenzhen made one in seven of the world's smartphones in 2023.", ["S smartphones"]),
    ("智能手机占全球产量1/7", ["S smartphones"]),
    ("智能手機佔全球產量七分之一", ["S smartphones"]),
    ("智能手機佔全球產量五分之一", ["C figure smartphones"]),
    ("Smartphones accounted for 14% of global output.", ["S smartphones"]),
    ("Smartphones accounted for 20% of global output.", ["C figure smartphones"]),
    ("Smartphones accounted for 15% of global output.", ["C figure smartphones"]),
    ("2022年智能手机占全球产量1/7", ["C period smartphones"]),
    # --- new energy vehicles: 1/8 of global output
    ("新能源汽车占全球产量1/8", ["S nev"]),
    ("Shenzhen made an eighth of the world's new energy vehicles.", ["S nev"]),
    ("New energy vehicles: 12.5% of global output.", ["S nev"]),
    ("新能源汽車佔全球產量八分之一", ["S nev"]),
    ("新能源汽车占全球产量1/7", ["C figure nev"]),
    ("New energy vehicles made up 1 in 10 of global output.", ["C figure nev"]),
    # --- consumer drones: 70 %
    ("Shenzhen made 70% of the world's consumer drones in 2023.", ["S drones"]),
    ("消费级无人机占全球产量70%", ["S drones"]),
    ("消費級無人機佔全球產量七成", ["S drones"]),
    ("消費級無人機佔全球產量八成", ["C figure drones"]),
    ("Consumer drones: seventy per cent of global output.", ["S drones"]),
    ("Consumer drones took nearly 70% of global output.", ["S drones"]),
    ("Shenzhen made 80% of the world's consumer drones.", ["C figure drones"]),
    ("消费级无人机占全球产量八成", ["C figure drones"]),
    ("Consumer drones took more than 70% of global output.", ["C figure drones"]),
    ("Shenzhen made 70% of the world's drones.", ["C scope drones"]),
    ("无人机占全球产量70%", ["C scope drones"]),
    ("無人機佔全球產量70%", ["C scope drones"]),
    ("In 2022 Shenzhen made 70% of the world's consumer drones.", ["C period drones"]),
    ("Consumer drone output grew 70%.", ["C measure drones"]),
    # --- mid-to-high-end eyewear: 60 %
    ("中高端眼镜占全球产量60%", ["S mid_high_end_eyewear"]),
    ("Mid-to-high-end eyewear made up 60% of global output.", ["S mid_high_end_eyewear"]),
    ("中高端眼鏡佔全球產量六成", ["S mid_high_end_eyewear"]),
    ("中高端眼鏡佔全球產量65%", ["C figure mid_high_end_eyewear"]),
    ("Mid-to-high-end eyewear made up 65% of global output.", ["C figure mid_high_end_eyewear"]),
    ("Shenzhen made 60% of the world's eyewear.", ["C scope mid_high_end_eyewear"]),
    ("眼镜占全球产量60%", ["C scope mid_high_end_eyewear"]),
    # --- clocks and watches: 42 %
    ("钟表产量占全球产量42%", ["S clocks_and_watches"]),
    ("Clocks and watches: 42% of global output.", ["S clocks_and_watches"]),
    ("鐘錶產量佔全球產量42%", ["S clocks_and_watches"]),
    ("Shenzhen made 40% of the world's clocks and watches.", ["C figure clocks_and_watches"]),
    ("Clocks and watches made up 42 per cent of global output in 2021.", ["C period clocks_and_watches"]),
    # --- womenswear: 超过60% of China's high-end market
    ("Womenswear took more than 60% of China's high-end market.", ["S womenswear"]),
    ("女装占中国高端市场超过60%", ["S womenswear"]),
    ("女裝佔中國高端市場六成以上", ["S womenswear"]),
    ("Womenswear took 65% of China's high-end market.", ["C figure womenswear"]),
    ("Womenswear took 60% of China's high-end market.", ["C figure womenswear"]),
    ("女装占中国高端市场超过70%", ["C figure womenswear"]),
    ("Shenzhen made more than 60% of the world's womenswear.", ["C scope womenswear"]),
    ("女装占全球产量超过60%", ["C scope womenswear"]),
    # 以上 after digits written with % (the newcomer pass found it read as 60% and a stray 上)
    ("女装占中国高端市场60%以上", ["S womenswear"]),
    ("女装占全球产量60%以上", ["C scope womenswear"]),
    # --- industrial value added above designated size: +5.5 %, January-November 2023
    ("深圳规模以上工业增加值同比增长5.5%", ["S industrial_value_added"]),
    (
        "Industrial value added of enterprises above designated size grew 5.5% year on year.",
        ["S industrial_value_added"],
    ),
    ("規模以上工業增加值同比增長5.5%", ["S industrial_value_added"]),
    ("2023年1—11月，深圳规模以上工业增加值同比增长5.5%", ["S industrial_value_added"]),
    ("规模以上工业增加值增长6.5%", ["C figure industrial_value_added"]),
    ("Industrial value added of enterprises above designated size grew 6%.", ["C figure industrial_value_added"]),
    ("Industrial value added grew 5.5%.", ["C scope industrial_value_added"]),
    ("2022年深圳规模以上工业增加值同比增长5.5%", ["C period industrial_value_added"]),
    # --- manufacturing investment: +59.3 %
    ("制造业投资增长59.3%", ["S manufacturing_investment"]),
    ("Manufacturing investment grew 59.3% in January-November 2023.", ["S manufacturing_investment"]),
    ("Manufacturing investment grew 59%.", ["S manufacturing_investment"]),
    ("製造業投資增長59.3%", ["S manufacturing_investment"]),
    ("Manufacturing investment grew 60%.", ["C figure manufacturing_investment"]),
    ("制造业投资增长95.3%", ["C figure manufacturing_investment"]),
    ("2022年制造业投资增长59.3%", ["C period manufacturing_investment"]),
    ("Manufacturing investment accounted for 59.3% of global output.", ["C measure manufacturing_investment"]),
    # --- high-tech manufacturing investment: +68.7 %
    ("高技术制造业投资增长68.7%", ["S high_tech_manufacturing_investment"]),
    ("High-tech manufacturing investment rose 68.7%.", ["S high_tech_manufacturing_investment"]),
    ("高技術製造業投資增長68.7%", ["S high_tech_manufacturing_investment"]),
    ("High-tech manufacturing investment rose 69%.", ["S high_tech_manufacturing_investment"]),
    ("High-tech manufacturing investment rose 86.7%.", ["C figure high_tech_manufacturing_investment"]),
    # --- BYD revenue: +57.75 % year on year, first three quarters of 2023
    ("比亚迪去年前三季度营收同比增长57.75%", ["S byd_revenue"]),
    ("BYD's revenue grew 57.75% year on year in the first three quarters of 2023.", ["S byd_revenue"]),
    ("比亞迪營收同比增長57.75%", ["S byd_revenue"]),
    ("BYD's revenue grew 58% in the first three quarters.", ["S byd_revenue"]),
    ("BYD's revenue grew 75.57%.", ["C figure byd_revenue"]),
    ("BYD's revenue grew 57.75% in the first half of 2023.", ["C period byd_revenue"]),
    ("Revenue grew 57.75% year on year.", ["C scope byd_revenue"]),
    # --- BYD net profit: +129.47 %
    ("比亚迪净利润同比增长129.47%", ["S byd_net_profit"]),
    ("BYD's net profit rose 129.47% in the first three quarters of 2023.", ["S byd_net_profit"]),
    ("BYD's net profit rose 129% year on year.", ["S byd_net_profit"]),
    ("比亞迪淨利潤增長129.47%", ["S byd_net_profit"]),
    ("BYD's net profit rose 130%.", ["C figure byd_net_profit"]),
    ("净利润同比增长129.47%", ["C scope byd_net_profit"]),  # whose? the article's sentence says BYD's
    # --- NEV production: +125.8 % (period not stated)
    ("全市新能源汽车产量总体增长125.8%", ["S nev_production"]),
    ("Shenzhen's new energy vehicle production grew 125.8%.", ["S nev_production"]),
    ("新能源汽車產量增長125.8%", ["S nev_production"]),
    ("New energy vehicle production grew 152.8%.", ["C figure nev_production"]),
    ("新能源汽车产量增长125.8倍", ["C measure nev_production"]),  # a multiple for a growth rate
    # --- enterprises deeply on the cloud: 5000余
    ("深圳已有5000余家规上工业企业深度“上云上平台”", ["S cloud_enterprises"]),
    ("深圳已有4000余家规上工业企业深度“上云上平台”", ["C figure cloud_enterprises"]),
    ("深圳已有5000家规上工业企业深度“上云上平台”", ["C figure cloud_enterprises"]),
    # --- maturity ratings: 199
    ("199家企业获得智能制造能力成熟度评级", ["S maturity_ratings"]),
    ("199家企業獲得智能製造能力成熟度評級", ["S maturity_ratings"]),
    ("200家企业获得智能制造能力成熟度评级", ["C figure maturity_ratings"]),
    # --- conformity certificates: 288, valid
    ("288家企业获得有效智能制造能力符合性证书", ["S conformity_certificates"]),
    ("282家企业获得有效智能制造能力符合性证书", ["C figure conformity_certificates"]),
    ("288家企业获得智能制造能力符合性证书", ["C scope conformity_certificates"]),
    # --- 5G base stations: 超过7.5万
    ("全市累计建设5G基站超过7.5万个", ["S base_stations_5g"]),
    ("Shenzhen has built more than 75,000 5G base stations.", ["S base_stations_5g"]),
    ("Shenzhen has built over 75k 5G base stations.", ["S base_stations_5g"]),
    ("全市累計建設5G基站超過7.5萬個", ["S base_stations_5g"]),
    ("Shenzhen has built 75,000 5G base stations.", ["C figure base_stations_5g"]),
    ("Shenzhen has built more than 80,000 5G base stations.", ["C figure base_stations_5g"]),
    ("全市累计建设5G基站超过8万个", ["C figure base_stations_5g"]),
    # --- Xiaomo Port ro-ro exports: 突破2万
    ("小漠港汽车滚装出口量突破2万辆", ["S xiaomo_exports"]),
    ("小漠港汽車滾裝出口量突破2萬輛", ["S xiaomo_exports"]),
    ("小漠港汽车滚装出口量突破3万辆", ["C figure xiaomo_exports"]),
    ("小漠港汽车滚装出口量2万辆", ["C figure xiaomo_exports"]),
    # --- metro: 39 scenarios, 15 lines
    ("深铁集团数字孪生BIM综合体系开发了39个业务场景", ["S metro_scenarios"]),
    ("深铁集团数字孪生BIM综合体系开发了93个业务场景", ["C figure metro_scenarios"]),
    ("深铁集团完成所辖15条既有地铁线路BIM建模", ["S metro_bim_lines"]),
    ("深铁集团完成所辖16条既有地铁线路BIM建模", ["C figure metro_bim_lines"]),
    # --- work arrangements: 20 medium- and long-term, 74 for three years, 35 annual
    ("深圳部署了20项中长期工作安排", ["S work_items_long_term"]),
    ("Shenzhen deployed 20 medium- and long-term work arrangements.", ["S work_items_long_term"]),
    ("深圳部署了74项未来三年工作安排", ["S work_items_three_year"]),
    ("Shenzhen deployed 74 work arrangements for the next three years.", ["S work_items_three_year"]),
    ("深圳部署了47项未来三年工作安排", ["C figure work_items_three_year"]),
    ("深圳部署了35项年度工作清单", ["S work_items_annual"]),
    ("The annual work list has 53 items.", ["C figure work_items_annual"]),
    # --- focus areas: 10; key tasks: 五
    ("The conference set 10 focus areas.", ["S focus_areas"]),
    ("The conference set 12 focus areas.", ["C figure focus_areas"]),
    ("深圳明确提出五大重点任务", ["S key_tasks"]),
    ("Shenzhen set out five key tasks.", ["S key_tasks"]),
    ("Shenzhen set out six key tasks.", ["C figure key_tasks"]),
    # --- departments that issued the NEV measures: 八
    ("八部门联合发布新能源汽车和智能网联汽车产业若干措施", ["S nev_departments"]),
    ("Eight departments jointly issued the NEV and intelligent connected vehicle measures.", ["S nev_departments"]),
    (
        "Nine departments jointly issued the NEV and intelligent connected vehicle measures.",
        ["C figure nev_departments"],
    ),
    # --- retrofit subsidy cap: 1亿元
    ("技术改造单个项目最高资助1亿元", ["S retrofit_subsidy_cap"]),
    ("The maximum subsidy per technological-upgrading project is 100 million yuan.", ["S retrofit_subsidy_cap"]),
    ("The retrofit subsidy cap is RMB 100 million.", ["S retrofit_subsidy_cap"]),
    ("技术改造单个项目最高资助2亿元", ["C figure retrofit_subsidy_cap"]),
    ("技術改造單個項目最高資助1億元", ["S retrofit_subsidy_cap"]),
    # --- supercharging: 10倍 an ordinary pile's speed
    ("超充速度是普通充电桩的10倍", ["S supercharging_speedup"]),
    ("超充速度是普通充电桩的5倍", ["C figure supercharging_speedup"]),
    # --- BYD's rank in global NEV sales: 第一
    ("比亚迪稳居全球新能源汽车销量第一", ["S byd_sales_rank"]),
    ("BYD ranks first in global new energy vehicle sales.", ["S byd_sales_rank"]),
    ("BYD is No. 1 in global new energy vehicle sales.", ["S byd_sales_rank"]),
    ("比亞迪穩居全球新能源汽車銷量第一", ["S byd_sales_rank"]),
    ("比亚迪全球新能源汽车销量第二", ["C figure byd_sales_rank"]),
    ("BYD is No. 2 in global new energy vehicle sales.", ["C figure byd_sales_rank"]),
    # --- clusters by 2025: 4 trillion-yuan-class, 4 500-billion-yuan-class, 一批 100-billion-yuan-class
    ("到2025年，深圳要打造形成4个万亿元级产业集群", ["S clusters_trillion_2025"]),
    ("By 2025 Shenzhen aims to build four trillion-yuan-class industrial clusters.", ["S clusters_trillion_2025"]),
    ("到2025年，深圳要打造形成5个万亿元级产业集群", ["C figure clusters_trillion_2025"]),
    ("到2030年，深圳要打造形成4个万亿元级产业集群", ["C period clusters_trillion_2025"]),
    ("到2025年深圳要打造形成4个五千亿元级产业集群", ["S clusters_500bn_2025"]),
    ("到2025年深圳要打造形成8个五千亿元级产业集群", ["C figure clusters_500bn_2025"]),
    ("到2025年形成一批千亿元级产业集群", []),  # 一批: no number, nothing to compare
    # --- targets and events without figures: nothing to check (their years are periods, not figures)
    ("到2025年，基本建成全球领先的重要的先进制造业中心", []),
    ("By 2035 Shenzhen will complete a globally leading advanced manufacturing centre.", []),
    ("“鹏城云脑Ⅲ”将于2025年建成", []),
    ("2023年11月27日，深圳召开加快推进新型工业化高质量建设制造强市新闻发布会", []),
    ("On 28 November 2023 Shenzhen held a city-wide conference on new industrialization.", []),
    # --- not in the source
    ("Shenzhen's GDP grew 6% in 2023.", ["N"]),
    ("深圳GDP增长6%", ["N"]),
    ("Shenzhen has 3,000 hospitals.", ["N"]),
    ("深圳有1.7万家高新技术企业", ["N"]),
    ("Smartwatch exports rose 15%.", ["N"]),
    ("Shenzhen's population is 17.7 million.", ["N"]),
    ("深圳常住人口1779万", ["N"]),
    ("深圳港集装箱吞吐量增长5%", ["N"]),
]

DRAFTS: list[Any] = [
    # several claims on one line, both languages
    (
        "Shenzhen made 70% of the world's consumer drones and half of its communication base stations; "
        "smartphones were 1/7.",
        [(1, 15, "S drones"), (1, 54, "S telecom_base_stations"), (1, 112, "S smartphones")],
    ),
    (
        "2023年，深圳通信基站占全球产量1/2、电化学储能占全球产量约1/7、智能手机占全球产量1/7、新能源汽车占全球产量1/8。",
        [
            (1, 18, "S telecom_base_stations"),
            (1, 32, "S electrochemical_storage"),
            (1, 46, "S smartphones"),
            (1, 60, "S nev"),
        ],
    ),
    # a qualifier said once carries over to the next clause
    (
        "比亚迪去年前三季度营收同比增长57.75%，净利润同比增长129.47%，稳居全球新能源汽车销量第一。",
        [(1, 16, "S byd_revenue"), (1, 30, "S byd_net_profit"), (1, 49, "S byd_sales_rank")],
    ),
    (
        "BYD's revenue grew 57.75% and its net profit 130% in the first three quarters.",
        [(1, 20, "S byd_revenue"), (1, 46, "C figure byd_net_profit")],
    ),
    # claims split by Markdown: emphasis, links, list items, a heading, a table, a wrapped line
    (
        "# Shares\n\n- **Consumer drones:** *70%* of global output\n- [Smartphones](https://example.com/7): 20% of "
        "global output\n",
        [(3, 25, "S drones"), (4, 41, "C figure smartphones")],
    ),
    (
        "## 2023\n\n| product | share of global output |\n|---|---|\n| consumer drones | 70% |\n| womenswear | 60% |\n",
        # a row is read alone: the header's "of global output" is not carried into it, and "60%" alone is not
        # the article's "more than 60%"
        [(5, 21, "S drones"), (6, 16, "C figure womenswear")],
    ),
    (
        "BYD's net profit rose\n**129.47%** in the first three quarters, and\nits revenue 57.75%.",
        [(2, 3, "S byd_net_profit"), (3, 13, "S byd_revenue")],
    ),
    (
        "> 全市累计建设**5G基站**超过7.5万个。\n\n```\n消费级无人机占全球产量80%\n```\n",
        [(1, 17, "S base_stations_5g")],
    ),
]


def _verdicts(text: str) -> list[str]:
    return [_short(v) for v in FACTS.check(text)]


def _short(verdict: Verdict) -> str:
    if verdict.verdict == "not_in_source":
        return "N"
    record = verdict.record.id if verdict.record else "?"
    if verdict.verdict == "supported":
        return f"S {record}"
    return f"C {verdict.reason} {record}"


def _values(table: list[Any]) -> list[tuple[Any, ...]]:
    """The rows of a table, a pytest.param (an expected failure with its reason) as its values."""
    return [tuple(row.values) if hasattr(row, "values") else row for row in table]


@pytest.mark.parametrize(("text", "expected"), CLAIMS, ids=[text[:40] for text, _ in _values(CLAIMS)])
def test_claim(text: str, expected: list[str]) -> None:
    assert _verdicts(text) == expected


@pytest.mark.parametrize(("text", "expected"), DRAFTS, ids=range(len(DRAFTS)))
def test_draft(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert [(v.line, v.column, _short(v)) for v in FACTS.check(text)] == expected


def test_the_table_covers_every_record_every_verdict_and_reason_and_both_scripts() -> None:
    rows = [verdict for _, expected in _values(CLAIMS) for verdict in expected]
    rows += [verdict for _, expected in _values(DRAFTS) for *_, verdict in expected]
    assert len(CLAIMS) + sum(len(e) for _, e in _values(DRAFTS)) >= 150
    kinds = Counter(" ".join(row.split()[:2]) if row.startswith("C") else row[0] for row in rows)
    assert set(kinds) == {"S", "N", "C figure", "C scope", "C period", "C measure"}
    named = {row.split()[-1] for row in rows if row != "N"}
    with_figures = {r.id for r in FACTS.records if r.quantity is not None}
    assert with_figures <= named
    traditional = [text for text, _ in _values(CLAIMS) if any(c in text for c in "佔產無機錶裝規業長術機億萬輛達")]
    assert len(traditional) >= 20


# ------------------------------------------------------------------------------------------------ properties
# Supported claims as templates: {place} takes a place word or nothing, {fig} a form of the record's own figure,
# {year} the record's period or nothing. Every combination is the same claim in words the resolver accepts.
EN, ZH = "en", "zh"
BASES: list[tuple[str, str, str, list[str], list[str]]] = [
    # record, language, template, figure forms, years
    (
        "drones",
        EN,
        "{place}consumer drones made up {fig} of global output{year}.",
        ["70%", "70 per cent", "seventy percent", "about 70%", "nearly 70 percent"],
        ["", " in 2023"],
    ),
    (
        "drones",
        ZH,
        "{year}{place}消费级无人机占全球产量{fig}",
        ["70%", "七成", "约70%", "70％", "近七成"],
        ["", "2023年"],
    ),
    (
        "smartphones",
        EN,
        "{place}smartphones made up {fig} of global output{year}.",
        ["1/7", "one in seven", "a seventh", "14%", "14.3%", "about 14%"],
        ["", " in 2023"],
    ),
    ("smartphones", ZH, "{year}{place}智能手机占全球产量{fig}", ["1/7", "七分之一", "约1/7", "14%"], ["", "2023年"]),
    (
        "telecom_base_stations",
        ZH,
        "{year}{place}通信基站占全球产量{fig}",
        ["1/2", "一半", "二分之一", "50%", "五成"],
        ["", "2023年"],
    ),
    (
        "nev",
        EN,
        "{place}new energy vehicles made up {fig} of global output{year}.",
        ["1/8", "an eighth", "one in eight", "12.5%"],
        ["", " in 2023"],
    ),
    (
        "electrochemical_storage",
        ZH,
        "{year}{place}电化学储能占全球产量{fig}",
        ["约1/7", "约七分之一", "约14%"],
        ["", "2023年"],
    ),
    ("womenswear", ZH, "{year}{place}女装占中国高端市场{fig}", ["超过60%", "六成以上", "超过六成"], ["", "2023年"]),
    (
        "womenswear",
        EN,
        "{place}womenswear took {fig} of China's high-end market{year}.",
        ["more than 60%", "over 60 per cent", "more than sixty percent"],
        ["", " in 2023"],
    ),
    ("byd_net_profit", ZH, "{place}比亚迪净利润同比增长{fig}", ["129.47%", "129.5%", "129%"], [""]),
    ("base_stations_5g", ZH, "{place}累计建设5G基站超过{fig}个", ["7.5万", "75000", "75,000"], [""]),
    (
        "base_stations_5g",
        EN,
        "{place}built {fig} 5G base stations.",
        ["more than 75,000", "over 75k", "more than seventy-five thousand"],
        [""],
    ),
    (
        "retrofit_subsidy_cap",
        EN,
        "{place}maximum technological-upgrading subsidy per project is {fig}.",
        ["100 million yuan", "RMB 100 million", "1亿元"],
        [""],
    ),
    ("byd_sales_rank", ZH, "{place}比亚迪稳居全球新能源汽车销量{fig}", ["第一", "第1"], [""]),
]
PLACES = {EN: ["", "Shenzhen's ", "Shenzhen: "], ZH: ["", "深圳", "全市"]}
# Traditional forms of the characters these templates use (OpenCC's s2t for them).
TRADITIONAL = str.maketrans(
    "费级无机占产约电储智资术设个达国场装钟表长业规车销亚净润计稳镜营万积铁团辖线统获评证书",
    "費級無機佔產約電儲智資術設個達國場裝鐘錶長業規車銷亞淨潤計穩鏡營萬積鐵團轄線統獲評證書",
)


@st.composite
def supported_claims(draw: st.DrawFn) -> tuple[str, str]:
    record, lang, template, figures, years = draw(st.sampled_from(BASES))
    text = template.format(
        place=draw(st.sampled_from(PLACES[lang])), fig=draw(st.sampled_from(figures)), year=draw(st.sampled_from(years))
    )
    if lang == ZH and draw(st.booleans()):
        text = text.translate(TRADITIONAL)
    return text, record


@settings(max_examples=150, deadline=None)
@given(supported_claims())
def test_a_supported_claim_stays_supported_in_any_accepted_wording(claim: tuple[str, str]) -> None:
    text, record = claim
    assert _verdicts(text) == [f"S {record}"]


# A figure in the same template, changed to a number beyond the rounding rule: always contradicted.
CHANGED: list[tuple[str, str, Fraction, Callable[[int], str]]] = [
    ("drones", "消费级无人机占全球产量{}%", Fraction(70), lambda n: f"{n}"),
    ("mid_high_end_eyewear", "Mid-to-high-end eyewear made up {}% of global output.", Fraction(60), str),
    ("clocks_and_watches", "钟表产量占全球产量{}%", Fraction(42), str),
    ("smartphones", "智能手机占全球产量{}%", Fraction(100, 7), str),
    ("manufacturing_investment", "制造业投资增长{}%", Fraction(593, 10), str),
    ("maturity_ratings", "{}家企业获得智能制造能力成熟度评级", Fraction(199), str),
    ("metro_bim_lines", "深铁集团完成所辖{}条既有地铁线路BIM建模", Fraction(15), str),
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CHANGED), st.integers(min_value=1, max_value=5000))
def test_a_number_changed_beyond_the_rounding_rule_is_contradicted(
    case: tuple[str, str, Fraction, Callable[[int], str]], number: int
) -> None:
    record, template, figure, form = case
    assume(abs(number - figure) >= Fraction(1, 2))  # 14 for 1/7 and 59 for 59.3 are the rounding rule's own
    assert _verdicts(template.format(form(number))) == [f"C figure {record}"]


def test_the_article_supports_most_of_its_own_figures(article_body: str) -> None:
    verdicts = FACTS.check(article_body)
    # 32 clauses with a figure; the 5 left are notes, never contradictions: lists whose subject comes after
    # several figures (20项中长期、74项…工作安排; 4个万亿元级、4个五千亿元级的产业集群), a list of tasks too long to
    # read as one (…等五大重点任务), and words no record has (以普通桩10倍的速度完成充电)
    assert len(verdicts) == 32
    assert sum(v.verdict == "supported" for v in verdicts) == 27
    assert {v.verdict for v in verdicts} == {"supported", "not_in_source"}
