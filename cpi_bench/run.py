"""Run the benchmark: every scenario's builds, the floor and the pandas script, the agreement check,
and after adding a wave the check that the incremental release equals a forced build of the same inputs."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cpi_bench import machine
from cpi_bench.identity import compare_releases
from cpi_bench.monitor import DEFAULT_INTERVAL, Measured, run_measured
from cpi_bench.scenarios import (
    Scenario,
    WaveCache,
    monthly_scenario,
    respondents,
    scale_scenario,
    with_added_wave,
)
from cpi_bench.scores import compare, warehouse_scores
from cpi_bench.summary import ratios, summarise

log = logging.getLogger(__name__)

RUN_KINDS = ("cold", "unchanged", "add_wave", "forced_after_add")
ENGINES = ("duckdb", "spark")
# Spark builds have no incremental plan (every Spark build rebuilds all models over all waves), so
# adding a wave measures a second cold build; its default runs are cold and unchanged.
DEFAULT_RUNS = {"duckdb": RUN_KINDS, "spark": ("cold", "unchanged")}
SCHEMA_VERSION = 2
POINTER = "cpi.duckdb"  # the published release inside a build's OUT folder


MEMORY_NOTE = {
    "duckdb": "RSS summed over the measured process and all its children, sampled with psutil",
    "spark": "driver peak: RSS summed over the build process and its children (a local session's JVM "
    "is a child; a cluster's executors run in other processes and are not counted), sampled with psutil",
}


@dataclass
class BenchOptions:
    scales: list[int] = field(default_factory=lambda: [1, 10, 100, 1000])
    monthly: int = 36
    repeat: int = 1
    runs: tuple[str, ...] = RUN_KINDS
    work: Path = Path(".bench/runs")
    cache: Path = Path(".bench/cache")
    memory_limit: int | None = None  # bytes; the process tree is stopped above it
    interval: float = DEFAULT_INTERVAL
    keep_warehouses: bool = False
    note: str = ""
    engine: str = "duckdb"
    spark: dict[str, str | None] | None = None  # master and shared storage of the spark runs (recorded)


class _Scenario:
    """One scenario's runs (cold, unchanged, add_wave, floor, pandas) over the repeats."""

    def __init__(self, scenario: Scenario, opts: BenchOptions, cache: WaveCache, say: Callable[[str], None]):
        self.scenario, self.opts, self.cache, self.say = scenario, opts, cache, say
        self.root = opts.work / scenario.name
        self.runs: dict[str, list[Measured]] = {kind: [] for kind in (*RUN_KINDS, "floor", "pandas")}

    def _measure(self, kind: str, repeat: int, args: list[str]) -> Measured:
        run = run_measured(
            args,
            log_path=self.root / "logs" / f"{kind}-{repeat + 1}.log",
            memory_limit=self.opts.memory_limit,
            interval=self.opts.interval,
        )
        self.runs[kind].append(run)
        where = "" if run.ok else f" in {run.died_in}: {run.message}"
        self.say(
            f"{self.scenario.name} {kind}: {run.status} {run.wall_seconds:.1f}s, "
            f"peak {run.peak_rss_bytes / 1e9:.2f} GB{where}"
        )
        return run

    def _build(self, kind: str, repeat: int, raw: Path, out: Path, *, force: bool = False) -> Measured:
        args = ["build", "--raw", str(raw), "--out", str(out), "--engine", self.opts.engine]
        return self._measure(kind, repeat, args + (["--force"] if force else []))

    def _forced_after_add(self, repeat: int, raw_plus: Path, incremental: Path) -> dict[str, Any]:
        """The added wave's inputs built forced into a fresh folder; its marts against ``incremental``'s."""
        out = self.root / "warehouse-forced"
        shutil.rmtree(out, ignore_errors=True)
        forced = self._build("forced_after_add", repeat, raw_plus, out, force=True)
        if forced.ok:
            check = identity_record(compare_releases(incremental / POINTER, out / POINTER))
        else:
            check = {"checked": False, "reason": f"the forced build failed: {forced.status}"}
        if not self.opts.keep_warehouses:
            shutil.rmtree(out, ignore_errors=True)
        verdict = "yes" if check.get("identical") else f"no {identity_differences(check)}"
        self.say(f"{self.scenario.name} add_wave = forced: {verdict if check['checked'] else check['reason']}")
        return check

    def execute(self, add_wave: bool) -> dict[str, Any]:
        raw = self.cache.assemble(self.scenario, self.root / "raw" / self.scenario.name)
        plus = with_added_wave(self.scenario)
        raw_plus = self.cache.assemble(plus, self.root / "raw" / plus.name) if add_wave else None
        counts = respondents(raw)
        warehouse = floor = pandas_scores = None
        identity: dict[str, Any] | None = None
        for repeat in range(self.opts.repeat):
            out = self.root / "warehouse"
            shutil.rmtree(out, ignore_errors=True)
            cold = self._build("cold", repeat, raw, out)
            if cold.ok and "unchanged" in self.opts.runs:
                self._build("unchanged", repeat, raw, out)
            if cold.ok and warehouse is None:
                warehouse = warehouse_scores(out / POINTER)
            if cold.ok and raw_plus is not None:
                added = self._build("add_wave", repeat, raw_plus, out)
                if "forced_after_add" in self.opts.runs:
                    check = (
                        self._forced_after_add(repeat, raw_plus, out)
                        if added.ok
                        else {"checked": False, "reason": f"the add_wave build failed: {added.status}"}
                    )
                    if identity is None or (identity.get("identical", True) and not check.get("identical", True)):
                        identity = check  # the first repeat's, unless a later one differs
            if not self.opts.keep_warehouses:
                shutil.rmtree(out, ignore_errors=True)
            result = self.root / "scores"
            result.mkdir(parents=True, exist_ok=True)
            if (
                self._measure(
                    "floor",
                    repeat,
                    [
                        "floor",
                        "--raw",
                        str(raw),
                        "--result",
                        str(result / "floor.parquet"),
                        "--work",
                        str(self.root / "floor"),
                    ],
                ).ok
                and floor is None
            ):
                floor = pd.read_parquet(result / "floor.parquet")
            if (
                self._measure(
                    "pandas", repeat, ["pandas", "--raw", str(raw), "--result", str(result / "pandas.parquet")]
                ).ok
                and pandas_scores is None
            ):
                pandas_scores = pd.read_parquet(result / "pandas.parquet")
        summaries = {kind: summarise(runs) for kind, runs in self.runs.items()}
        return {
            "name": self.scenario.name,
            "description": self.scenario.description,
            "waves": len(counts),
            "respondents": sum(counts.values()),
            "respondents_by_wave": counts,
            "builds": {kind: summaries[kind] for kind in RUN_KINDS if summaries[kind]},
            "floor": summaries["floor"],
            "pandas": summaries["pandas"],
            "agreement": agreement(warehouse, floor, pandas_scores),
            "add_wave_identity": identity,
            "ratios": ratios(summaries["cold"], summaries["floor"], summaries["pandas"]),
        }


