"""How far to trust each year's region clustering: the cophenetic correlation of the tree and, per
region, the bootstrap (Poisson over respondents, var bootstrap_replicates, seed var bootstrap_seed)
stability of its cluster at 2..6 clusters (Hennig's clusterwise Jaccard), with the clustering of
int_region_linkage_computed. Inputs are read as coded arrays (survey_stats.duckdb_inputs);
method: survey_stats.clustering.stability_of_panels. model_from_frames: the same table from
pandas frames (the Spark engine, docs/scale-out.md)."""

from survey_stats.clustering import region_cluster_stability, stability_of_panels
from survey_stats.duckdb_inputs import region_panels

PROFILE_ORDER = ["year", "region_code", "item_code"]


def draws(dbt):
    return {"replicates": int(dbt.config.get("bootstrap_replicates")), "seed": int(dbt.config.get("bootstrap_seed"))}


def model(dbt, session):
    dbt.config(materialized="table")
    profiles = dbt.ref("int_region_profiles_pivoted").order(", ".join(PROFILE_ORDER)).df()
    # the profiles are the version-1 region scores: the annual series of each year
    panels = region_panels(
        dbt.ref("int_item_answers_classified").filter("series = 'annual'"),
        dbt.ref("int_respondent_groups_unpivoted"),
        profiles,
    )
    return stability_of_panels(panels, **draws(dbt))


def model_from_frames(dbt):
    profiles = dbt.ref("int_region_profiles_pivoted").df().sort_values(PROFILE_ORDER, ignore_index=True)
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null and series = 'annual'").df()
    regions = dbt.ref("int_respondent_groups_unpivoted").filter("factor = 'region'").df()
    regions = regions.rename(columns={"group_code": "region_code"})[["wave_id", "respondent_id", "region_code"]]
    return region_cluster_stability(answers, regions, profiles, **draws(dbt))
