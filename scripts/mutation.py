"""Mutation testing of the modules that decide answers: figures.py, resolve.py and validate.py.

    python scripts/mutation.py                       # all three, one mutant at a time
    python scripts/mutation.py figures validate      # some of them
    python scripts/mutation.py --report              # only print the score of the last run
    python scripts/mutation.py --max-children 2 --diff

Runs mutmut (configured in pyproject.toml's [tool.mutmut]: the test files that call these modules in-process,
never the import-time guard), then prints
each module's score and every surviving mutant. Survivors listed in docs/mutation.md as equivalent (no test
could tell them from the original) are marked so; any other survivor is a test waiting to be written. Exits 1
when a survivor is not known to be equivalent. Not in CI: the three modules take a while on two cores.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("figures", "resolve", "validate")
EQUIVALENTS = ROOT / "docs" / "mutation.md"

# mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code), folded into what the score needs.
KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
ALIVE = {0: "survived", 5: "no tests", 33: "no tests"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="default: all of " + ", ".join(MODULES))
    parser.add_argument("--max-children", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument("--report", action="store_true", help="do not run mutmut; report the last run")
    parser.add_argument("--diff", action="store_true", help="show each unexplained survivor's diff")
    options = parser.parse_args()
    modules = options.modules or list(MODULES)
    if not set(modules) <= set(MODULES):
        parser.error(f"modules are {', '.join(MODULES)}, not {', '.join(sorted(set(modules) - set(MODULES)))}")
    mutmut = Path(sys.executable).with_name("mutmut")
    if not options.report:
        names = [f"shenzhen_facts.{module}*" for module in modules]
        run = subprocess.run([str(mutmut), "run", "--max-children", str(options.max_children), *names], cwd=ROOT)
        if run.returncode != 0:
            print(f"mutmut run failed ({run.returncode})", file=sys.stderr)
            return run.returncode
    equivalent = known_equivalents()
    unexplained: list[str] = []
    totals = [0, 0, 0]  # mutants, killed, alive
    print(f"\n{'module':<12}{'mutants':>8}{'killed':>8}{'alive':>7}{'equiv.':>7}{'score':>8}{'unexplained':>13}")
    for module in modules:
        meta = ROOT / "mutants" / "shenzhen_facts" / f"{module}.py.meta"
        if not meta.is_file():
            print(f"{module:<12} no results (run without --report first)")
            continue
        codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        killed = [name for name, code in codes.items() if code in KILLED]
        alive = sorted((name for name in codes if name not in killed), key=_natural)
        explained = [name for name in alive if name in equivalent]
        unexplained += [name for name in alive if name not in equivalent]
        score = len(killed) / len(codes) if codes else 1.0
        print(
            f"{module:<12}{len(codes):>8}{len(killed):>8}{len(alive):>7}{len(explained):>7}{score:>8.1%}"
            f"{len(alive) - len(explained):>13}"
        )
        totals = [totals[0] + len(codes), totals[1] + len(killed), totals[2] + len(alive)]
        for name in alive:
            status = ALIVE.get(codes[name], "not checked" if codes[name] is None else f"exit {codes[name]}")
            note = f"equivalent: {equivalent[name]}" if name in equivalent else "UNEXPLAINED"
            print(f"    {name}  [{status}]  {note}")
    if totals[0]:
        print(f"{'total':<12}{totals[0]:>8}{totals[1]:>8}{totals[2]:>7}{'':>7}{totals[1] / totals[0]:>8.1%}")
    if options.diff:
        for name in unexplained:
            subprocess.run([str(mutmut), "show", name], cwd=ROOT, check=False)
    return 1 if unexplained else 0


def known_equivalents() -> dict[str, str]:
    """Mutant name -> the reason it is equivalent, from the table in docs/mutation.md."""
    found: dict[str, str] = {}
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `(shenzhen_facts\.[\w.]+__mutmut_\d+)` \| (.+?) \|$", line)
        if match:
            found[match[1]] = match[2]
    return found


def _natural(name: str) -> tuple[str, int]:
    stem, _, number = name.rpartition("_")
    return stem, int(number) if number.isdigit() else 0


if __name__ == "__main__":
    sys.exit(main())
