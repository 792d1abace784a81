"""dbt inside the Spark worker's process: it parses once and reuses the worker's session.

dbt-spark's ``method: session`` asks pyspark for ``SparkSession.builder.getOrCreate()`` on every
statement; inside the worker that returns the session the worker opened, so dbt's rounds, the
Python models and the export share one JVM and one catalog. The manifest parsed at the start
is handed to every round (``dbtRunner(manifest=...)``): no round parses again.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpi.errors import BuildError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DbtPaths:
    project_dir: Path
    target_path: Path  # persistent between builds: partial parsing
    log_path: Path
    target: str

    def flags(self) -> list[str]:
        return [
            "--project-dir",
            str(self.project_dir),
            "--profiles-dir",
            str(self.project_dir),
            "--target",
            self.target,
            "--target-path",
            str(self.target_path),
            "--log-path",
            str(self.log_path),
        ]


def _exit_code(result: Any) -> int:
    """dbt's CLI exit codes: 0 success, 1 a node failed, 2 dbt itself failed."""
    if result.success:
        return 0
    return 2 if result.exception is not None else 1


def parse(paths: DbtPaths) -> Any:
    """``dbt parse`` in this process; returns dbt's Manifest object (manifest.json is written too)."""
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(["parse", *paths.flags()])
    if not result.success or result.result is None:
        raise BuildError(
            f"dbt parse failed for target {paths.target} ({result.exception or 'see the output above'}). "
            "Fix: run `dbt parse --target spark` in the project to see the error."
        )
    return result.result


def run_round(manifest: Any, paths: DbtPaths, build_args: list[str], kept: Path) -> int:
    """One ``dbt build`` of the named nodes on the shared session; its run_results.json is
    copied to ``kept`` (each round starts without the previous round's file)."""
    from dbt.cli.main import dbtRunner

    results = paths.target_path / "run_results.json"
    results.unlink(missing_ok=True)
    outcome = dbtRunner(manifest=manifest).invoke([*build_args, *paths.flags()])
    if outcome.exception is not None:
        log.error("dbt stopped: %s", outcome.exception)
    if results.is_file():
        shutil.copyfile(results, kept)
    return _exit_code(outcome)
