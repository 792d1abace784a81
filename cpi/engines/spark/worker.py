"""``python -m cpi.engines.spark.worker SPEC.json``: a whole Spark build in one process and one session.

The spec (written by ``runner``) names the session parameters, the dbt paths, the raw Parquet
files and the DuckDB file to export into. Steps, in order:

1. the Spark session starts in a thread while dbt parses the project in this process;
2. ``raw.<table>`` views over the waves' Parquet files;
3. the plan's steps: a dbt round (in-process ``dbt build`` of the named nodes, on the same
   session) or a Python step (the Python models, parents first);
4. the export of marts and seeds into the DuckDB file.

After every dbt round and Python step, each table written holds every row its tasks wrote
(``commits.WriteLedger``). A dbt round with failures stops the build (no export). The worker writes what it did (timings,
run_results files, Python models) to the spec's ``result`` path. An expected failure prints
``cpi-spark-error: <message>`` and exits 3; the runner shows that line.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

from cpi.errors import CpiError

ERROR_PREFIX = "cpi-spark-error: "
EXIT_EXPECTED = 3
log = logging.getLogger("cpi.engines.spark.worker")
QUIET_LOGGERS = ("org.apache.spark.sql.SparkSession",)  # "using an existing session": once per statement


def open_session(parameters: dict[str, str]):
    """The build's session, built from the Spark target's parameters (dbt-spark reuses it)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("cpi-spark-build")
    for key, value in parameters.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    jvm = local_jvm(session)
    if jvm is not None:  # a local session (Spark Connect has no JVM here)
        session.sparkContext.setLogLevel("WARN")
        for name in QUIET_LOGGERS:
            jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(
                name, jvm.org.apache.logging.log4j.Level.ERROR
            )
    return session


def local_jvm(session):
    try:
        return session.sparkContext._jvm
    except Exception:  # noqa: BLE001 - Spark Connect sessions raise on sparkContext
        return None


class SessionStarter(threading.Thread):
    """Starts the JVM and the session beside dbt's parse (both take seconds)."""

    def __init__(self, parameters: dict[str, str]):
        super().__init__(name="spark-session", daemon=True)
        self.parameters, self.session, self.error = parameters, None, None
        self.seconds = 0.0

    def run(self) -> None:
        started = time.monotonic()
        try:
            self.session = open_session(self.parameters)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread by result()
            self.error = exc
        self.seconds = time.monotonic() - started

    def result(self):
        self.join()
        if self.error is not None:
            raise self.error
        return self.session


def executor_cpu_seconds(session) -> float | None:
    """Task CPU the executors used (Spark's task metrics, summed over stages); None in a local
    session, whose tasks run in the driver's JVM (counted by ``jvm_cpu_seconds``)."""
    if local_jvm(session) is None or session.sparkContext.master.startswith("local"):
        return None
    try:
        context, jvm = session.sparkContext._jsc.sc(), session.sparkContext._jvm
        context.listenerBus().waitUntilEmpty()
        every = jvm.java.util.ArrayList()  # no status filter, no details, no quantiles
        stages = context.statusStore().stageList(
            every, False, False, session.sparkContext._gateway.new_array(jvm.double, 0), every
        )
        stages = jvm.scala.collection.JavaConverters.seqAsJavaListConverter(stages).asJava()
        return round(sum(stage.executorCpuTime() for stage in stages) / 1e9, 3)
    except Exception:
        log.warning("executor CPU not available", exc_info=True)
        return None


def peak_memory_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory (VmHWM) of a process, in MB (Linux /proc); None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


def driver_memory(session) -> dict[str, float | None]:
    """The driver's peak memory: this Python process and the session's JVM."""
    try:
        jvm_pid = session.sparkContext._gateway.proc.pid
    except AttributeError:
        jvm_pid = None
    return {"python_peak_mb": peak_memory_mb(), "jvm_peak_mb": peak_memory_mb(jvm_pid) if jvm_pid else None}


def jvm_cpu_seconds(session) -> float | None:
    """CPU (user + system) the session's JVM has used so far (Linux /proc), None elsewhere."""
    if local_jvm(session) is None:
        return None
    try:
        pid = session.sparkContext._gateway.proc.pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError, IndexError):
        return None


