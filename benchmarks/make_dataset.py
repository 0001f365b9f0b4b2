"""Write a valid szfacts dataset of N records, for the scale benchmarks: `python benchmarks/make_dataset.py N PATH`.

The records are synthetic (ids `fact_00001`, …) and say so in their names; each is a share, a growth, a count or
a target whose stated form, value and quote agree, so the file passes every validation rule. The bundled
records' shape is kept (aliases in both languages, notes), so parsing and validating cost what real data would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HEADER = """# Synthetic dataset for benchmarks (benchmarks/make_dataset.py); not facts.
format = 1

[[sources]]
id = "synthetic"
publication = "Synthetic benchmark data"
publication_zh = "基准测试合成数据"
published = "not a publication"
published_zh = "非出版物"
"""

SHAPES = [
    # kind, stated, value, unit, qualifier, quote template
    ("share", "约1/7", '"1/7"', "percent", "approx", "合成产品{n}占全球产量约1/7"),
    ("share", "{p}%", "{p}", "percent", "exact", "合成产品{n}占全球产量{p}%"),
    ("growth", "{p}.5%", "{p}.5", "percent", "exact", "合成指标{n}同比增长{p}.5%"),
    ("count", "超过{p}万", "{p}0000", "items", "over", "合成项目{n}累计超过{p}万个"),
]


def record(n: int) -> str:
    kind, stated, value, unit, qualifier, quote = SHAPES[n % len(SHAPES)]
    p = n % 97 + 1
    fill = {"n": n, "p": p}
    scope = 'scope = "global output"\nscope_zh = "全球产量"\n' if kind == "share" else ""
    return f"""
[[records]]
id = "fact_{n:05d}"
kind = "{kind}"
name = "Synthetic fact {n}"
name_zh = "合成事实{n}"
aliases = ["synthetic {n}", "fact {n}", "合成{n}"]
stated = "{stated.format(**fill)}"
value = {value.format(**fill)}
unit = "{unit}"
qualifier = "{qualifier}"
{scope}period = "not stated"
period_zh = "未说明"
source = "synthetic"
quote = "{quote.format(**fill)}"
note = "Generated record number {n} for measuring load time at scale."
note_zh = "为测量大规模加载时间而生成的第{n}条记录。"
"""


def write(count: int, path: Path) -> None:
    """Write `count` records to `path` (UTF-8), replacing it."""
    path.write_text(HEADER + "".join(record(n) for n in range(1, count + 1)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, help="how many records")
    parser.add_argument("path", type=Path, help="where to write the TOML file")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    write(args.count, args.path)
    print(f"wrote {args.count} records to {args.path} ({args.path.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
