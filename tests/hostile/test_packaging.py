"""Other ways szfacts is found and fed: a zip import of the package, a dataset saved with a byte order mark."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, Invoke


def test_a_zip_import_reads_the_bundled_data_through_importlib_resources(tmp_path: Path) -> None:
    archive = tmp_path / "szfacts.zip"
    with zipfile.ZipFile(archive, "w") as zipped:  # the wheel's layout: data.toml inside the package
        for module in sorted([*(ROOT / "shenzhen_facts").rglob("*.py"), ROOT / "shenzhen_facts/vocabulary.toml"]):
            zipped.write(module, f"shenzhen_facts/{module.relative_to(ROOT / 'shenzhen_facts').as_posix()}")
        zipped.write(ROOT / "data.toml", "shenzhen_facts/data.toml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SZFACTS_")}
    env.update(PYTHONPATH=str(archive), SZFACTS_CACHE_DIR=str(tmp_path / "cache"))

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, *args], capture_output=True, env=env, cwd=tmp_path, timeout=60, check=False
        )

    where = run("-c", "import shenzhen_facts; print(shenzhen_facts.__file__)")
    assert where.stdout.decode().startswith(str(archive)), where  # the archive, not the editable install
    done = run("-m", "shenzhen_facts", "share", "drones")
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    assert done.stdout == b"drones\t70\tpercent\texact\t70%\tglobal output\t2023\tConsumer drones\n"
    assert run("-m", "shenzhen_facts", "validate").stderr == b"szfacts: bundled data.toml: valid, 38 records\n"


def test_a_zip_without_the_data_file_says_so(tmp_path: Path) -> None:
    archive = tmp_path / "szfacts.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for module in sorted((ROOT / "shenzhen_facts").rglob("*.py")):
            zipped.write(module, f"shenzhen_facts/{module.relative_to(ROOT / 'shenzhen_facts').as_posix()}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SZFACTS_")}
    env.update(PYTHONPATH=str(archive), SZFACTS_CACHE_DIR="")
    done = subprocess.run(
        [sys.executable, "-m", "shenzhen_facts", "share", "drones"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (66, b"")
    assert done.stderr.startswith(b"szfacts: error: the bundled data.toml is missing from this installation")


def test_a_byte_order_mark_is_accepted(szfacts: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (ROOT / "data.toml").read_bytes())
    run = szfacts("share", "drones", "--data", str(path))
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.startswith("drones\t70\t")


def test_a_byte_order_mark_elsewhere_is_still_an_error_with_its_line(szfacts: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"format = 1\n\xef\xbb\xbfx = 1\n")
    run = szfacts("validate", str(path))
    assert run.code == 65 and "line 2" in run.stderr
