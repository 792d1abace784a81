"""Series over the waves from the version-2 marts, in the reader's weighting, with the change since
the previous wave and its test (``fct_indicator_changes_v1``, ``fct_item_score_changes_v1``).

Each row is one wave of the annual series (``series = 'annual'``, ``common.one_wave_per_year``)
or the interpolated 2022: a monthly wave is never part of it (``monthly_item_scores``);
columns for charts: ``interp``, ``ci_low``/``ci_high`` (none on the interpolated year), ``sig``
(significant change since the previous observed wave), and texts for tooltips.
"""

from __future__ import annotations

import pandas as pd

from streamlit_app import uncertainty, weighting
from streamlit_app.common import one_wave_per_year
from streamlit_app.db import query
from streamlit_app.formats import fmt, fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, item_labels, labeller


def _finish(df: pd.DataFrame, kind: str = "score") -> pd.DataFrame:
    df = one_wave_per_year(df)
    df["interp"] = df["is_interpolated"].astype(bool)
    df["interpolated"] = df["interp"].map(
        lambda f: t("interpolated") if f else t("observed")
    )
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
        for c, lo, hi, py in zip(
            df["change"], df["change_low"], df["change_high"], df["previous_year"]
        )
    ]
    df["sigtext"] = [
        uncertainty.significance_text(p, s) for p, s in zip(df["p_value"], df["sig"])
    ]
    df = df.rename(columns={"p_value": "change_p_value"})
    return df


def indicator_series(code: str | None = None) -> pd.DataFrame:
    """Indicators (all, or one) over the waves with intervals and the change tests."""
    w = weighting.current()
    cond, params = ("and indicator_code = ?", (w, code)) if code else ("", (w,))
    ind = query(
        "select wave_id, year, indicator_code, value, ci_low, ci_high, n_items, n_respondents, "
        "n_effective, is_interpolated, methodology_version, coverage_status, not_computed_reason "
        "from marts.fct_indicators_v2 "
        f"where weighting = ? and series = 'annual' {cond} order by year, indicator_code",
        params,
    )
    changes = query(
        "select wave_id, indicator_code, previous_year, change, ci_low as change_low, "
        "ci_high as change_high, p_value, is_significant, is_membership_changed, "
        "change_like_for_like, previous_methodology_version from marts.fct_indicator_changes_v1 "
        "where weighting = ?",
        (w,),
    )
    df = ind.merge(changes, on=["wave_id", "indicator_code"], how="left")
    df["indicator"] = df["indicator_code"].map(labeller(indicator_labels()))
    df["ntext"] = df["n_respondents"].map(fmt_count)
    return _finish(df)


def item_series(indicator: str) -> pd.DataFrame:
    """The questions of an indicator over the waves with intervals and the change tests."""
    w = weighting.current()
    scores = query(
        "select wave_id, year, item_code, score, pct_positive, rank_by_positive, ci_low, "
        "ci_high, n_valid, n_effective, is_interpolated from marts.fct_item_scores_v2 "
        "where weighting = ? and indicator_code = ? and series = 'annual' order by year, item_code",
        (w, indicator),
    )
    changes = query(
        "select wave_id, item_code, previous_year, change, ci_low as change_low, "
        "ci_high as change_high, p_value, is_significant from marts.fct_item_score_changes_v1 "
        "where weighting = ? and indicator_code = ?",
        (w, indicator),
    )
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
        old=row.get("previous_methodology_version") or "",
        new=row.get("methodology_version") or "",
        change=fmt(row["change"], "points"),
        like=fmt(like, "points") if pd.notna(like) else "—",
    )


def monthly_item_scores(indicator: str) -> pd.DataFrame:
    """Scores of an indicator's items in the monthly series (waves of a monthly kind), one row per
    wave x item, never mixed into the annual series."""
    df = query(
        "select wave_id, year, fieldwork_end, item_code, score, ci_low, ci_high, n_valid "
        "from marts.fct_item_scores_v2 where weighting = ? and series = 'monthly' "
        "and indicator_code = ? order by fieldwork_end, item_code",
        (weighting.current(), indicator),
    )
    df["item"] = df["item_code"].map(item_labels())
    return df
