"""Issue 12's done-when: `cpi build --engine spark` on the demo waves publishes the DuckDB build's marts.

The session's DuckDB build of data/raw (tests/conftest.py) is the reference. A Spark build runs
through the same pipeline (run_build, engine 'spark') in a fresh warehouse folder that starts
with a copy of that build's raw store and salt, so it reads the very same Parquet files. Every
mart and seed relation of the DuckDB release must be in the Spark release with the same column
types and the same rows (doubles within 1e-9 relative), and Spark must have run and passed
exactly the models, seeds, data tests and unit tests the DuckDB build ran and passed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from spark_helpers import assert_same_rows, column_types, relations, sorted_rows

from cpi.build.run import run_build
from cpi.layout import Layout

pytestmark = [pytest.mark.slow, pytest.mark.spark]
REPO = Path(__file__).resolve().parents[2]
OPS_TABLES = {
    "marts.build_info",
    "marts.run_history",
    "marts.release_revisions",
    "marts.release_figure_revisions",
}  # written by cpi per build, not by dbt
BUILT = ("model.", "seed.", "snapshot.", "test.", "unit_test.")


@pytest.fixture(scope="module")
def spark_build(built_result, built_out_dir: Path, tmp_path_factory: pytest.TempPathFactory, spark_stack: None):
    out = tmp_path_factory.mktemp("spark_warehouse")
    source, layout = Layout(built_out_dir), Layout(out)
    layout.prepare()
    shutil.copytree(source.raw_store, layout.raw_store, dirs_exist_ok=True)
    shutil.copy2(source.salt, layout.salt)
    return run_build(REPO / "data" / "raw", out, engine="spark")


def _results(paths: list[Path]) -> dict[str, str]:
    """{unique_id: status} of every node dbt ran, from run_results.json files (no node twice)."""
    statuses: dict[str, str] = {}
    for path in paths:
        for result in json.loads(path.read_text(encoding="utf-8"))["results"]:
            uid = result["unique_id"]
            if uid.startswith(BUILT):
                assert uid not in statuses, f"{uid} ran twice"
                statuses[uid] = result["status"]
    return statuses


def _build_info(release: Path) -> dict:
    con = duckdb.connect(str(release), read_only=True)
    try:
        cursor = con.execute("select * from marts.build_info")
        return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    finally:
        con.close()


def test_spark_reads_the_same_raw_store_and_publishes(spark_build, built_result):
    assert spark_build.outcome == "published", spark_build.message
    assert sorted(spark_build.cached_waves) == sorted(r.wave_id for r in built_result.reports)


def test_spark_runs_and_passes_every_test_duckdb_runs_and_passes(spark_build, built_result, built_out_dir: Path):
    duck = _results([Layout(built_out_dir).log_dir(built_result.build_id) / "run_results.json"])
    spark_logs = Layout(spark_build.published.parent).log_dir(spark_build.build_id) / "spark"
    spark = _results(sorted(spark_logs.glob("run_results.round*.json")))
    report = json.loads((spark_logs / "spark-build.result.json").read_text(encoding="utf-8"))
    for model in report["python_models"]:  # run by the engine, not by dbt
        assert model["unique_id"] not in spark
        spark[model["unique_id"]] = "success"
    assert sorted(spark) == sorted(duck)
    tests = [uid for uid in duck if uid.startswith(("test.", "unit_test."))]
    # a floor against an empty comparison: every contracted mart has its tests, and the unit tests ran
    assert len(tests) >= len(report["python_models"]) and any(uid.startswith("unit_test.") for uid in tests)
    passed_on_duckdb = {uid for uid in tests if duck[uid] == "pass"}
    assert passed_on_duckdb == set(tests)
    assert {uid for uid in tests if spark[uid] == "pass"} == passed_on_duckdb
    assert spark_build.dbt.tests_passed == built_result.dbt.tests_passed == len(tests)
    assert spark_build.dbt.models_built == built_result.dbt.models_built


def test_every_mart_and_seed_is_the_duckdb_builds(spark_build, built_warehouse: Path):
    duck_release, spark_release = built_warehouse.resolve(), spark_build.release
    duck = {
        k: v
        for k, v in relations(duck_release).items()
        if k.startswith(("marts.", "reference.")) and k not in OPS_TABLES
    }
    assert sum(k.startswith("marts.") for k in duck) >= 50 and sum(k.startswith("reference.") for k in duck) >= 12
    spark = {k: v for k, v in relations(spark_release).items() if k not in OPS_TABLES}
    assert spark == duck  # same names, tables and views
    mismatched = []
    for name in sorted(duck):
        if column_types(duck_release, name) != column_types(spark_release, name):
            mismatched.append(f"{name}: {column_types(duck_release, name)} vs {column_types(spark_release, name)}")
            continue
        try:
            assert_same_rows(sorted_rows(spark_release, name), sorted_rows(duck_release, name), name)
        except AssertionError as exc:
            mismatched.append(str(exc)[:300])
    assert not mismatched, "\n".join(mismatched)


def test_build_info_records_the_engine_and_the_engine_is_an_input(spark_build, built_warehouse: Path):
    spark, duck = _build_info(spark_build.release), _build_info(built_warehouse)
    assert (spark["engine"], duck["engine"]) == ("spark", "duckdb")
    assert "dbt-spark 1.11" in spark["dbt_version"] and "pyspark 3.5" in spark["dbt_version"]
    spark_inputs, duck_inputs = json.loads(spark["inputs_components"]), json.loads(duck["inputs_components"])
    assert spark_inputs["waves"] == duck_inputs["waves"]  # same raw store keys
    assert spark_inputs["engine"] == "spark" and spark["inputs_fingerprint"] != duck["inputs_fingerprint"]
    again = run_build(REPO / "data" / "raw", spark_build.published.parent, engine="spark")
    assert again.outcome == "skipped", again.message  # nothing changed: a no-op
