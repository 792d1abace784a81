"""Respondent weights per wave: the wave's own design weight (codebook role `weight`) when it has
one, otherwise raking to the population margins of seeds/ref_population_margins.csv; trimmed at
var weight_trim_cap x the mean; each wave's weights sum exactly to its respondent count.
Inputs are read as narrow Arrow-backed frames; method: survey_stats.weighting.respondent_weights
(docs/statistics.md). Incremental by wave on DuckDB (survey_stats.incremental): only the waves
the build recomputes are weighted. model_from_frames: the same table from pandas frames;
model_by_group: the same table computed wave by wave on Spark's executors (the Spark engine,
docs/scale-out.md)."""

import pandas as pd

from survey_stats.incremental import as_table_types, only_waves, stale_waves
from survey_stats.weighting import respondent_weights

ATTRIBUTES = "wave_id, year, respondent_id, region_code, region_2020_borders, settlement, gender, age"
KEYS = ["wave_id", "respondent_id"]
MARGIN_ORDER = ["reference_year", "dimension", "category", "population_basis"]


def design_weights(dbt, respondents, waves) -> pd.DataFrame:
    """wave_id, respondent_id, design_weight of the waves whose codebook declares a weight (from a
    design_weight column of int_respondents_harmonised when that model carries one), of ``waves``
    (None: all)."""
    if "design_weight" in respondents.columns:
        given = respondents.filter("design_weight is not null").project("wave_id, respondent_id, design_weight")
        return given.to_arrow_table().to_pandas()
    variables = only_waves(dbt.ref("stg_raw__codebook_variables"), waves).filter("variable_role = 'weight'")
    variables = variables.project("wave_id, variable_name").set_alias("weight_variables")
    values = only_waves(dbt.ref("stg_raw__responses"), waves).join(variables, "wave_id, variable_name")
    values = values.project("wave_id, respondent_id, value_num as design_weight").order("wave_id, respondent_id")
    return values.to_arrow_table().to_pandas()


def design_weights_from_frames(dbt, respondents: pd.DataFrame) -> pd.DataFrame:
    """design_weights from pandas frames (the responses are read only when a wave has a weight)."""
    columns = [*KEYS, "design_weight"]
    if "design_weight" in respondents.columns:
        return respondents.loc[respondents["design_weight"].notna(), columns].reset_index(drop=True)
    variables = dbt.ref("stg_raw__codebook_variables").filter("variable_role = 'weight'").df()
    if variables.empty:
        return pd.DataFrame({"wave_id": [], "respondent_id": [], "design_weight": []})
    values = dbt.ref("stg_raw__responses").df().merge(variables[["wave_id", "variable_name"]], on=["wave_id", "variable_name"])
    values = values.rename(columns={"value_num": "design_weight"})[columns]
    return values.sort_values(KEYS, ignore_index=True)


def settings(dbt):
    allow_all_ages = str(dbt.config.get("weight_allow_all_ages_margins")).lower() in ("true", "1")
    return {"cap_ratio": float(dbt.config.get("weight_trim_cap")),
            "bases": ("adults_18_plus", "all_ages") if allow_all_ages else ("adults_18_plus",),
            "max_iter": int(dbt.config.get("weight_raking_max_iter"))}


def model(dbt, session):
    waves = stale_waves(dbt, session)
    harmonised = only_waves(dbt.ref("int_respondents_harmonised"), waves)
    respondents = harmonised.project(ATTRIBUTES).order("wave_id, respondent_id")
    margins = dbt.ref("ref_population_margins").order(", ".join(MARGIN_ORDER))
    regions = dbt.ref("ref_regions").project("region_code, region_2020_borders").fetchall()
    weights = respondent_weights(respondents.to_arrow_table().to_pandas(), design_weights(dbt, harmonised, waves),
                                 margins.df(), dict(regions), **settings(dbt))
    return as_table_types(dbt, session, weights)


def model_from_frames(dbt):
    harmonised = dbt.ref("int_respondents_harmonised").df()
    respondents = harmonised[ATTRIBUTES.split(", ")].sort_values(KEYS, ignore_index=True)
    margins = dbt.ref("ref_population_margins").df().sort_values(MARGIN_ORDER, ignore_index=True)
    regions = dbt.ref("ref_regions").df()
    return respondent_weights(respondents, design_weights_from_frames(dbt, harmonised), margins,
                              crosswalk(regions), **settings(dbt))


def crosswalk(regions: pd.DataFrame) -> dict:
    return dict(zip(regions["region_code"], regions["region_2020_borders"], strict=True))


def weights_of_wave(respondents, design, margins, regions, **settings_values):
    """One wave's rows (a Spark ``applyInPandas`` call per wave): the wave's frames only."""
    respondents = respondents[ATTRIBUTES.split(", ")].sort_values(KEYS, ignore_index=True)
    margins = margins.sort_values(MARGIN_ORDER, ignore_index=True)
    return respondent_weights(respondents, design[[*KEYS, "design_weight"]], margins, crosswalk(regions),
                              **settings_values)


def design_weights_on_spark(dbt, harmonised):
    """design_weights as a Spark DataFrame (a join Spark runs; nothing collected)."""
    if "design_weight" in harmonised.columns:
        return harmonised.filter("design_weight is not null").select(*KEYS, "design_weight")
    variables = dbt.ref("stg_raw__codebook_variables").filter("variable_role = 'weight'").spark()
    values = dbt.ref("stg_raw__responses").spark().join(variables.select("wave_id", "variable_name"),
                                                        ["wave_id", "variable_name"])
    return values.selectExpr("wave_id", "respondent_id", "value_num as design_weight")


def model_by_group(dbt):
    harmonised = dbt.ref("int_respondents_harmonised").spark()
    return {
        "key": "wave_id",
        "inputs": {
            "respondents": harmonised.select(*ATTRIBUTES.split(", ")),
            "design": design_weights_on_spark(dbt, harmonised),
        },
        "reference": {"margins": dbt.ref("ref_population_margins"), "regions": dbt.ref("ref_regions")},
        "function": weights_of_wave,
        "kwargs": settings(dbt),
    }
