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
    return {"min_effect": float(dbt.config.get("influence_min_effect")),
            "max_p": float(dbt.config.get("influence_max_p"))}


def model(dbt, session):
    dbt.config(materialized="table")
    tables = score_tables(dbt.ref("int_respondent_indicator_scores"), dbt.ref("int_respondent_groups_unpivoted"),
                          tested_factors(dbt.ref("ref_factors")))
    return influence_of_tables(tables, **rule(dbt))


def model_from_frames(dbt):
    groups = tested_groups(dbt.ref("int_respondent_groups_unpivoted").df(), dbt.ref("ref_factors").df())
    return factor_influence(dbt.ref("int_respondent_indicator_scores").df(), groups, **rule(dbt))


def influence_of_group(scores, groups, factors, **rule_values):
    return factor_influence(scores, tested_groups(groups, factors), **rule_values)


def model_by_group(dbt):
    return {"key": "year",
            "inputs": {"scores": dbt.ref("int_respondent_indicator_scores"),
                       "groups": dbt.ref("int_respondent_groups_unpivoted")},
            "reference": {"factors": dbt.ref("ref_factors")},
            "function": influence_of_group, "kwargs": rule(dbt)}
