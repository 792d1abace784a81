"""Table 36 rule: does a background factor influence an indicator? (v1 grain: year x factor x
indicator.) A Kruskal-Wallis test of the respondent-level indicator scores across the factor's
groups, epsilon^2 = H / (n - 1); influential when epsilon^2 >= var influence_min_effect and
p < var influence_max_p. Bit-stable: scores are rounded before ranking. Inputs are read as coded
arrays (survey_stats.duckdb_inputs); method: survey_stats.significance.influence_of_tables.
Incremental on DuckDB (survey_stats.incremental): each year's rows carry the fingerprint of its
inputs (its annual waves' store keys and the rule); a build tests only the years whose
fingerprint changed. model_from_frames: the same table from pandas frames (the Spark engine,
docs/scale-out.md)."""

import pandas as pd

from survey_stats.duckdb_inputs import score_tables, tested_factors
from survey_stats.incremental import FINGERPRINT, only_years, reused_years, with_reused_years, year_fingerprints
from survey_stats.significance import factor_influence, influence_of_tables, tested_groups


def rule(dbt):
    return {"min_effect": float(dbt.config.get("influence_min_effect")),
            "max_p": float(dbt.config.get("influence_max_p"))}


# v1 grain (year): the annual series, and only indicators the coverage rule computes (docs/adding-waves.md)
COMPUTED = "is_computed and series = 'annual'"


def computed_scores(dbt):
    computed = dbt.ref("int_indicator_coverage").filter(COMPUTED).project("wave_id, indicator_code")
    return dbt.ref("int_respondent_indicator_scores").join(computed, "wave_id, indicator_code")


def computed_score_frame(dbt):
    computed = dbt.ref("int_indicator_coverage").filter(COMPUTED).df()[["wave_id", "indicator_code"]]
    return dbt.ref("int_respondent_indicator_scores").df().merge(computed, on=["wave_id", "indicator_code"])


def model(dbt, session):
    annual = dbt.ref("int_methodology_years").filter("series = 'annual'")
    fingerprints = year_fingerprints(session, annual, settings=rule(dbt))
    reused = reused_years(dbt, session, fingerprints)
    scores = only_years(computed_scores(dbt), set(fingerprints) - reused)
    tables = score_tables(scores, dbt.ref("int_respondent_groups_unpivoted"), tested_factors(dbt.ref("ref_factors")))
    return with_reused_years(dbt, session, influence_of_tables(tables, **rule(dbt)), fingerprints, reused)


def model_from_frames(dbt):
    """Spark builds every year in every build: no fingerprint."""
    groups = tested_groups(dbt.ref("int_respondent_groups_unpivoted").df(), dbt.ref("ref_factors").df())
    tested = factor_influence(computed_score_frame(dbt), groups, **rule(dbt))
    return tested.assign(**{FINGERPRINT: pd.array([None] * len(tested), dtype="string")})
