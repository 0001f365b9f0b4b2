"""The environment a run finds: no home directory, no passwd entry, odd debug settings, a zip import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke


@pytest.fixture
def homeless(monkeypatch: pytest.MonkeyPatch) -> None:
    """A user with no HOME and no passwd entry (a container's arbitrary uid): Path.home() raises."""
    import pwd

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", unknown)
    with pytest.raises(RuntimeError):
        Path.home()


@pytest.mark.usefixtures("homeless")
@pytest.mark.parametrize(
    "args",
    [
        ["share", "drones"],
        ["share", "--format", "table"],
        ["overview", "--format", "table"],
        ["cite", "drones", "--style", "bibtex"],
        ["--help"],
        ["--show-completion", "bash"],
    ],
    ids=" ".join,
)
def test_no_home_directory_still_answers(szfacts: Invoke, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # --show-completion asks shellingham for the shell this process runs under, whatever word follows it; a
    # run started by no shell (mutmut under nohup, a CI service) has none, so the user's shell is stated here.
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))
    run = szfacts(*args)
    assert run.code == 0, run
    assert run.stdout and run.stderr == ""


@pytest.mark.usefixtures("homeless")
def test_no_home_directory_to_install_completion_into(szfacts: Invoke) -> None:
    run = szfacts("--install-completion", "bash")
    assert (run.code, run.stdout) == (73, "")
    assert run.stderr.startswith("szfacts: error: no home directory to install completion into")
    assert run.stderr.count("\n") == 1


NOBODY = ["setpriv", "--reuid=12345", "--regid=12345", "--clear-groups"]


def test_a_user_with_no_passwd_entry_and_no_home(tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as a uid with no passwd entry")
    tmp_path.chmod(0o777)
    # From the directory the test runs in: a probe from the checkout would import the package from its cwd.
    probe = subprocess.run(
        [*NOBODY, sys.executable, "-c", "import shenzhen_facts"], capture_output=True, cwd=tmp_path, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"uid 12345 cannot run this Python or import szfacts here ({probe.stderr[-200:]!r})")
    # Without COVERAGE_*: this uid cannot write coverage's data file beside the checkout.
    env = {k: v for k, v in os.environ.items() if k != "HOME" and not k.startswith(("SZFACTS_", "COVERAGE_"))}
    env["SZFACTS_CACHE_DIR"] = ""  # the cache's own rules without a home are tests/test_cache.py's
    done = subprocess.run(
        [*NOBODY, sys.executable, "-m", "shenzhen_facts", "share", "drones"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    assert done.stdout.startswith(b"drones\t70\t")
