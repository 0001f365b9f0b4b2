"""Start-up and scale benchmark for szfacts: each case's median wall time, its ratio to a baseline measured in
the same run, and the budget (issue "Speed"). Run from the repository with the environment szfacts is installed
in:  python benchmarks/startup.py [--runs N] [--quick] [--strict]

Cases run round-robin (one run of each case per round) so that a slow moment of the machine hits every case
alike; ratios, not absolute times, are what the budgets constrain. `--quick` is for CI: fewer rounds and a
1,000-record scale file; it reports and never fails on timing unless --strict is given.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_dataset  # noqa: E402  (a sibling script, not a package)

BARE_TYPER_APP = """\
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
"""

# The baseline of a table: the same bare app, printing one rich table of eight rows (as `share` has).
BARE_TYPER_TABLE_APP = """\
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main(title: str = "Shares") -> None:
    table = Table(title=title)
    for column in ("id", "share", "scope", "period", "name"):
        table.add_column(column)
    for n in range(8):
        table.add_row(f"product_{n}", f"{10 * n}%", "global output", "2023", f"Product number {n}")
    Console().print(table)


if __name__ == "__main__":
    app()
"""

PEAK_MEMORY = """\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@dataclass
class Case:
    name: str
    command: list[str]
    env: dict[str, str]
    times: list[float]
    status: int = 0  # the exit status the case must end with (1 for a miss)


def szfacts_command() -> list[str]:
    script = Path(sys.executable).with_name("szfacts")
    if script.exists():
        return [str(script)]
    found = shutil.which("szfacts")
    if found:
        return [found]
    sys.exit("szfacts is not installed in this environment: pip install -e '.[test]' first")


def time_once(case: Case) -> float:
    start = time.perf_counter()
    done = subprocess.run(case.command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=case.env)
    if done.returncode != case.status:
        sys.exit(f"{case.name}: exit status {done.returncode}, expected {case.status}: {case.command}")
    return time.perf_counter() - start


def median_ms(case: Case) -> float:
    return statistics.median(case.times) * 1000


