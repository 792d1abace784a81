"""Vega-Lite spec for values over the survey waves (indicators, questions, groups).

Drawing only: every number plotted comes from a mart. 2022 had no fieldwork, so a segment that
touches an interpolated year is dashed and its marker hollow; more than eight series become small
multiples, one panel per series, on the same scale.
"""

from __future__ import annotations

import math

import pandas as pd

from presentation.vl import (
    BAR,
    INK,
    MAX_SERIES,
    SERIES,
    WRAP_LABEL,
    extent,
    tips_of,
    value_channel,
    wrap,
)


def _spread(rows: list[dict], span: float, gap: float = 0.05) -> None:
    """Move end labels apart (field ``ly``) so that labels of close values do not overlap."""
    shown = sorted((r for r in rows if r.get("show")), key=lambda r: r["value"])
    last = None
    for r in shown:
        r["ly"] = r["value"] if last is None else max(r["value"], last + gap * span)
        last = r["ly"]


def _clean(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def lines(
    df: pd.DataFrame,
    *,
    y_title: str,
    kind: str = "score",
    series_title: str = "",
    facet: bool = False,
    columns: int = 4,
    labels: str = "all",
    tooltip: list[tuple[str, str]] | None = None,
) -> dict:
    """Values over years. Columns: year, value, lbl, interp (bool), series (optional); optional
    ci_low / ci_high (error bars), sig (ring: significant change since the previous wave) and the
    ``tooltip`` fields.

    A segment touching an interpolated year (2022) is dashed and its marker hollow; it has no
    error bar. More than eight series are drawn as small multiples (``facet``), one panel per
    series. Several series with error bars are dodged slightly so the bars do not overlap.
    """
    has_series = "series" in df.columns
    facet = facet or (has_series and df["series"].nunique() > MAX_SERIES)
    ci = {"ci_low", "ci_high"} <= set(df.columns)
    extra = [f for f, _ in tooltip or []] + (["ci_low", "ci_high"] if ci else [])
    extra += ["sig"] if "sig" in df.columns else []
    names = list(dict.fromkeys(df["series"])) if has_series else [""]
    dodge = 0.06 if ci and has_series and not facet and len(names) > 1 else 0.0
    rows = []
    for name, part in df.groupby("series", sort=False) if has_series else [("", df)]:
        part = part.sort_values("year").reset_index(drop=True)
        shift = dodge * (names.index(name) - (len(names) - 1) / 2)
        for k in range(len(part) - 1):
            a, b = part.iloc[k], part.iloc[k + 1]
            rows.append(
                {
                    "series": name,
                    "seg": True,
                    "year": int(a["year"]) + shift,
                    "year2": int(b["year"]) + shift,
                    "value": float(a["value"]),
                    "value2": float(b["value"]),
                    "dashed": bool(a["interp"] or b["interp"]),
                }
            )
        last = part["year"].max()
        for r in part.to_dict(orient="records"):
            rows.append(
                {
                    "series": name,
                    "seg": False,
                    "year": int(r["year"]) + shift,
                    "value": float(r["value"]),
                    "lbl": r["lbl"],
                    "interp": bool(r["interp"]),
                    "show": labels == "all" or int(r["year"]) == int(last),
                    "small": bool(r.get("small", False)),
                    "n": r.get("ntext", ""),
                    **{f: _clean(r.get(f)) for f in extra},
                }
            )
    if labels == "last" and not facet:
        values = df["value"].astype(float)  # shares are drawn on a fixed 0–100 axis
        span = 100.0 if kind == "share" else float(values.max() - values.min())
        _spread(rows, span or 1.0)
    years = sorted({int(v) for v in df["year"]})
    x = {
        "field": "year",
        "type": "quantitative",
        "title": None,
        "scale": {"domain": [years[0] - 0.4, years[-1] + (0.8 if labels == "last" else 0.4)]} if years else {},
        "axis": {"values": years, "format": "d", "grid": False},
    }
    y = value_channel(kind, extent(df), y_title)
    color = (
        {
            "field": "series",
            "type": "nominal",
            "title": series_title,
            "scale": {"domain": names, "range": SERIES},
            "sort": names,
        }
        if has_series and not facet
        else {"value": BAR}
    )
    tips = tips_of(
        [
            *([("series", series_title)] if has_series else []),
            ("wave", "·"),
            ("lbl", y_title),
            *(tooltip or []),
        ]
    )
    for row in rows:
        row["wave"] = str(round(row["year"]))
    label_mark = (
        {"align": "left", "dx": 9, "baseline": "middle"}
        if labels == "last" and not facet
        else {"align": "left", "dx": 8, "dy": -10}
        if ci
        else {"dy": -10}
    )
    seg = {"filter": "datum.seg"}
    pts = {"filter": "!datum.seg"}
    layers = [
        {
            "transform": [seg],
            "mark": {"type": "rule", "strokeWidth": 2},
            "encoding": {
                "x": x,
                "x2": {"field": "year2"},
                "y": y,
                "y2": {"field": "value2"},
                "color": color,
                "strokeDash": {
                    "condition": {"test": "datum.dashed", "value": [5, 4]},
                    "value": [1, 0],
                },
            },
        },
        {
            "transform": [pts],
            "mark": {"type": "point", "size": 60, "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": y,
                "color": color,
                "fill": {
                    "condition": {"test": "datum.interp", "value": "white"},
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": names, "range": SERIES} if has_series and not facet else {"range": [BAR]},
                    # same field and domain as colour: Vega-Lite merges the two legends
                    **({} if has_series and not facet else {"legend": None}),
                },
                "opacity": {"value": 1},
                "tooltip": tips,
            },
        },
        {
            "transform": [pts, {"filter": "datum.show"}],
            "mark": {"type": "text", "fontSize": 11, **label_mark},
            "encoding": {
                "x": x,
                "y": {**y, "field": "ly"} if labels == "last" and not facet else y,
                "text": {"field": "lbl"},
                "color": color,
            },
        },
        {
            "mark": {"type": "rule", "color": "#888", "strokeWidth": 0.7},
            "encoding": {"y": {"datum": 0}},
        },
    ]
    if ci:
        layers.insert(
            0,
            {
                "transform": [pts, {"filter": "isValid(datum.ci_low)"}],
                "mark": {"type": "rule", "strokeWidth": 1.5, "opacity": 0.8},
                "encoding": {
                    "x": x,
                    "y": {**y, "field": "ci_low"},
                    "y2": {"field": "ci_high"},
                    "color": color if has_series and not facet else {"value": INK},
                    "tooltip": tips,
                },
            },
        )
    if "sig" in df.columns:
        layers.append(
            {
                "transform": [pts, {"filter": "datum.sig === true"}],
                "mark": {
                    "type": "point",
                    "size": 260,
                    "strokeWidth": 1.6,
                    "filled": False,
                    "color": INK,
                },
                "encoding": {"x": x, "y": y, "tooltip": tips},
            }
        )
    if facet:
        for row in rows:
            row["panel"] = wrap(row["series"], 34)
    spec: dict = {"data": {"values": rows}}
    if facet:
        spec.update(
            {
                "facet": {
                    "field": "panel",
                    "type": "nominal",
                    "title": None,
                    "sort": [wrap(v, 34) for v in dict.fromkeys(df["series"])],
                    "header": {
                        "labelExpr": WRAP_LABEL,
                        "labelLimit": 0,
                        "labelFontSize": 11,
                    },
                },
                "columns": columns,
                "spec": {"width": 190, "height": 130, "layer": layers},
            }
        )
    else:
        spec.update({"width": "container", "height": 320, "layer": layers})
    return spec
