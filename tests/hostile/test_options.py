"""Bad options and values: exit 2, one helpful line on stderr, nothing on stdout."""

from __future__ import annotations

import pytest

from conftest import Invoke

CASES = {
    "date with month 13": (["timeline", "--as-of", "2023-13-01"], "--as-of"),
    "date that does not exist": (["timeline", "--as-of", "2023-02-29"], "--as-of"),
    "date in words": (["timeline", "--as-of", "yesterday"], "--as-of"),
    "year out of range": (["timeline", "--year", "99999"], "--year"),
    "negative year": (["timeline", "--year", "-5"], "--year"),
    "year in words": (["timeline", "--year", "next"], "--year"),
    "unknown format": (["share", "--format", "yaml"], "--format"),
    "empty format": (["share", "--format", ""], "--format"),
    "unknown language": (["list", "--lang", "fr"], "--lang"),
    "unknown kind": (["list", "--kind", "rumour"], "--kind"),
    "unknown option": (["share", "--colour"], "--colour"),
    "unknown command": (["shares"], "shares"),
    "missing argument": (["show"], "QUERY"),
    "option without value": (["share", "--data"], "--data"),
    "compare with one": (["compare", "drones"], "at least two"),
    "value without query": (["share", "--value"], "--value"),
    "extra argument": (["search", "5G", "drones"], "extra argument"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_option(szfacts: Invoke, case: str) -> None:
    args, phrase = CASES[case]
    run = szfacts(*args)
    assert run.code == 2, run
    assert run.stdout == ""
    assert run.stderr.startswith("szfacts: error: ")
    assert run.stderr.count("\n") == 1
    assert phrase in run.stderr


def test_bad_language_from_the_environment(szfacts: Invoke) -> None:
    run = szfacts("share", env={"SZFACTS_LANG": "klingon"})
    assert run.code == 2 and "SZFACTS_LANG" in run.stderr
