"""Pieces of the Spark engine that need no JVM: profile rendering, type mapping, the stand-in dbt
object of Python models, summaries of several dbt rounds, the checks of the stack."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from spark_helpers import REPO

from cpi.dbt.runner import DbtSummary
from cpi.engines.spark import python_models, settings
from cpi.engines.spark.export import copy_rows, duckdb_type, exported_tables
from cpi.engines.spark.python_models import (
    FRAME_ENTRY,
    StandInDbt,
    load_module,
    run_python_model,
)
from cpi.engines.spark.raw import view_sql
from cpi.engines.spark.runner import SparkBuildResult, StepTiming, merge
from cpi.errors import BuildError


def test_session_parameters_come_from_the_spark_target_of_profiles_yml():
    params = settings.session_parameters(REPO, {"CPI_SPARK_DIR": "/x/restricted/spark"})
    assert params["spark.sql.warehouse.dir"] == "/x/restricted/spark/warehouse"
    assert params["spark.sql.catalogImplementation"] == "in-memory"  # one process: no metastore
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
        "VARCHAR",
        "INTEGER",
        "BIGINT",
        "DOUBLE",
        "BOOLEAN",
        "DATE",
        "TIMESTAMP WITH TIME ZONE",
    ]
    assert duckdb_type("decimal(18,0)") == "DECIMAL(18,0)"
    assert duckdb_type("varchar(10)") == "VARCHAR"
    with pytest.raises(BuildError, match="array<int>"):
        duckdb_type("array<int>")


def test_exported_tables_are_mart_tables_and_seeds_only():
    def node(kind: str, schema: str, name: str, materialized: str = "table") -> dict:
        return {
            "resource_type": kind,
            "schema": schema,
            "name": name,
            "alias": name,
            "config": {"materialized": materialized},
        }

    manifest = {
        "nodes": {
            "a": node("model", "marts", "fct_x_v1"),
            "b": node("model", "intermediate", "int_y"),
            "c": node("seed", "raw", "ref_z", "seed"),
            "d": node("model", "marts", "helper", "ephemeral"),
            "e": node("test", "marts", "not_null_x", "test"),
        }
    }
    assert exported_tables(manifest) == ["marts.fct_x_v1", "raw.ref_z"]


def test_raw_view_unions_the_files_by_column_name_and_quotes_paths():
    sql = view_sql("waves", ["/a/w1/waves.parquet", "/b/we`ird/waves.parquet"], ["wave_id", "year"])
    assert sql == (
        "create or replace view raw.`waves` as\n"
        "select `wave_id`, `year` from parquet.`/a/w1/waves.parquet`\nunion all\n"
        "select `wave_id`, `year` from parquet.`/b/we``ird/waves.parquet`"
    )


def test_merged_summaries_add_counts_and_keep_the_first_failure_code():
    a = DbtSummary(
        returncode=0,
        models_built=40,
        tests_passed=180,
        tests_total=181,
        tests_failed=1,
        seeds_loaded=11,
        failures=["x"],
    )
    b = DbtSummary(returncode=1, models_built=5, tests_passed=34, tests_total=34, failures=["y"])
    m = merge(a, b)
    assert (m.returncode, m.models_built, m.tests_passed, m.tests_failed, m.tests_total, m.seeds_loaded) == (
        1,
        45,
        214,
        1,
        215,
        11,
    )
    assert m.failures == ["x", "y"]


class FakeTable:
    def __init__(self, session: FakeSession, frame: pd.DataFrame):
        self.session, self.frame = session, frame

    def filter(self, condition: str) -> FakeTable:
        self.session.filters.append(condition)
        return FakeTable(self.session, self.frame.query(condition))

    def toPandas(self) -> pd.DataFrame:
        return self.frame


class FakeSession:
    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables, self.read, self.filters = tables, [], []

    def table(self, name: str) -> FakeTable:
        self.read.append(name)
        return FakeTable(self, self.tables[name])


MANIFEST = {
    "nodes": {
        "model.cpi.int_p": {
            "name": "int_p",
            "schema": "intermediate",
            "alias": "int_p",
            "original_file_path": "models/int_p.py",
            "config": {"materialized": "table", "influence_max_p": 0.05},
            "depends_on": {
                "nodes": ["model.cpi.fct_a.v1", "model.cpi.fct_a.v2", "seed.cpi.ref_s", "source.cpi.raw.waves"]
            },
        },
        "model.cpi.fct_a.v1": {
            "name": "fct_a",
            "version": 1,
            "latest_version": 2,
            "schema": "marts",
            "alias": "fct_a_v1",
        },
        "model.cpi.fct_a.v2": {
            "name": "fct_a",
            "version": 2,
            "latest_version": 2,
            "schema": "marts",
            "alias": "fct_a_v2",
        },
        "seed.cpi.ref_s": {"name": "ref_s", "schema": "raw", "alias": "ref_s"},
    },
    "sources": {
        "source.cpi.raw.waves": {"source_name": "raw", "name": "waves", "schema": "raw", "identifier": "waves"}
    },
}


def test_stand_in_dbt_resolves_refs_versions_sources_and_config():
    frames = {
        n: pd.DataFrame({"n": [i]})
        for i, n in enumerate(["marts.fct_a_v1", "marts.fct_a_v2", "raw.ref_s", "raw.waves"])
    }
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
    node = {
        "name": "bad",
        "schema": "intermediate",
        "alias": "bad",
        "original_file_path": "models/bad.py",
        "config": {},
        "depends_on": {"nodes": []},
    }
    manifest = {"nodes": {"model.cpi.bad": node}, "sources": {}}
    with pytest.raises(BuildError, match=message):
        run_python_model(FakeSession({}), manifest, "model.cpi.bad", tmp_path)


def test_every_python_model_that_reads_relations_has_a_frame_entry_point():
    """Models that read their refs with .df() alone run as they are on Spark; a model that uses
    DuckDB's relation API (survey_stats.duckdb_inputs, .project, .order, ...) needs model_from_frames."""
    models = sorted((REPO / "models").rglob("*.py"))
    assert len(models) >= 7
    for path in models:
        text = path.read_text(encoding="utf-8")
        uses_relations = any(call in text for call in ("duckdb_inputs", ".project(", ".order(", ".join(", ".fetchall("))
        node = {"name": path.stem, "original_file_path": str(path.relative_to(REPO))}
        has_frames = callable(getattr(load_module(REPO, node), FRAME_ENTRY, None))
        assert has_frames or not uses_relations, f"{path.name}: add {FRAME_ENTRY}(dbt) (docs/scale-out.md)"


