"""Table 36 rule per wave with multiple-comparison control: the Kruskal-Wallis test of
int_factor_influence_tested per wave, its p-value adjusted across the wave's factor x indicator
table by Holm and by Benjamini-Hochberg; influential when epsilon^2 >= var influence_min_effect
and the var influence_p_adjustment p-value < var influence_max_p
(survey_stats.significance.factor_differences; docs/statistics.md)."""

from survey_stats.significance import factor_differences


def model(dbt, session):
    dbt.config(materialized="table")
    min_effect = float(dbt.config.get("influence_min_effect") or 0.01)
    max_p = float(dbt.config.get("influence_max_p") or 0.05)
    adjustment = str(dbt.config.get("influence_p_adjustment") or "holm")
    scores = dbt.ref("int_respondent_indicator_scores").df()
    groups = dbt.ref("int_respondent_groups_unpivoted").df()
    factors = dbt.ref("ref_factors").df()
    tested = factors.loc[factors["high_group"].notna(), "factor"].tolist()
    groups = groups[groups["factor"].isin(tested)]
    keys = ["wave_id", "year", "respondent_id"]
    return factor_differences(
        scores[keys + ["indicator_code", "score"]].sort_values(keys + ["indicator_code"], ignore_index=True),
        groups[keys + ["factor", "group_code"]].sort_values(keys + ["factor"], ignore_index=True),
        min_effect=min_effect, max_p=max_p, adjustment=adjustment,
    )