def peak_memory_kib(command: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, *command], capture_output=True, text=True, env=env, check=True
    )
    return int(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="szfacts start-up and scale benchmark")
    parser.add_argument("--runs", type=int, default=None, help="rounds of every quick case (default 21, quick 5)")
    parser.add_argument("--records", type=int, default=None, help="records in the scale file (default 10000)")
    parser.add_argument("--large", type=int, default=None, help="records in the large file (default 100000)")
    parser.add_argument("--slow-runs", type=int, default=None, help="rounds of the first-run cases (default 3)")
    parser.add_argument("--quick", action="store_true", help="few rounds, small files: for CI")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is not met")
    parser.add_argument("--write-docs", action="store_true", help="rewrite the FIGURES block of docs/performance.md")
    args = parser.parse_args(argv)
    if args.write_docs and args.quick:
        parser.error("--write-docs publishes a full run's figures; --quick's small files would misstate them")
    runs = args.runs or (5 if args.quick else 21)
    records = args.records or (1000 if args.quick else 10000)
    # --quick keeps CI short: the "large" cases run on 3,000 records (their ratios then say little).
    large = args.large or (3000 if args.quick else 100000)
    slow_runs = args.slow_runs or (1 if args.quick else 3)

    work = Path(tempfile.mkdtemp(prefix="szfacts-bench-"))
    try:
        return run(work, runs, records, large, slow_runs, args.strict, DOCS if args.write_docs else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compile_package() -> None:
    """Byte-compile szfacts as pip does on install, so an editable checkout is measured as users run it."""
    import compileall

    import shenzhen_facts

    compileall.compile_dir(str(Path(shenzhen_facts.__file__).parent), quiet=1)


def round_robin(cases: list[Case], runs: int, before: dict[str, Path] | None = None) -> dict[str, float]:
    """Median milliseconds of each case, one run of every case per round; `before` names caches to empty first.

    Each round runs the cases in a new order: in a fixed order each case always follows the same one, and what
    ran just before (a small process or one that read 50 MB) moved a ratio by up to 0.06 on this machine.
    """
    order = random.Random(20241127)  # seeded: the same orders on every run of the benchmark
    for _ in range(runs):
        for case in order.sample(cases, len(cases)):
            if before and case.name in before:
                shutil.rmtree(before[case.name], ignore_errors=True)
            case.times.append(time_once(case))
    return {case.name: median_ms(case) for case in cases}


def many_queries_case(szfacts: list[str], env: dict[str, str], work: Path, runs: int) -> tuple[float, str, float]:
    """Median ms of 10,000 queries through stdin (`show -`, plain lines) and of one single-query process, run
    side by side (both through `sh -c exec`, so the shell's cost is on both sides). The queries are every id,
    name and alias of the bundled dataset in turn (364 spellings, English and Chinese): each is resolved once,
    and its repeats answered from the run's memo (cli/queries.py), as a column of a file would be."""
    import shlex

    sys.path.insert(0, str(HERE.parent))
    from shenzhen_facts.store.dataset import bundled_path, load

    spellings = [text for r in load(bundled_path()).records for text in (r.id, r.name, r.name_zh, *r.aliases)]
    queries = work / "queries.txt"
    queries.write_text("\n".join(spellings[i % len(spellings)] for i in range(10_000)) + "\n", encoding="utf-8")
    command = shlex.join([*szfacts, "show"])
    many = Case("10,000 queries", ["sh", "-c", f"exec {command} - < {shlex.quote(str(queries))}"], env, [])
    one = Case("one query", ["sh", "-c", f"exec {command} drones"], env, [])
    found = round_robin([many, one], runs)
    return found["10,000 queries"], "show drones", found["one query"]


def check_case(szfacts: list[str], env: dict[str, str], work: Path, runs: int) -> tuple[float, str, float]:
    """`szfacts check --file` on a 1 MB Markdown draft (issue 19: "a draft of a megabyte is checked in a second").

    The baseline is fixed: `python -c pass` (12.7-16.9 ms on the 2-core machine this was written on, so the budget
    of 60x is the issue's second there, at the strict end). The draft mixes prose without figures, figures about
    every kind of record, right, wrong and out of scope, in both languages, several claims to a line, with
    Markdown around them; its numbers vary, its wordings repeat (about 420 distinct clauses for 8,000 figures):
    the resolver reads each wording once, as it would in a draft that repeats its phrasings.
    """
    rng = random.Random(19)
    prose = [
        "The city's planners met again this week to discuss what comes next for its factories.",
        "深圳的制造业在过去一年里继续转型升级，新型工业化成为全市的共同目标。",
        "Analysts *expect* the [trend](https://example.com/report) to continue, though risks remain.",
        "> 业内人士认为，这一势头仍将延续。",
    ]
    claims = [
        "Shenzhen made {p}% of the world's consumer drones in 2023.",
        "消费级无人机占全球产量{p}%，智能手机占全球产量1/{d}。",
        "- **BYD**'s revenue grew {p}.75% and its net profit {q}.47% in the first three quarters.",
        "Womenswear took more than {p}% of China's high-end market, and drones {q}%.",
        "全市累计建设5G基站超过{d}.5万个，{q}家企业获得智能制造能力成熟度评级。",
        "| smartphones | {p}% |",
        "Shenzhen's GDP grew {d}% last year, while electrochemical storage reached about a seventh of output.",
        "## Manufacturing investment grew {p}.3% in January-November",
    ]
    lines: list[str] = []
    size = 0
    while size < 1_000_000:
        template = rng.choice(claims) if rng.random() < 0.4 else rng.choice(prose)
        line = template.format(p=rng.randint(10, 99), q=rng.randint(10, 199), d=rng.randint(2, 9))
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    draft = work / "draft.md"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cases = [
        Case("python -c pass (check baseline)", [sys.executable, "-c", "pass"], env, []),
        # exit 1: the draft contradicts the article on purpose
        Case("check a 1 MB draft", [*szfacts, "check", "--file", str(draft), "--quiet"], env, [], status=1),
    ]
    for case in cases:
        subprocess.run(case.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=case.env)
    timed = round_robin(cases, runs)
    return timed["check a 1 MB draft"], "python -c pass", timed[cases[0].name]


def run(work: Path, runs: int, records: int, large: int, slow_runs: int, strict: bool, docs: Path | None) -> int:
    szfacts = szfacts_command()
    compile_package()
    # PYTHONDONTWRITEBYTECODE would make every run recompile szfacts (installed typer keeps its .pyc files).
    skip = ("SZFACTS_", "FORCE_COLOR", "COLUMNS", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env["SZFACTS_CACHE_DIR"] = str(work / "cache")
    bare = work / "bare_typer_app.py"
    bare.write_text(BARE_TYPER_APP, encoding="utf-8")
    bare_table = work / "bare_typer_table_app.py"
    bare_table.write_text(BARE_TYPER_TABLE_APP, encoding="utf-8")
    big = work / "big.toml"
    make_dataset.write(records, big)
    huge = work / "large.toml"
    make_dataset.write(large, huge)
    tenth = work / "tenth.toml"
    make_dataset.write(large // 10, tenth)
    last = f"fact_{large:05d}"
    complete_env = {**env, "_SZFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "szfacts show dro", "COMP_CWORD": "2"}

    # First runs, each with an empty cache of its own (wiped before every run), against the standard library's
    # tomllib parsing the same file alone.
    tomllib_alone = "import sys, tomllib\nwith open(sys.argv[1], 'rb') as f: tomllib.load(f)"
    cold = {name: work / f"cold-{name}" for name in ("large", "tenth", "big")}
    first_cases = [
        Case("tomllib parses the large file", [sys.executable, "-c", tomllib_alone, str(huge)], env, []),
        Case(
            "first list, large",
            [*szfacts, "list", "--format", "plain", "--data", str(huge)],
            {**env, "SZFACTS_CACHE_DIR": str(cold["large"])},
            [],
        ),
        Case(
            "first list, tenth",
            [*szfacts, "list", "--format", "plain", "--data", str(tenth)],
            {**env, "SZFACTS_CACHE_DIR": str(cold["tenth"])},
            [],
        ),
        Case(
            "first show, scale file",
            [*szfacts, "show", "fact_00042", "--data", str(big)],
            {**env, "SZFACTS_CACHE_DIR": str(cold["big"])},
            [],
        ),
    ]
    wipe = {
        "first list, large": cold["large"],
        "first list, tenth": cold["tenth"],
        "first show, scale file": cold["big"],
    }
    firsts = round_robin(first_cases, slow_runs, wipe)
    for case in first_cases:
        case.times.clear()

    cases = [
        Case("python -c pass", [sys.executable, "-c", "pass"], env, []),
        Case("bare one-command Typer app", [sys.executable, str(bare)], env, []),
        Case("bare Typer app printing a rich table", [sys.executable, str(bare_table)], env, []),
        Case("szfacts share drones (piped)", [*szfacts, "share", "drones"], env, []),
        Case("szfacts share --format table", [*szfacts, "share", "--format", "table"], env, []),
        Case("szfacts show drones", [*szfacts, "show", "drones"], env, []),
        Case("show ID, scale file", [*szfacts, "show", "fact_00042", "--data", str(big)], env, []),
        Case("tab completion of a QUERY", [*szfacts], complete_env, []),
        Case("bundled list", [*szfacts, "list", "--format", "plain"], env, []),
        Case("bundled miss", [*szfacts, "show", "no-such-thing"], env, [], status=1),
        Case("bundled search 5G", [*szfacts, "search", "5G"], env, []),
        Case("show last id, large", [*szfacts, "show", last, "--data", str(huge)], env, []),
        Case("list, large", [*szfacts, "list", "--format", "plain", "--data", str(huge)], env, []),
        Case("miss, large", [*szfacts, "show", "no-such-thing", "--data", str(huge)], env, [], status=1),
        Case("search, large", [*szfacts, "search", f"Synthetic fact {large - 1}", "--data", str(huge)], env, []),
    ]
    for case in cases:  # warm every cache (and the indexes and text kept in it) before timing
        subprocess.run(case.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=case.env)
    by_name = round_robin(cases, runs)
    floor = by_name["python -c pass"]
    typer_app = by_name["bare one-command Typer app"]
    piped = by_name["szfacts share drones (piped)"]
    bundled_show = by_name["szfacts show drones"]
    memory_mib = peak_memory_kib([*szfacts, "share", "drones"], env) / 1024
    large_memory_mib = peak_memory_kib([*szfacts, "show", last, "--data", str(huge)], env) / 1024

    n = f"{large:,}"
    rows = [
        ("szfacts share drones, piped", piped, "python -c pass", floor, 7.0),
        ("szfacts share --format table", by_name["szfacts share --format table"], "python -c pass", floor, 10.0),
        # Restated (issue 20): up to 1.25× the bare app, a margin spent on a clearer structure.
        ("szfacts share drones, piped", piped, "bare Typer app", typer_app, 1.25),
        (
            "szfacts share --format table",
            by_name["szfacts share --format table"],
            "bare Typer table",
            by_name["bare Typer app printing a rich table"],
            1.25,
        ),
        (f"show ID in {records:,} records", by_name["show ID, scale file"], "show drones", bundled_show, 1.5),
        # Completion has "the same budget as the piped lookup": both of its ratios.
        ("tab completion of a QUERY", by_name["tab completion of a QUERY"], "python -c pass", floor, 7.0),
        ("tab completion of a QUERY", by_name["tab completion of a QUERY"], "bare Typer app", typer_app, 1.25),
        (f"show last id in {n}", by_name["show last id, large"], "show drones", bundled_show, 1.3),
        (f"list --format plain, {n}", by_name["list, large"], "bundled list", by_name["bundled list"], 10.0),
        (f"miss with suggestions, {n}", by_name["miss, large"], "bundled miss", by_name["bundled miss"], 2.0),
        (f"search one record, {n}", by_name["search, large"], "search 5G", by_name["bundled search 5G"], 2.0),
        ("10,000 queries through stdin", *many_queries_case(szfacts, env, work, runs), 3.0),
        # issue 19: a megabyte in a second. python -c pass took 12.7-16.9 ms in the runs of 2026-12-07 (load 3.5),
        # so one second is 59-79 times it: the budget takes the strictest, 60 times
        ("check a 1 MB Markdown draft", *check_case(szfacts, env, work, max(3, runs // 4)), 60.0),
        (
            f"first list, {n} (no cache)",
            firsts["first list, large"],
            "tomllib alone",
            firsts["tomllib parses the large file"],
            1.0,
        ),
        (
            f"first list, {n} vs {large // 10:,}",
            firsts["first list, large"],
            "first, tenth",
            firsts["first list, tenth"],
            11.0,
        ),
    ]
    print(
        f"szfacts start-up benchmark: {runs} rounds ({slow_runs} for first runs), medians, "
        f"Python {sys.version.split()[0]}, {sys.executable}"
    )
    print(f"{'case':38} {'median':>10} {'baseline':>24} {'ratio':>7} {'budget':>7}  ok")
    failed = 0
    for name, ms, base_name, base_ms, budget in rows:
        ratio = ms / base_ms
        ok = ratio <= budget
        failed += not ok
        print(
            f"{name:38} {ms:8.1f}ms {base_name:>15} {base_ms:6.0f}ms {ratio:6.2f}× {budget:6.2f}×  "
            f"{'yes' if ok else 'NO'}"
        )
    absolute = [
        (f"first show, {records:,} records (no cache)", firsts["first show, scale file"], "ms", 1500.0),
        ("peak memory of szfacts share drones", memory_mib, "MiB", 25.0),
        (f"peak memory of show, {n} records", large_memory_mib, "MiB", 40.0),
    ]
    for name, value, unit, budget in absolute:
        ok = value <= budget
        failed += not ok
        print(f"{name:38} {value:8.1f}{unit:>3} {'':>24} {'':>7} {budget:5.0f}{unit}  {'yes' if ok else 'NO'}")
    print(
        f"baselines: python -c pass {floor:.1f} ms, bare Typer app {typer_app:.1f} ms, "
        f"show drones {bundled_show:.1f} ms"
    )
    print("all budgets met" if not failed else f"{failed} budget(s) not met")
    if docs is not None:
        about = (
            f"{runs} rounds ({slow_runs} for the first runs), medians; {records:,}-record scale file, {n}-record "
            f"large file; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.1f} at the end; {time.strftime('%Y-%m-%d')}, commit {_commit()}."
        )
        write_figures(docs, figures_markdown(rows, absolute, about))
        print(f"wrote the figures into {docs}")
    return 1 if failed and strict else 0


# --write-docs: the measured figures in docs/performance.md are this script's output, so they cannot drift from
# it. Every case in `rows` and `absolute` above is written; the prose around the block is not touched.
DOCS = HERE.parent / "docs" / "performance.md"
BEGIN = "<!-- FIGURES: written by `python benchmarks/startup.py --write-docs`; do not edit by hand -->"
END = "<!-- /FIGURES -->"


def figures_markdown(
    rows: list[tuple[str, float, str, float, float]], absolute: list[tuple[str, float, str, float]], about: str
) -> str:
    """The FIGURES block: one table row per budget, ratios first, then the absolute ones."""
    lines = [about, "", "| case | median | against | ratio | budget | met |", "|---|---:|---|---:|---:|---|"]
    for name, ms, base_name, base_ms, budget in rows:
        ratio = ms / base_ms
        met = "yes" if ratio <= budget else "**no**"
        lines.append(
            f"| {name} | {ms:,.1f} ms | {base_name} ({base_ms:,.1f} ms) | {ratio:.2f}× | ≤ {budget:.2f}× | {met} |"
        )
    for name, value, unit, budget in absolute:
        met = "yes" if value <= budget else "**no**"
        lines.append(f"| {name} | {value:,.1f} {unit} | | | ≤ {budget:,.0f} {unit} | {met} |")
    return "\n".join(lines)


def write_figures(path: Path, block: str) -> None:
    """Replace what stands between the BEGIN and END markers of `path` with `block`."""
    text = path.read_text(encoding="utf-8")
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        sys.exit(f"{path} must hold one {BEGIN} line and one {END} line after it")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    path.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    return done.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