def test_stand_in_prefers_the_frame_entry_point_and_filters_through_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "p.py").write_text(
        "def model(dbt, session):\n    raise AssertionError('the DuckDB entry point')\n\n"
        "def model_from_frames(dbt):\n    return dbt.ref('fct_a', v=1).filter('n > 0').df()\n",
        encoding="utf-8",
    )
    node = {**MANIFEST["nodes"]["model.cpi.int_p"], "original_file_path": "models/p.py"}
    manifest = {**MANIFEST, "nodes": {**MANIFEST["nodes"], "model.cpi.int_p": node}}
    session = FakeSession({"marts.fct_a_v1": pd.DataFrame({"n": [-1, 0, 2, 3]})})
    written = []
    monkeypatch.setattr(python_models, "write_table", lambda _s, frame, name: written.append((name, frame)))
    ran = run_python_model(session, manifest, "model.cpi.int_p", tmp_path)
    assert ran["entry"] == FRAME_ENTRY and ran["rows"] == 2
    assert written[0][0] == "intermediate.int_p" and written[0][1]["n"].tolist() == [2, 3]
    assert session.filters == ["n > 0"]


def test_stages_share_the_workers_wall_time_and_cpu(tmp_path: Path):
    """The Spark build's dbt stages: parse, each round split by its nodes, the rest as run."""
    results = tmp_path / "run_results.round1.json"
    nodes = [("seed.cpi.s", 10, 12), ("model.cpi.m", 12, 16), ("test.cpi.t", 16, 18)]
    results.write_text(
        json.dumps(
            {
                "results": [
                    {
                        "unique_id": uid,
                        "timing": [
                            {"started_at": f"2026-01-01T00:00:{a:02d}", "completed_at": f"2026-01-01T00:00:{b:02d}"}
                        ],
                    }
                    for uid, a, b in nodes
                ]
            }
        ),
        encoding="utf-8",
    )
    start = datetime.fromisoformat("2026-01-01T00:00:08").timestamp()
    result = SparkBuildResult(
        summary=DbtSummary(returncode=0), run_results=[results], wall_seconds=40.0, cpu_seconds=20.0
    )
    result.steps = [
        StepTiming("parse", 5.0),
        StepTiming("register_raw", 3.0),
        StepTiming("dbt_round_1", 10.0, start, start + 10),
        StepTiming("python_2", 7.0),
        StepTiming("export", 2.0),
    ]
    stages = result.stages()
    # the round: 2 s before its first node (dbt's graph: parse), then seed 2, models 4, tests 2;
    # raw views, Python models and the export are run; the 13 s of the worker outside any step
    # (interpreter start, waiting for the session) are parse
    assert {k: round(v.wall_seconds, 6) for k, v in stages.items()} == {
        "dbt_parse": 5.0 + 2.0 + 13.0,
        "dbt_seed": 2.0,
        "dbt_run": 4.0 + 3.0 + 7.0 + 2.0,
        "dbt_test": 2.0,
    }
    assert sum(v.cpu_seconds for v in stages.values()) == pytest.approx(20.0)
    assert stages["dbt_run"].cpu_seconds == pytest.approx(16.0 / 40.0 * 20.0)


