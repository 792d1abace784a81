"""Build stages: fixed keys, wall and CPU time per stage, and the Reporter protocol.

``run_build`` measures every stage with a :class:`StageClock` and hands the totals back in
``BuildResult.stages`` (and the run's history record). Stage keys, in order::

    discover, read, validate, load, dbt_parse, dbt_seed, dbt_run, dbt_test, publish

``read``, ``validate`` and ``load`` run once per wave that is not in the raw store yet; the
reporter then sees one started/finished pair per such wave (its ``text`` names the wave) and
``BuildResult.stages`` holds their sum. Cached waves cost nothing and report nothing. The dbt
stages come from the single ``dbt build`` process: they are reported when it exits, split from
dbt's ``run_results.json`` and ``perf_info.json`` (see ``cpi.dbt.runner.split_dbt_timing``).
Every key is always present in ``BuildResult.stages`` (0 when a stage did not run).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

STAGES: tuple[str, ...] = (
    "discover",
    "read",
    "validate",
    "load",
    "dbt_parse",
    "dbt_seed",
    "dbt_run",
    "dbt_test",
    "publish",
)
DBT_STAGES: tuple[str, ...] = ("dbt_parse", "dbt_seed", "dbt_run", "dbt_test")


@dataclass(frozen=True)
class StageTiming:
    wall_seconds: float
    cpu_seconds: float

    def __add__(self, other: StageTiming) -> StageTiming:
        return StageTiming(self.wall_seconds + other.wall_seconds, self.cpu_seconds + other.cpu_seconds)

    def as_dict(self) -> dict[str, float]:
        return {"wall_seconds": round(self.wall_seconds, 3), "cpu_seconds": round(self.cpu_seconds, 3)}


ZERO = StageTiming(0.0, 0.0)


@runtime_checkable
class Reporter(Protocol):
    """What ``run_build`` tells its caller while it runs (the CLI's spinner, the benchmark).

    Implement at least ``stage_started`` and ``stage_finished``; ``dbt_line`` (every line dbt
    prints) and ``message`` (one-line notes such as "nothing changed") are optional.
    """

    def stage_started(self, key: str, text: str) -> None: ...

    def stage_finished(self, key: str, timing: StageTiming) -> None: ...


def process_cpu_seconds() -> float:
    """CPU (user + system) of this process and of its waited-for children (dbt)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class StageClock:
    """Accumulates per-stage timings and forwards start/finish events to a reporter."""

    def __init__(self, reporter: object | None = None) -> None:
        self._reporter = reporter
        self._totals: dict[str, StageTiming] = {key: ZERO for key in STAGES}

    def _call(self, name: str, *args: object) -> None:
        method = getattr(self._reporter, name, None)
        if callable(method):
            method(*args)

    def message(self, text: str) -> None:
        self._call("message", text)

    def dbt_line(self, line: str) -> None:
        self._call("dbt_line", line)

    def record(self, key: str, text: str, timing: StageTiming) -> None:
        """A stage measured elsewhere (the dbt split): report it and add it to the totals."""
        self._check(key)
        self._call("stage_started", key, text)
        self._add(key, timing)

    def _add(self, key: str, timing: StageTiming) -> None:
        self._totals[key] = self._totals[key] + timing
        self._call("stage_finished", key, timing)

    @staticmethod
    def _check(key: str) -> None:
        if key not in STAGES:
            raise ValueError(f"unknown build stage {key!r}; known: {', '.join(STAGES)}")

    @contextmanager
    def stage(self, key: str, text: str) -> Iterator[None]:
        """Time the block as stage ``key`` (added to the total even when the block raises)."""
        self._check(key)
        self._call("stage_started", key, text)
        wall, cpu = time.perf_counter(), process_cpu_seconds()
        try:
            yield
        finally:
            self._add(key, StageTiming(time.perf_counter() - wall, process_cpu_seconds() - cpu))

    @property
    def totals(self) -> dict[str, StageTiming]:
        return dict(self._totals)

    def as_dicts(self) -> dict[str, dict[str, float]]:
        return {key: timing.as_dict() for key, timing in self._totals.items()}
