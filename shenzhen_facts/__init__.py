"""szfacts: Shenzhen's 2023 industrial results and its 2025/2035 targets, from one cited article.

    >>> import shenzhen_facts as sz
    >>> facts = sz.load()                  # the bundled article; sz.load("my-city.toml") for another dataset
    >>> facts.get("consumer drones").stated
    '70%'
    >>> facts.find("batteries") is None    # wider than anything the article gives a figure for
    True

`load` and the error types are loaded on first use (`shenzhen_facts.api`), so a command-line lookup does not
pay for them at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shenzhen_facts.core import __version__

if TYPE_CHECKING:
    from shenzhen_facts.api import DatasetInvalid, DatasetMissing, Facts, NoMatch, SzfactsError, load

__all__ = ["DatasetInvalid", "DatasetMissing", "Facts", "NoMatch", "SzfactsError", "__version__", "load"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from shenzhen_facts import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
