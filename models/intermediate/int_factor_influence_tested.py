"""Table 36 rule: does a background factor influence an indicator? (v1 grain: year x factor x
indicator.) A Kruskal-Wallis test of the respondent-level indicator scores across the factor's
groups, epsilon^2 = H / (n - 1); influential when epsilon^2 >= var influence_min_effect and
p < var influence_max_p. Bit-stable: scores are rounded before ranking and inputs sorted
(survey_stats.significance.factor_influence; docs/statistics.md)."""

from survey_stats.significance import factor_influence, tested_groups


def model(dbt, session):
    dbt.config(materialized="table")
    groups = tested_groups(dbt.ref("int_respondent_groups_unpivoted").df(), dbt.ref("ref_factors").df())
    return factor_influence(
        dbt.ref("int_respondent_indicator_scores").df(), groups,
        min_effect=float(dbt.config.get("influence_min_effect") or 0.01),
        max_p=float(dbt.config.get("influence_max_p") or 0.05),
    )
