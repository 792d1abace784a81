"""What every page shares: the synthetic-data banner, URL-synced pickers, frame helpers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from release_data import meta as release_meta
from streamlit_app import meta, state, weighting
from streamlit_app.db import release
from streamlit_app.formats import fmt, fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import factor_labels, indicator_labels, labeller
from streamlit_app.plain_text import plain

INDICATORS = ("composite", "general", "geopolitical", "economic", "cultural")
# Small bases and small cells are flagged by the marts themselves (is_small_base: the base under
# dbt var small_base_n; is_small_cell: the cell's count under var small_cell_n): no threshold here.
SUPPRESSED = "—"  # printed instead of the share of a small cell (cross-tab, maps)


def header() -> None:
    """Synthetic banner (every page) and the release file name in the sidebar."""
    waves = meta.any_synthetic()
    if waves:
        st.warning(t("synthetic.banner"), icon=":material/science:")
    st.sidebar.caption(f"{t('release')}: {plain(meta.build_id())}")


def annual_years() -> list[int]:
    """Years with an annual wave."""
    return sorted({w.year for w in meta.waves() if w.kind == "annual"})


def pick_year(years: list[int], *, where=None) -> int | None:
    """URL-synced year picker (latest by default); None with a notice when there is no data."""
    if not years:
        st.info(t("no.data"))
        return None
    value = state.choice(
        "year",
        sorted(years, reverse=True),
        label=t("year"),
        widget="segmented",
        where=where,
    )
    return int(value)  # type: ignore[arg-type]


def pick_wave(table: str, *, widget_where=None, **equal: object) -> meta.Wave | None:
    """Year picker over the waves for which the version-2 mart ``table`` has rows in the
    reader's weighting (``equal``: column values that narrow them, e.g. ``survey_kind="annual"``);
    returns the wave shown for the chosen year (``meta.choose``)."""
    df = release_meta.wave_ids(release(), table, weighting=weighting.current(), **equal)
    known = meta.by_id()
    chosen = meta.choose([known[w] for w in df["wave_id"] if w in known])
    year = pick_year(sorted(chosen), where=widget_where)
    return None if year is None else chosen[year]


def one_wave_per_year(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of a wave series (``wave_id``, ``year``) reduced to the annual series: per year the
    wave ``meta.choose`` shows, plus the interpolated years."""
    known = meta.by_id()
    chosen = meta.choose([known[w] for w in df["wave_id"].unique() if w in known])
    keep = {w.wave_id for w in chosen.values()}
    mask = df["wave_id"].isin(keep) | df["wave_id"].str.startswith(meta.INTERPOLATED_PREFIX)
    return df[mask].copy()


def pick_indicator(options: tuple[str, ...] = INDICATORS[1:], *, where=None, default=None) -> str:
    return str(
        state.choice(
            "indicator",
            list(options),
            label=t("indicator"),
            format_func=labeller(indicator_labels()),
            default=default,
            where=where,
        )
    )


def pick_factor(options: list[str], *, where=None, default: str | None = None) -> str:
    return str(
        state.choice(
            "factor",
            options,
            label=t("factor"),
            format_func=labeller(factor_labels()),
            default=default,
            where=where,
        )
    )


def with_labels(df: pd.DataFrame, column: str, kind: str, out: str = "lbl") -> pd.DataFrame:
    """Add a formatted text column (``lbl``) for chart labels and tooltips."""
    df = df.copy()
    df[out] = df[column].map(lambda v: fmt(v, kind))
    return df


def grey_small_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Cross-tab and map cells whose own count is small (``small_cell``): greyed like a small
    base (``small``) and their share not printed (``lbl``); tooltips and tables keep the counts."""
    df = df.copy()
    cell = df["small_cell"].astype(bool)
    df["small"] = df["small"].astype(bool) | cell
    df["lbl"] = df["lbl"].where(~cell, SUPPRESSED)
    return df


def base_text(n: float, who: str = "all") -> str:
    return t(f"base.{who}", n=fmt_count(n))


def ntext(n: object) -> str:
    return f"n = {fmt_count(n)}"


def group_with_n(name: str, n: object, small: bool) -> str:
    return f"{name} (n = {fmt_count(n)}{', ' + t('small.short') if small else ''})"
