"""The weights and the cluster stability computed group by group on Spark's executors
(``model_by_group``, cpi.engines.spark.by_group) give the table the DuckDB / pandas functions give.

A local Spark session (the executors' Python is this interpreter) and small frames built here: raked
waves and a wave whose codebook declares a design weight (read through a Spark join of the
responses); two years of region profiles, with answers the stability must leave out (another
series, an item outside the profile, a region outside the profile, a factor other than region).
"""

from __future__ import annotations

import sys
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from spark_helpers import REPO

from cpi.engines.spark.python_models import (
    FRAME_ENTRY,
    GROUP_ENTRY,
    StandInDbt,
    arrow_safe,
    load_module,
    run_python_model,
)
from survey_stats.clustering import region_cluster_stability
from survey_stats.incremental import FINGERPRINT

pytestmark = [pytest.mark.slow, pytest.mark.spark]

WEIGHTS, STABILITY = "int_respondent_weights_computed", "int_region_cluster_stability_computed"
WEIGHT_CONFIG = {"weight_trim_cap": 5, "weight_raking_max_iter": 200, "weight_allow_all_ages_margins": True}
DRAWS = {"bootstrap_replicates": 40, "bootstrap_seed": 11}


def _node(name: str, schema: str) -> dict[str, Any]:
    return {"name": name, "schema": schema, "alias": name}


PARENTS = {
    "int_respondents_harmonised": "intermediate",
    "stg_raw__codebook_variables": "staging",
    "stg_raw__responses": "staging",
    "ref_population_margins": "reference",
    "ref_regions": "reference",
    "int_region_profiles_pivoted": "intermediate",
    "int_item_answers_classified": "intermediate",
    "int_respondent_groups_unpivoted": "intermediate",
}


def _manifest() -> dict[str, Any]:
    nodes = {f"model.cpi.{name}": _node(name, schema) for name, schema in PARENTS.items()}
    for name, config in ((WEIGHTS, WEIGHT_CONFIG), (STABILITY, DRAWS)):
        nodes[f"model.cpi.{name}"] = {
            **_node(name, "intermediate"),
            "original_file_path": f"models/intermediate/{name}.py",
            "config": {"materialized": "table", **config},
            "depends_on": {"nodes": [f"model.cpi.{parent}" for parent in PARENTS]},
        }
    return {"nodes": nodes, "sources": {}}


