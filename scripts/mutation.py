"""Mutation testing of the modules that decide answers: figures.py, folding.py, reading.py, resolve.py, validate.py.

    python scripts/mutation.py                       # all five, one mutant at a time
    python scripts/mutation.py figures validate      # some of them
    python scripts/mutation.py --report              # only print the score of the last run
    python scripts/mutation.py --max-children 2 --diff
    python scripts/mutation.py --report --write-docs # the last run's score into docs/mutation.md

Runs mutmut (configured in pyproject.toml's [tool.mutmut]: the test files that call these modules in-process,
never the import-time guard), then prints each module's score and every surviving mutant. Survivors listed in
docs/mutation.md as equivalent (no test could tell them from the original) are marked so; any other survivor is
a test waiting to be written. Exits 1 when a survivor is not known to be equivalent. `--write-docs` writes the
score of all five modules into docs/mutation.md, so the score there is the one printed here. Not in CI: the
five modules take about an hour on two cores.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
# Each module that decides answers, by the short name given on the command line, and its place in the package.
MODULES = {
    "figures": "core.figures",
    "folding": "core.folding",
    "reading": "core.reading",
    "resolve": "core.resolve",
    "validate": "store.validate",
}
DOCS = ROOT / "docs" / "mutation.md"
EQUIVALENTS = DOCS

# mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code), folded into what the score needs.
KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
ALIVE = {0: "survived", 5: "no tests", 33: "no tests"}

# --write-docs rewrites what stands between these markers in docs/mutation.md, so the score there is always the
# one this script printed; nothing else in the file is touched.
BEGIN = "<!-- SCORE: written by `python scripts/mutation.py --write-docs`; do not edit by hand -->"
END = "<!-- /SCORE -->"


class Score(NamedTuple):
    module: str  # the short name: figures, folding, reading, resolve, validate
    mutants: int
    killed: int
    alive: list[str]  # mutant names, in natural order
    equivalent: int  # how many of `alive` docs/mutation.md explains
    untested: int  # mutants mutmut has not run yet (a run stopped early): neither killed nor alive

    @property
    def tested(self) -> int:
        return self.mutants - self.untested

    @property
    def rate(self) -> float:
        """Killed of the mutants tested."""
        return self.killed / self.tested if self.tested else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="default: all of " + ", ".join(MODULES))
    parser.add_argument("--max-children", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument("--report", action="store_true", help="do not run mutmut; report the last run")
    parser.add_argument("--diff", action="store_true", help="show each unexplained survivor's diff")
    parser.add_argument("--write-docs", action="store_true", help="write the score into docs/mutation.md")
    options = parser.parse_args()
    modules = options.modules or list(MODULES)
    if not set(modules) <= set(MODULES):
        parser.error(f"modules are {', '.join(MODULES)}, not {', '.join(sorted(set(modules) - set(MODULES)))}")
    if options.write_docs and set(modules) != set(MODULES):
        parser.error("--write-docs writes the score of all the modules: name none of them")
    mutmut = Path(sys.executable).with_name("mutmut")
    if not options.report:
        names = [f"shenzhen_facts.{MODULES[module]}*" for module in modules]
        run = subprocess.run([str(mutmut), "run", "--max-children", str(options.max_children), *names], cwd=ROOT)
        if run.returncode != 0:
            print(f"mutmut run failed ({run.returncode})", file=sys.stderr)
            return run.returncode
    equivalent = known_equivalents()
    found = scores(ROOT / "mutants", modules, equivalent)
    unexplained = [name for score in found for name in score.alive if name not in equivalent]
    print(
        f"\n{'module':<12}{'mutants':>8}{'tested':>8}{'killed':>8}{'alive':>7}{'equiv.':>7}{'score':>8}{'unexpl.':>9}"
    )
    for module in modules:
        if module not in {score.module for score in found}:
            print(f"{module:<12} no results (run without --report first)")
    for score in found:
        codes = _exit_codes(ROOT / "mutants", score.module)
        print(
            f"{score.module:<12}{score.mutants:>8}{score.tested:>8}{score.killed:>8}{len(score.alive):>7}"
            f"{score.equivalent:>7}{score.rate:>8.1%}{len(score.alive) - score.equivalent:>9}"
        )
        for name in score.alive:
            status = ALIVE.get(codes[name], f"exit {codes[name]}")
            note = f"equivalent: {equivalent[name]}" if name in equivalent else "UNEXPLAINED"
            print(f"    {name}  [{status}]  {note}")
    tested, killed = sum(score.tested for score in found), sum(score.killed for score in found)
    if tested:
        print(
            f"{'total':<12}{sum(s.mutants for s in found):>8}{tested:>8}{killed:>8}{tested - killed:>7}{'':>7}"
            f"{killed / tested:>8.1%}"
        )
    if options.diff:
        for name in unexplained:
            subprocess.run([str(mutmut), "show", name], cwd=ROOT, check=False)
    if options.write_docs:
        if len(found) != len(MODULES):
            print("--write-docs: some module has no results; nothing written", file=sys.stderr)
            return 1
        write_score(DOCS, score_markdown(found, _about()))
        print(f"wrote the score into {DOCS.relative_to(ROOT)}")
    return 1 if unexplained else 0


def scores(mutants: Path, modules: list[str], equivalent: dict[str, str]) -> list[Score]:
    """Each module's score from mutmut's results under `mutants/` (modules with no results are left out)."""
    found = []
    for module in modules:
        codes = _exit_codes(mutants, module)
        if codes is None:
            continue
        killed = sum(code in KILLED for code in codes.values())
        untested = sum(code is None for code in codes.values())
        alive = sorted((name for name, code in codes.items() if code not in KILLED and code is not None), key=_natural)
        found.append(Score(module, len(codes), killed, alive, sum(name in equivalent for name in alive), untested))
    return found


def _exit_codes(mutants: Path, module: str) -> dict[str, int | None] | None:
    """mutmut's exit code for each mutant of a module, from its .meta file; None when it has none."""
    meta = mutants / "shenzhen_facts" / (MODULES[module].replace(".", "/") + ".py.meta")
    if not meta.is_file():
        return None
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return codes


