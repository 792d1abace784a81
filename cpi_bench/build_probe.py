"""Run ``ingest.build.run_build`` and announce its stages to the benchmark.

The reporter understands both forms of the build's Reporter protocol:
- ``stage_started(key, text)`` / ``stage_finished(key, timing)`` with the stage keys of
  docs/design/round2.md §4; wall and CPU time then come from ``BuildResult.stages``;
- the older ``step(text)`` (legacy adapter): step texts are mapped to stage keys and the reads of
  the data files are announced by wrapping ``read_data`` where the gate and the loader call it.
In both cases dbt's progress lines split the dbt call into parse / seed / run / test as it runs,
so that memory samples land in the right sub-stage.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from cpi_bench.stages import dbt_line_stage, legacy_stage


class _StageSink(Protocol):
    current: str | None

    def stage(self, key: str) -> None: ...


class BenchReporter:
    """A build Reporter that forwards stage changes to the benchmark's event pipe."""

    def __init__(self, sink: _StageSink) -> None:
        self._sink = sink

    def stage_started(self, key: str, text: str = "") -> None:
        self._sink.stage(key)

    def stage_finished(self, key: str, timing: Any = None) -> None:
        pass  # the next stage_started (or the end of the run) closes the stage

    def step(self, text: str) -> None:
        key = legacy_stage(text)
        if key:
            self._sink.stage(key)

    def dbt_line(self, line: str) -> None:
        key = dbt_line_stage(line)
        if key:
            self._sink.stage(key)


def _announce_reads(sink: _StageSink) -> None:
    """Legacy adapter: ``read`` while a data file is being read, then back to the caller's stage."""
    import ingest.gate
    import ingest.loader
    import ingest.readers

    original: Callable[..., Any] = ingest.readers.read_data

    @functools.wraps(original)
    def read_data(*args: Any, **kwargs: Any) -> Any:
        caller = sink.current
        sink.stage("read")
        try:
            return original(*args, **kwargs)
        finally:
            if caller:
                sink.stage(caller)

    for module in (ingest.gate, ingest.loader):
        if getattr(module, "read_data", None) is original:
            module.read_data = read_data  # type: ignore[attr-defined]


def has_stage_api() -> bool:
    from ingest.build import BuildResult

    return any(f.name == "stages" for f in dataclasses.fields(BuildResult))


def measured_build(raw: Path, out: Path, sink: _StageSink) -> dict[str, Any]:
    """One ``run_build``; returns what the benchmark records about it."""
    from ingest.build import run_build

    stage_api = has_stage_api()
    if not stage_api:
        _announce_reads(sink)
    result = run_build(raw, out, reporter=BenchReporter(sink))  # type: ignore[arg-type]
    payload: dict[str, Any] = {
        "stage_api": stage_api,
        "build_id": result.build_id,
        "published": str(result.published),
        "release": str(result.release),
        "outcome": getattr(result, "outcome", "published"),
        "dbt": {
            "models_built": result.dbt.models_built,
            "tests_total": result.dbt.tests_total,
            "tests_passed": result.dbt.tests_passed,
        },
    }
    if stage_api:
        payload["stages"] = {
            key: {"wall_seconds": timing.wall_seconds, "cpu_seconds": timing.cpu_seconds}
            for key, timing in result.stages.items()
        }
    return payload
