"""``build_on_spark``: the dbt project built on Spark, its marts copied into a DuckDB file.

Called by the build in place of ``dbt_build`` when the engine is Spark. Inputs: the raw Parquet
files of the build's waves; output: ``work_db`` (a DuckDB file, not open elsewhere) holding the
marts (tables + latest-version views) and the seeds, the same relations a DuckDB build makes,
from which the release is published as usual. Steps (each its own process, see ``__init__``):
``dbt parse`` → worker register-raw → [dbt round | worker Python step]... → worker export.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ingest.dbt_runner import (
    PROJECT_DIR,
    REPO_ROOT,
    DbtSummary,
    _die_with_parent,
    run_dbt,
    summarise,
)
from ingest.errors import BuildError
from ingest.spark.plan import DbtRound, PythonStep, dbt_round_args, plan_steps
from ingest.spark.raw import table_to_parquet
from ingest.spark.settings import (
    SPARK_TARGET,
    SparkDirs,
    require_spark_stack,
    session_parameters,
)
from ingest.spark.worker import ERROR_PREFIX, EXIT_EXPECTED

log = logging.getLogger(__name__)
LineSink = Callable[[str], None]


@dataclass(frozen=True)
class StepTiming:
    name: str  # parse | register_raw | dbt_round_<k> | python_<k> | export
    wall_seconds: float
    session_seconds: float | None = None  # JVM + SparkSession start, worker steps only


@dataclass
class SparkBuildResult:
    summary: DbtSummary
    manifest: Path | None = None  # the spark target's manifest.json (relations the release must hold)
    steps: list[StepTiming] = field(default_factory=list)
    run_results: list[Path] = field(default_factory=list)  # one run_results.json per dbt round
    python_models: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.summary.ok

    def stage_seconds(self) -> dict[str, float]:
        """Wall seconds per build stage (docs/design/round2.md §4): parse, seeds and tests from
        dbt's per-node times, everything else (rounds' overhead, Python, raw views, export) is run."""
        total = sum(s.wall_seconds for s in self.steps)
        parse = sum(s.wall_seconds for s in self.steps if s.name == "parse")
        by_kind = {"seed": 0.0, "test": 0.0}
        for path in self.run_results:
            for result in json.loads(path.read_text(encoding="utf-8")).get("results", []):
                kind = "test" if result["unique_id"].startswith(("test.", "unit_test.")) else result["unique_id"].split(".")[0]
                if kind in by_kind:
                    by_kind[kind] += float(result.get("execution_time") or 0.0)
        run = max(0.0, total - parse - by_kind["seed"] - by_kind["test"])
        return {"dbt_parse": parse, "dbt_seed": by_kind["seed"], "dbt_run": run, "dbt_test": by_kind["test"]}


def merge(a: DbtSummary, b: DbtSummary) -> DbtSummary:
    """Two dbt summaries as one: counts added, failures concatenated, first non-zero exit kept.

    Generic over DbtSummary's fields (stage timings and flags keep the first value) so it
    survives new fields.
    """
    values: dict[str, Any] = {}
    for item in fields(DbtSummary):
        x, y = getattr(a, item.name), getattr(b, item.name)
        if item.name == "returncode":
            values[item.name] = x or y
        elif isinstance(x, int) and not isinstance(x, bool):
            values[item.name] = x + y
        elif isinstance(x, list):
            values[item.name] = [*x, *y]
        elif isinstance(x, dict):
            values[item.name] = {**y, **x}
        else:
            values[item.name] = x if x is not None else y
    return DbtSummary(**values)


def _stream(cmd: list[str], env: Mapping[str, str], cwd: Path, on_line: LineSink) -> int:
    """Run a worker, streaming its output; it dies with the build (signal or Ctrl-C)."""
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    with subprocess.Popen(
        cmd, cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
        preexec_fn=preexec,  # noqa: PLW1509 - only sets the parent-death signal
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                on_line(line.rstrip())
            return proc.wait()
        except BaseException:
            proc.terminate()
            proc.wait(timeout=30)
            raise


class _Build:
    """State of one Spark build (paths, environment, timings), step by step."""

    def __init__(self, out_dir: Path, work_dir: Path, project_dir: Path, on_line: LineSink | None):
        self.dirs = SparkDirs.under(out_dir)
        self.dirs.create()
        self.work_dir, self.project_dir = Path(work_dir), Path(project_dir)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.target = self.dirs.root / "dbt"  # persistent: partial parsing survives builds
        self.logs = self.work_dir / "logs"
        self.env = {**os.environ, **self.dirs.env()}
        self.parameters = session_parameters(self.project_dir, self.env)
        self.tail: deque[str] = deque(maxlen=12)
        self.on_line = on_line
        self.result = SparkBuildResult(summary=DbtSummary(returncode=0))
        self.worker_runs = 0

    def line(self, text: str) -> None:
        self.tail.append(text)
        if self.on_line:
            self.on_line(text)

    def worker_line(self, text: str) -> None:
        log.info("spark worker | %s", text)
        self.line(text)

    def dbt(self, args: list[str], name: str) -> int:
        started = time.monotonic()
        code = run_dbt(
            [*args, "--target", SPARK_TARGET], db_path=self.dirs.root / "unused.duckdb", target_path=self.target,
            log_path=self.logs, project_dir=self.project_dir, on_line=self.line, extra_env=self.dirs.env(),
        )  # fmt: skip
        self.result.steps.append(StepTiming(name, round(time.monotonic() - started, 3)))
        return code

    def worker(self, actions: list[dict[str, Any]], name: str) -> dict[str, Any]:
        self.worker_runs += 1
        spec_path = self.work_dir / f"spark-worker-{self.worker_runs}.json"
        result_path = spec_path.with_suffix(".result.json")
        spec = {"session": self.parameters, "project_dir": str(self.project_dir), "actions": actions,
                "result": str(result_path)}  # fmt: skip
        spec_path.write_text(json.dumps(spec, indent=2), encoding="utf-8")
        started = time.monotonic()
        self.tail.clear()
        # Run from the Spark folder (stray JVM files land there), importing this very package.
        env = {**self.env, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), self.env.get("PYTHONPATH")]))}
        code = _stream([sys.executable, "-m", "ingest.spark.worker", str(spec_path)], env, self.dirs.root, self.worker_line)
        wall = round(time.monotonic() - started, 3)
        result = json.loads(result_path.read_text(encoding="utf-8")) if result_path.is_file() else {}
        self.result.steps.append(StepTiming(name, wall, result.get("session_seconds")))
        if code != 0:
            expected = [t[len(ERROR_PREFIX) :] for t in self.tail if t.startswith(ERROR_PREFIX)]
            detail = expected[-1] if code == EXIT_EXPECTED and expected else "\n".join(self.tail)
            raise BuildError(f"Spark step `{name}` failed (exit {code}): {detail}\nFull output in the build log.")
        return result


def build_on_spark(
    raw_tables: Mapping[str, Sequence[str]],
    work_db: Path,
    *,
    out_dir: Path,
    work_dir: Path,
    project_dir: Path = PROJECT_DIR,
    on_line: LineSink | None = None,
    work_tables: Sequence[str] = (),
) -> SparkBuildResult:
    """Build every node of the project on Spark and export marts + seeds into ``work_db``.

    ``work_tables``: ``raw.<name>`` tables the build already put into ``work_db`` (e.g. this
    build's gate results, ``raw.validation_results``); they are registered on Spark too.

    Returns the merged dbt summary (Python models count as models); a failed dbt round stops
    the build with ``summary.ok`` false, like ``dbt_build``. Raises ``BuildError`` when the Spark
    stack is missing or a worker step fails.
    """
    require_spark_stack()
    build = _Build(out_dir, work_dir, project_dir, on_line)
    if build.dbt(["parse"], "parse") != 0:
        build.result.summary = DbtSummary(returncode=2, failures=["dbt parse failed:", *build.tail])
        return build.result
    manifest_path = build.target / "manifest.json"
    build.result.manifest = manifest_path
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    steps = plan_steps(manifest)
    tables = {k: list(v) for k, v in raw_tables.items()}
    for relation in work_tables:
        tables[relation.split(".")[-1]] = [table_to_parquet(Path(work_db), relation, build.dirs.root / "tmp")]
    build.worker([{"do": "register_raw", "tables": tables}], "register_raw")

    export = {"do": "export", "manifest": str(manifest_path), "duckdb": str(Path(work_db).resolve())}
    for index, step in enumerate(steps, start=1):
        if isinstance(step, DbtRound):
            build.tail.clear()
            results = build.target / "run_results.json"
            results.unlink(missing_ok=True)  # never summarise the previous round's results
            code = build.dbt(dbt_round_args(manifest, step), f"dbt_round_{index}")
            summary = summarise(results, code, list(build.tail))
            if results.is_file():
                kept = build.work_dir / f"run_results.round{index}.json"
                shutil.copyfile(results, kept)
                build.result.run_results.append(kept)
            build.result.summary = merge(build.result.summary, summary)
            if not summary.ok:
                return build.result
        elif isinstance(step, PythonStep):
            last = index == len(steps)
            actions = [{"do": "python_models", "manifest": str(manifest_path), "models": step.models}]
            outcome = build.worker(actions + ([export] if last else []), f"python_{index}")
            ran = outcome["actions"][0]["detail"]
            build.result.python_models += ran
            build.result.summary = replace(build.result.summary, models_built=build.result.summary.models_built + len(ran))
            if last:
                return build.result
    build.worker([export], "export")
    return build.result
