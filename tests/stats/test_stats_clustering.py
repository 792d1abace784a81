"""Cophenetic correlation and bootstrap cluster stability."""

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import linkage

from survey_stats.clustering import (
    cluster_stability,
    cophenetic_correlation,
    region_cluster_stability,
)


def test_cophenetic_correlation_by_hand():
    # points 0, 1, 3 on a line: d = (1, 3, 2); average linkage merges {0,1} at 1, then at
    # (3 + 2)/2 = 2.5 -> cophenetic (1, 2.5, 2.5); r = 1.5 / (sqrt(2) sqrt(1.5)) = 0.866025
    d = np.array([1.0, 3.0, 2.0])
    assert cophenetic_correlation(linkage(d, method="average"), d) == pytest.approx(0.866025, abs=1e-6)


def test_cluster_stability_by_hand():
    # A = {0,1}: replicate 1 -> 1; replicate 2 (clusters {0}, {1,2,3}) -> max(1/2, 1/4) = 0.5 -> 0.75
    # B = {2,3}: 1 and max(0, 2/3) -> (1 + 2/3)/2 = 0.8333
    out = cluster_stability(np.array([1, 1, 2, 2]), np.array([[1, 1, 2, 2], [1, 2, 2, 2]]))
    np.testing.assert_allclose(out, [0.75, 0.75, 5 / 6, 5 / 6])


def test_well_separated_regions_are_stable():
    rng = np.random.default_rng(0)
    items = [f"i{k}" for k in range(6)]
    pattern = {"north": [0.8, -0.5, 0.6, -0.4, 0.7, -0.6], "south": [-0.6, 0.7, -0.5, 0.6, -0.4, 0.8]}
    rows, regions, profiles = [], [], []
    for r in range(6):
        region = f"reg{r}"
        probs = pattern["north" if r < 3 else "south"]
        for i in range(200):
            rid = f"{region}_{i}"
            regions.append(("w", rid, region))
            for item, mean in zip(items, probs, strict=True):
                rows.append((2023, "w", rid, item, float(np.clip(np.round(mean + rng.normal(0, 0.6)), -1, 1))))
    answers = pd.DataFrame(rows, columns=["year", "wave_id", "respondent_id", "item_code", "valence"])
    regions = pd.DataFrame(regions, columns=["wave_id", "respondent_id", "region_code"])
    scored = answers.merge(regions).groupby(["region_code", "item_code"])["valence"].mean().reset_index()
    profiles = scored.rename(columns={"valence": "score"}).assign(year=2023)
    out = region_cluster_stability(answers, regions, profiles, replicates=30, seed=1)
    assert len(out) == 6 and out["n_replicates"].eq(30).all()
    assert out["stability_level_1"].eq(1.0).all()  # the two blocks never mix
    assert out["cophenetic_correlation"].iloc[0] > 0.9
    assert out["stability_level_5"].between(0, 1).all()


def test_warehouse_inputs_give_the_same_panels_and_stability():
    import duckdb

    from survey_stats.clustering import region_panels, stability_of_panels
    from survey_stats.duckdb_inputs import region_panels as warehouse_panels

    rng = np.random.default_rng(3)
    rows, groups = [], []
    for wave, year in (("w1", 2023), ("w0", 2023), ("w2", 2021)):
        for i in range(120):
            rid = f"r{i:03d}"
            groups.append((wave, rid, "region", f"reg{i % 5}"))
            groups.append((wave, rid, "gender", "female"))
            for item in ("a", "b", "c", "d"):
                rows.append((year, wave, rid, item, "economic", [None, -1.0, 0.0, 1.0][rng.integers(0, 4)]))
    answers = pd.DataFrame(rows, columns=["year", "wave_id", "respondent_id", "item_code", "indicator_code", "valence"])
    groups = pd.DataFrame(groups, columns=["wave_id", "respondent_id", "factor", "group_code"])
    regions = groups[groups["factor"] == "region"].rename(columns={"group_code": "region_code"})
    merged = answers.merge(regions, on=["wave_id", "respondent_id"])
    profiles = merged.groupby(["year", "region_code", "item_code"])["valence"].mean().rename("score").reset_index()
    profiles = profiles[profiles["region_code"] != "reg4"]  # a region outside the profile is left out
    con = duckdb.connect()
    con.register("answers", answers)
    con.register("groups_", groups)
    slow = list(region_panels(answers, regions[["wave_id", "respondent_id", "region_code"]], profiles))
    fast = list(warehouse_panels(con, con.table("answers"), con.table("groups_"), profiles))
    assert [p.year for p in fast] == [p.year for p in slow] == [2021, 2023]
    for a, b in zip(fast, slow, strict=True):
        for field in ("valence", "valid", "region"):
            assert np.array_equal(getattr(a, field), getattr(b, field)), field
    pd.testing.assert_frame_equal(stability_of_panels(fast, 20, 4), stability_of_panels(slow, 20, 4), check_exact=True)