def score_markdown(found: list[Score], about: str) -> str:
    """The SCORE block: a line with the score over all modules, then a table by module. The score is of the
    mutants tested: a run stopped early says how many it did not reach, never counts them either way."""
    mutants = sum(score.mutants for score in found)
    tested = sum(score.tested for score in found)
    killed = sum(score.killed for score in found)
    equivalent = sum(score.equivalent for score in found)
    untested = mutants - tested
    lines = [
        f"**{killed:,} of {tested:,} mutants tested killed ({killed / tested:.1%})**; {tested - killed:,} alive, of "
        f"which {equivalent:,} are listed below as equivalent."
        + (f" **{untested:,} of the {mutants:,} mutants were not tested.**" if untested else "")
        + f" {about}",
        "",
        "| module | mutants | tested | killed | alive | of which equivalent | score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for score in found:
        path = MODULES[score.module].replace(".", "/") + ".py"
        lines.append(
            f"| {path} | {score.mutants:,} | {score.tested:,} | {score.killed:,} | {len(score.alive):,} "
            f"| {score.equivalent:,} | {score.rate:.1%} |"
        )
    return "\n".join(lines)


def write_score(path: Path, block: str) -> None:
    """Replace what stands between the BEGIN and END markers of `path` with `block`."""
    text = path.read_text(encoding="utf-8")
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise SystemExit(f"{path} must hold one {BEGIN} line and one {END} line after it")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    path.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def _about() -> str:
    from importlib.metadata import version

    return f"mutmut {version('mutmut')}, Python {sys.version.split()[0]}."


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
