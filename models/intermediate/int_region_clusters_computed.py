"""Cluster membership of each region when the average-linkage tree (int_region_linkage_computed)
is cut into 2..6 clusters, and the region's position in the dendrogram's leaf order."""

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, leaves_list

LEVELS = range(2, 7)
COLUMNS = ["year", "region_code", "dendrogram_order", "n_regions"] + [
    f"cluster_level_{k - 1}" for k in LEVELS
]


def model(dbt, session):
    dbt.config(materialized="table")
    profiles = dbt.ref("int_region_profiles_pivoted").df()
    linkage_rows = dbt.ref("int_region_linkage_computed").df()
    rows = []
    for year, steps in linkage_rows.groupby("year"):
        regions = sorted(profiles.loc[profiles["year"] == year, "region_code"].unique())
        tree = steps.sort_values("step")[["left_node", "right_node", "distance", "size"]]
        tree = tree.to_numpy(dtype=float)
        order = {int(leaf): pos for pos, leaf in enumerate(leaves_list(tree), start=1)}
        cuts = {k: fcluster(tree, t=min(k, len(regions)), criterion="maxclust") for k in LEVELS}
        for index, region in enumerate(regions):
            row = {"year": int(year), "region_code": region,
                   "dendrogram_order": order[index], "n_regions": len(regions)}
            for k in LEVELS:
                row[f"cluster_level_{k - 1}"] = int(np.asarray(cuts[k])[index])
            rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)
