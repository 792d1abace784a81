"""Run ``cpi.build.run.run_build`` and announce its stages to the benchmark as they happen.

``run_build`` reports its stages (docs/design/round2.md §4) through the Reporter callbacks; wall
and CPU time per stage come from ``BuildResult.stages``. The four dbt stages are reported only
when the dbt process has exited, so while dbt runs its progress lines tell which sub-stage is
active (``dbt_parse`` until the first node starts, then seed / run / test as nodes run, see
``DbtProgress``); that live timeline is what the memory samples are attributed to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from cpi_bench.timeline import OTHER, DbtProgress

DBT_STAGES = ("dbt_parse", "dbt_seed", "dbt_run", "dbt_test")


class _StageSink(Protocol):
    current: str | None

    def stage(self, key: str) -> None: ...


class BenchReporter:
    """A build Reporter that forwards stage changes to the benchmark's event pipe."""

    def __init__(self, sink: _StageSink) -> None:
        self._sink = sink
        self._dbt = DbtProgress()

    def stage_started(self, key: str, text: str = "") -> None:
        if key not in DBT_STAGES:  # dbt stages arrive after the fact; dbt_line tracks them live
            self._sink.stage(key)

    def stage_finished(self, key: str, timing: Any = None) -> None:
        self._sink.stage(OTHER)  # between stages until the next one starts

    def dbt_line(self, line: str) -> None:
        key = self._dbt.feed(line)
        if key:
            self._sink.stage(key)
        elif self._sink.current not in DBT_STAGES:
            self._sink.stage("dbt_parse")  # dbt has started and not yet run a node

    def message(self, text: str) -> None:
        pass


def measured_build(
    raw: Path, out: Path, sink: _StageSink, *, engine: str = "duckdb", force: bool = False
) -> dict[str, Any]:
    """One ``run_build`` (``engine``: duckdb or spark; a spark build takes its master and shared
    storage from ``CPI_SPARK_MASTER`` / ``CPI_SPARK_SHARED``); returns what the benchmark records."""
    from cpi.build.run import run_build

    # the scenario's raw folder holds symlinks to the generated and demo files (Scenarios.assemble)
    result = run_build(raw, out, reporter=BenchReporter(sink), allow_outside_raw=True, engine=engine, force=force)
    return {
        "build_id": result.build_id,
        "published": str(result.published),
        "release": str(result.release),
        "outcome": getattr(result, "outcome", "published"),
        "engine": engine,
        "dbt": {
            "models_built": result.dbt.models_built,
            "tests_total": result.dbt.tests_total,
            "tests_passed": result.dbt.tests_passed,
        },
        "stages": {
            key: {"wall_seconds": timing.wall_seconds, "cpu_seconds": timing.cpu_seconds}
            for key, timing in result.stages.items()
        },
    }