def agreement(
    warehouse: pd.DataFrame | None, floor: pd.DataFrame | None, pandas_scores: pd.DataFrame | None
) -> dict[str, Any]:
    """Warehouse and pandas each against the floor; ``agree`` only when every available pair agrees."""
    checks: dict[str, Any] = {}
    if floor is not None and warehouse is not None:
        checks["warehouse_vs_floor"] = compare(warehouse, floor)
    if floor is not None and pandas_scores is not None:
        checks["pandas_vs_floor"] = compare(pandas_scores, floor)
    complete = warehouse is not None and floor is not None and pandas_scores is not None
    checks["complete"] = complete
    checks["agree"] = bool(checks) and all(c["agree"] for c in checks.values() if isinstance(c, dict))
    return checks


def identity_record(comparison: dict[str, Any]) -> dict[str, Any]:
    """``cpi_bench.identity.compare_hashes`` of (incremental, forced) as the JSON's ``add_wave_identity``."""
    return {
        "checked": True,
        "identical": comparison["identical"],
        "tables_compared": comparison["tables_compared"],
        "differing": comparison["differing"],
        "only_incremental": comparison["only_left"],
        "only_forced": comparison["only_right"],
    }


def identity_differences(check: dict[str, Any] | None) -> str:
    """The tables that make an add_wave = forced check fail, for messages and tables."""
    if not check or not check.get("checked"):
        return ""
    parts = list(check.get("differing", []))
    parts += [f"{t} (only incremental)" for t in check.get("only_incremental", [])]
    parts += [f"{t} (only forced)" for t in check.get("only_forced", [])]
    return ", ".join(parts) if parts else ("(no mart tables)" if not check.get("identical") else "")


def identity_failures(record: dict[str, Any]) -> list[str]:
    """Scenarios whose add_wave release differs from the forced build's (a check that ran)."""
    return [
        s["name"]
        for s in record["scenarios"]
        if (s.get("add_wave_identity") or {}).get("checked") and not s["add_wave_identity"]["identical"]
    ]


def scenarios_for(opts: BenchOptions) -> list[tuple[Scenario, bool]]:
    """(scenario, add a wave after it) in run order: scales ascending, then the monthly waves."""
    scales = sorted(set(opts.scales))
    chosen = [(scale_scenario(k), "add_wave" in opts.runs and k == scales[-1]) for k in scales]
    if opts.monthly:
        chosen.append((monthly_scenario(opts.monthly), False))
    return chosen


def run_bench(opts: BenchOptions, say: Callable[[str], None] = log.info) -> dict[str, Any]:
    """Everything; returns the JSON-ready record."""
    started = datetime.now(UTC)
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "started_at": started.isoformat(timespec="seconds"),
        "note": opts.note,
        "git_revision": machine.git_revision(),
        "machine": machine.describe_machine(),
        "versions": machine.describe_versions(),
        "settings": {
            "scales": sorted(set(opts.scales)),
            "monthly": opts.monthly,
            "repeat": opts.repeat,
            "runs": list(opts.runs),
            "engine": opts.engine,
            **({"spark": opts.spark} if opts.engine == "spark" else {}),
            "sample_interval_seconds": opts.interval,
            "memory_limit_bytes": opts.memory_limit,
            "memory": MEMORY_NOTE[opts.engine],
        },
    }
    cache = WaveCache(opts.cache, memory_limit=opts.memory_limit)
    record["scenarios"] = []
    for scenario, add_wave in scenarios_for(opts):
        say(f"scenario {scenario.name}: {scenario.description}")
        record["scenarios"].append(_Scenario(scenario, opts, cache, say).execute(add_wave))
    record["generated_waves"] = cache.generated
    record["machine"]["load_average_at_end"] = machine.load_average()
    record["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    record["stage_times_from"] = "BuildResult.stages (wall, CPU); peak memory sampled by the benchmark"
    return record


def write_json(record: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
