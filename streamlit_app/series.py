"""Series over the waves from the version-2 marts, in the reader's weighting, with the change since
the previous wave and its test (``fct_indicator_changes_v1``, ``fct_item_score_changes_v1``).

Each row is one wave of the annual series (``series = 'annual'``, ``common.one_wave_per_year``)
or the interpolated 2022: a monthly wave is never part of it (``monthly_item_scores``);
columns for charts: ``interp``, ``ci_low``/``ci_high`` (none on the interpolated year), ``sig``
(significant change since the previous observed wave), and texts for tooltips.
"""

from __future__ import annotations

import pandas as pd

from release_data import indicators as indicator_data
from release_data import items as item_data
from streamlit_app import uncertainty, weighting
from streamlit_app.common import one_wave_per_year
from streamlit_app.db import release
from streamlit_app.formats import fmt, fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, item_labels, labeller
from streamlit_app.plain_text import plain


def _finish(df: pd.DataFrame, kind: str = "score") -> pd.DataFrame:
    df = one_wave_per_year(df)
    df["interp"] = df["is_interpolated"].astype(bool)
    df["interpolated"] = [
        t("interpolated", year=int(y)) if f else t("observed") for f, y in zip(df["interp"], df["year"], strict=True)
    ]
    df = uncertainty.drop_interpolated_intervals(df)
    df = uncertainty.with_interval(df, kind)
    df["sig"] = df["is_significant"].fillna(False).astype(bool)
    df["significant"] = df["sig"].map(lambda f: t("yes") if f else "")
    df["changetext"] = [
        t(
            "change.text",
            change=fmt(c, "points"),
            low=fmt(lo, "points"),
            high=fmt(hi, "points"),
            year=py,
        )
        if pd.notna(c)
        else ""
        for c, lo, hi, py in zip(df["change"], df["change_low"], df["change_high"], df["previous_year"])
    ]
    df["sigtext"] = [uncertainty.significance_text(p, s) for p, s in zip(df["p_value"], df["sig"])]
    df = df.rename(columns={"p_value": "change_p_value"})
    return df


def indicator_series(code: str | None = None) -> pd.DataFrame:
    """Indicators (all, or one) over the waves with intervals and the change tests."""
    w = weighting.current()
    ind = indicator_data.indicator_series(release(), w, code)
    changes = indicator_data.indicator_changes(release(), w)
    df = ind.merge(changes, on=["wave_id", "indicator_code"], how="left")
    df["indicator"] = df["indicator_code"].map(labeller(indicator_labels()))
    df["ntext"] = df["n_respondents"].map(fmt_count)
    return _finish(df)


def item_series(indicator: str) -> pd.DataFrame:
    """The questions of an indicator over the waves with intervals and the change tests."""
    w = weighting.current()
    scores = item_data.item_series(release(), w, indicator)
    changes = item_data.item_change_series(release(), w, indicator)
    df = scores.merge(changes, on=["wave_id", "item_code"], how="left")
    df["item"] = df["item_code"].map(item_labels())
    df["ntext"] = df["n_valid"].map(fmt_count)
    return _finish(df.assign(value=df["score"]))


def membership_note(row: pd.Series) -> str | None:
    """The note for a change that crosses a membership change (a new methodology version): the
    like-for-like change on the items common to both waves, beside it. None otherwise."""
    if not bool(row.get("is_membership_changed") or False) or pd.isna(row.get("change")):
        return None
    like = row.get("change_like_for_like")
    return t(
        "change.membership",
        old=plain(row.get("previous_methodology_version") or ""),
        new=plain(row.get("methodology_version") or ""),
        change=fmt(row["change"], "points"),
        like=fmt(like, "points") if pd.notna(like) else "—",
    )


def monthly_item_scores(indicator: str) -> pd.DataFrame:
    """Scores of an indicator's items in the monthly series (waves of a monthly kind), one row per
    wave x item, never mixed into the annual series."""
    df = item_data.monthly_item_scores(release(), weighting.current(), indicator)
    df["item"] = df["item_code"].map(item_labels())
    return df
