"""One number format per kind of number, the same in metrics, tables, charts and tooltips.

| kind   | example  | used for                                         |
|--------|----------|--------------------------------------------------|
| score  | +0.39    | item scores, indicators, the composite (−1…+1)   |
| points | +0.07    | differences and changes between scores / shares  |
| contribution | +0.018 | a question's share of an indicator's change   |
| pp     | +3.5     | differences between shares (percentage points)   |
| share  | 47.9 %   | percentages (0–100)                              |
| ratio  | 7.10     | positive ÷ negative and similar coefficients     |
| count  | 1,616    | respondents, bases                               |
| rank   | 3        | ranks                                            |
| p      | 0.0012   | p-values                                         |
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from streamlit_app.labels import column_kind, column_label

# printf formats for st.dataframe (column_config) and d3 formats for Vega-Lite
PRINTF = {
    "score": "%+.2f",
    "points": "%+.2f",
    "contribution": "%+.3f",
    "pp": "%+.1f",
    "share": "%.1f %%",
    "ratio": "%.2f",
    "count": "localized",
    "rank": "%d",
    "p": "%.4f",
    "year": "%d",
}
D3 = {
    "score": "+.2f",
    "points": "+.2f",
    "contribution": "+.3f",
    "pp": "+.1f",
    "share": ".1f",
    "ratio": ".2f",
    "count": ",d",
    "rank": "d",
    "p": ".4f",
    "year": "d",
}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt(value: object, kind: str) -> str:
    """A number as text in its kind's format (— when missing); minus is the typographic −."""
    if _missing(value) or pd.isna(value):
        return "—"
    v = float(value)  # type: ignore[arg-type]
    if kind in ("score", "points"):
        text = f"{v:+.2f}"
    elif kind == "contribution":
        text = f"{v:+.3f}"
    elif kind == "pp":
        text = f"{v:+.1f}"
    elif kind == "share":
        text = f"{v:.1f} %"
    elif kind == "ratio":
        text = f"{v:.2f}"
    elif kind == "count":
        text = f"{round(v):,}"
    elif kind == "p":
        text = f"{v:.4f}"
    else:
        text = f"{round(v)}" if v == int(v) else f"{v}"
    return text.replace("-", "−")


def fmt_score(value: object) -> str:
    return fmt(value, "score")


def fmt_pct(value: object) -> str:
    return fmt(value, "share")


def fmt_count(value: object) -> str:
    return fmt(value, "count")


def column_config(df: pd.DataFrame) -> dict[str, object]:
    """Header label and number format per column (keyed by the frame's own column names)."""
    config: dict[str, object] = {}
    for col in df.columns:
        name = str(col)
        kind = column_kind(name)
        header = column_label(name)
        if kind in PRINTF and pd.api.types.is_numeric_dtype(df[col]):
            config[name] = st.column_config.NumberColumn(header, format=PRINTF[kind])
        else:
            config[name] = st.column_config.TextColumn(header)
    return config
