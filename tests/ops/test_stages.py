"""Stage timings: the dbt split from run_results.json and the StageClock totals/callbacks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cpi.dbt.runner import partial_parse_used, split_dbt_timing
from cpi.stages import STAGES, StageClock, StageTiming


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def _node(uid: str, start: float, end: float) -> dict:
    mid = (start + end) / 2
    return {
        "unique_id": uid,
        "status": "success",
        "timing": [
            {"name": "compile", "started_at": _iso(start), "completed_at": _iso(mid)},
            {"name": "execute", "started_at": _iso(mid), "completed_at": _iso(end)},
        ],
    }


def test_dbt_split_uses_interval_unions_and_shares_the_rest(tmp_path: Path) -> None:
    results = tmp_path / "run_results.json"
    results.write_text(
        json.dumps(
            {
                "results": [
                    _node("seed.cpi.a", 102, 103),
                    _node("seed.cpi.b", 102.5, 104),  # union 2
                    _node("model.cpi.m1", 104, 110),
                    _node("model.cpi.m2", 105, 108),  # union 6
                    _node("test.cpi.t1", 108, 112),  # union 4
                ]
            }
        )
    )
    split = split_dbt_timing(results, launched=100.0, exited=120.0, cpu_seconds=10.0)
    # parse = launch -> first node (2 s); the other 18 s shared 2:6:4 -> 3, 9, 6; CPU is half of wall
    expected = {"dbt_parse": (2, 1), "dbt_seed": (3, 1.5), "dbt_run": (9, 4.5), "dbt_test": (6, 3)}
    assert {k: (round(v.wall_seconds, 6), round(v.cpu_seconds, 6)) for k, v in split.items()} == expected


def test_dbt_split_without_results_is_all_parse(tmp_path: Path) -> None:
    split = split_dbt_timing(tmp_path / "missing.json", launched=10.0, exited=14.0, cpu_seconds=2.0)
    assert split["dbt_parse"] == StageTiming(4.0, 2.0)
    assert all(split[k] == StageTiming(0.0, 0.0) for k in ("dbt_seed", "dbt_run", "dbt_test"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unable to do partial parsing because profile has changed\n", False),
        ("Partial parsing enabled: 0 files deleted, 0 files added, 1 files changed.\n", True),
        ("Found 45 models\n", None),
    ],
)
def test_partial_parse_is_read_from_dbt_log(tmp_path: Path, text: str, expected: bool | None) -> None:
    log = tmp_path / "dbt.log"
    log.write_text("12:00:00 [debug] running dbt\n" + text)
    assert partial_parse_used(log) is expected


class _Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def stage_started(self, key: str, text: str) -> None:
        self.events.append(("start", key))

    def stage_finished(self, key: str, timing: StageTiming) -> None:
        self.events.append(("finish", key))


def test_stage_clock_sums_repeated_stages_and_reports_each() -> None:
    recorder = _Recorder()
    clock = StageClock(recorder)
    clock.record("read", "wave a", StageTiming(1.0, 0.5))
    clock.record("read", "wave b", StageTiming(2.0, 1.5))
    with pytest.raises(RuntimeError), clock.stage("publish", "publishing"):
        raise RuntimeError("boom")  # a failing stage is still timed and reported
    totals = clock.totals
    assert list(totals) == list(STAGES)
    assert totals["read"] == StageTiming(3.0, 2.0)
    assert totals["publish"].wall_seconds >= 0 and totals["discover"] == StageTiming(0.0, 0.0)
    assert recorder.events == [
        ("start", "read"),
        ("finish", "read"),
        ("start", "read"),
        ("finish", "read"),
        ("start", "publish"),
        ("finish", "publish"),
    ]
    with pytest.raises(ValueError, match="unknown build stage"):
        clock.record("dbt", "x", StageTiming(0, 0))
