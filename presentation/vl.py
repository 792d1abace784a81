"""Vega-Lite specs for the figures. Drawing only: every number plotted comes from a mart.

Each builder takes a frame whose columns are already labelled for people (``cat``, ``lbl`` …)
and returns a plain Vega-Lite dict (no Altair: no per-rerun validation cost). Conventions:

* scores are drawn on a −1…+1 scale that always shows 0; shares on 0–100 (fixed);
* answer classes use one palette everywhere (positive blue, neutral grey, negative red);
* groups with a small base (``small`` column true) are drawn grey and say their n;
* if a frame carries ``ci_low`` / ``ci_high`` (the statistics marts, v2), an interval is drawn —
  no interval is ever invented when those columns are absent.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from presentation.formats import D3, vega_locale

POSITIVE, NEUTRAL, NEGATIVE = "#2c7fb8", "#bdbdbd", "#d7301f"
BAR = "#4a6fa5"
GREY = "#b0b0b0"
PALE = "#b9c9e0"  # a bar whose change / gap is within sampling noise
INK = "#222222"  # error bars
SERIES = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
]
MAX_SERIES = 8
WRAP_LABEL = "split(datum.label, '\\n')"

CONFIG = {
    "axis": {"labelLimit": 0, "titleFontWeight": "normal", "labelFontSize": 11},
    "legend": {"labelLimit": 0, "orient": "bottom", "titleFontWeight": "normal"},
    "view": {"stroke": None},
    "title": {"anchor": "start", "fontSize": 14, "subtitleFontSize": 11},
}


def config(lang: str = "en") -> dict:
    """A figure's ``config`` in ``lang``: the house style and the language's number signs
    (``locale``), so the dashboard and the report format axes and legends alike."""
    return {**CONFIG, "locale": vega_locale(lang)}


def wrap(text: object, width: int = 42) -> str:
    lines = textwrap.wrap(str(text), width, break_long_words=False)
    return "\n".join(lines) or str(text)


def _plain(value: object) -> object:
    """A JSON-ready scalar: missing values (NaN, NA, NaT) become None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts for a spec's ``data.values`` (column by column: much faster than
    converting the frame to objects)."""
    columns = {str(col): [_plain(v) for v in df[col].tolist()] for col in df.columns}
    names = list(columns)
    return [dict(zip(names, row)) for row in zip(*columns.values())]


def score_domain(values: pd.Series, pad: float = 0.1) -> list[float]:
    """A score axis that includes 0 (never starts at the data's minimum), within −1…+1."""
    lo = min(0.0, float(values.min()) - pad) if len(values) else -1.0
    hi = max(0.0, float(values.max()) + pad) if len(values) else 1.0
    return [max(-1.0, math.floor(lo * 10) / 10), min(1.0, math.ceil(hi * 10) / 10)]


def value_scale(kind: str, values: pd.Series) -> dict:
    if kind == "share":
        return {"domain": [0, 100]}
    if kind == "pp" and len(values):
        edge = max(5.0, math.ceil(float(values.abs().max()) * 1.15))
        return {"domain": [-edge, edge]}  # symmetric: left and right read alike
    if kind == "contribution" and len(values):
        low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
        pad = max(0.005, (high - low) * 0.15)
        return {"domain": [low - pad if low < 0 else 0, high + pad if high > 0 else 0]}
    if kind in ("score", "points"):
        return {"domain": score_domain(values), "zero": True}
    return {"zero": True, "nice": True}


def extent(data: pd.DataFrame) -> pd.Series:
    """The values a value axis must show: the values and, when present, their intervals."""
    parts = [data["value"]]
    if has_interval(data):
        parts += [data["ci_low"].dropna(), data["ci_high"].dropna()]
    return pd.concat(parts, ignore_index=True).astype(float)


def value_axis(kind: str) -> dict:
    """Axis of a value: few ticks, whole numbers for shares, signed decimals for scores."""
    return {"format": "d" if kind == "share" else D3.get(kind, ""), "tickCount": 8}


def row_step(data: pd.DataFrame, single: int) -> int:
    """Height of a category row: enough for its longest wrapped label (13 px a line)."""
    lines = int(data["cat_w"].str.count("\n").max() or 0) + 1 if len(data) else 1
    return single if lines == 1 else max(single, 13 * lines + 6)


def cat_axis(data: pd.DataFrame, title: str | None, *, ordered: bool = True, grid: bool = False) -> dict:
    """The category channel: wrapped labels (``cat_w``) in frame order, never truncated."""
    axis = {"labelExpr": WRAP_LABEL, **({"grid": True} if grid else {})}
    sort = list(dict.fromkeys(data["cat_w"])) if ordered else None
    return {
        "field": "cat_w",
        "type": "nominal",
        "sort": sort,
        "title": title,
        "axis": axis,
    }


def value_channel(kind: str, values: pd.Series, title: str) -> dict:
    """The value channel: fixed or zero-including scale, few ticks, the kind's number format."""
    return {
        "field": "value",
        "type": "quantitative",
        "title": title,
        "scale": value_scale(kind, values),
        "axis": value_axis(kind),
    }


def tips_of(fields: list[tuple[str, str]]) -> list[dict]:
    return [{"field": f, "type": "nominal", "title": title} for f, title in fields]


def has_interval(df: pd.DataFrame) -> bool:
    return {"ci_low", "ci_high"} <= set(df.columns) and bool(df["ci_low"].notna().any())


def interval_layer(cat: dict, value: dict, tips: list[dict], *, color: object = INK, offset=None) -> dict:
    """Error bar from ``ci_low`` to ``ci_high`` along the value axis (rows without one skip it)."""
    low = {**value, "field": "ci_low"}
    enc = {
        "y": cat,
        "x": low,
        "x2": {"field": "ci_high"},
        "color": color if isinstance(color, dict) else {"value": color},
        "tooltip": tips,
    }
    if offset:
        enc["yOffset"] = offset
    return {
        "transform": [{"filter": "isValid(datum.ci_low) && isValid(datum.ci_high)"}],
        "mark": {"type": "rule", "strokeWidth": 1.5},
        "encoding": enc,
    }


def _label_position(data: pd.DataFrame) -> pd.Series:
    """Where a bar's printed value goes: past the end of its interval when it has one."""
    if not has_interval(data):
        return data["value"]
    high = data["ci_high"].where(data["ci_high"].notna(), data["value"])
    low = data["ci_low"].where(data["ci_low"].notna(), data["value"])
    return high.where(data["value"] >= 0, low)


def hbar(
    df: pd.DataFrame,
    *,
    kind: str,
    value_title: str,
    cat_title: str,
    tooltip: list[tuple[str, str]] | None = None,
    color: str = BAR,
    zero_rule: float | None = None,
    tones: dict[str, str] | None = None,
) -> dict:
    """Horizontal bars in frame order. Columns: cat, value, lbl (+ small, ci_low/ci_high, sig,
    tone). ``small`` bars are grey; ``sig`` false bars pale (within sampling noise); ``tones``
    colours bars by their ``tone`` column (legend)."""
    data = df.assign(cat_w=df["cat"].map(wrap))
    data["lblx"] = _label_position(data)
    y = cat_axis(data, cat_title, ordered=False)
    x = value_channel(kind, extent(data), value_title)
    if kind in ("ratio", "count") and len(data):  # room for the printed values
        x["scale"] = {"domain": [0, float(data["value"].max()) * 1.12]}
    if kind == "share" and has_interval(data):
        x["scale"] = {"domain": [0, 100]}
    conditions = []
    if "small" in data:
        conditions.append({"test": "datum.small", "value": GREY})
    if "sig" in data:
        conditions.append({"test": "datum.sig === false", "value": PALE})
    fill: dict = {"value": color}
    if tones:
        fill = {
            "field": "tone",
            "type": "nominal",
            "title": None,
            "scale": {"domain": list(tones), "range": list(tones.values())},
        }
    if conditions:
        fill = {"condition": conditions, **fill}
    tips = tips_of([("cat", cat_title), ("lbl", value_title), *(tooltip or [])])
    at_label = {**x, "field": "lblx"}
    layers: list[dict] = [
        {
            "mark": {"type": "bar"},
            "encoding": {"y": y, "x": x, "color": fill, "tooltip": tips},
        },
        {
            "transform": [{"filter": "datum.value >= 0"}],
            "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
            "encoding": {
                "y": y,
                "x": at_label,
                "text": {"field": "lbl"},
                "tooltip": tips,
            },
        },
        {
            "transform": [{"filter": "datum.value < 0"}],
            "mark": {"type": "text", "align": "right", "dx": -4, "fontSize": 11},
            "encoding": {
                "y": y,
                "x": at_label,
                "text": {"field": "lbl"},
                "tooltip": tips,
            },
        },
    ]
    if has_interval(data):
        layers.append(interval_layer(y, x, tips))
    if zero_rule is not None:
        layers.append(
            {
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#555"},
                "encoding": {"x": {"datum": zero_rule}},
            }
        )
    return {
        "width": "container",
        "height": {"step": row_step(data, 22)},
        "data": {"values": records(data)},
        "layer": layers,
    }


def stacked(
    df: pd.DataFrame,
    *,
    parts: list[str],
    colors: list[str],
    cat_title: str,
    value_title: str,
    part_title: str,
    tooltip: list[tuple[str, str]] | None = None,
) -> dict:
    """100 % stacked bars. Columns: cat (in frame order), part, value (0–100), lbl, porder."""
    data = df.assign(cat_w=df["cat"].map(wrap))
    data["inside"] = data["value"].map(lambda v: f"{v:.0f}" if v >= 6 else "")
    y = cat_axis(data, cat_title)
    x = {**value_channel("share", data["value"], value_title), "stack": "zero"}
    tips = tips_of(
        [
            ("cat", cat_title),
            ("part", part_title),
            ("lbl", value_title),
            *(tooltip or []),
        ]
    )
    color = {
        "field": "part",
        "type": "nominal",
        "title": part_title,
        "scale": {"domain": parts, "range": colors},
        "sort": parts,
    }
    order = {"field": "porder", "type": "quantitative"}
    return {
        "width": "container",
        "height": {"step": row_step(data, 24)},
        "data": {"values": records(data)},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": y,
                    "x": x,
                    "color": color,
                    "order": order,
                    "tooltip": tips,
                },
            },
            {
                "mark": {"type": "text", "color": "white", "fontSize": 10, "dx": -12},
                "encoding": {
                    "y": y,
                    "x": {**x, "bandPosition": 1},
                    "order": order,
                    "detail": {"field": "part"},
                    "text": {"field": "inside"},
                    "tooltip": tips,
                },
            },
        ],
    }


