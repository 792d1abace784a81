"""The thresholds behind the release's flags (``marts.dim_thresholds``: dbt vars small_base_n,
small_cell_n, significance_level), as the values of the catalogue's placeholders.

The texts that state a rule ("fewer than {small_base_n} respondents", "significant at
{significance_pct} %") take the number from the release they describe, never from a string: a
build with another threshold says its own number. A release from before the thresholds were
published shows UNKNOWN in their place.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import format_decimal

from release_data import meta as release_meta
from release_data.errors import ReleaseUnavailable
from streamlit_app.db import per_release, release
from streamlit_app.i18n import lang, t

UNKNOWN = "?"


def placeholders(found: Mapping[str, float], language: str) -> dict[str, str]:
    """``small_base_n``, ``small_cell_n`` (counts), ``significance_level`` and
    ``significance_pct`` (the level in percent), formatted for ``language``; UNKNOWN where the
    release does not say."""

    def number(value: float | None) -> str:
        return UNKNOWN if value is None else format_decimal(value, locale=language)

    level = found.get("significance_level")
    return {
        "small_base_n": number(found.get("small_base_n")),
        "small_cell_n": number(found.get("small_cell_n")),
        "significance_pct": number(None if level is None else level * 100),
        "significance_level": number(level),
    }


@per_release
def _published() -> dict[str, float]:
    return release_meta.thresholds(release())


def values() -> dict[str, str]:
    """The placeholders of the published release in the reader's language (UNKNOWN without a
    release: a column header is still a header)."""
    try:
        found = _published()
    except ReleaseUnavailable:
        found = {}
    return placeholders(found, lang())


def text(key: str, **fmt: object) -> str:
    """``t(key)`` with the release's thresholds filled in (and ``fmt``)."""
    return t(key, **values(), **fmt)
