"""Table 36 rule per wave with multiple-comparison control: the Kruskal-Wallis test of
int_factor_influence_tested per wave, its p-value adjusted across the wave's factor x indicator
table by Holm and by Benjamini-Hochberg; influential when epsilon^2 >= var influence_min_effect
and the var influence_p_adjustment p-value < var influence_max_p
(survey_stats.significance.factor_differences; docs/statistics.md)."""

from survey_stats.significance import factor_differences, tested_groups


def model(dbt, session):
    dbt.config(materialized="table")
    groups = tested_groups(dbt.ref("int_respondent_groups_unpivoted").df(), dbt.ref("ref_factors").df())
    return factor_differences(
        dbt.ref("int_respondent_indicator_scores").df(), groups,
        min_effect=float(dbt.config.get("influence_min_effect") or 0.01),
        max_p=float(dbt.config.get("influence_max_p") or 0.05),
        adjustment=str(dbt.config.get("influence_p_adjustment") or "holm"),
    )