def heatmap(
    df: pd.DataFrame,
    *,
    kind: str,
    x_title: str,
    y_title: str,
    value_title: str,
    x_order: list[str] | None = None,
    scheme: str = "blues",
    domain: list[float] | None = None,
    tooltip: list[tuple[str, str]] | None = None,
    tones: dict[str, str] | None = None,
) -> dict:
    """Cells coloured by value with the value printed. Columns: x, cat, value, lbl (+ small, bold).
    ``tones`` colours cells by their ``tone`` column instead (categories, with a legend)."""
    data = df.assign(cat_w=df["cat"].map(wrap))
    scale = {
        "scheme": scheme,
        "domain": domain or ([0, 100] if kind == "share" else [-1, 1]),
    }
    if kind in ("score", "points"):
        scale["domainMid"] = 0
    y = cat_axis(data, y_title)
    x = {
        "field": "x",
        "type": "nominal",
        "sort": x_order or list(dict.fromkeys(data["x"])),
        "title": x_title,
        "axis": {"labelAngle": 0, "labelExpr": WRAP_LABEL},
    }
    data["x"] = data["x"].map(lambda v: wrap(v, 14))
    if x_order:
        x["sort"] = [wrap(v, 14) for v in x_order]
    tips = tips_of([("cat", y_title), ("xfull", x_title), ("lbl", value_title), *(tooltip or [])])
    data["xfull"] = df["x"]
    small = "small" in data.columns
    return {
        "width": "container",
        "height": {"step": row_step(data, 24)},
        "data": {"values": records(data)},
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white"},
                "encoding": {
                    "y": y,
                    "x": x,
                    "color": {
                        "field": "tone",
                        "type": "nominal",
                        "title": value_title,
                        "scale": {"domain": list(tones), "range": list(tones.values())},
                        "legend": {"orient": "bottom", "columns": 2},
                    }
                    if tones
                    else {
                        "field": "value",
                        "type": "quantitative",
                        "title": value_title,
                        "scale": scale,
                        "legend": {"orient": "right", "format": D3.get(kind, "")},
                    },
                    "opacity": {
                        "condition": {"test": "datum.small", "value": 0.35},
                        "value": 1,
                    }
                    if small
                    else {"value": 1},
                    "tooltip": tips,
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {
                    "y": y,
                    "x": x,
                    "text": {"field": "lbl"},
                    "fontWeight": {
                        "condition": {"test": "datum.bold", "value": "bold"},
                        "value": "normal",
                    },
                    "tooltip": tips,
                },
            },
        ],
    }


