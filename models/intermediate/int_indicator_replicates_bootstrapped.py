"""Poisson-bootstrap replicates of every indicator value per annual wave x weighting x factor group
(factor 'total' / group 'all' = the whole wave): R = var bootstrap_replicates, seed = var
bootstrap_seed. The marts' se and percentile intervals of indicators come from these rows.
Method: survey_stats.bootstrap.indicator_replicates (docs/statistics.md)."""

from survey_stats.bootstrap import indicator_replicates


def model(dbt, session):
    dbt.config(materialized="table")
    replicates = int(dbt.config.get("bootstrap_replicates") or 500)
    seed = int(dbt.config.get("bootstrap_seed") or 20231205)
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null")
    answers = answers.project("wave_id, respondent_id, item_code, indicator_code, valence").df()
    groups = dbt.ref("int_respondent_groups_unpivoted").project("wave_id, respondent_id, factor, group_code").df()
    weights = dbt.ref("int_respondent_weights_computed").project("wave_id, respondent_id, weight").df()
    keys = ["wave_id", "respondent_id"]
    return indicator_replicates(
        answers.sort_values(keys + ["item_code"], ignore_index=True),
        groups.sort_values(keys + ["factor"], ignore_index=True),
        weights.sort_values(keys, ignore_index=True),
        replicates=replicates, seed=seed,
    )
