"""Poisson-bootstrap replicates of every indicator value per annual wave x weighting x factor group
(factor 'total' / group 'all' = the whole wave): R = var bootstrap_replicates, seed = var
bootstrap_seed. The marts' se and percentile intervals of indicators come from these rows.
Inputs are read as coded arrays, wave by wave (survey_stats.duckdb_inputs); method:
survey_stats.bootstrap.replicates_of_waves (docs/statistics.md)."""

from survey_stats.bootstrap import replicates_of_waves
from survey_stats.duckdb_inputs import bootstrap_waves


def model(dbt, session):
    dbt.config(materialized="table")
    replicates = int(dbt.config.get("bootstrap_replicates"))
    seed = int(dbt.config.get("bootstrap_seed"))
    waves = bootstrap_waves(dbt.ref("int_item_answers_classified"), dbt.ref("int_respondent_groups_unpivoted"),
                            dbt.ref("int_respondent_weights_computed"))
    return replicates_of_waves(waves, replicates=replicates, seed=seed)
