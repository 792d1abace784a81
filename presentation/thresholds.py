"""The thresholds behind a release's flags and intervals (``marts.dim_thresholds``: dbt vars
small_base_n, small_cell_n, significance_level, ci_z, influence_min_effect, influence_max_p) as
the values of the catalogue's placeholders, for the dashboard and the report alike.

A text that states a rule ("fewer than {small_base_n} respondents", "{ci_pct} % interval",
"ε² ≥ {influence_min_effect}") takes the number from the release it describes, never from a
string: a build with another setting says its own number. A release from before a setting was
published shows UNKNOWN in its place.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from statistics import NormalDist

from babel.numbers import format_decimal

UNKNOWN = "?"
NAMES = (
    "small_base_n",
    "small_cell_n",
    "significance_level",
    "significance_pct",
    "ci_pct",
    "influence_min_effect",
    "influence_max_p",
)


def confidence_pct(ci_z: float) -> float:
    """The coverage in percent of a two-sided normal interval of ±``ci_z`` standard errors
    (1.96 -> 95), to one decimal (the convention's level, not the z's last digits)."""
    return round((2 * NormalDist().cdf(ci_z) - 1) * 100, 1)


def placeholders(found: Mapping[str, float], language: str) -> dict[str, str]:
    """Every name of NAMES formatted for ``language`` (Babel): the counts, the probabilities,
    ``significance_pct`` (the level in percent) and ``ci_pct`` (the intervals' confidence level in
    percent, from ``ci_z``); UNKNOWN where the release does not say."""
    return dict(_formatted(tuple(sorted(found.items())), language))


@lru_cache(maxsize=64)
def _formatted(found: tuple[tuple[str, float], ...], language: str) -> tuple[tuple[str, str], ...]:
    values = dict(found)

    def number(value: float | None) -> str:
        return UNKNOWN if value is None else format_decimal(value, locale=language)

    level, z = values.get("significance_level"), values.get("ci_z")
    out = {
        "small_base_n": number(values.get("small_base_n")),
        "small_cell_n": number(values.get("small_cell_n")),
        "significance_pct": number(None if level is None else round(level * 100, 6)),
        "significance_level": number(level),
        "ci_pct": number(None if z is None else confidence_pct(z)),
        "influence_min_effect": number(values.get("influence_min_effect")),
        "influence_max_p": number(values.get("influence_max_p")),
    }
    return tuple(out.items())
