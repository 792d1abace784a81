"""Issue 12's done-when: the demo waves built on Spark give the DuckDB build's marts.

A DuckDB build of data/raw publishes a release; the same raw Parquet is then built on Spark and
exported. Every mart relation of the release (tables and latest-version views) must exist in
the export with the same column types and the same rows (doubles within 1e-9), and Spark must
have run (and passed) every model, data test and unit test the DuckDB build ran.

Until the models are ported (phase 2 of docs/scale-out.md) this skips; CPI_SPARK_COMPARE=1 runs
it anyway, e.g. with CPI_DBT_PROJECT_DIR pointing at a ported copy of the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spark_helpers import (
    REPO,
    assert_same_rows,
    column_types,
    executed,
    raw_folders,
    relations,
    sorted_rows,
)

from ingest.build import run_build
from ingest.spark.raw import raw_tables
from ingest.spark.runner import build_on_spark

MODELS_PORTED = False  # phase 2 sets this once models/, seeds and tests/dbt build on Spark
FORCED = os.environ.get("CPI_SPARK_COMPARE") == "1"
RELEASE_ONLY = {"marts.build_info"}  # written by the build, not by dbt

pytestmark = [
    pytest.mark.slow,
    pytest.mark.spark,
    pytest.mark.skipif(
        not (MODELS_PORTED or FORCED),
        reason="models not yet ported to Spark (docs/scale-out.md); CPI_SPARK_COMPARE=1 runs it anyway",
    ),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, spark_stack: None) -> dict:
    out = tmp_path_factory.mktemp("spark_compare")
    duck = run_build(REPO / "data" / "raw", out)
    release = Path(duck.published).resolve()
    duck_ids = set(executed(list(out.rglob("run_results.json"))))  # the DuckDB build's, before Spark's
    exported = out / "spark-export.duckdb"
    spark = build_on_spark(raw_tables(raw_folders(out, release)), exported, out_dir=out, work_dir=out / "spark-work")
    return {"release": release, "exported": exported, "spark": spark, "duck_ids": duck_ids}


def test_spark_runs_and_passes_what_duckdb_runs(both: dict):
    spark = both["spark"]
    assert spark.ok, spark.summary.failures[:20]
    ran = set(executed(spark.run_results)) | {m["unique_id"] for m in spark.python_models}
    assert ran == both["duck_ids"]


def test_every_mart_is_identical(both: dict):
    release, exported = both["release"], both["exported"]
    marts = {k: v for k, v in relations(release).items() if k.startswith("marts.") and k not in RELEASE_ONLY}
    assert len(marts) >= 30, sorted(marts)  # today: 19 versioned tables + their views
    spark_side = relations(exported)
    mismatched = []
    for name, kind in sorted(marts.items()):
        if spark_side.get(name) != kind or column_types(release, name) != column_types(exported, name):
            mismatched.append(f"{name}: {kind} {column_types(release, name)} vs {spark_side.get(name)} "
                              f"{column_types(exported, name) if name in spark_side else ''}")  # fmt: skip
            continue
        try:
            assert_same_rows(sorted_rows(exported, name), sorted_rows(release, name), name)
        except AssertionError as exc:
            mismatched.append(str(exc)[:300])
    assert not mismatched, "\n".join(mismatched)
