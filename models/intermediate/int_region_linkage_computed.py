"""Hierarchical clustering of regions: similarity = Pearson r of the regions' item-score
profiles, distance = 1 - r, average linkage (scipy). One row per merge step per year."""

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform

COLUMNS = ["year", "step", "left_node", "right_node", "distance", "size"]


def region_linkage(profile: pd.DataFrame) -> np.ndarray | None:
    """scipy linkage matrix of a region x item matrix (rows sorted by region code)."""
    if profile.shape[0] < 3 or profile.shape[1] < 3:
        return None
    r = np.corrcoef(profile.to_numpy(dtype=float))
    distance = np.clip(1.0 - np.nan_to_num(r, nan=0.0), 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    return linkage(squareform(distance, checks=False), method="average")


def model(dbt, session):
    dbt.config(materialized="table")
    profiles = dbt.ref("int_region_profiles_pivoted").df()
    rows = []
    for year, frame in profiles.groupby("year"):
        matrix = frame.pivot(index="region_code", columns="item_code", values="score").sort_index()
        tree = region_linkage(matrix)
        if tree is None:
            continue
        for step, (left, right, dist, size) in enumerate(tree, start=1):
            rows.append({"year": int(year), "step": step, "left_node": int(left),
                         "right_node": int(right), "distance": float(dist), "size": int(size)})
    return pd.DataFrame(rows, columns=COLUMNS)
