"""Pieces of the Spark engine that need no JVM: profile rendering, type mapping, the stand-in dbt
object of Python models, summaries of several dbt rounds, the checks of the stack."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from spark_helpers import REPO

from ingest.dbt_runner import DbtSummary
from ingest.errors import BuildError
from ingest.spark import settings
from ingest.spark.export import duckdb_type, exported_tables
from ingest.spark.python_models import StandInDbt, run_python_model
from ingest.spark.raw import view_sql
from ingest.spark.runner import merge


def test_session_parameters_come_from_the_spark_target_of_profiles_yml():
    params = settings.session_parameters(REPO, {"CPI_SPARK_DIR": "/x/restricted/spark"})
    assert params["spark.sql.warehouse.dir"] == "/x/restricted/spark/warehouse"
    assert params["spark.hadoop.javax.jdo.option.ConnectionURL"] == (
        "jdbc:derby:;databaseName=/x/restricted/spark/metastore_db;create=true"
    )
    assert params["spark.master"] == "local[2]"  # the env_var default
    assert params["spark.sql.legacy.createHiveTableByDefault"] == "false"
    assert params["spark.sql.ansi.enabled"] == "false"  # as dbt-spark forces it


def test_an_env_var_without_default_must_be_set():
    with pytest.raises(BuildError, match="CPI_SPARK_DIR"):
        settings.session_parameters(REPO, {})


def test_a_thrift_target_is_refused_with_the_reason(tmp_path: Path):
    (tmp_path / "profiles.yml").write_text(
        "cpi:\n  outputs:\n    spark:\n      type: spark\n      method: thrift\n      host: h\n", encoding="utf-8"
    )
    with pytest.raises(BuildError, match="method `thrift`"):
        settings.session_parameters(tmp_path, {})


def test_missing_java_is_reported_with_the_debian_package(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(settings, "_spec_missing", lambda module: False)
    monkeypatch.setattr(settings, "java_executable", lambda: None)
    with pytest.raises(BuildError, match="openjdk-17-jre-headless"):
        settings.require_spark_stack()


def test_spark_types_map_to_the_duckdb_builds_types():
    assert [duckdb_type(t) for t in ("string", "int", "bigint", "double", "boolean", "date", "timestamp")] == [
        "VARCHAR", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP WITH TIME ZONE",
    ]  # fmt: skip
    assert duckdb_type("decimal(18,0)") == "DECIMAL(18,0)"
    assert duckdb_type("varchar(10)") == "VARCHAR"
    with pytest.raises(BuildError, match="array<int>"):
        duckdb_type("array<int>")


def test_exported_tables_are_mart_tables_and_seeds_only():
    def node(kind: str, schema: str, name: str, materialized: str = "table") -> dict:
        return {"resource_type": kind, "schema": schema, "name": name, "alias": name,
                "config": {"materialized": materialized}}  # fmt: skip

    manifest = {"nodes": {
        "a": node("model", "marts", "fct_x_v1"), "b": node("model", "intermediate", "int_y"),
        "c": node("seed", "raw", "ref_z", "seed"), "d": node("model", "marts", "helper", "ephemeral"),
        "e": node("test", "marts", "not_null_x", "test"),
    }}  # fmt: skip
    assert exported_tables(manifest) == ["marts.fct_x_v1", "raw.ref_z"]


def test_raw_view_unions_the_files_by_column_name_and_quotes_paths():
    sql = view_sql("waves", ["/a/w1/waves.parquet", "/b/we`ird/waves.parquet"], ["wave_id", "year"])
    assert sql == (
        "create or replace view raw.`waves` as\n"
        "select `wave_id`, `year` from parquet.`/a/w1/waves.parquet`\nunion all\n"
        "select `wave_id`, `year` from parquet.`/b/we``ird/waves.parquet`"
    )


def test_merged_summaries_add_counts_and_keep_the_first_failure_code():
    a = DbtSummary(returncode=0, models_built=40, tests_passed=180, tests_total=181, tests_failed=1,
                   seeds_loaded=11, failures=["x"])  # fmt: skip
    b = DbtSummary(returncode=1, models_built=5, tests_passed=34, tests_total=34, failures=["y"])
    m = merge(a, b)
    assert (m.returncode, m.models_built, m.tests_passed, m.tests_failed, m.tests_total, m.seeds_loaded) == (
        1, 45, 214, 1, 215, 11,
    )  # fmt: skip
    assert m.failures == ["x", "y"]


class FakeSession:
    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables, self.read = tables, []

    def table(self, name: str):
        self.read.append(name)
        frame = self.tables[name]
        return type("T", (), {"toPandas": lambda _self: frame})()


MANIFEST = {
    "nodes": {
        "model.cpi.int_p": {
            "name": "int_p", "schema": "intermediate", "alias": "int_p", "original_file_path": "models/int_p.py",
            "config": {"materialized": "table", "influence_max_p": 0.05},
            "depends_on": {"nodes": ["model.cpi.fct_a.v1", "model.cpi.fct_a.v2", "seed.cpi.ref_s",
                                     "source.cpi.raw.waves"]},
        },
        "model.cpi.fct_a.v1": {"name": "fct_a", "version": 1, "latest_version": 2, "schema": "marts",
                               "alias": "fct_a_v1"},
        "model.cpi.fct_a.v2": {"name": "fct_a", "version": 2, "latest_version": 2, "schema": "marts",
                               "alias": "fct_a_v2"},
        "seed.cpi.ref_s": {"name": "ref_s", "schema": "raw", "alias": "ref_s"},
    },
    "sources": {"source.cpi.raw.waves": {"source_name": "raw", "name": "waves", "schema": "raw",
                                         "identifier": "waves"}},
}  # fmt: skip


def test_stand_in_dbt_resolves_refs_versions_sources_and_config():
    frames = {n: pd.DataFrame({"n": [i]}) for i, n in enumerate(
        ["marts.fct_a_v1", "marts.fct_a_v2", "raw.ref_s", "raw.waves"])}  # fmt: skip
    session = FakeSession(frames)
    dbt = StandInDbt(session, MANIFEST, "model.cpi.int_p")
    assert dbt.ref("fct_a", v=2).df()["n"].tolist() == [1]
    assert dbt.ref("fct_a", version=1).df()["n"].tolist() == [0]
    assert dbt.ref("fct_a").df()["n"].tolist() == [1]  # unpinned: the latest version
    assert dbt.ref("ref_s").df()["n"].tolist() == [2]
    assert dbt.source("raw", "waves").df()["n"].tolist() == [3]
    assert dbt.config.get("influence_max_p") == 0.05 and dbt.config.get("missing", 7) == 7
    assert dbt.config(materialized="table") is None
    assert str(dbt.this) == "intermediate.int_p" and dbt.is_incremental is False
    with pytest.raises(BuildError, match="'int_q' is not among the model's parents"):
        dbt.ref("int_q")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("raise ValueError('boom')", "models/bad.py: model\\(\\) raised ValueError: boom"),
        ("return [1, 2]", "models/bad.py: model\\(\\) returned list, not a pandas DataFrame"),
    ],
)
def test_a_failing_python_model_is_named_with_its_error(tmp_path: Path, body: str, message: str):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "bad.py").write_text(f"def model(dbt, session):\n    {body}\n", encoding="utf-8")
    node = {"name": "bad", "schema": "intermediate", "alias": "bad", "original_file_path": "models/bad.py",
            "config": {}, "depends_on": {"nodes": []}}  # fmt: skip
    manifest = {"nodes": {"model.cpi.bad": node}, "sources": {}}
    with pytest.raises(BuildError, match=message):
        run_python_model(FakeSession({}), manifest, "model.cpi.bad", tmp_path)
