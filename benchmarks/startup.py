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
    subprocess.run(case.command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=case.env, check=True)
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
    parser.add_argument("--runs", type=int, default=None, help="rounds of every case (default 21, quick 5)")
    parser.add_argument("--records", type=int, default=None, help="records in the scale file (default 10000)")
    parser.add_argument("--quick", action="store_true", help="few rounds, small scale file: for CI")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is not met")
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.quick else 21)
    records = args.records or (1000 if args.quick else 10000)

    work = Path(tempfile.mkdtemp(prefix="szfacts-bench-"))
    try:
        return run(work, runs, records, args.strict)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compile_package() -> None:
    """Byte-compile szfacts as pip does on install, so an editable checkout is measured as users run it."""
    import compileall

    import shenzhen_facts

    compileall.compile_dir(str(Path(shenzhen_facts.__file__).parent), quiet=1)


def run(work: Path, runs: int, records: int, strict: bool) -> int:
    szfacts = szfacts_command()
    compile_package()
    # PYTHONDONTWRITEBYTECODE would make every run recompile szfacts (installed typer keeps its .pyc files).
    skip = ("SZFACTS_", "FORCE_COLOR", "COLUMNS", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env["SZFACTS_CACHE_DIR"] = str(work / "cache")
    bare = work / "bare_typer_app.py"
    bare.write_text(BARE_TYPER_APP, encoding="utf-8")
    big = work / "big.toml"
    make_dataset.write(records, big)
    complete_env = {**env, "_SZFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "szfacts show dro", "COMP_CWORD": "2"}

    # The first run on the large file, with an empty cache of its own: once per round, that cache wiped before.
    first_runs: list[float] = []
    cases = [
        Case("python -c pass", [sys.executable, "-c", "pass"], env, []),
        Case("bare one-command Typer app", [sys.executable, str(bare)], env, []),
        Case("szfacts share drones (piped)", [*szfacts, "share", "drones"], env, []),
        Case("szfacts share --format table", [*szfacts, "share", "--format", "table"], env, []),
        Case("szfacts show drones", [*szfacts, "show", "drones"], env, []),
        Case(
            f"szfacts show ID --data big.toml ({records} records, cached)",
            [*szfacts, "show", "fact_00042", "--data", str(big)],
            env,
            [],
        ),
        Case("tab completion of a QUERY", [*szfacts], complete_env, []),
    ]
    cold_env = {**env, "SZFACTS_CACHE_DIR": str(work / "cold-cache")}
    for _ in range(runs):
        shutil.rmtree(work / "cold-cache", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(
            [*szfacts, "show", "fact_00042", "--data", str(big)], stdout=subprocess.DEVNULL, env=cold_env, check=True
        )
        first_runs.append(time.perf_counter() - start)
        for case in cases:
            case.times.append(time_once(case))

    by_name = {case.name: median_ms(case) for case in cases}
    floor = by_name["python -c pass"]
    typer_app = by_name["bare one-command Typer app"]
    piped = by_name["szfacts share drones (piped)"]
    bundled_show = by_name["szfacts show drones"]
    first = statistics.median(first_runs) * 1000
    memory_mib = peak_memory_kib([*szfacts, "share", "drones"], env) / 1024

    rows = [
        ("szfacts share drones, piped", piped, "python -c pass", floor, 7.0, "×"),
        ("szfacts share --format table", by_name["szfacts share --format table"], "python -c pass", floor, 10.0, "×"),
        ("szfacts share drones, piped", piped, "bare Typer app", typer_app, 1.15, "×"),
        (
            f"show ID in {records} records, cached",
            by_name[cases[5].name],
            "show drones (bundled)",
            bundled_show,
            1.5,
            "×",
        ),
        # Completion has "the same budget as the piped lookup": both of its ratios.
        ("tab completion of a QUERY", by_name["tab completion of a QUERY"], "python -c pass", floor, 7.0, "×"),
        ("tab completion of a QUERY", by_name["tab completion of a QUERY"], "bare Typer app", typer_app, 1.15, "×"),
    ]
    print(f"szfacts start-up benchmark: {runs} rounds, medians, Python {sys.version.split()[0]}, {sys.executable}")
    print(f"{'case':42} {'median':>9} {'baseline':>24} {'ratio':>7} {'budget':>8}  ok")
    failed = 0
    for name, ms, base_name, base_ms, budget, unit in rows:
        ratio = ms / base_ms
        ok = ratio <= budget
        failed += not ok
        print(
            f"{name:42} {ms:7.1f}ms {base_name:>15} {base_ms:6.1f}ms {ratio:6.2f}{unit} {budget:6.2f}{unit}  "
            f"{'yes' if ok else 'NO'}"
        )
    absolute = [
        (f"first run on {records} records (empty cache)", first, "ms", 1500.0),
        ("peak memory of szfacts share drones", memory_mib, "MiB", 25.0),
    ]
    for name, value, unit, budget in absolute:
        ok = value <= budget
        failed += not ok
        print(f"{name:42} {value:7.1f}{unit:>3} {'':>24} {'':>7} {budget:6.0f}{unit}  {'yes' if ok else 'NO'}")
    print(
        f"baselines: python -c pass {floor:.1f} ms, bare Typer app {typer_app:.1f} ms, "
        f"show drones {bundled_show:.1f} ms"
    )
    print("all budgets met" if not failed else f"{failed} budget(s) not met")
    return 1 if failed and strict else 0


if __name__ == "__main__":
    sys.exit(main())
