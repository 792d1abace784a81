"""Table 36 rule per wave with multiple-comparison control: the Kruskal-Wallis test of
int_factor_influence_tested per wave, its p-value adjusted across the wave's factor x indicator
table by Holm and by Benjamini-Hochberg; influential when epsilon^2 >= var influence_min_effect
and the var influence_p_adjustment p-value < var influence_max_p. Inputs are read as coded arrays
(survey_stats.duckdb_inputs); method: survey_stats.significance.differences_of_tables.
Incremental by wave on DuckDB (survey_stats.incremental): only the waves the build recomputes.
model_from_frames: the same table from pandas frames (the Spark engine, docs/scale-out.md)."""

from survey_stats.duckdb_inputs import score_tables, tested_factors
from survey_stats.incremental import as_table_types, only_waves, stale_waves
from survey_stats.significance import differences_of_tables, factor_differences, tested_groups


def rule(dbt):
    return {"min_effect": float(dbt.config.get("influence_min_effect")),
            "max_p": float(dbt.config.get("influence_max_p")),
            "adjustment": str(dbt.config.get("influence_p_adjustment"))}


# only indicators the coverage rule computes: a partial indicator is neither tested nor in the adjusted family
COMPUTED = "is_computed"


def computed_scores(dbt, waves=None):
    computed = only_waves(dbt.ref("int_indicator_coverage"), waves).filter(COMPUTED).project("wave_id, indicator_code")
    return only_waves(dbt.ref("int_respondent_indicator_scores"), waves).join(computed, "wave_id, indicator_code")


def computed_score_frame(dbt):
    computed = dbt.ref("int_indicator_coverage").filter(COMPUTED).df()[["wave_id", "indicator_code"]]
    return dbt.ref("int_respondent_indicator_scores").df().merge(computed, on=["wave_id", "indicator_code"])


def model(dbt, session):
    waves = stale_waves(dbt, session)
    tables = score_tables(computed_scores(dbt, waves), only_waves(dbt.ref("int_respondent_groups_unpivoted"), waves),
                          tested_factors(dbt.ref("ref_factors")))
    return as_table_types(dbt, session, differences_of_tables(tables, **rule(dbt)))


def model_from_frames(dbt):
    groups = tested_groups(dbt.ref("int_respondent_groups_unpivoted").df(), dbt.ref("ref_factors").df())
    return factor_differences(computed_score_frame(dbt), groups, **rule(dbt))
