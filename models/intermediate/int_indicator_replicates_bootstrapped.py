"""Poisson-bootstrap replicates of every indicator value per annual wave x weighting x factor group
(factor 'total' / group 'all' = the whole wave): R = var bootstrap_replicates, seed = var
bootstrap_seed. The marts' se and percentile intervals of indicators come from these rows.
Inputs are read as coded arrays, wave by wave (survey_stats.duckdb_inputs); method:
survey_stats.bootstrap.replicates_of_waves (docs/statistics.md). model_from_frames: the same
table from pandas frames; model_by_group: the same table computed wave by wave on Spark's
executors (the Spark engine, docs/scale-out.md)."""

from survey_stats.bootstrap import indicator_replicates, replicates_of_waves
from survey_stats.duckdb_inputs import bootstrap_waves


def draws(dbt):
    return {"replicates": int(dbt.config.get("bootstrap_replicates")), "seed": int(dbt.config.get("bootstrap_seed"))}


def model(dbt, session):
    dbt.config(materialized="table")
    waves = bootstrap_waves(dbt.ref("int_item_answers_classified"), dbt.ref("int_respondent_groups_unpivoted"),
                            dbt.ref("int_respondent_weights_computed"))
    return replicates_of_waves(waves, **draws(dbt))


def model_from_frames(dbt):
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null").df()
    return indicator_replicates(answers, dbt.ref("int_respondent_groups_unpivoted").df(),
                                dbt.ref("int_respondent_weights_computed").df(), **draws(dbt))


def model_by_group(dbt):
    return {"key": "wave_id",
            "inputs": {"answers": dbt.ref("int_item_answers_classified").filter("indicator_code is not null"),
                       "groups": dbt.ref("int_respondent_groups_unpivoted"),
                       "weights": dbt.ref("int_respondent_weights_computed")},
            "function": indicator_replicates, "kwargs": draws(dbt)}
