"""The dashboard's number formats: :mod:`presentation.formats` in the reader's language, and
the table column formats for ``st.dataframe``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import formats
from presentation.formats import D3, PRINTF
from streamlit_app.i18n import lang
from streamlit_app.labels import column_kind, column_label

__all__ = ["D3", "PRINTF", "column_config", "fmt", "fmt_count", "fmt_pct", "fmt_score"]


def fmt(value: object, kind: str) -> str:
    """A number as text in its kind's format and the reader's locale (— when missing)."""
    return formats.fmt(value, kind, lang())


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
