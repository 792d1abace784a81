"""How samples of a running process are attributed to the stage it was in.

A child process announces each stage it enters (``StageEvent``); the parent samples the memory
(RSS) and CPU time of the child and all its descendants (``Sample``). ``attribute`` assigns each
sample to the stage that was active at that moment: a stage's wall time is the time between its
events, its CPU time the growth of the sampled CPU total while it was active, its peak memory the
largest sampled RSS while it was active.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

STARTUP, SHUTDOWN = "startup", "shutdown"  # interpreter start + imports; teardown after the work
OTHER = "other"  # between two reported stages (e.g. the build lock, the inputs fingerprint)
# dbt's progress line "12 of 271 START sql table model ..." (threads = 1: nodes run one by one).
_DBT_START = re.compile(r"\b\d+ of \d+ START (\w+)")
_DBT_KIND = {"seed": "dbt_seed", "sql": "dbt_run", "python": "dbt_run", "snapshot": "dbt_run",
             "test": "dbt_test", "unit_test": "dbt_test"}


def dbt_line_stage(line: str) -> str | None:
    """``dbt_seed`` / ``dbt_run`` / ``dbt_test`` when a dbt output line starts a node, else None."""
    match = _DBT_START.search(line)
    return _DBT_KIND.get(match.group(1)) if match else None


@dataclass(frozen=True)
class StageEvent:
    t: float  # time.monotonic() (one clock for all processes on Linux)
    key: str


@dataclass(frozen=True)
class Sample:
    t: float
    rss: int  # bytes, summed over the process tree
    cpu: float  # seconds of user + system CPU, the tree's running total


@dataclass
class StageMeasure:
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_bytes: int = 0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "wall_seconds": round(self.wall_seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "peak_rss_bytes": int(self.peak_rss_bytes),
        }


def attribute(
    events: list[StageEvent], samples: list[Sample], *, start: float, end: float
) -> dict[str, StageMeasure]:
    """Per stage (in order of first appearance) wall, CPU and peak RSS.

    Time before the first event counts as ``startup``. CPU growth between two samples is charged
    to the stage active at the later one. Stages entered several times (dbt nodes alternate
    between run and test) accumulate.
    """
    timeline = [StageEvent(start, STARTUP), *sorted(events, key=lambda e: e.t)]
    times = [e.t for e in timeline]
    measures: dict[str, StageMeasure] = {}
    for i, event in enumerate(timeline):
        stop = timeline[i + 1].t if i + 1 < len(timeline) else end
        measures.setdefault(event.key, StageMeasure()).wall_seconds += max(0.0, stop - event.t)

    def stage_at(t: float) -> str:
        return timeline[max(0, bisect.bisect_right(times, t) - 1)].key

    previous_cpu = 0.0
    for sample in sorted(samples, key=lambda s: s.t):
        measure = measures.setdefault(stage_at(sample.t), StageMeasure())
        measure.cpu_seconds += max(0.0, sample.cpu - previous_cpu)
        measure.peak_rss_bytes = max(measure.peak_rss_bytes, sample.rss)
        previous_cpu = max(previous_cpu, sample.cpu)
    return measures


def stage_at_end(events: list[StageEvent]) -> str:
    """The stage a process was in when it stopped (for "where did it die")."""
    return max(events, key=lambda e: e.t).key if events else STARTUP
