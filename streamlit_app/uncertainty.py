"""Intervals and significance as readers see them.

The numbers come from the version-2 marts (``ci_low`` / ``ci_high``, ``p_value``,
``is_significant``); this module only turns them into text for tooltips, marks for charts and
columns for tables. An interpolated year (2022) is not a measurement: it gets no interval and is
never compared (``drop_interpolated_intervals``).
"""

from __future__ import annotations

import pandas as pd

from streamlit_app import thresholds, weighting
from streamlit_app.formats import fmt
from streamlit_app.i18n import t

# table column names of an interval, per kind of number (labels.COLUMN_KINDS has one kind per name)
TABLE_NAMES = {
    "score": ("ci_low", "ci_high"),
    "share": ("pct_low", "pct_high"),
    "points": ("change_low", "change_high"),
}


def interval_text(low: object, high: object, kind: str) -> str:
    """``+0.37 … +0.40`` / ``36.5 … 41.9 %``; empty when the mart gives no interval."""
    if pd.isna(low) or pd.isna(high):
        return ""
    if kind == "share":  # one unit sign: 36.5 … 41.9 %
        return f"{fmt(low, 'share').removesuffix(' %')} … {fmt(high, 'share')}"
    return f"{fmt(low, kind)} … {fmt(high, kind)}"


def drop_interpolated_intervals(df: pd.DataFrame, flag: str = "interp") -> pd.DataFrame:
    """No interval on an interpolated year: it is the mean of two waves, not a measurement."""
    out = df.copy()
    if flag in out and {"ci_low", "ci_high"} <= set(out.columns):
        mask = out[flag].astype(bool)
        out.loc[mask, ["ci_low", "ci_high"]] = float("nan")
    return out


def with_interval(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Add ``citext`` (the 95 % interval as text) and, when the frame has ``n_effective``,
    ``nefftext`` (the Kish effective base) for tooltips."""
    out = df.copy()
    out["citext"] = [interval_text(lo, hi, kind) for lo, hi in zip(out["ci_low"], out["ci_high"])]
    if "n_effective" in out:
        out["nefftext"] = out["n_effective"].map(lambda n: fmt(n, "count"))
    return out


def tips(*, effective: bool = True) -> list[tuple[str, str]]:
    """Tooltip entries for the interval and, when weighted, the effective base (unweighted it
    equals the base already shown)."""
    entries = [tip("ci.tip")]
    if effective and weighting.is_weighted():
        entries.append(("nefftext", t("neff.tip")))
    return entries


def table_interval(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The interval's columns named for their kind of number (shares: ``pct_low``/``pct_high``)."""
    low, high = TABLE_NAMES[kind]
    return df.rename(columns={"ci_low": low, "ci_high": high})


def significance_text(p_value: object, significant: object) -> str:
    """``significant (p = 0.0040)`` / ``within sampling noise (p = 0.2435)``; empty without a test."""
    if pd.isna(p_value):
        return ""
    word = thresholds.text("sig.yes") if bool(significant) else t("sig.no")
    return f"{word} (p = {fmt(p_value, 'p')})"


def tip(title_key: str) -> tuple[str, str]:
    """A tooltip entry (field, title) for the interval text."""
    return ("citext", t(title_key))