def dots(
    df: pd.DataFrame,
    *,
    kind: str,
    value_title: str,
    cat_title: str,
    group_title: str,
    groups: list[str],
    tooltip: list[tuple[str, str]] | None = None,
) -> dict:
    """Dot plot comparing groups per category. Columns: cat, group, value, lbl (+ small, ntext,
    ci_low/ci_high). With intervals each group gets its own row inside the category (yOffset),
    so the error bars of different groups never overlap."""
    data = df.assign(cat_w=df["cat"].map(wrap))
    y = cat_axis(data, cat_title, grid=True)
    x = value_channel(kind, extent(data), value_title)
    tips = tips_of(
        [
            ("group", group_title),
            ("cat", cat_title),
            ("lbl", value_title),
            *(tooltip or []),
        ]
    )
    color = {
        "field": "group",
        "type": "nominal",
        "title": group_title,
        "scale": {"domain": groups, "range": SERIES[: max(len(groups), 1)]},
    }
    ci = has_interval(data)
    offset = {"field": "group", "type": "nominal", "sort": groups} if ci else None
    point = {
        "y": y,
        "x": x,
        "color": color,
        "shape": {"field": "group", "type": "nominal", "scale": {"domain": groups}},
        "opacity": {"condition": {"test": "datum.small", "value": 0.3}, "value": 0.95}
        if "small" in data
        else {"value": 0.95},
        "tooltip": tips,
    }
    layers: list[dict] = []
    if ci:
        point["yOffset"] = offset
        layers.append(interval_layer(y, x, tips, color=color, offset=offset))
    else:  # the spread of the groups as a grey line behind the dots
        layers.append(
            {
                "mark": {"type": "rule", "color": "#ccc", "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "x": {"aggregate": "min", "field": "value", "type": "quantitative"},
                    "x2": {"aggregate": "max", "field": "value"},
                },
            }
        )
    layers.append({"mark": {"type": "point", "filled": True, "size": 90}, "encoding": point})
    if kind in ("score", "points"):
        layers.append({"mark": {"type": "rule", "color": "#888"}, "encoding": {"x": {"datum": 0}}})
    # with yOffset the step is that of one group's row inside a category
    step = 14 if ci else row_step(data, 26)
    return {
        "width": "container",
        "height": {"step": step},
        "data": {"values": records(data)},
        "layer": layers,
    }


