"""The benchmark record as Markdown tables (printed by ``cpi bench``, pasted into docs/benchmarks.md)."""

from __future__ import annotations

from typing import Any

from cpi.stages import STAGES
from cpi_bench.run import identity_differences
from cpi_bench.timeline import OTHER, SHUTDOWN, STARTUP

_GB = 1e9
_BUILD_COLUMNS = (STARTUP, *STAGES, OTHER, SHUTDOWN)


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _gb(value: float | None) -> str:
    return "–" if value is None else f"{value / _GB:.2f}"


def _peak_stage(stages: dict[str, Any]) -> str:
    if not stages:
        return "–"
    key = max(stages, key=lambda k: stages[k]["peak_rss_bytes"])
    return f"{_gb(stages[key]['peak_rss_bytes'])} ({key})"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def builds_table(record: dict[str, Any]) -> str:
    runs = [(s, kind, run) for s in record["scenarios"] for kind, run in s["builds"].items()]
    columns = [k for k in _BUILD_COLUMNS if any(k in run["stages"] for _, _, run in runs)]
    peak = "driver peak GB (stage)" if _engine(record) == "spark" else "peak GB (stage)"
    header = ["scenario", "respondents", "run", "status", "wall s", "CPU s", *columns, peak]
    rows = []
    for scenario, kind, run in runs:
        stages = run["stages"]
        status = run["status"] if run["status"] == "ok" else f"**{run['status']}** in {run.get('died_in')}"
        rows.append(
            [
                scenario["name"],
                f"{scenario['respondents']:,}",
                kind,
                status,
                _s(run["wall_seconds"]),
                _s(run["cpu_seconds"]),
                *(_s(stages[k]["wall_seconds"]) if k in stages else "" for k in columns),
                _peak_stage(stages),
            ]
        )
    return _table(header, rows)


def _engine(record: dict[str, Any]) -> str:
    return record.get("settings", {}).get("engine", "duckdb")


def identity_verdict(check: dict[str, Any] | None) -> str:
    """The add_wave = forced cell: yes, no and the differing tables, or why it was not checked."""
    if check is None:
        return "–"
    if not check.get("checked"):
        return f"not checked ({check.get('reason')})"
    return "yes" if check["identical"] else f"**no**: {identity_differences(check)}"


def _stage(summary: dict[str, Any] | None, key: str) -> float | None:
    if not summary:
        return None
    return summary["stages"].get(key, {}).get("wall_seconds")


def comparison_table(record: dict[str, Any]) -> str:
    header = [
        "scenario",
        "floor read / load / query s",
        "floor peak GB",
        "pandas read / compute s",
        "pandas peak GB",
        "warehouse compute s",
        "compute / floor",
        "compute / pandas",
        "build / pandas",
        "three agree",
        "add_wave = forced",
    ]
    rows = []
    for scenario in record["scenarios"]:
        floor, pandas, r = scenario["floor"], scenario["pandas"], scenario["ratios"]
        agree = scenario["agreement"]
        verdict = (
            "yes" if agree.get("agree") and agree.get("complete") else ("no" if not agree.get("agree") else "partial")
        )
        rows.append(
            [
                scenario["name"],
                " / ".join(_s(_stage(floor, k)) for k in ("read", "load", "query")),
                _gb(floor and floor["peak_rss_bytes"]),
                " / ".join(_s(_stage(pandas, k)) for k in ("read", "compute")),
                _gb(pandas and pandas["peak_rss_bytes"]),
                _s(r["warehouse_compute_seconds"]),
                _s(r["compute_over_floor"]),
                _s(r["compute_over_pandas"]),
                _s(r["build_over_pandas"]),
                verdict,
                identity_verdict(scenario.get("add_wave_identity")),
            ]
        )
    return _table(header, rows)


def generated_table(record: dict[str, Any]) -> str:
    """One row per scaled wave; the monthly (x1) waves summed into one row."""
    header = ["wave", "respondents", ".sav MB", "generation s", "generation peak GB"]
    waves = record.get("generated_waves", [])
    rows = [
        [
            f"{g['wave_id']} x{g['factor']}",
            f"{g.get('respondents') or 0:,}",
            _s((g.get("file_bytes") or 0) / 1e6),
            _s(g.get("wall_seconds")),
            _gb(g.get("peak_rss_bytes")),
        ]
        for g in waves
        if g["factor"] != 1
    ]
    monthly = [g for g in waves if g["factor"] == 1]
    if monthly:
        rows.append(
            [
                f"{len(monthly)} monthly waves (together)",
                f"{sum(g.get('respondents') or 0 for g in monthly):,}",
                _s(sum(g.get("file_bytes") or 0 for g in monthly) / 1e6),
                _s(sum(g.get("wall_seconds") or 0 for g in monthly)),
                _gb(max(g.get("peak_rss_bytes") or 0 for g in monthly)),
            ]
        )
    return _table(header, rows)


def markdown(record: dict[str, Any]) -> str:
    m = record["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in record["versions"].items())
    settings = record.get("settings", {})
    engine = f"Engine: {_engine(record)}"
    if settings.get("spark"):
        spark = settings["spark"]
        engine += f" (master {spark.get('master')}, shared storage {spark.get('shared') or 'none'})"
    engine += f". Memory: {settings['memory']}." if settings.get("memory") else "."
    parts = [
        (
            f"Measured {record['started_at']} – {record.get('finished_at', '?')} on {m['cpu_count']} × "
            f"{m['cpu_model']}, {m['memory_total_bytes'] / 2**30:.0f} GiB RAM; load average "
            f"{m['load_average_at_start']} at start, {m.get('load_average_at_end')} at end. "
            f"Commit {record.get('git_revision')}. {record.get('note') or ''}"
        ),
        f"Versions: {versions}. Stage times: {record.get('stage_times_from')}.",
        engine,
        "### Builds (seconds per stage; median of the repeats)",
        builds_table(record),
        "### The floor, the pandas script and the warehouse",
        comparison_table(record),
        "### Generated waves",
        generated_table(record),
    ]
    return "\n\n".join(parts) + "\n"
