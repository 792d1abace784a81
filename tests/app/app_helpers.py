"""Helpers to read what a page drew (AppTest): chart specs by figure key, table headers, tables."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest


def charts(at: AppTest) -> dict[str, dict]:
    """Vega-Lite specs drawn on the page, keyed by their figure key (usermeta.figure)."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        out[spec.get("usermeta", {}).get("figure", "")] = spec
    return out


def chart_data(at: AppTest) -> dict[str, pd.DataFrame]:
    """The rows each chart draws, keyed by figure key (Streamlit ships a spec's inline
    ``data.values`` to the browser as an Arrow table beside the spec)."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        key = json.loads(chart.proto.spec).get("usermeta", {}).get("figure", "")
        raw = chart.proto.data.data
        out[key] = pa.ipc.open_stream(raw).read_all().to_pandas() if raw else pd.DataFrame()
    return out


def headers(at: AppTest) -> list[tuple[str, str]]:
    """(column, shown header) of every table on the page."""
    out = []
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            label = config.get(str(column), {}).get("label")
            out.append((str(column), label if label is not None else str(column)))
    return out


def table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page that has all ``columns``."""
    for frame in at.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value.reset_index(drop=True)
    raise AssertionError(f"no table with columns {columns}")
