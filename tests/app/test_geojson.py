"""The committed map assets match the region seed and are valid geometries."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "presentation" / "assets"
SEED = pd.read_csv(REPO / "seeds" / "ref_regions.csv")


@pytest.mark.parametrize(
    ("file", "codes"),
    [
        ("kz_regions.geojson", set(SEED["region_code"])),
        ("kz_regions_2020.geojson", set(SEED["region_2020_borders"])),
        ("kz_macro_regions.geojson", set(SEED["macro_region"])),
    ],
)
def test_geojson_features_match_seed_and_are_valid(file: str, codes: set[str]) -> None:
    features = json.loads((ASSETS / file).read_text(encoding="utf-8"))["features"]
    ids = [f["id"] for f in features]
    assert sorted(ids) == sorted(codes)
    for feature in features:
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty, feature["id"]
        # inside Kazakhstan's bounding box (lon 46..88, lat 40..56)
        minx, miny, maxx, maxy = geom.bounds
        assert 46 <= minx and maxx <= 88 and 40 <= miny and maxy <= 56, feature["id"]


def test_regions_do_not_overlap_much() -> None:
    """Regions tile the country: pairwise overlaps are negligible after cleaning."""
    features = json.loads((ASSETS / "kz_regions.geojson").read_text(encoding="utf-8"))["features"]
    shapes = {f["id"]: shape(f["geometry"]) for f in features}
    codes = sorted(shapes)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            overlap = shapes[a].intersection(shapes[b]).area
            assert overlap <= 0.02 * min(shapes[a].area, shapes[b].area), (a, b)
