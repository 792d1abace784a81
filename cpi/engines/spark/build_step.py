"""The Spark engine inside ``cpi build --engine spark``: the dbt stages of a build, on Spark.

The build has already stored the waves' raw Parquet and created the work file (with this run's
gate results, ``raw.validation_results``); this step builds every model and test on Spark and
exports the marts and seeds into that work file, which the build then publishes as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cpi.dbt.runner import DbtSummary, dbt_version

if TYPE_CHECKING:  # pragma: no cover
    from cpi.engines.spark.settings import SparkCluster
    from cpi.ingest.raw_store import StoredWave
    from cpi.layout import Layout
    from cpi.stages import StageClock

WORK_TABLES = ("raw.validation_results",)  # small raw tables the build writes into the work file
VERSIONS = ("dbt-core", "dbt-spark", "pyspark")


def spark_dbt_version() -> str:
    """build_info.dbt_version of a Spark build."""
    return dbt_version(VERSIONS)


def dbt_on_spark(
    layout: Layout, run_id: str, work: Path, stored: Sequence[StoredWave], clock: StageClock, cluster: SparkCluster
) -> tuple[DbtSummary, Path | None]:
    """Build on Spark into ``work``; returns the summary (with its dbt stages, also reported to
    ``clock``) and the Spark target's manifest (the relations the release must hold).

    With shared storage (``cluster.shared``) the waves' raw folders are published there first and
    the raw views read that copy."""
    from cpi.engines.spark.raw import raw_tables
    from cpi.engines.spark.runner import build_on_spark

    cluster.check()
    folders = [s.folder for s in stored]
    if cluster.shared:
        from cpi.engines.spark.shared import publish_raw, shared_tables

        with clock.stage("load", f"publishing the raw store to {cluster.components()['shared']}"):
            tables = shared_tables(folders, publish_raw(folders, cluster.shared))
    else:
        tables = raw_tables(folders)
    result = build_on_spark(
        tables,
        work,
        out_dir=layout.out,
        work_dir=layout.log_dir(run_id) / "spark",
        on_line=clock.dbt_line,
        work_tables=WORK_TABLES,
        cluster=cluster,
        run_id=run_id,
    )
    stages = result.stages()
    for key, timing in stages.items():
        clock.record(key, f"{key.replace('_', ' ')} (Spark)", timing)
    return replace(result.summary, stages=stages), result.manifest
