"""Run the benchmark: every scenario's builds, the floor and the pandas script, the agreement check."""

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

RUN_KINDS = ("cold", "unchanged", "add_wave")
SCHEMA_VERSION = 1


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

    def _build(self, kind: str, repeat: int, raw: Path, out: Path) -> Measured:
        return self._measure(kind, repeat, ["build", "--raw", str(raw), "--out", str(out)])

    def execute(self, add_wave: bool) -> dict[str, Any]:
        raw = self.cache.assemble(self.scenario, self.root / "raw" / self.scenario.name)
        plus = with_added_wave(self.scenario)
        raw_plus = self.cache.assemble(plus, self.root / "raw" / plus.name) if add_wave else None
        counts = respondents(raw)
        warehouse = floor = pandas_scores = None
        for repeat in range(self.opts.repeat):
            out = self.root / "warehouse"
            shutil.rmtree(out, ignore_errors=True)
            cold = self._build("cold", repeat, raw, out)
            if cold.ok and "unchanged" in self.opts.runs:
                self._build("unchanged", repeat, raw, out)
            if cold.ok and warehouse is None:
                warehouse = warehouse_scores(out / "cpi.duckdb")
            if cold.ok and raw_plus is not None:
                self._build("add_wave", repeat, raw_plus, out)
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
            "sample_interval_seconds": opts.interval,
            "memory_limit_bytes": opts.memory_limit,
            "memory": "RSS summed over the measured process and all its children, sampled with psutil",
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
