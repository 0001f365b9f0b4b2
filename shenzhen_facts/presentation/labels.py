"""Every word szfacts shows a person, in English and Chinese. Machine keys (JSON, CSV headers) are not here.

Chinese texts follow the common Chinese copywriting conventions: full-width punctuation (，：（）) in Chinese
sentences, and a space between Chinese and Latin letters or digits (`2023 年`), none before % or after a
full-width mark. tests/test_cli.py checks every Chinese text here against them.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]

_LABELS: dict[str, tuple[str, str]] = {
    # column headers and field names
    "id": ("ID", "编号"),
    "name": ("Name", "名称"),
    "name_zh": ("Chinese name", "中文名称"),
    "name_en": ("English name", "英文名称"),
    "kind": ("Kind", "类别"),
    "value": ("Value", "数值"),
    "unit": ("Unit", "单位"),
    "qualifier": ("Qualifier", "限定"),
    "stated": ("As stated", "原文表述"),
    "scope": ("Of", "范围"),
    "period": ("Period", "时间"),
    "quote": ("Source clause", "原文"),
    "source": ("Source", "来源"),
    "publication": ("Publication", "出处"),
    "note": ("Note", "备注"),
    "aliases": ("Also known as", "别名"),
    "share": ("Share", "占比"),
    "ratio": ("Against first", "与首项之比"),
    "date": ("Date", "日期"),
    "status": ("Status", "状态"),
    "deadline": ("Deadline", "期限"),
    "related": ("Related", "相关"),
    "outcome": ("Outcome", "结果"),
    "figures": ("Figure or decided", "数字或相关决定"),
    "section": ("Section", "部分"),
    # kinds
    "kind.share": ("share", "占比"),
    "matched": ("Matched", "匹配处"),
    "matched.name": ("name", "名称"),
    "matched.alias": ("alias", "别名"),
    "matched.broader": ("broader", "更宽的说法"),  # the word plain output and JSON give
    "matched.name words": ("words of the name", "名称中的词"),
    "matched.alias words": ("words of names", "名称与别名中的词"),
    "matched.text": ("clause or note", "原文或注释"),
    "kind.growth": ("growth", "增长"),
    "kind.count": ("count", "数量"),
    "kind.money": ("money", "金额"),
    "kind.ratio": ("ratio", "倍数"),
    "kind.rank": ("rank", "排名"),
    "kind.target": ("target", "目标"),
    "kind.event": ("event", "事件"),
    # qualifiers
    "qualifier.exact": ("exact", "确数"),
    "qualifier.approx": ("about", "约"),
    "qualifier.over": ("more than", "超过"),
    # statuses
    "status.open": ("open", "未到期"),
    "status.deadline-passed": ("deadline passed", "已过期限"),
    "status.met": ("met", "已达成"),
    "status.missed": ("missed", "未达成"),
    "status.held": ("held", "已举行"),
    "status.scheduled": ("scheduled", "待举行"),
    # titles
    "title.share": ("Shenzhen's share of output, 2023", "2023 年深圳产品产量占比"),
    "title.show": ("Record", "记录"),
    "title.list": ("All records", "全部记录"),
    "title.list_kind": ("Records of kind {kind}", "{kind}类记录"),
    "title.compare": ("Comparison", "对比"),
    "title.timeline": ("Events and targets", "事件与目标"),
    "title.search": ("Search results", "搜索结果"),
    "title.validate": ("Dataset", "数据集"),
    "title.overview": ("Shenzhen new industrialization, 2023 results and targets", "深圳新型工业化：2023 年成绩与目标"),
    "title.growth": ("Growth", "增长"),
    # sentences
    "not_stated": ("not stated", "未说明"),
    "no_value": ("no figure stated", "未给出数字"),
    "source_line": ("Source: {publication}, {published}", "来源：{publication}，{published}"),
    "deadline_passed": (
        "The {year} deadline has passed (as of {as_of}) and the dataset records no outcome: "
        "these targets are history, not plans.",
        "{year} 年的期限已过（截至 {as_of}），数据集中没有记录结果：这些目标是历史，不是计划。",
    ),
    "deadline_passed_short": (
        "The {year} deadline has passed (as of {as_of}).",
        "{year} 年的期限已过（截至 {as_of}）。",
    ),
    "scope_odd_short": ("* {name}: a share of {scope}.", "* {name}：占{scope}的份额。"),
    "heading": ("{text}:", "{text}："),
    "summary.event": ("{year}: {count} event, {status}", "{year} 年：{count} 项事件，{status}"),
    "summary.events": ("{year}: {count} events, {status}", "{year} 年：{count} 项事件，{status}"),
    "summary.target": ("{year}: {count} target, {status}", "{year} 年：{count} 项目标，{status}"),
    "summary.targets": ("{year}: {count} targets, {status}", "{year} 年：{count} 项目标，{status}"),
    "ratio_times": ("{ratio}× {name}", "{name}的 {ratio} 倍"),
    "publication_line": ("{publication}, {published}", "{publication}，{published}"),
    "no_ratio_unit": (
        "no ratio for {name}: it is in {unit}, {first} in {first_unit}",
        "{name}无比值：其单位（{unit}）与{first}（{first_unit}）不同",
    ),
    "no_ratio_scope": (
        "no ratio for {name}: it is a share of {scope}, {first} of {first_scope}",
        "{name}无比值：其范围为{scope}，{first}为{first_scope}",
    ),
    "no_ratio_value": ("no ratio for {name}: it has no figure", "{name}无比值：无数字"),
    "no_ratio_kind": (
        "no ratio for {name}: it is a {kind}, {first} a {first_kind}",
        "{name}无比值：其类别为{kind}，{first}为{first_kind}",
    ),
    "scope_differs": ("Shares of {common}, except {others}.", "均为占{common}的份额，{others}除外。"),
    # --value's note: what the bare number leaves out of the article's figure
    "value_note": ("the article says {stated}", "原文为“{stated}”"),
    "value_note_share": ("the article says {stated}, of {scope}", "原文为“{stated}”，占{scope}"),
    "value_note_scope": ("the article says {stated} ({scope})", "原文为“{stated}”（{scope}）"),
    "valid": ("{origin}: valid, {count} records", "{origin}：有效，共 {count} 条记录"),
}

_UNITS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "yuan": ("yuan", "元"),
    "times": ("×", "倍"),
    "enterprises": ("enterprises", "家"),
    "base_stations": ("base stations", "个"),
    "vehicles": ("vehicles", "辆"),
    "scenarios": ("scenarios", "个"),
    "lines": ("lines", "条"),
    "items": ("items", "项"),
    "areas": ("areas", "个"),
    "tasks": ("tasks", "项"),
    "departments": ("departments", "个"),
    "clusters": ("clusters", "个"),
    "rank": ("rank", "名"),
}


def label(key: str, lang: Lang, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in. Unknown keys come back as they are."""
    pair = _LABELS.get(key)
    text = key if pair is None else pair[0] if lang == "en" else pair[1]
    return text.format(**values) if values else text


def unit_label(unit: str | None, lang: Lang) -> str:
    """How a base unit reads after a number; a unit this table does not know is shown as written."""
    if unit is None:
        return ""
    pair = _UNITS.get(unit)
    return unit if pair is None else pair[0] if lang == "en" else pair[1]
