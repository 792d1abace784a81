"""Shared page furniture: year pickers, downloadable tables, number formatting."""

from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from streamlit_app.i18n import t


def fmt_score(value: float | None) -> str:
    """Scores and indicators (−1..+1) as printed in the report: two decimals."""
    return "—" if value is None or pd.isna(value) else f"{value:.2f}"


def fmt_pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.1f}%"


def year_select(years: list[int], key: str, *, sidebar: bool = False) -> int | None:
    """Pick a year (latest first); ``None`` when the release has no rows."""
    options = sorted({int(y) for y in years}, reverse=True)
    if not options:
        st.info(t("no.data"))
        return None
    where = st.sidebar if sidebar else st
    return where.selectbox(t("year"), options, key=key)


SCORE_COLUMNS = {
    "score",
    "value",
    "ratio",
    "difference",
    "high_value",
    "low_value",
    "score_growth_ratio",
    "statistic_value",
    "test_statistic",
    "distance",
}


def number_formats(df: pd.DataFrame) -> dict[str, st.column_config.NumberColumn]:
    """Display precision as in the report (values stay full precision in the downloads)."""
    config: dict[str, st.column_config.NumberColumn] = {}
    for col in df.columns:
        name = str(col)
        if not pd.api.types.is_float_dtype(df[col]):
            continue
        if name.startswith("pct") or name == "conditional_pct":
            config[name] = st.column_config.NumberColumn(format="%.1f")
        elif name in SCORE_COLUMNS or name.startswith("ratio") or name[:1].isdigit():
            config[name] = st.column_config.NumberColumn(format="%.2f")
        elif name == "p_value":
            config[name] = st.column_config.NumberColumn(format="%.4f")
    return config


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "table"


def table(
    df: pd.DataFrame,
    name: str,
    *,
    parquet: bool = True,
    styler=None,
    caption: str | None = None,
) -> None:
    """Show a table with CSV (and Parquet) download buttons."""
    if df.empty:
        st.info(t("no.data"))
        return
    st.dataframe(
        styler if styler is not None else df,
        hide_index=True,
        width="stretch",
        column_config=number_formats(df),
    )
    if caption:
        st.caption(caption)
    slug = _slug(name)
    cols = st.columns([1, 1, 4])
    cols[0].download_button(
        t("download.csv"),
        df.to_csv(index=False).encode("utf-8"),
        f"{slug}.csv",
        "text/csv",
        key=f"dl_csv_{slug}",
    )
    if parquet:
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        cols[1].download_button(
            t("download.parquet"),
            buf.getvalue(),
            f"{slug}.parquet",
            "application/octet-stream",
            key=f"dl_pq_{slug}",
        )


def flag_small_base(df: pd.DataFrame, mask: pd.DataFrame):
    """Styler that shades cells whose base is too small (``mask`` same shape, True = small)."""
    return df.style.apply(
        lambda _: mask.replace(
            {True: "background-color: #ffe0b2; font-style: italic", False: ""}
        ),
        axis=None,
    ).format(precision=2)
