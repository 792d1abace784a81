"""How far to trust each year's region clustering: the cophenetic correlation of the tree and, per
region, the bootstrap (Poisson over respondents, var bootstrap_replicates, seed var bootstrap_seed)
stability of its cluster at 2..6 clusters (Hennig's clusterwise Jaccard), with the clustering of
int_region_linkage_computed. Inputs are read as coded arrays (survey_stats.duckdb_inputs);
method: survey_stats.clustering.stability_of_panels. Incremental on DuckDB
(survey_stats.incremental): each year's rows carry the fingerprint of its inputs (its annual
waves' store keys, its profile, the draws); a build bootstraps only the years whose fingerprint
changed and keeps the other years' rows. model_from_frames: the same table from pandas frames;
model_by_group: the same table computed year by year on Spark's executors (the Spark engine,
docs/scale-out.md)."""

import pandas as pd

from survey_stats.clustering import region_cluster_stability, stability_of_panels
from survey_stats.duckdb_inputs import region_panels
from survey_stats.incremental import FINGERPRINT, reused_years, rows_by_year, with_reused_years, year_fingerprints

PROFILE_ORDER = ["year", "region_code", "item_code"]


def draws(dbt):
    return {"replicates": int(dbt.config.get("bootstrap_replicates")), "seed": int(dbt.config.get("bootstrap_seed"))}


def model(dbt, session):
    profiles = dbt.ref("int_region_profiles_pivoted").order(", ".join(PROFILE_ORDER)).df()
    annual = dbt.ref("int_methodology_years").filter("series = 'annual'")
    fingerprints = year_fingerprints(session, annual, rows_by_year(profiles, PROFILE_ORDER + ["score"]), draws(dbt))
    reused = reused_years(dbt, session, fingerprints)
    # the profiles are the version-1 region scores: the annual series of each year
    panels = region_panels(session, dbt.ref("int_item_answers_classified").filter("series = 'annual'"),
                           dbt.ref("int_respondent_groups_unpivoted"), profiles[~profiles["year"].isin(reused)])
    return with_reused_years(dbt, session, stability_of_panels(panels, **draws(dbt)), fingerprints, reused)


def model_from_frames(dbt):
    profiles = dbt.ref("int_region_profiles_pivoted").df().sort_values(PROFILE_ORDER, ignore_index=True)
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null and series = 'annual'").df()
    regions = dbt.ref("int_respondent_groups_unpivoted").filter("factor = 'region'").df()
    regions = regions.rename(columns={"group_code": "region_code"})[["wave_id", "respondent_id", "region_code"]]
    stability = region_cluster_stability(answers, regions, profiles, **draws(dbt))
    # Spark builds every year in every build: no fingerprint
    return stability.assign(**{FINGERPRINT: pd.array([None] * len(stability), dtype="string")})


def stability_of_year(answers, regions, profiles, replicates, seed):
    """One year's rows (a Spark ``applyInPandas`` call per year): the year's answers on its profile
    items, its respondents' regions and its profile; no fingerprint, as model_from_frames."""
    profiles = profiles.sort_values(PROFILE_ORDER, ignore_index=True)
    stability = region_cluster_stability(answers, regions[["wave_id", "respondent_id", "region_code"]], profiles,
                                         replicates, seed)
    return stability.assign(**{FINGERPRINT: pd.array([None] * len(stability), dtype="string")})


def model_by_group(dbt):
    profiles = dbt.ref("int_region_profiles_pivoted").spark().select("year", "region_code", "item_code", "score")
    answers = dbt.ref("int_item_answers_classified").filter("indicator_code is not null and series = 'annual'")
    answers = answers.spark().select("year", "wave_id", "respondent_id", "item_code", "valence")
    regions = dbt.ref("int_respondent_groups_unpivoted").filter("factor = 'region'").spark()
    years = profiles.select("year").distinct()
    return {
        "key": "year",
        "inputs": {
            # only the items of the year's profile travel (the function keeps no other)
            "answers": answers.join(profiles.select("year", "item_code").distinct(), ["year", "item_code"],
                                    "left_semi"),
            "regions": regions.join(years, "year", "left_semi").selectExpr("year", "wave_id", "respondent_id",
                                                                             "group_code as region_code"),
            "profiles": profiles,
        },
        "function": stability_of_year,
        "kwargs": draws(dbt),
    }
