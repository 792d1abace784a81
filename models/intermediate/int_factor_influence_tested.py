"""Table 36 rule: does a background factor influence an indicator? (v1 grain: year x factor x
indicator.) A Kruskal-Wallis test of the respondent-level indicator scores across the factor's
groups, epsilon^2 = H / (n - 1); influential when epsilon^2 >= var influence_min_effect and
p < var influence_max_p. Bit-stable: scores are rounded before ranking. Inputs are read as coded
arrays (survey_stats.duckdb_inputs); method: survey_stats.significance.influence_of_tables.
model_from_frames: the same table from pandas frames; model_by_group: the same table computed year
by year (a year's waves are pooled) on Spark's executors (the Spark engine, docs/scale-out.md)."""

from survey_stats.duckdb_inputs import score_tables, tested_factors
from survey_stats.significance import factor_influence, influence_of_tables, tested_groups


def rule(dbt):
    return {
        "min_effect": float(dbt.config.get("influence_min_effect")),
        "max_p": float(dbt.config.get("influence_max_p")),
    }


# v1 grain (year): the annual series, and only indicators the coverage rule computes (docs/adding-waves.md)
COMPUTED = "is_computed and series = 'annual'"


def computed_scores(dbt):
    computed = dbt.ref("int_indicator_coverage").filter(COMPUTED).project("wave_id, indicator_code")
    return dbt.ref("int_respondent_indicator_scores").join(computed, "wave_id, indicator_code")


def computed_score_frame(dbt):
    computed = dbt.ref("int_indicator_coverage").filter(COMPUTED).df()[["wave_id", "indicator_code"]]
    return dbt.ref("int_respondent_indicator_scores").df().merge(computed, on=["wave_id", "indicator_code"])


def model(dbt, session):
    dbt.config(materialized="table")
    tables = score_tables(
        computed_scores(dbt), dbt.ref("int_respondent_groups_unpivoted"), tested_factors(dbt.ref("ref_factors"))
    )
    return influence_of_tables(tables, **rule(dbt))


def model_from_frames(dbt):
    groups = tested_groups(dbt.ref("int_respondent_groups_unpivoted").df(), dbt.ref("ref_factors").df())
    return factor_influence(computed_score_frame(dbt), groups, **rule(dbt))


def influence_of_group(scores, groups, factors, coverage, **rule_values):
    computed = scores.merge(coverage[["wave_id", "indicator_code"]], on=["wave_id", "indicator_code"])
    return factor_influence(computed, tested_groups(groups, factors), **rule_values)


def model_by_group(dbt):
    return {
        "key": "year",
        "inputs": {
            "scores": dbt.ref("int_respondent_indicator_scores"),
            "groups": dbt.ref("int_respondent_groups_unpivoted"),
        },
        "reference": {
            "factors": dbt.ref("ref_factors"),
            "coverage": dbt.ref("int_indicator_coverage").filter(COMPUTED),
        },
        "function": influence_of_group,
        "kwargs": rule(dbt),
    }