def funnel(
    df: pd.DataFrame,
    *,
    value_title: str,
    cat_title: str,
    tooltip: list[tuple[str, str]] | None = None,
) -> dict:
    """Centred bars, widest on top. Columns: cat (top to bottom), value (0–100), lbl."""
    data = df.assign(lo=-df["value"] / 2, hi=df["value"] / 2, cat_w=df["cat"].map(wrap))
    y = cat_axis(data, cat_title, ordered=False)
    tips = tips_of([("cat", cat_title), ("lbl", value_title), *(tooltip or [])])
    return {
        "width": "container",
        "height": {"step": 40},
        "data": {"values": records(data)},
        "layer": [
            {
                "mark": {"type": "bar", "color": BAR},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "lo",
                        "type": "quantitative",
                        "scale": {"domain": [-50, 50]},
                        "axis": None,
                    },
                    "x2": {"field": "hi"},
                    "tooltip": tips,
                },
            },
            {
                "mark": {"type": "text", "color": "white", "fontWeight": "bold"},
                "encoding": {
                    "y": y,
                    "x": {"datum": 0, "type": "quantitative"},
                    "text": {"field": "lbl"},
                },
            },
        ],
    }


def panel_bars(df: pd.DataFrame, *, value_title: str, columns: int = 2) -> dict:
    """Small multiples of share bars, one panel per ``panel`` (own categories, shared 0–100 axis)."""
    data = df.assign(cat_w=df["cat"].map(lambda v: wrap(v, 30)))
    y = cat_axis(data, None, ordered=False)
    x = value_channel("share", data["value"], value_title)
    tips = tips_of([("panel", "·"), ("cat", "·"), ("lbl", value_title)])
    return {
        "data": {"values": records(data)},
        "facet": {
            "field": "panel",
            "type": "nominal",
            "title": None,
            "sort": list(dict.fromkeys(data["panel"])),
            "header": {
                "labelFontWeight": "bold",
                "labelFontSize": 12,
                "labelAnchor": "start",
            },
        },
        "columns": columns,
        "spec": {
            "width": 300,
            "height": {"step": row_step(data, 20)},
            "layer": [
                {
                    "mark": {"type": "bar", "color": BAR},
                    "encoding": {"y": y, "x": x, "tooltip": tips},
                },
                {
                    "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 11},
                    "encoding": {"y": y, "x": x, "text": {"field": "lbl"}},
                },
            ],
        },
        "resolve": {"scale": {"y": "independent"}},
    }
