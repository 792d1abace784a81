"""Offline maps of Kazakhstan that compare (Vega-Lite geoshape over the committed GeoJSON).

Colour scales are FIXED per measure, so colours mean the same on every year, indicator and
question (docs/dashboard.md, "Maps"):

| measure | scale |
|---|---|
| score (indicators, items; −1…+1) | diverging red–blue, domain −1…+1, white at 0 |
| share (% of a group; 0–100)      | sequential blues, domain 0…100 |
| cluster                          | categorical, the same colours as the dendrogram |

Every unit prints its value; the three cities of republican significance (Astana, Almaty,
Shymkent), too small to see as areas, are drawn as large circles in the same colour scale with
their name and value beside them. Units with a small base are faded and say their n.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd

from presentation.formats import D3
from presentation.i18n import ASSETS
from presentation.vl import records
from presentation.vl_graphs import CLUSTER_COLORS, TRUST_OPACITY

GEO_FILES = {
    "region": "kz_regions.geojson",
    "region_2020_borders": "kz_regions_2020.geojson",
    "macro_region": "kz_macro_regions.geojson",
}
CITIES = ("astana", "almaty", "shymkent")
SCALES = {
    "score": {"scheme": "redblue", "domain": [-1, 1], "domainMid": 0},
    "points": {"scheme": "redblue", "domain": [-1, 1], "domainMid": 0},
    "share": {"scheme": "blues", "domain": [0, 100]},
}


@lru_cache(maxsize=4)
def geo_collection(level: str) -> dict:
    return json.loads((ASSETS / GEO_FILES[level]).read_text(encoding="utf-8"))


def _ring_centroid(ring: list) -> tuple[float, float, float]:
    pts = np.asarray(ring, dtype=float)
    x, y = pts[:, 0], pts[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float(x.mean()), float(y.mean()), 0.0
    cx = ((x[:-1] + x[1:]) * cross).sum() / (6 * area)
    cy = ((y[:-1] + y[1:]) * cross).sum() / (6 * area)
    return float(cx), float(cy), abs(float(area))


@lru_cache(maxsize=4)
def label_points(level: str) -> dict[str, tuple[float, float]]:
    """Label position per unit: the centroid of its largest polygon (lon, lat)."""
    out = {}
    for feature in geo_collection(level)["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        best = max((_ring_centroid(p[0]) for p in polys), key=lambda c: c[2])
        out[feature["id"]] = (best[0], best[1])
    return out


def choropleth(
    df: pd.DataFrame,
    *,
    level: str,
    kind: str,
    value_title: str,
    name_title: str,
    tooltip: list[tuple[str, str]] | None = None,
) -> dict:
    """Choropleth spec. ``df``: geo_code, name, value, lbl (+ small, ntext, cluster).

    ``kind``: score | share | cluster (regions' clusters) | category (e.g. macro-regions). The value is printed on each unit; cities are circles.
    """
    pts = label_points(level)
    data = df.copy()
    data["lon"] = data["geo_code"].map(lambda c: pts.get(c, (None, None))[0])
    data["lat"] = data["geo_code"].map(lambda c: pts.get(c, (None, None))[1])
    data["city"] = data["geo_code"].isin(CITIES)
    data["small"] = data.get("small", False)
    field = "cluster" if kind in ("cluster", "category") else "value"
    if kind in ("cluster", "category"):
        clusters = sorted(data["cluster"].astype(str).unique(), key=lambda c: (len(c), c))
        data["cluster"] = data["cluster"].astype(str)
        scale = (
            {"domain": clusters, "range": CLUSTER_COLORS}
            if kind == "cluster"
            else {"domain": clusters, "scheme": "tableau10"}
        )
        color = {
            "field": "cluster",
            "type": "nominal",
            "title": value_title,
            "scale": scale,
        }
    else:
        color = {
            "field": "value",
            "type": "quantitative",
            "title": value_title,
            "scale": SCALES[kind],
            "legend": {"format": D3.get(kind, ""), "gradientLength": 260},
        }
    extra = [c for c, _ in tooltip or []]
    tips = [
        {"field": "name", "type": "nominal", "title": name_title},
        {"field": "lbl", "type": "nominal", "title": value_title},
        *({"field": c, "type": "nominal", "title": t} for c, t in tooltip or []),
    ]
    fields = ["name", field, "lbl", "small", *extra]
    if "trust" in data:
        fields.append("trust")
    projection = {"type": "mercator"}
    opacity = TRUST_OPACITY if "trust" in data else {"condition": {"test": "datum.small", "value": 0.35}, "value": 1}
    lonlat = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    table = records(data.drop(columns=[c for c in ("geometry",) if c in data]))
    city_filter = {"filter": "datum.city"}
    return {
        "width": "container",
        "height": 460,
        "projection": projection,
        "layer": [
            {
                "data": {
                    "values": geo_collection(level),
                    "format": {"type": "json", "property": "features"},
                },
                "transform": [
                    {
                        "lookup": "id",
                        "from": {
                            "data": {"values": table},
                            "key": "geo_code",
                            "fields": fields,
                        },
                    }
                ],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.8},
                "encoding": {"color": color, "opacity": opacity, "tooltip": tips},
            },
            {
                "data": {"values": table},
                "transform": [city_filter],
                "mark": {
                    "type": "circle",
                    "size": 650,
                    "stroke": "#333",
                    "strokeWidth": 1.2,
                },
                "encoding": {
                    **lonlat,
                    "color": color,
                    "opacity": opacity,
                    "tooltip": tips,
                },
            },
            {
                "data": {"values": table},
                "transform": [{"filter": "!datum.city"}],
                "mark": {
                    "type": "text",
                    "fontSize": 12,
                    "fontWeight": "bold",
                    "color": "#111",
                },
                "encoding": {**lonlat, "text": {"field": "lbl"}, "tooltip": tips},
            },
            {
                "data": {"values": table},
                "transform": [
                    city_filter,
                    {"calculate": "datum.name + ' ' + datum.lbl", "as": "tag"},
                ],
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 16,
                    "fontSize": 12,
                    "fontWeight": "bold",
                    "color": "#111",
                },
                "encoding": {**lonlat, "text": {"field": "tag"}, "tooltip": tips},
            },
        ],
    }
