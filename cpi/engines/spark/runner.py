"""``build_on_spark``: the dbt project built on Spark, its marts copied into a DuckDB file.

Called by the build in place of ``dbt_build`` when the engine is Spark. Inputs: the raw Parquet
files of the build's waves; output: ``work_db`` (a DuckDB file, not open elsewhere) holding the
marts (tables + latest-version views) and the seeds, the same relations a DuckDB build makes,
from which the release is published as usual. The work itself runs in one child process
(``cpi.engines.spark.worker``): one JVM, one session, dbt in-process; this module writes its spec,
streams its output and turns its report into a ``SparkBuildResult``.
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

from cpi import settings
from cpi.dbt.runner import (
    DbtSummary,
    _die_with_parent,
    dbt_env,
    split_dbt_timing,
    summarise,
)
from cpi.engines.spark.raw import table_to_parquet
from cpi.engines.spark.settings import (
    SparkCluster,
    SparkDirs,
    require_spark_stack,
    session_parameters,
)
from cpi.engines.spark.worker import ERROR_PREFIX, EXIT_EXPECTED
from cpi.errors import BuildError
from cpi.project import REPO_ROOT
from cpi.stages import DBT_STAGES, StageTiming, process_cpu_seconds

log = logging.getLogger(__name__)
LineSink = Callable[[str], None]


@dataclass(frozen=True)
class StepTiming:
    name: str  # parse | register_raw | dbt_round_<k> | python_<k> | export
    wall_seconds: float
    started: float | None = None  # epoch seconds
    ended: float | None = None


@dataclass
class SparkBuildResult:
    summary: DbtSummary
    manifest: Path | None = None  # the spark target's manifest.json (relations the release must hold)
    steps: list[StepTiming] = field(default_factory=list)
    run_results: list[Path] = field(default_factory=list)  # one run_results.json per dbt round
    python_models: list[dict[str, Any]] = field(default_factory=list)
    session_seconds: float | None = None  # JVM + SparkSession start (beside dbt's parse)
    session_wait_seconds: float | None = None  # how long the parse then waited for the session
    wall_seconds: float = 0.0  # the worker process, start to exit
    cpu_seconds: float = 0.0  # CPU of the worker, of its JVM and (on a cluster) of the executors
    executor_cpu_seconds: float | None = None  # the executors' task CPU on a cluster (in cpu_seconds)

    @property
    def ok(self) -> bool:
        return self.summary.ok

    def stages(self) -> dict[str, StageTiming]:
        """The build's dbt stages (docs/design/round2.md §4) from the worker's steps: dbt_parse =
        process start, parse and the wait for the session; each round split into seed/run/test
        like a DuckDB build's ``dbt build``; raw views, Python models and the export count as
        dbt_run. CPU is shared in proportion to wall time."""
        walls = dict.fromkeys(DBT_STAGES, 0.0)
        rounds = iter(self.run_results)
        for step in self.steps:
            if step.name.startswith("dbt_round_") and step.started is not None and step.ended is not None:
                path = next(rounds, None)
                if path is None:
                    walls["dbt_run"] += step.wall_seconds
                    continue
                split = split_dbt_timing(path, launched=step.started, exited=step.ended, cpu_seconds=0.0)
                for key, timing in split.items():
                    walls[key] += timing.wall_seconds
            elif step.name == "parse":
                walls["dbt_parse"] += step.wall_seconds
            else:
                walls["dbt_run"] += step.wall_seconds
        walls["dbt_parse"] += max(0.0, self.wall_seconds - sum(walls.values()))  # start-up, waits
        total = sum(walls.values())
        share = self.cpu_seconds / total if total > 0 else 0.0
        return {key: StageTiming(wall, wall * share) for key, wall in walls.items()}


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
    """Run the worker, streaming its output; it dies with the build (signal or Ctrl-C)."""
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    with subprocess.Popen(
        cmd,
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        preexec_fn=preexec,  # noqa: PLW1509 - only sets the parent-death signal
    ) as proc:
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                on_line(line.rstrip())
            return proc.wait()
        except BaseException:
            proc.terminate()
            proc.wait(timeout=30)
            raise


def build_on_spark(
    raw_tables: Mapping[str, Sequence[str]],
    work_db: Path,
    *,
    out_dir: Path,
    work_dir: Path,
    project_dir: Path | None = None,
    on_line: LineSink | None = None,
    work_tables: Sequence[str] = (),
    cluster: SparkCluster | None = None,
    run_id: str = "run",
) -> SparkBuildResult:
    """Build every node of the project on Spark and export marts + seeds into ``work_db``.

    ``work_tables``: ``raw.<name>`` tables the build already put into ``work_db`` (e.g. this
    build's gate results, ``raw.validation_results``); they are registered on Spark too.

    Returns the summary over every dbt round (Python models count as models); a failed dbt
    round stops the build with ``summary.ok`` false, like ``dbt_build``. Raises ``BuildError``
    when the Spark stack is missing or the worker fails otherwise.

    ``raw_tables`` name files every node reads (the caller published them to ``cluster.shared``
    when there is one); ``cluster`` (default: from the environment) says where Spark runs.
    """
    require_spark_stack()
    project_dir = project_dir or settings.current().dbt_project_dir
    cluster = cluster or SparkCluster.current()
    cluster.check()
    dirs = SparkDirs.under(out_dir)
    dirs.create()
    work_dir = Path(work_dir).resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    tables = {k: list(v) for k, v in raw_tables.items()}
    for relation in work_tables:
        local = table_to_parquet(Path(work_db), relation, dirs.root / "tmp")
        name = relation.split(".")[-1]
        if cluster.shared:  # this build's own small tables: beside the raw store, per run
            from cpi.engines.spark.shared import publish_file

            local = publish_file(Path(local), cluster.shared, "work", run_id, f"{name}.parquet")
        tables[name] = [local]
    target_path = dirs.root / "dbt"  # persistent: partial parsing survives builds
    spec_path, result_path = work_dir / "spark-build.json", work_dir / "spark-build.result.json"
    result_path.unlink(missing_ok=True)
    session_env = {**os.environ, **dirs.env(), **spark_env(cluster, dirs)}
    placement = settings.current().spark_python_models
    if placement not in ("executors", "driver"):
        raise BuildError(
            f"CPI_SPARK_PYTHON_MODELS={placement}: not a place. Fix: use executors (the default) or driver."
        )
    spec = {
        "python_models": placement,
        "session": session_parameters(Path(project_dir), session_env),
        "project_dir": str(Path(project_dir).resolve()),
        "target": settings.current().spark_target,
        "target_path": str(target_path),
        "log_path": str(work_dir / "logs"),
        "work_dir": str(work_dir),
        "raw_tables": tables,
        "duckdb": str(Path(work_db).resolve()),
        "result": str(result_path),
    }
    spec_path.write_text(json.dumps(spec, indent=2), encoding="utf-8")

    tail: deque[str] = deque(maxlen=12)

    def line(text: str) -> None:
        tail.append(text)
        log.info("spark | %s", text)
        if on_line:
            on_line(text)

    # dbt's environment plus this package on the path; run from the Spark folder (stray JVM
    # files land there).
    env = dbt_env(Path("unused.duckdb"), {**dirs.env(), **spark_env(cluster, dirs)})
    # pyspark gives every Python function it ships the driver's PYSPARK_PYTHON (not the
    # spark.pyspark.python setting): the executors' Python workers start with that interpreter
    env["PYSPARK_PYTHON"] = env["CPI_SPARK_PYTHON"]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    started, cpu = time.monotonic(), process_cpu_seconds()
    try:
        code = _stream([sys.executable, "-m", "cpi.engines.spark.worker", str(spec_path)], env, dirs.root, line)
    finally:
        if cluster.shared_is_path:  # this run's own files on the shared storage (gate results)
            shutil.rmtree(Path(str(cluster.shared)) / "work" / run_id, ignore_errors=True)
    report = json.loads(result_path.read_text(encoding="utf-8")) if result_path.is_file() else {}
    result = _result(report, target_path / "manifest.json")
    result.wall_seconds = round(time.monotonic() - started, 3)
    # the worker (waited for) and its JVM (ended by the worker, measured there)
    # and, on a cluster, the executors' task CPU (Spark's task metrics; a local session's tasks run
    # in the JVM, already counted)
    result.executor_cpu_seconds = report.get("executor_cpu_seconds")
    jvm, executors = report.get("jvm_cpu_seconds") or 0.0, result.executor_cpu_seconds or 0.0
    result.cpu_seconds = round(process_cpu_seconds() - cpu + jvm + executors, 3)
    if code != 0:
        expected = [t[len(ERROR_PREFIX) :] for t in tail if t.startswith(ERROR_PREFIX)]
        detail = expected[-1] if code == EXIT_EXPECTED and expected else "\n".join(tail)
        raise BuildError(f"the Spark build failed (exit {code}): {detail}\nFull output in the build log.")
    if not report.get("round_codes"):
        result.summary = DbtSummary(returncode=2, failures=["the Spark build ran no dbt round:", *tail])
    return result


def spark_env(cluster: SparkCluster, dirs: SparkDirs) -> dict[str, str]:
    """What ``profiles.yml`` reads besides the operator's settings: the master and the warehouse of
    this build, and the executors' Python (the build's own unless CPI_SPARK_PYTHON says otherwise)."""
    return {
        "CPI_SPARK_MASTER": cluster.master,
        "CPI_SPARK_WAREHOUSE": cluster.warehouse(dirs),
        "CPI_SPARK_PYTHON": os.environ.get("CPI_SPARK_PYTHON") or os.environ.get("PYSPARK_PYTHON") or sys.executable,
    }


def _result(report: Mapping[str, Any], manifest: Path) -> SparkBuildResult:
    """The worker's report as a SparkBuildResult: one summary over every dbt round."""
    result = SparkBuildResult(summary=DbtSummary(returncode=0), manifest=manifest if manifest.is_file() else None)
    result.steps = [
        StepTiming(s["name"], s["wall_seconds"], s.get("started"), s.get("ended")) for s in report.get("steps", [])
    ]
    result.session_seconds = report.get("session_seconds")
    result.session_wait_seconds = report.get("session_wait_seconds")
    result.run_results = [Path(p) for p in report.get("run_results", [])]
    result.python_models = list(report.get("python_models", []))
    codes = list(report.get("round_codes", []))
    for path, code in zip(result.run_results, codes, strict=False):
        result.summary = merge(result.summary, summarise(path, code))
    if len(codes) > len(result.run_results):  # a round stopped before writing its results
        stopped = DbtSummary(returncode=codes[-1] or 2, failures=["a dbt round stopped before running its nodes"])
        result.summary = merge(result.summary, stopped)
    models = result.summary.models_built + len(result.python_models)
    result.summary = replace(result.summary, models_built=models)
    return result
