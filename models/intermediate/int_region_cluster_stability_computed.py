"""How far to trust each year's region clustering: the cophenetic correlation of the tree and, per
region, the bootstrap (Poisson over respondents, var bootstrap_replicates, seed var bootstrap_seed)
stability of its cluster at 2..6 clusters (Hennig's clusterwise Jaccard), with the clustering of
int_region_linkage_computed. Inputs are read as coded arrays (survey_stats.duckdb_inputs);
method: survey_stats.clustering.stability_of_panels."""

from survey_stats.clustering import stability_of_panels
from survey_stats.duckdb_inputs import region_panels


def model(dbt, session):
    dbt.config(materialized="table")
    profiles = dbt.ref("int_region_profiles_pivoted").order("year, region_code, item_code").df()
    panels = region_panels(dbt.ref("int_item_answers_classified"), dbt.ref("int_respondent_groups_unpivoted"),
                           profiles)
    return stability_of_panels(panels, replicates=int(dbt.config.get("bootstrap_replicates")),
                               seed=int(dbt.config.get("bootstrap_seed")))
