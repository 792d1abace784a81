"""Linearised (Taylor) standard error of every indicator and composite value per wave x weighting
x factor group (factor 'total' / group 'all' = the whole wave; 'missing' groups included, as in
the estimates): raking-aware for raked weights (residuals from the raking cells), plain for
unweighted rows and fixed weights. The marts' se and intervals of indicators, groups, regions and
changes come from these rows. Inputs are read as coded arrays, wave by wave
(survey_stats.duckdb_inputs); method: survey_stats.linearisation (docs/statistics.md).
Incremental by wave on DuckDB (survey_stats.incremental): only the waves the build recomputes.
model_from_frames: the same table from pandas frames (the Spark engine, docs/scale-out.md)."""

from survey_stats.duckdb_inputs import linearisation_waves, unpivoted_groups
from survey_stats.incremental import as_table_types, only_waves, stale_waves
from survey_stats.linearisation import indicator_variances, variances_of_waves

KEYS = ["wave_id", "year", "survey_kind", "respondent_id", "w"]


def model(dbt, session):
    waves = stale_waves(dbt, session)
    rows = linearisation_waves(only_waves(dbt.ref("int_item_answers_classified"), waves),
                               unpivoted_groups(only_waves(dbt.ref("int_respondents_weighted"), waves)),
                               only_waves(dbt.ref("int_respondent_weights_computed"), waves))
    return as_table_types(dbt, session, variances_of_waves(rows)[0])


def groups_from_frames(dbt):
    """int_respondents_weighted as (wave_id, respondent_id, factor, group_code) rows."""
    respondents = dbt.ref("int_respondents_weighted").df()
    groups = respondents.melt(id_vars=KEYS, var_name="factor", value_name="group_code")
    return groups[["wave_id", "respondent_id", "factor", "group_code"]]


def model_from_frames(dbt):
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null").df()
    return indicator_variances(answers, groups_from_frames(dbt), dbt.ref("int_respondent_weights_computed").df())[0]
