"""The Spark engine end to end on a tiny project (tests/spark/mini_project), against dbt-duckdb.

One Spark build (local session) and one DuckDB build of the same project from the same Parquet
files; the exported DuckDB file must hold the same relations, types and rows as the DuckDB
build, every node must have run exactly once, and the awkward seed values must arrive intact.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from spark_helpers import (
    REPO,
    assert_same_rows,
    column_types,
    executed,
    relations,
    sorted_rows,
)

from cpi.dbt.runner import run_dbt, summarise
from cpi.engines.spark.raw import raw_tables
from cpi.engines.spark.runner import SparkBuildResult, build_on_spark

pytestmark = [pytest.mark.slow, pytest.mark.spark]

MINI = Path(__file__).parent / "mini_project"
FACTOR = 2.5  # var score_factor in mini_project/dbt_project.yml
THINGS = {  # wave folder -> rows (thing_id, label_code, amount, seen_on)
    "w1--aaaa": [(1, "a", 2.0, "2023-12-05"), (2, "b", 0.1, "2023-12-06"), (3, "a", -4.5, "2023-12-07")],
    "w2--bbbb": [(4, "c", 1e-7, "2024-01-02"), (5, "c", 3.25, "2024-01-03")],
}


def _write_waves(raw: Path) -> list[Path]:
    folders = []
    con = duckdb.connect()
    for folder, rows in THINGS.items():
        path = raw / folder
        path.mkdir(parents=True)
        values = ", ".join(f"({i}, '{code}', {amount}, date '{day}')" for i, code, amount, day in rows)
        con.execute(
            f"copy (select thing_id::integer as thing_id, label_code, amount::double as amount, seen_on, "
            f"timestamptz '2026-01-01 00:00:00+00' as loaded_at from (values {values}) "
            f"as t(thing_id, label_code, amount, seen_on)) to '{path / 'things.parquet'}' (format parquet)"
        )
        folders.append(path)
    con.close()
    return folders


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, spark_stack: None) -> dict:
    root = tmp_path_factory.mktemp("spark_mini")
    project = root / "project"
    shutil.copytree(MINI, project)
    shutil.copytree(REPO / "macros", project / "macros")
    shutil.copyfile(REPO / "profiles.yml", project / "profiles.yml")
    folders = _write_waves(root / "raw")
    tables = raw_tables(folders)

    duck, exported = root / "duck.duckdb", root / "spark.duckdb"
    for db in (duck, exported):  # the work file already holds small raw tables (gate results)
        con = duckdb.connect(str(db))
        con.execute("create schema raw")
        con.execute(
            "create table raw.batches as select * from (values ('w1', true), ('w2', false)) as t(batch_id, passed)"
        )
        con.close()
    con = duckdb.connect(str(duck))
    con.execute(f"create view raw.things as select * from read_parquet({tables['things']})")
    con.close()
    target = root / "duck_target"
    code = run_dbt(["build"], db_path=duck, target_path=target, log_path=root / "duck_logs", project_dir=project)
    duck_summary = summarise(target / "run_results.json", code)
    assert duck_summary.ok, duck_summary.failures

    spark = build_on_spark(
        tables,
        exported,
        out_dir=root / "out",
        work_dir=root / "work",
        project_dir=project,
        work_tables=["raw.batches"],
    )
    return {"duck": duck, "duck_target": target, "spark": spark, "exported": exported}


def _executed(spark: SparkBuildResult) -> list[str]:
    return executed(spark.run_results) + [m["unique_id"] for m in spark.python_models]


def test_spark_build_passes_and_runs_every_node_once(builds: dict):
    spark: SparkBuildResult = builds["spark"]
    assert spark.ok, spark.summary.failures
    duck_ids = executed([builds["duck_target"] / "run_results.json"])
    ran = _executed(spark)
    assert len(ran) == len(set(ran)), "a node ran twice"
    assert sorted(ran) == sorted(duck_ids)
    assert [m["relation"] for m in spark.python_models] == ["intermediate.int_things_scored"]
    assert spark.python_models[0]["rows"] == sum(len(rows) for rows in THINGS.values())
    assert spark.summary.tests_failed == 0 and spark.summary.tests_passed == spark.summary.tests_total


def test_exported_file_has_the_duckdb_builds_marts_and_seeds(builds: dict):
    exported, duck = relations(builds["exported"]), relations(builds["duck"])
    wanted = {name: kind for name, kind in duck.items() if name.startswith("marts.") or name == "raw.ref_labels"}
    assert wanted == {"marts.fct_things_v1": "BASE TABLE", "marts.fct_things": "VIEW", "raw.ref_labels": "BASE TABLE"}
    assert {k: v for k, v in exported.items() if k != "raw.batches"} == wanted
    for name in wanted:
        assert column_types(builds["exported"], name) == column_types(builds["duck"], name), name
        assert_same_rows(sorted_rows(builds["exported"], name), sorted_rows(builds["duck"], name), name)


def test_values_match_the_inputs_computed_by_hand(builds: dict):
    con = duckdb.connect(str(builds["exported"]), read_only=True)
    rows = con.execute(
        "select thing_id, label_name, label_note, score, rank_in_label, is_active from marts.fct_things "
        "order by thing_id"
    ).fetchall()
    con.close()
    assert rows == [
        (1, "Kazakhstan's neighbour", 'it\'s "quoted"', 2.0 * FACTOR, 2, True),
        (2, "Back\\slash", None, 0.1 * FACTOR, 1, False),
        (3, "Kazakhstan's neighbour", 'it\'s "quoted"', -4.5 * FACTOR, 1, True),
        (4, "Plain", "100% sure", 1e-7 * FACTOR, 1, True),
        (5, "Plain", "100% sure", 3.25 * FACTOR, 2, True),
    ]
