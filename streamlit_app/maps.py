"""Offline choropleths of Kazakhstan (Vega-Lite geoshape over the committed GeoJSON)."""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from streamlit_app.settings import ASSETS

GEO_FILES = {
    "region": "kz_regions.geojson",
    "region_2020_borders": "kz_regions_2020.geojson",
    "macro_region": "kz_macro_regions.geojson",
}


@lru_cache(maxsize=4)
def geo_collection(level: str) -> dict:
    return json.loads((ASSETS / GEO_FILES[level]).read_text(encoding="utf-8"))


def choropleth(
    df: pd.DataFrame,
    *,
    level: str,
    value: str,
    name: str,
    title: str,
    categorical: bool = False,
    tooltip_extra: list[str] | None = None,
    flag: str | None = None,
) -> dict:
    """Offline choropleth as a Vega-Lite spec (geoshape: no tiles, no CDN, no WebGL).

    ``df`` is keyed by ``geo_code`` = the GeoJSON feature ``id``. A plain spec (not Altair) keeps
    the server side cheap: Altair would validate and copy the whole geometry on every rerun.
    ``flag`` names a boolean column (e.g. is_small_base): those units are drawn faded.
    """
    extra = [*(tooltip_extra or []), *([flag] if flag else [])]
    records = json.loads(
        df[["geo_code", value, name, *extra]].to_json(orient="records")
    )
    vtype = "nominal" if categorical else "quantitative"
    scale = (
        {"scheme": "set2"}
        if categorical
        else {"scheme": "redyellowgreen", "domainMid": 0}
    )
    return {
        "height": 420,
        "data": {
            "values": geo_collection(level),
            "format": {"type": "json", "property": "features"},
        },
        "transform": [
            {
                "lookup": "id",
                "from": {
                    "data": {"values": records},
                    "key": "geo_code",
                    "fields": [value, name, *extra],
                },
            }
        ],
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.7},
        "encoding": {
            "color": {"field": value, "type": vtype, "title": title, "scale": scale},
            "opacity": {
                "condition": {"test": f"datum['{flag}']", "value": 0.35},
                "value": 1,
            }
            if flag
            else {"value": 1},
            "tooltip": [
                {"field": name, "type": "nominal"},
                {
                    "field": value,
                    "type": vtype,
                    **({} if categorical else {"format": ".2f"}),
                },
            ]
            + [
                {"field": f, "type": "nominal" if f == flag else "quantitative"}
                for f in extra
            ],
        },
    }
