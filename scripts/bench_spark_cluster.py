"""Run a command against a local Spark standalone cluster, then stop the cluster.

Starts a master and two workers on 127.0.0.1 from the pyspark wheel (``LocalCluster`` of
tests/spark/local_cluster.py, the cluster the Spark tests use: same code, not a copy), sets
``CPI_SPARK_MASTER`` to the master and ``CPI_SPARK_SHARED`` to a 0700 folder under ``--root``
(every process here sees the same disk), runs the command, and stops every process it started
by its PID, whatever the command's outcome. Exits with the command's exit code.

    .venv/bin/python scripts/bench_spark_cluster.py -- .venv/bin/cpi bench --engine spark --scale 1,10 --monthly 0

Needs ``make setup-spark`` and Java 17 (docs/scale-out.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[1]
LOCAL_CLUSTER = REPO_ROOT / "tests" / "spark" / "local_cluster.py"


def _local_cluster_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("local_cluster", LOCAL_CLUSTER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"error: {LOCAL_CLUSTER} is missing. Fix: run this from a clone of the repository.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(".bench/spark-cluster"), help="logs, scratch, shared")
    parser.add_argument("--cores", type=int, default=1, help="cores per worker")
    parser.add_argument("--memory", default="1g", help="memory per worker")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run (after --)")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --, e.g. -- .venv/bin/cpi bench --engine spark")
    root = args.root.resolve()
    shared = root / "shared"
    shared.mkdir(parents=True, exist_ok=True)
    shared.chmod(0o700)  # the raw store (respondent-level) is published there
    cluster = _local_cluster_module().LocalCluster(root)
    try:
        cluster.start(cores=args.cores, memory=args.memory)
        print(f"cluster: {cluster.master_url}, shared storage {shared}, logs in {root}", flush=True)
        env = {**os.environ, "CPI_SPARK_MASTER": cluster.master_url, "CPI_SPARK_SHARED": str(shared)}
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
