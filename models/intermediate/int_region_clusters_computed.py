"""Cluster membership of each region when the average-linkage tree (int_region_linkage_computed)
is cut into 2..6 clusters, and the region's position in the dendrogram's leaf order
(survey_stats.clustering.region_cluster_table)."""

from survey_stats.clustering import region_cluster_table


def model(dbt, session):
    dbt.config(materialized="table")
    profiles = dbt.ref("int_region_profiles_pivoted").df()
    linkage_rows = dbt.ref("int_region_linkage_computed").df()
    return region_cluster_table(
        profiles.sort_values(["year", "region_code", "item_code"], ignore_index=True),
        linkage_rows.sort_values(["year", "step"], ignore_index=True),
    )
