"""From measured runs to the JSON record: per-stage medians over repeats, and the ratios."""

from __future__ import annotations

import statistics
from typing import Any

from cpi.stages import STAGES
from cpi_bench.monitor import Measured
from cpi_bench.timeline import OTHER, SHUTDOWN, STARTUP

COMPUTE_STAGES = ("dbt_run", "dbt_test")


def _stage_rows(run: Measured) -> dict[str, dict[str, float | int]]:
    """Per stage wall / CPU / peak RSS, in build order.

    Peaks come from the benchmark's samples. Wall and CPU of a build's stages come from
    ``BuildResult.stages`` when the run reported them; ``startup``, ``shutdown`` and ``other``
    (the rest of the run: the time between reported stages) from the benchmark's timeline.
    """
    rows = {key: m.as_dict() for key, m in run.stages.items()}
    reported = run.result.get("stages") or {}
    for key, timing in reported.items():
        row = rows.setdefault(key, {"wall_seconds": 0.0, "cpu_seconds": 0.0, "peak_rss_bytes": 0})
        row["wall_seconds"] = round(float(timing["wall_seconds"]), 3)
        row["cpu_seconds"] = round(float(timing["cpu_seconds"]), 3)
    if reported:
        row = rows.setdefault(OTHER, {"wall_seconds": 0.0, "cpu_seconds": 0.0, "peak_rss_bytes": 0})
        for measure, total in (("wall_seconds", run.wall_seconds), ("cpu_seconds", run.cpu_seconds)):
            accounted = sum(float(r[measure]) for key, r in rows.items() if key != OTHER)
            row[measure] = round(max(0.0, total - accounted), 3)
    first = [k for k in (STARTUP, *STAGES, OTHER) if k in rows]
    order = first + [k for k in rows if k not in first and k != SHUTDOWN] + ([SHUTDOWN] if SHUTDOWN in rows else [])
    return {key: rows[key] for key in order}


def run_record(run: Measured) -> dict[str, Any]:
    record: dict[str, Any] = {
        "status": run.status,
        "wall_seconds": round(run.wall_seconds, 3),
        "cpu_seconds": round(run.cpu_seconds, 3),
        "peak_rss_bytes": run.peak_rss_bytes,
        "max_process_rss_bytes": run.max_process_rss_bytes,
        "stages": _stage_rows(run),
    }
    if not run.ok:
        record.update(died_in=run.died_in, message=run.message, log=run.log_path)
    extra = {k: v for k, v in run.result.items() if k not in ("stages", "status", "message", "failed_in")}
    if extra:
        record["details"] = extra
    return record


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def summarise(runs: list[Measured]) -> dict[str, Any] | None:
    """Median over the repeats (of the runs that finished, else of all) plus each repeat's record."""
    if not runs:
        return None
    records = [run_record(r) for r in runs]
    finished = [r for r in records if r["status"] == "ok"] or records
    stages: dict[str, dict[str, float]] = {}
    for key in dict.fromkeys(k for r in finished for k in r["stages"]):
        rows = [r["stages"][key] for r in finished if key in r["stages"]]
        stages[key] = {
            "wall_seconds": _median([row["wall_seconds"] for row in rows]),
            "cpu_seconds": _median([row["cpu_seconds"] for row in rows]),
            "peak_rss_bytes": int(statistics.median([row["peak_rss_bytes"] for row in rows])),
        }
    summary = {
        "status": "ok" if all(r["status"] == "ok" for r in records) else records[-1]["status"],
        "repeats": len(records),
        "wall_seconds": _median([r["wall_seconds"] for r in finished]),
        "cpu_seconds": _median([r["cpu_seconds"] for r in finished]),
        "peak_rss_bytes": int(statistics.median([r["peak_rss_bytes"] for r in finished])),
        "stages": stages,
        "runs": records,
    }
    failed = next((r for r in records if r["status"] != "ok"), None)
    if failed:
        summary.update(died_in=failed.get("died_in"), message=failed.get("message"))
    return summary


def _stage_wall(summary: dict[str, Any] | None, keys: tuple[str, ...]) -> float | None:
    if not summary or summary["status"] != "ok":
        return None
    return round(sum(summary["stages"].get(k, {}).get("wall_seconds", 0.0) for k in keys), 3)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def ratios(cold: dict[str, Any] | None, floor: dict[str, Any] | None, pandas: dict[str, Any] | None) -> dict[str, Any]:
    compute = _stage_wall(cold, COMPUTE_STAGES)
    floor_query = _stage_wall(floor, ("query",))
    pandas_total = pandas["wall_seconds"] if pandas and pandas["status"] == "ok" else None
    build_total = cold["wall_seconds"] if cold and cold["status"] == "ok" else None
    return {
        "warehouse_compute_seconds": compute,
        "floor_query_seconds": floor_query,
        "pandas_seconds": pandas_total,
        "build_seconds": build_total,
        "compute_over_floor": _ratio(compute, floor_query),
        "compute_over_pandas": _ratio(compute, pandas_total),
        "build_over_pandas": _ratio(build_total, pandas_total),
    }
