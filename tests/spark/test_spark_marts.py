"""Issues 12 and 20: `cpi build --engine spark` on a Spark cluster publishes the DuckDB build's marts.

A standalone master and two workers (one core, 1 GB each) run on 127.0.0.1 (tests/spark/
local_cluster.py). Worker 2 runs in a mount namespace of its own where the build's output folder
is hidden under an empty tmpfs (as root; elsewhere it shares the disk and the hiding test skips):
only the shared location (CPI_SPARK_SHARED, outside the output folder) is common to every node.

The session's DuckDB build of data/raw (tests/conftest.py) is the reference. The Spark build runs
through the same pipeline (run_build, engine 'spark', CPI_SPARK_MASTER = the cluster) in a fresh
warehouse folder that starts with a copy of that build's raw store and salt, so it reads the very
same Parquet content. Every mart and seed relation of the DuckDB release must be in the Spark
release with the same column types and the same rows (doubles within 1e-9 relative), Spark must
have run and passed exactly the models, seeds, data tests and unit tests the DuckDB build ran and
passed, and both workers must have run tasks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from local_cluster import LocalCluster, can_hide_folders, mounts_of
from spark_helpers import assert_same_rows, column_types, relations, sorted_rows

from cpi import settings
from cpi.build.run import run_build
from cpi.engines.spark.shared import SUMS, sha256_of
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


CLUSTER_SETTINGS = {  # small: the test machine has two cores and other work
    "CPI_SPARK_DRIVER_MEMORY": "1g", "CPI_SPARK_EXECUTOR_MEMORY": "1g", "CPI_SPARK_EXECUTOR_CORES": "1",
    "CPI_SPARK_DRIVER_HOST": "127.0.0.1",
}  # fmt: skip


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark_warehouse")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark_shared")


@pytest.fixture(scope="module")
def cluster(spark_stack: None, out_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    started = LocalCluster(tmp_path_factory.mktemp("spark_cluster"))
    try:
        yield started.start(hide_from_worker2=out_dir if can_hide_folders() else None)
    finally:
        started.stop()


@pytest.fixture(scope="module")
def cluster_env(cluster: LocalCluster, shared: Path):
    """The operator's environment for the cluster, and this process's settings read from it."""
    before = settings.current()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**CLUSTER_SETTINGS, "CPI_SPARK_MASTER": cluster.master_url,
                            "CPI_SPARK_SHARED": str(shared)}.items():  # fmt: skip
            patch.setenv(name, value)
        settings.configure(settings.Settings.from_env(os.environ))
        try:
            yield
        finally:
            settings.configure(before)


@pytest.fixture(scope="module")
def spark_build(built_result, built_out_dir: Path, out_dir: Path, cluster_env: None):
    source, layout = Layout(built_out_dir), Layout(out_dir)
    layout.prepare()
    shutil.copytree(source.raw_store, layout.raw_store, dirs_exist_ok=True)
    shutil.copy2(source.salt, layout.salt)
    return run_build(REPO / "data" / "raw", out_dir, engine="spark")


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
    assert spark_inputs["engine_settings"] == {"master": os.environ["CPI_SPARK_MASTER"],
                                               "shared": os.environ["CPI_SPARK_SHARED"]}  # fmt: skip
    assert "engine_settings" not in duck_inputs  # a DuckDB build's fingerprint is what it was
    again = run_build(REPO / "data" / "raw", spark_build.published.parent, engine="spark")
    assert again.outcome == "skipped", again.message  # nothing changed: a no-op


def test_both_workers_ran_tasks_and_the_executors_cpu_is_counted(spark_build, cluster: LocalCluster):
    assert spark_build.outcome == "published", spark_build.message
    tasks = [worker.tasks_run() for worker in cluster.workers]
    assert all(n > 0 for n in tasks), f"tasks per worker: {tasks}"
    report = json.loads((Layout(spark_build.published.parent).log_dir(spark_build.build_id) / "spark"
                         / "spark-build.result.json").read_text(encoding="utf-8"))  # fmt: skip
    assert report["executor_cpu_seconds"] > 0
    python = {m["relation"].split(".")[-1]: m["entry"] for m in report["python_models"]}
    on_executors = [  # the statistics whose inputs are respondent-level rows (weights: per wave; stability: per year)
        "int_factor_differences_tested",
        "int_factor_influence_tested",
        "int_indicator_variances_linearised",
        "int_factor_difference_variances_linearised",
        "int_respondent_weights_computed",
        "int_region_cluster_stability_computed",
    ]
    assert {name: python[name] for name in on_executors} == dict.fromkeys(on_executors, "model_by_group")
    for worker in cluster.workers:  # executor scratch: the worker's SPARK_LOCAL_DIRS, private
        assert worker.scratch.stat().st_mode & 0o777 == 0o700


def test_worker2_never_saw_the_output_folder_only_the_shared_copy(
    spark_build, cluster: LocalCluster, out_dir: Path, shared: Path
):
    if cluster.workers[1].hides is None:
        pytest.skip("hiding the output folder from worker 2 needs root and `unshare` (util-linux)")
    assert f" {out_dir} " in mounts_of(cluster.workers[1].process.pid)  # a tmpfs over it, in its namespace
    assert f" {out_dir} " not in mounts_of(cluster.workers[0].process.pid)
    assert cluster.workers[1].tasks_run() > 0
    layout = Layout(out_dir)
    for folder in sorted(p for p in layout.raw_store.iterdir() if p.is_dir() and not p.name.startswith(".")):
        published = shared / "raw" / folder.name
        sums = dict(line.split("  ")[::-1] for line in (published / SUMS).read_text().splitlines())
        assert sums == {f.name: sha256_of(f) for f in folder.glob("*.parquet")}
        assert all(sha256_of(published / name) == digest for name, digest in sums.items())
    assert any((shared / "warehouse").iterdir())  # the tables were written there


def test_today_s_case_a_table_committed_on_a_disk_the_driver_does_not_read_fails_naming_the_model(
    cluster: LocalCluster, out_dir: Path
):
    """The warehouse in the output folder (worker 2 has its own disk there): worker 2's tasks commit
    their files where the driver never looks; the write check fails naming the model and the rows."""
    if cluster.workers[1].hides is None:
        pytest.skip("a worker with its own disk needs root and `unshare` (util-linux)")
    probe = Path(__file__).with_name("partial_write_probe.py")
    done = subprocess.run([sys.executable, str(probe), cluster.master_url, str(out_dir / "probe_warehouse")],
                          check=False, capture_output=True, text=True, timeout=600, cwd=REPO)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert 0 < result["found"] < result["written"]  # dbt would have logged "OK created" for this
    message = result["message"]
    assert message is not None and "model stg_raw__respondents (main.stg_raw__respondents)" in message
    assert "CPI_SPARK_SHARED" in message  # the fix
    # the check counts through Spark: a task on worker 1 reads the rows the driver has; a task on
    # worker 2 cannot open them (its disk has none of them): either way the model fails, named
    short = f"{result['found']} of {result['written']} rows written"
    unreadable = f"{result['written']} rows written, but not every node reads its files"
    assert short in message or unreadable in message, message
