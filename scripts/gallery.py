"""Regenerate the README's pictures: `python scripts/gallery.py` writes docs/gallery/*.svg with `--export`.

Every picture is made by szfacts itself, so the README shows exactly what a terminal shows. Dates are pinned
(--as-of) so that a picture changes only when szfacts or its data do; tests/test_docs.py fails when a committed
picture no longer matches what this script would make.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
AS_OF = "2026-11-26"

# file name -> the command line after `szfacts`
PICTURES: dict[str, list[str]] = {
    "overview-80x24.svg": ["overview", "--as-of", AS_OF],
    "overview-zh-80x24.svg": ["overview", "--as-of", AS_OF, "--lang", "zh"],
    "overview.svg": ["overview", "--as-of", AS_OF],
    "overview-zh.svg": ["overview", "--as-of", AS_OF, "--lang", "zh"],
    "share.svg": ["share"],
    "compare.svg": ["compare", "drones", "smartphones", "womenswear"],
    "timeline.svg": ["timeline", "--as-of", AS_OF],
    "show.svg": ["show", "drones"],
}


def make(directory: Path) -> list[Path]:
    """Write every picture into `directory`; returns their paths."""
    from typer.testing import CliRunner

    from shenzhen_facts.cli.commands import app

    runner = CliRunner()
    written = []
    for name, args in PICTURES.items():
        path = directory / name
        # The terminal each picture is drawn for: the default 80 x 24 where the name says so, else 100 x 30.
        columns, lines = ("80", "24") if name.endswith("-80x24.svg") else ("100", "30")
        result = runner.invoke(
            app,
            [*args, "--export", str(path), "--format", "plain"],
            env={"COLUMNS": columns, "LINES": lines, "NO_COLOR": None, "SZFACTS_DATA": None, "SZFACTS_LANG": None},
        )
        if result.exit_code != 0:
            raise SystemExit(f"szfacts {' '.join(args)} failed: {result.stderr}")
        written.append(path)
    return written


def main() -> int:
    GALLERY.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for path in make(Path(scratch)):
            (GALLERY / path.name).write_bytes(path.read_bytes())
            print(f"wrote docs/gallery/{path.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