class CatalogSession:
    """What the export asks a session: a table's storage (describe) and, elsewhere, its rows."""

    def __init__(self, location: str, frame: pd.DataFrame):
        self.location, self.frame, self.collected = location, frame, 0

    def sql(self, statement: str):
        assert statement == "describe table extended marts.t"
        rows = [{"col_name": "Provider", "data_type": "parquet"}, {"col_name": "Location", "data_type": self.location}]
        return type("Result", (), {"collect": lambda _self: rows})()

    def table(self, name: str):
        self.collected += 1
        return type("Table", (), {"toPandas": lambda _self: self.frame})()


@pytest.mark.parametrize("where", ["local", "object storage"])
def test_export_reads_local_parquet_and_collects_anything_else(tmp_path: Path, where: str):
    frame = pd.DataFrame({"b": ["x", None, "z"], "a": [1, 2, 3]})  # columns in another order
    folder = tmp_path / "marts.db" / "t"
    folder.mkdir(parents=True)
    duckdb.connect().execute(f"copy (select * from frame) to '{folder / 'part-0.parquet'}' (format parquet)")
    session = CatalogSession(f"file:{folder}" if where == "local" else "s3a://bucket/marts.db/t", frame)
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.t (a integer, b varchar)")
    copy_rows(con, session, "marts.t", ["a", "b"])
    assert con.execute("select a, b from marts.t order by a").fetchall() == [(1, "x"), (2, None), (3, "z")]
    assert session.collected == (0 if where == "local" else 1)


def test_missing_java_stops_a_spark_build_before_any_wave_is_read(
    tiny_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from cpi.build.run import run_build
    from cpi.layout import Layout
    from cpi.publish.history import read_records

    monkeypatch.setattr(settings, "java_executable", lambda: None)
    with pytest.raises(BuildError, match="openjdk-17-jre-headless"):
        run_build(tiny_raw, tmp_path / "out", engine="spark")
    layout = Layout(tmp_path / "out")
    assert not any(layout.raw_store.iterdir()), "no wave was read, validated or stored"
    assert [r["outcome"] for r in read_records(layout.history)] == ["failed"]
    with pytest.raises(BuildError, match="unknown engine 'postgres'. Fix: use one of duckdb, spark"):
        run_build(tiny_raw, tmp_path / "out", engine="postgres")
