"""Hierarchical clustering of regions: similarity = Pearson r of the regions' item-score
profiles, distance = 1 - r, average linkage (scipy). One row per merge step per year
(survey_stats.clustering.region_linkage_table)."""

from survey_stats.clustering import region_linkage_table


def model(dbt, session):
    dbt.config(materialized="table")
    profiles = dbt.ref("int_region_profiles_pivoted").df()
    return region_linkage_table(profiles.sort_values(["year", "region_code", "item_code"], ignore_index=True))
