"""Respondent weights per wave: the wave's own design weight (codebook role `weight`) when it has
one, otherwise raking to the population margins of seeds/ref_population_margins.csv; trimmed at
var weight_trim_cap x the mean; each wave's weights sum exactly to its respondent count.
Method: survey_stats.weighting.respondent_weights (docs/statistics.md)."""

import pandas as pd

from survey_stats.weighting import respondent_weights

ATTRIBUTES = ["wave_id", "year", "respondent_id", "region_code", "region_2020_borders", "settlement",
              "gender", "age"]


def design_weights(dbt, respondents: pd.DataFrame) -> pd.DataFrame:
    """wave_id, respondent_id, design_weight of the waves whose codebook declares a weight."""
    if "design_weight" in respondents.columns:
        return respondents.loc[respondents["design_weight"].notna(),
                               ["wave_id", "respondent_id", "design_weight"]]
    variables = dbt.ref("stg_raw__codebook_variables").df()
    variables = variables[variables["variable_role"] == "weight"]
    if variables.empty:
        return pd.DataFrame(columns=["wave_id", "respondent_id", "design_weight"])
    # Only the weight variables' rows are read (a row filter on the relation, not the whole table).
    names = ", ".join(f"'{name}'" for name in sorted(set(variables["variable_name"])))
    responses = dbt.ref("stg_raw__responses").filter(f"variable_name in ({names})").df()
    keyed = responses.merge(variables[["wave_id", "variable_name"]], on=["wave_id", "variable_name"])
    keyed = keyed.rename(columns={"value_num": "design_weight"})
    return keyed[["wave_id", "respondent_id", "design_weight"]].sort_values(["wave_id", "respondent_id"])


def model(dbt, session):
    dbt.config(materialized="table")
    cap = float(dbt.config.get("weight_trim_cap") or 5)
    max_iter = int(dbt.config.get("weight_raking_max_iter") or 200)
    allow_all_ages = str(dbt.config.get("weight_allow_all_ages_margins")).lower() in ("true", "1", "none")
    respondents = dbt.ref("int_respondents_harmonised").df()
    margins = dbt.ref("ref_population_margins").df()
    regions = dbt.ref("ref_regions").df()
    crosswalk = dict(zip(regions["region_code"], regions["region_2020_borders"], strict=True))
    design = design_weights(dbt, respondents)
    bases = ("adults_18_plus", "all_ages") if allow_all_ages else ("adults_18_plus",)
    return respondent_weights(
        respondents[ATTRIBUTES].sort_values(["wave_id", "respondent_id"]), design,
        margins.sort_values(["reference_year", "dimension", "category", "population_basis"]),
        crosswalk, cap_ratio=cap, bases=bases, max_iter=max_iter,
    )
