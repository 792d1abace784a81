"""Linearised (Taylor) standard error of the difference between each factor's high and low group
(ref_factors) per wave x weighting x indicator: the influence values of the two groups
subtracted, raking-aware for raked weights (survey_stats.linearisation, docs/statistics.md).
Incremental by wave on DuckDB (survey_stats.incremental): only the waves the build recomputes.
model_from_frames: the same table from pandas frames (the Spark engine, docs/scale-out.md)."""

from survey_stats.duckdb_inputs import linearisation_waves, unpivoted_groups
from survey_stats.incremental import as_table_types, only_waves, stale_waves
from survey_stats.linearisation import indicator_variances, variances_of_waves

KEYS = ["wave_id", "year", "survey_kind", "respondent_id", "w"]


def contrasts(factors):
    """(factor, high_group, low_group) of every oriented factor of ref_factors (a pandas frame)."""
    oriented = factors[factors["high_group"].notna() & factors["low_group"].notna()].sort_values("factor")
    return [tuple(map(str, row)) for row in oriented[["factor", "high_group", "low_group"]].itertuples(index=False)]


def model(dbt, session):
    waves = stale_waves(dbt, session)
    rows = linearisation_waves(only_waves(dbt.ref("int_item_answers_classified"), waves),
                               unpivoted_groups(only_waves(dbt.ref("int_respondents_weighted"), waves)),
                               only_waves(dbt.ref("int_respondent_weights_computed"), waves))
    return as_table_types(dbt, session, variances_of_waves(rows, contrasts(dbt.ref("ref_factors").df()))[1])


def model_from_frames(dbt):
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null").df()
    respondents = dbt.ref("int_respondents_weighted").df()
    groups = respondents.melt(id_vars=KEYS, var_name="factor", value_name="group_code")
    return indicator_variances(answers, groups[["wave_id", "respondent_id", "factor", "group_code"]],
                               dbt.ref("int_respondent_weights_computed").df(),
                               contrasts(dbt.ref("ref_factors").df()))[1]
