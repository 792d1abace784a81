"""How far to trust each year's region clustering: the cophenetic correlation of the tree and, per
region, the bootstrap (Poisson over respondents, var bootstrap_replicates, seed var bootstrap_seed)
stability of its cluster at 2..6 clusters (Hennig's clusterwise Jaccard), with the clustering of
int_region_linkage_computed (survey_stats.clustering.region_cluster_stability)."""

from survey_stats.clustering import region_cluster_stability


def model(dbt, session):
    dbt.config(materialized="table")
    replicates = int(dbt.config.get("bootstrap_replicates") or 500)
    seed = int(dbt.config.get("bootstrap_seed") or 20231205)
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null")
    answers = answers.project("year, wave_id, respondent_id, item_code, valence").df()
    groups = dbt.ref("int_respondent_groups_unpivoted").filter("factor = 'region'")
    regions = groups.project("wave_id, respondent_id, group_code as region_code").df()
    profiles = dbt.ref("int_region_profiles_pivoted").df()
    return region_cluster_stability(
        answers.sort_values(["year", "wave_id", "respondent_id", "item_code"], ignore_index=True),
        regions.sort_values(["wave_id", "respondent_id"], ignore_index=True),
        profiles.sort_values(["year", "region_code", "item_code"], ignore_index=True),
        replicates=replicates, seed=seed,
    )