class Steps:
    """Timings of the worker's steps, for the runner (and the build's stage report)."""

    def __init__(self, result: dict[str, Any]):
        self.result = result
        result.setdefault("steps", [])

    def timed(self, name: str, func, *args, **kwargs):
        started, epoch = time.monotonic(), time.time()
        log.info("step %s", name)
        try:
            return func(*args, **kwargs)
        finally:
            self.result["steps"].append(
                {
                    "name": name,
                    "wall_seconds": round(time.monotonic() - started, 3),
                    "started": epoch,
                    "ended": time.time(),
                }
            )


def build(spec: dict[str, Any], result: dict[str, Any]) -> None:
    from cpi.engines.spark.dbt_inprocess import DbtPaths, parse
    from cpi.engines.spark.plan import plan_steps

    warehouse = spec["session"].get("spark.sql.warehouse.dir")
    if warehouse and "://" not in warehouse:  # a local session: the catalog starts empty, so do its tables
        shutil.rmtree(warehouse, ignore_errors=True)
    steps = Steps(result)
    starter = SessionStarter(spec["session"])
    starter.start()
    paths = DbtPaths(Path(spec["project_dir"]), Path(spec["target_path"]), Path(spec["log_path"]), spec["target"])
    manifest_obj = steps.timed("parse", parse, paths)
    manifest = json.loads((paths.target_path / "manifest.json").read_text(encoding="utf-8"))
    plan = plan_steps(manifest)
    started = time.monotonic()
    session = starter.result()
    result["session_seconds"] = round(starter.seconds, 3)
    result["session_wait_seconds"] = round(time.monotonic() - started, 3)
    try:
        run_plan(session, spec, plan, (manifest_obj, manifest), paths, steps)
    finally:
        result["jvm_cpu_seconds"] = jvm_cpu_seconds(session)
        result["executor_cpu_seconds"] = executor_cpu_seconds(session)
        result["driver_memory"] = driver_memory(session)
        session.stop()


def run_plan(session, spec: dict[str, Any], plan: list, manifests: tuple[Any, dict], paths, steps: Steps) -> None:
    """Raw views, the plan's dbt rounds and Python steps, then the export (not after a failed round)."""
    from cpi.engines.spark.commits import WriteLedger
    from cpi.engines.spark.dbt_inprocess import run_round
    from cpi.engines.spark.export import export_to_duckdb
    from cpi.engines.spark.plan import DbtRound, dbt_round_args
    from cpi.engines.spark.python_models import relation, run_python_model
    from cpi.engines.spark.raw import register_raw

    manifest_obj, manifest = manifests
    result = steps.result
    result["raw"] = steps.timed("register_raw", register_raw, session, spec["raw_tables"])
    result["run_results"], result["python_models"], result["round_codes"] = [], [], []
    ledger = WriteLedger(session)
    models = {relation(n): n["name"] for n in manifest["nodes"].values() if n.get("resource_type") in ("model", "seed")}
    result["written_tables"] = {}

    def python_step(models: list[str]) -> list[dict[str, Any]]:
        on_executors = spec.get("python_models", "executors") == "executors"
        return [run_python_model(session, manifest, uid, paths.project_dir, on_executors) for uid in models]

    for index, step in enumerate(plan, start=1):
        label = f"{'dbt round' if isinstance(step, DbtRound) else 'Python step'} {index}"
        if isinstance(step, DbtRound):
            kept = Path(spec["work_dir"]) / f"run_results.round{index}.json"
            code = steps.timed(
                f"dbt_round_{index}", run_round, manifest_obj, paths, dbt_round_args(manifest, step), kept
            )
            result["round_codes"].append(code)
            if kept.is_file():
                result["run_results"].append(str(kept))
            if code != 0:
                return
        else:
            result["python_models"] += steps.timed(f"python_{index}", python_step, step.models)
        result["written_tables"].update(steps.timed(f"write_check_{index}", ledger.check, label, models))
    result["exported"] = steps.timed("export", export_to_duckdb, session, manifest, Path(spec["duckdb"]))


def main(spec_path: str) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stdout)
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    result: dict[str, Any] = {}
    try:
        build(spec, result)
    except CpiError as exc:
        print(ERROR_PREFIX + str(exc).replace("\n", " "), flush=True)
        return EXIT_EXPECTED
    finally:
        Path(spec["result"]).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1]))