def _respondents(rng: np.random.Generator) -> pd.DataFrame:
    """Three waves: two raked (different years), one with a design weight (see _design)."""
    frames = []
    for wave_id, year, n in (("w2023--a", 2023, 48), ("w2024--b", 2024, 36), ("w2022--d", 2022, 30)):
        frames.append(
            pd.DataFrame(
                {
                    "wave_id": wave_id,
                    "year": year,
                    "respondent_id": [f"r{i:03d}" for i in range(n)],
                    "region_code": rng.choice(["abai", "akmola", "astana"], n),
                    "region_2020_borders": "x",
                    "settlement": rng.choice(["urban", "rural"], n, p=[0.75, 0.25]),
                    "gender": rng.choice(["female", "male"], n, p=[0.3, 0.7]),
                    "age": rng.integers(18, 85, n),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame["region_2020_borders"] = frame["region_code"].map({"abai": "east_kazakhstan"}).fillna(frame["region_code"])
    return frame


MARGINS = pd.DataFrame(
    [  # reference_year, dimension, category, age_min, age_max, value, population_basis
        (2023, "gender", "female", None, None, 52.0, "all_ages"),
        (2023, "gender", "male", None, None, 48.0, "all_ages"),
        (2023, "settlement", "urban", None, None, 60.0, "all_ages"),
        (2023, "settlement", "rural", None, None, 40.0, "all_ages"),
        (2023, "age_band", "18-44", 18, 44, 55.0, "adults_18_plus"),
        (2023, "age_band", "45+", 45, None, 45.0, "adults_18_plus"),
    ],
    columns=["reference_year", "dimension", "category", "age_min", "age_max", "value", "population_basis"],
)
REGIONS = pd.DataFrame(
    {"region_code": ["abai", "akmola", "astana"], "region_2020_borders": ["east_kazakhstan", "akmola", "astana"]}
)


def _design(respondents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The codebook variables (one weight variable, of wave w2022--d) and the responses (the weight
    and another variable, of every wave)."""
    variables = pd.DataFrame(
        {"wave_id": ["w2022--d", "w2022--d", "w2023--a"], "variable_name": ["wt", "q1", "q1"],
         "variable_role": ["weight", "answer", "answer"]}
    )  # fmt: skip
    rows = []
    for k, (wave, respondent) in enumerate(zip(respondents["wave_id"], respondents["respondent_id"], strict=True)):
        rows.append((wave, respondent, "q1", float(k % 5)))
        if wave == "w2022--d":
            rows.append((wave, respondent, "wt", 0.5 + k % 3))
    return variables, pd.DataFrame(rows, columns=["wave_id", "respondent_id", "variable_name", "value_num"])


def _stability_inputs(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    regions, items = ["r_a", "r_b", "r_c", "r_d", "r_e", "r_f"], ["i1", "i2", "i3", "i4", "i5"]
    profiles, answers, groups = [], [], []
    for year, waves in ((2021, [("y21--a", "annual")]), (2023, [("y23--a", "annual"), ("y23--m", "monthly")])):
        for region in regions:
            for item in items:
                profiles.append((year, region, item, float(rng.normal())))
        for wave_id, series in waves:
            for i in range(72):
                respondent = f"p{i:03d}"
                region = regions[i % len(regions)] if i % 13 else "r_outside"
                groups.append((wave_id, year, "annual", respondent, "region", region))
                groups.append((wave_id, year, "annual", respondent, "gender", "female" if i % 2 else "male"))
                for item in [*items, "i_other"]:
                    value = rng.choice([-1.0, 0.0, 1.0, np.nan], p=[0.3, 0.2, 0.4, 0.1])
                    indicator = None if item == "i5" and i % 7 == 0 else "ind_x"
                    answers.append((wave_id, year, series, respondent, item, indicator, value))
    return {
        "profiles": pd.DataFrame(profiles, columns=["year", "region_code", "item_code", "score"]),
        "answers": pd.DataFrame(
            answers, columns=["wave_id", "year", "series", "respondent_id", "item_code", "indicator_code", "valence"]
        ),
        "groups": pd.DataFrame(
            groups, columns=["wave_id", "year", "survey_kind", "respondent_id", "factor", "group_code"]
        ),
    }


@pytest.fixture(scope="module")
def session(spark_stack: None, tmp_path_factory: pytest.TempPathFactory):
    from pyspark.sql import SparkSession

    root = tmp_path_factory.mktemp("spark_by_group")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)  # the executors import survey_stats
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("cpi-test-by-group")
            .config("spark.sql.warehouse.dir", str(root / "warehouse"))
            .config("spark.sql.catalogImplementation", "in-memory")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.local.dir", str(root / "tmp"))
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        try:
            yield spark
        finally:
            spark.stop()


@pytest.fixture(scope="module")
def tables(session) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(20261207)
    respondents = _respondents(rng)
    variables, responses = _design(respondents)
    stability = _stability_inputs(rng)
    frames = {
        "intermediate.int_respondents_harmonised": respondents,
        "staging.stg_raw__codebook_variables": variables,
        "staging.stg_raw__responses": responses,
        "reference.ref_population_margins": MARGINS,
        "reference.ref_regions": REGIONS,
        "intermediate.int_region_profiles_pivoted": stability["profiles"],
        "intermediate.int_item_answers_classified": stability["answers"],
        "intermediate.int_respondent_groups_unpivoted": stability["groups"],
    }
    for name, frame in frames.items():
        session.sql(f"create database if not exists {name.split('.')[0]}")
        session.createDataFrame(arrow_safe(frame)).write.mode("overwrite").saveAsTable(name)
    return frames


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Sorted on every column; every null as None (Spark's toPandas and DuckDB's differ in that)."""
    frame = frame.sort_values(list(frame.columns), ignore_index=True)
    return frame.astype(object).where(frame.notna(), None)


def _on_executors(session, name: str) -> tuple[pd.DataFrame, dict[str, str]]:
    manifest = _manifest()
    ran = run_python_model(session, manifest, f"model.cpi.{name}", REPO)
    assert ran["entry"] == GROUP_ENTRY
    table = session.table(f"intermediate.{name}")
    assert ran["rows"] == table.count() > 0
    return table.toPandas(), dict(table.dtypes)


def _on_driver(session, name: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """model_from_frames, written as the driver path writes it (its column types)."""
    manifest = _manifest()
    ran = run_python_model(session, manifest, f"model.cpi.{name}", REPO, on_executors=False)
    assert ran["entry"] == FRAME_ENTRY
    table = session.table(f"intermediate.{name}")
    return table.toPandas(), dict(table.dtypes)


class _DuckSession:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con


class _RelationDbt(StandInDbt):
    """dbt-duckdb's view of the model: refs are DuckDB relations."""

    def ref(self, *names: str, v: Any = None, version: Any = None):
        return self._session.con.table(super().ref(*names, v=v, version=version).name)


def test_weights_by_wave_on_the_executors_are_the_duckdb_models(session, tables: dict[str, pd.DataFrame]):
    spark, spark_types = _on_executors(session, WEIGHTS)
    driver, driver_types = _on_driver(session, WEIGHTS)
    con = duckdb.connect()
    for name, frame in tables.items():
        con.execute(f"create schema if not exists {name.split('.')[0]}")
        con.register("_copy", frame)
        con.execute(f"create table {name} as select * from _copy")
        con.unregister("_copy")
    node = _manifest()["nodes"][f"model.cpi.{WEIGHTS}"]
    duck = load_module(REPO, node).model(_RelationDbt(_DuckSession(con), _manifest(), f"model.cpi.{WEIGHTS}"), None)
    assert list(spark.columns) == list(duck.columns) == list(driver.columns)
    assert spark_types == driver_types
    sources = spark.groupby("wave_id")["weight_source"].agg(set).to_dict()
    assert sources == {"w2022--d": {"design"}, "w2023--a": {"raked"}, "w2024--b": {"raked"}}
    assert spark.loc[spark["wave_id"] == "w2022--d", "design_weight"].isin([0.5, 1.5, 2.5]).all()
    assert len(spark) == len(tables["intermediate.int_respondents_harmonised"])
    pd.testing.assert_frame_equal(_sorted(spark), _sorted(duck), check_dtype=False, check_exact=True)
    pd.testing.assert_frame_equal(_sorted(spark), _sorted(driver), check_dtype=False, check_exact=True)


def test_cluster_stability_by_year_on_the_executors_is_the_pandas_functions(session, tables: dict[str, pd.DataFrame]):
    spark, spark_types = _on_executors(session, STABILITY)
    driver, driver_types = _on_driver(session, STABILITY)
    answers = tables["intermediate.int_item_answers_classified"]
    answers = answers[answers["indicator_code"].notna() & (answers["series"] == "annual")]
    groups = tables["intermediate.int_respondent_groups_unpivoted"]
    regions = groups[groups["factor"] == "region"].rename(columns={"group_code": "region_code"})
    profiles = tables["intermediate.int_region_profiles_pivoted"].sort_values(["year", "region_code", "item_code"])
    expected = region_cluster_stability(
        answers, regions[["wave_id", "respondent_id", "region_code"]], profiles.reset_index(drop=True),
        DRAWS["bootstrap_replicates"], DRAWS["bootstrap_seed"],
    )  # fmt: skip
    assert sorted(set(spark["year"])) == sorted(set(profiles["year"]))  # every year with a profile
    assert spark[FINGERPRINT].isna().all() and spark_types == driver_types
    assert list(spark.columns) == [*expected.columns, FINGERPRINT] == list(driver.columns)
    pd.testing.assert_frame_equal(
        _sorted(spark.drop(columns=FINGERPRINT)), _sorted(expected), check_dtype=False, check_exact=True
    )
    pd.testing.assert_frame_equal(_sorted(spark), _sorted(driver), check_dtype=False, check_exact=True)
