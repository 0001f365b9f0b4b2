"""The checker's verdicts as text: compiler-style lines (`draft.md:12:5: contradicted (figure): …`) that editors
and CI jump to, and JSON Lines with fixed keys (docs/schema.json, `check`). Pure functions; nothing heavy."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from shenzhen_facts.core.reading import MEASURE_NOUNS, Reading
from shenzhen_facts.presentation.labels import Lang
from shenzhen_facts.presentation.writers import safe

if TYPE_CHECKING:
    from shenzhen_facts.core.check import Verdict

# The keys of one JSON line, in order: a contract (tests/test_check_cli.py checks them against docs/schema.json).
JSON_KEYS = ("file", "line", "column", "text", "verdict", "reason", "record", "stated", "quote")

_VERDICT_ZH = {"supported": "相符", "contradicted": "不符", "not_in_source": "文中没有"}
_REASON_ZH = {"figure": "数字", "scope": "范围", "period": "时期", "measure": "指标"}


def line(verdict: Verdict, file: str, lang: Lang = "en") -> str:
    """`draft.md:12:5: contradicted (figure): "80%" — the article says 70% (消费级无人机占全球产量70%) [drones]`"""
    zh = lang == "zh"
    head = _VERDICT_ZH[verdict.verdict] if zh else verdict.verdict
    if verdict.reason:
        head += f"（{_REASON_ZH[verdict.reason]}）" if zh else f" ({verdict.reason})"
    text = f'{file}:{verdict.line}:{verdict.column}: {head}: "{verdict.stated}"'
    why = explanation(verdict, lang)
    if why:
        text += f" — {why}"
    record = verdict.record
    if record is not None:
        text += f" ({record.quote}) [{record.id}]"
    return safe(text) + "\n"


def explanation(verdict: Verdict, lang: Lang = "en") -> str:
    """Why the verdict is what it is, in one clause: what the article says instead."""
    zh = lang == "zh"
    record = verdict.record
    if record is None:
        if verdict.unexplained:
            words = "、".join(verdict.unexplained) if zh else ", ".join(f'"{w}"' for w in verdict.unexplained)
            return f"原文没有关于{words}的数字" if zh else f"the article has no figure about {words}"
        return "原文中没有与此相关的数字" if zh else "nothing in the article is about this"
    if verdict.verdict == "supported":
        return ""
    says = f"原文说 {record.stated}" if zh else f"the article says {record.stated}"
    if verdict.reason == "figure":
        return says
    if verdict.reason == "measure" and not verdict.differs:
        kind, kind_zh = MEASURE_NOUNS[record.kind]  # as a refusal names it
        return f"原文给出的是{kind_zh}：{record.stated}" if zh else f"the article gives {kind}: {record.stated}"
    clauses = Reading(record, verdict.differs).clauses(lang)  # one clause per aspect, as a refusal says it
    return ("；" if zh else "; ").join([*clauses, says])


def json_line(verdict: Verdict, file: str) -> str:
    """One JSON object on one line, keys as JSON_KEYS whatever the language."""
    record = verdict.record
    payload = {
        "file": file,
        "line": verdict.line,
        "column": verdict.column,
        "text": verdict.text,
        "verdict": verdict.verdict,
        "reason": verdict.reason,
        "record": record.id if record is not None else None,
        "stated": verdict.stated,
        "quote": record.quote if record is not None else None,
    }
    return json.dumps(payload, ensure_ascii=False) + "\n"


def summary(verdicts: Iterable[Verdict], lang: Lang = "en") -> str:
    """`3 claims: 1 supported, 1 contradicted, 1 not in the source`"""
    counts = {"supported": 0, "contradicted": 0, "not_in_source": 0}
    for verdict in verdicts:
        counts[verdict.verdict] += 1
    total = sum(counts.values())
    if lang == "zh":
        return (
            f"共 {total} 处数字：{counts['supported']} 处相符，{counts['contradicted']} 处不符，"
            f"{counts['not_in_source']} 处文中没有"
        )
    noun = "claim" if total == 1 else "claims"
    return (
        f"{total} {noun}: {counts['supported']} supported, {counts['contradicted']} contradicted, "
        f"{counts['not_in_source']} not in the source"
    )
