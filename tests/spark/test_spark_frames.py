"""The Python models' frame entry points (what the Spark engine runs) build the tables their DuckDB
entry points built. No Spark needed: the stand-in dbt object reads the session build's work file
through a small adapter with the two calls the stand-in makes on a Spark table (filter, toPandas).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from cpi.engines.spark.python_models import FRAME_ENTRY, GROUP_ENTRY, StandInDbt, load_module
from cpi.layout import Layout
from survey_stats.incremental import FINGERPRINT

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
GROUPED = [  # the statistics computed on Spark's executors, wave by wave (issue 20)
    "int_factor_differences_tested",
    "int_factor_influence_tested",
    "int_indicator_variances_linearised",
    "int_factor_difference_variances_linearised",
]


class DuckTable:
    """A relation of the work file answering like a Spark DataFrame (filter, toPandas)."""

    def __init__(self, relation: duckdb.DuckDBPyRelation):
        self.relation = relation

    def filter(self, condition: str) -> DuckTable:
        return DuckTable(self.relation.filter(condition))

    def toPandas(self) -> pd.DataFrame:
        return self.relation.df()


class DuckSession:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def table(self, name: str) -> DuckTable:
        return DuckTable(self.con.table(name))


class RelationDbt(StandInDbt):
    """dbt-duckdb's view of a Python model: refs are DuckDB relations."""

    def ref(self, *names: str, v: Any = None, version: Any = None):
        return self._session.con.table(super().ref(*names, v=v, version=version).name)


@pytest.fixture(scope="module")
def manifest(built_out_dir: Path) -> dict:
    return json.loads((Layout(built_out_dir).dbt_target / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def work(built_work_file: Path):
    con = duckdb.connect(str(built_work_file), read_only=True)
    yield con
    con.close()


def _python_models(manifest: dict) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node.get("language") == "python"
    }


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), ignore_index=True)


def _values(spark: pd.DataFrame, duck: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables without the incremental build's bookkeeping column (DuckDB only: Spark builds
    every group in every build, so its column is empty), sorted."""
    if FINGERPRINT in duck.columns:
        assert FINGERPRINT in spark.columns and spark[FINGERPRINT].isna().all()
        spark, duck = spark.drop(columns=FINGERPRINT), duck.drop(columns=FINGERPRINT)
    return _sorted(spark), _sorted(duck)


@pytest.mark.parametrize(
    "name",
    [
        "int_respondent_weights_computed",
        "int_indicator_variances_linearised",
        "int_factor_difference_variances_linearised",
        "int_factor_influence_tested",
        "int_factor_differences_tested",
        "int_region_cluster_stability_computed",
    ],
)
def test_frame_entry_point_builds_the_duckdb_table(manifest: dict, work, name: str):
    uid, node = next((u, n) for u, n in _python_models(manifest).items() if n["name"] == name)
    module = load_module(REPO, node)
    built = work.table(f"{node['schema']}.{node['alias']}").df()
    frames = getattr(module, FRAME_ENTRY)(StandInDbt(DuckSession(work), manifest, uid))
    assert list(frames.columns) == list(built.columns)
    assert len(built) > 0
    pd.testing.assert_frame_equal(*_values(frames, built), check_dtype=False, check_exact=True)


def _group_models(manifest: dict) -> list[str]:
    return sorted(n["name"] for n in _python_models(manifest).values()
                  if hasattr(load_module(REPO, n), GROUP_ENTRY))  # fmt: skip


def test_the_heavy_models_run_by_group(manifest: dict):
    assert set(GROUPED) <= set(_group_models(manifest))


@pytest.mark.parametrize("name", GROUPED)
def test_group_entry_point_group_by_group_builds_the_duckdb_table(manifest: dict, work, name: str):
    """What cpi.engines.spark.by_group does on the executors, here in one process: the inputs split by the
    key, the function called once per key value with that group's frames only, the results stacked.
    Each group's rows must be exactly the DuckDB model's rows of that group."""
    uid, node = next((u, n) for u, n in _python_models(manifest).items() if n["name"] == name)
    module = load_module(REPO, node)
    built = work.table(f"{node['schema']}.{node['alias']}").df()
    spec = getattr(module, GROUP_ENTRY)(StandInDbt(DuckSession(work), manifest, uid))
    key, inputs = spec["key"], {label: frame.df() for label, frame in spec["inputs"].items()}
    reference = {label: frame.df() for label, frame in spec.get("reference", {}).items()}
    values = sorted(set().union(*(set(frame[key].dropna()) for frame in inputs.values())))
    assert len(values) >= 2  # the demo waves: more than one group, so the split matters
    parts = [spec["function"](**{label: frame[frame[key] == value].reset_index(drop=True)
                                 for label, frame in inputs.items()}, **reference, **spec.get("kwargs", {}))
             for value in values]  # fmt: skip
    stacked = pd.concat(parts, ignore_index=True)
    assert list(stacked.columns) == list(built.columns) and len(built) > 0
    pd.testing.assert_frame_equal(*_values(stacked, built), check_dtype=False, check_exact=True)


def test_design_weights_are_read_the_same_on_both_paths(manifest: dict, work):
    """A wave whose codebook declares a weight: the demo waves have none, so one is added here."""
    uid, node = next(
        (u, n) for u, n in _python_models(manifest).items() if n["name"] == "int_respondent_weights_computed"
    )
    con = duckdb.connect()
    for relation in (
        "intermediate.int_respondents_harmonised",
        "reference.ref_population_margins",
        "reference.ref_regions",
        "staging.stg_raw__codebook_variables",
    ):
        con.execute(f"create schema if not exists {relation.split('.')[0]}")
        con.register("_copy", work.table(relation).df())
        con.execute(f"create table {relation} as select * from _copy")
        con.unregister("_copy")
    wave = con.execute("select min(wave_id) from intermediate.int_respondents_harmonised").fetchone()[0]
    con.execute(
        "insert into staging.stg_raw__codebook_variables (wave_id, variable_name, variable_role) "
        "values (?, 'wt', 'weight')",
        [wave],
    )
    con.execute(
        "create table staging.stg_raw__responses as select wave_id, respondent_id, 'wt' as variable_name, "
        "cast(0.5 + (row_number() over (order by respondent_id)) % 3 as double) as value_num "
        "from intermediate.int_respondents_harmonised where wave_id = ?",
        [wave],
    )
    module = load_module(REPO, node)
    on_relations = module.model(RelationDbt(DuckSession(con), manifest, uid), None)
    on_frames = getattr(module, FRAME_ENTRY)(StandInDbt(DuckSession(con), manifest, uid))
    design = on_frames[on_frames["wave_id"] == wave]
    assert set(design["weight_source"]) == {"design"} and design["design_weight"].isin([0.5, 1.5, 2.5]).all()
    pd.testing.assert_frame_equal(_sorted(on_frames), _sorted(on_relations), check_dtype=False, check_exact=True)
