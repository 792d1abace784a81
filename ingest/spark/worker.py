"""``python -m ingest.spark.worker SPEC.json``: the Spark steps that are not dbt, in one JVM.

The spec (written by ``runner``) names the session parameters and a list of actions, run in
order in one Spark session:

- ``{"do": "register_raw", "tables": {table: [parquet, ...]}}``
- ``{"do": "python_models", "manifest": path, "models": [unique_id, ...]}``
- ``{"do": "export", "manifest": path, "duckdb": path}``

It writes ``{"session_seconds": ..., "actions": [...]}`` to the spec's ``result`` path. An
expected failure prints ``cpi-spark-error: <message>`` and exits 3; the runner shows that line.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from ingest.errors import CpiError

ERROR_PREFIX = "cpi-spark-error: "
EXIT_EXPECTED = 3
log = logging.getLogger("ingest.spark.worker")


def open_session(parameters: dict[str, str]):
    """A Hive-enabled session built exactly like dbt-spark's ``method: session`` builds its own."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("cpi-spark-worker").enableHiveSupport()
    for key, value in parameters.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


def run_action(session, action: dict[str, Any], project_dir: Path) -> dict[str, Any]:
    from ingest.spark.export import export_to_duckdb
    from ingest.spark.python_models import run_python_model
    from ingest.spark.raw import register_raw

    started = time.monotonic()
    kind = action["do"]
    if kind == "register_raw":
        detail: Any = register_raw(session, action["tables"])
    elif kind == "python_models":
        manifest = json.loads(Path(action["manifest"]).read_text(encoding="utf-8"))
        detail = [run_python_model(session, manifest, uid, project_dir) for uid in action["models"]]
    elif kind == "export":
        manifest = json.loads(Path(action["manifest"]).read_text(encoding="utf-8"))
        detail = export_to_duckdb(session, manifest, Path(action["duckdb"]))
    else:
        raise CpiError(f"unknown worker action {kind!r}")
    return {"do": kind, "seconds": round(time.monotonic() - started, 3), "detail": detail}


def main(spec_path: str) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stdout)
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    result: dict[str, Any] = {"actions": []}
    try:
        started = time.monotonic()
        session = open_session(spec["session"])
        result["session_seconds"] = round(time.monotonic() - started, 3)
        try:
            for action in spec["actions"]:
                result["actions"].append(run_action(session, action, Path(spec["project_dir"])))
        finally:
            session.stop()
    except CpiError as exc:
        print(ERROR_PREFIX + str(exc).replace("\n", " "), flush=True)
        return EXIT_EXPECTED
    finally:
        Path(spec["result"]).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1]))
