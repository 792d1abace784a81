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
# dbt's progress lines: "12 of 271 START sql table model x ....... [RUN]", "12 of 271 OK created ...".
_DBT_NODE = re.compile(r"\b(\d+) of \d+ (START|OK|PASS|FAIL|ERROR|WARN|SKIP|NO-OP)\b ?(.*?)(?: \.{2,}| +\[|$)")
_DBT_KIND = {
    "seed": "dbt_seed",
    "sql": "dbt_run",
    "python": "dbt_run",
    "snapshot": "dbt_run",
    "test": "dbt_test",
    "unit_test": "dbt_test",
}
_PRIORITY = ("dbt_run", "dbt_seed", "dbt_test")  # with threads > 1 nodes overlap: models weigh most


class DbtProgress:
    """Which dbt sub-stage is running, from dbt's progress lines as they arrive.

    dbt runs several nodes at once when threads > 1 (models and tests interleave); the stage is
    ``dbt_run`` while any model runs, else ``dbt_seed`` while a seed loads, else ``dbt_test``.
    """

    def __init__(self) -> None:
        self.running: dict[str, tuple[str, str]] = {}  # node number -> (stage, description)

    def feed(self, line: str) -> str | None:
        """The stage after this line, or None when the line changes nothing."""
        match = _DBT_NODE.search(line)
        if not match:
            return None
        number, word, what = match.groups()
        if word == "START":
            stage = _DBT_KIND.get(what.split(" ", 1)[0])
            if stage is None:
                return None
            self.running[number] = (stage, what.strip())
        else:
            self.running.pop(number, None)
        stages = {stage for stage, _ in self.running.values()}
        return next((stage for stage in _PRIORITY if stage in stages), None)


def unfinished_dbt_nodes(lines: list[str]) -> list[str]:
    """dbt nodes that started and never finished (where a stopped build was)."""
    progress = DbtProgress()
    for line in lines:
        progress.feed(line)
    return [what for _, what in progress.running.values()]


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


def attribute(events: list[StageEvent], samples: list[Sample], *, start: float, end: float) -> dict[str, StageMeasure]:
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
