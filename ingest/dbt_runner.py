"""Run dbt as a subprocess against one DuckDB file and summarise ``run_results.json``.

A subprocess (not ``dbtRunner``) so that every DuckDB file handle and lock dbt opens is gone
when it exits; the build then reopens the release itself.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import BuildError

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
# The dbt project (dbt_project.yml, profiles.yml); overridable for experiments with a copy.
PROJECT_DIR = Path(os.environ.get("CPI_DBT_PROJECT_DIR", REPO_ROOT))
TEST_PREFIXES = ("test.", "unit_test.")


@dataclass(frozen=True)
class DbtSummary:
    returncode: int
    models_built: int = 0
    models_failed: int = 0
    tests_passed: int = 0
    tests_failed: int = 0
    tests_total: int = 0
    seeds_loaded: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.models_failed == 0 and self.tests_failed == 0


def dbt_executable() -> str:
    """The ``dbt`` next to the running interpreter (the project venv), else the one on PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("dbt")
    if not found:
        raise BuildError("dbt is not installed in this environment. Fix: run `make setup`.")
    return found


def dbt_env(db_path: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    env.update(
        CPI_DUCKDB_PATH=str(db_path),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        DBT_USE_COLORS="False",
        DO_NOT_TRACK="1",
        GX_ANALYTICS_ENABLED="False",
    )
    return env


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the dbt child gets SIGTERM when the build process dies (e.g. SIGKILL)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def run_dbt(
    args: list[str],
    *,
    db_path: Path,
    target_path: Path,
    log_path: Path,
    project_dir: Path = PROJECT_DIR,
    on_line: Callable[[str], None] | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> int:
    """Run ``dbt <args>``; stream its output to the log (and ``on_line``); return the exit code."""
    cmd = [
        dbt_executable(),
        *args,
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(target_path),
        "--log-path", str(log_path),
    ]  # fmt: skip
    log.info("running %s (CPI_DUCKDB_PATH=%s)", " ".join(cmd), db_path)
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    with subprocess.Popen(
        cmd,
        cwd=project_dir,
        env=dbt_env(db_path, extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        preexec_fn=preexec,  # noqa: PLW1509 - only sets the parent-death signal
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip()
            log.info("dbt | %s", line)
            if on_line:
                on_line(line)
        returncode = proc.wait()
    log.info("dbt exited with %d", returncode)
    return returncode


def summarise(run_results: Path, returncode: int, output_tail: list[str] | None = None) -> DbtSummary:
    """Counts from dbt's ``run_results.json`` (models, tests, seeds and what failed)."""
    if not run_results.is_file():
        tail = [line for line in (output_tail or []) if line.strip()]
        return DbtSummary(
            returncode=returncode or 2,
            failures=[f"dbt stopped before running anything ({run_results.name} not written):", *tail],
        )
    results = json.loads(run_results.read_text(encoding="utf-8")).get("results", [])
    counts = {"models_built": 0, "models_failed": 0, "tests_passed": 0, "tests_failed": 0, "seeds": 0}
    tests_total = 0
    failures: list[str] = []
    for result in results:
        uid, status = result.get("unique_id", ""), result.get("status", "")
        if uid.startswith(TEST_PREFIXES):
            tests_total += 1
            if status in ("pass", "warn"):
                counts["tests_passed"] += 1
            elif status in ("fail", "error"):
                counts["tests_failed"] += 1
        elif uid.startswith("model."):
            if status == "success":
                counts["models_built"] += 1
            elif status == "error":
                counts["models_failed"] += 1
        elif uid.startswith("seed.") and status == "success":
            counts["seeds"] += 1
        if status in ("fail", "error"):
            message = (result.get("message") or "").strip().splitlines()
            failures.append(f"{uid}: {status}" + (f" - {message[0]}" if message else ""))
    return DbtSummary(
        returncode=returncode,
        models_built=counts["models_built"],
        models_failed=counts["models_failed"],
        tests_passed=counts["tests_passed"],
        tests_failed=counts["tests_failed"],
        tests_total=tests_total,
        seeds_loaded=counts["seeds"],
        failures=failures,
    )


def dbt_build(
    db_path: Path, work_dir: Path, *, on_line: Callable[[str], None] | None = None
) -> DbtSummary:
    """``dbt build`` (seeds, models, tests) into ``db_path``; artifacts under ``work_dir``."""
    target, logs = work_dir / "target", work_dir / "logs"
    tail: deque[str] = deque(maxlen=12)

    def collect(line: str) -> None:
        tail.append(line)
        if on_line:
            on_line(line)

    code = run_dbt(
        ["build", "--threads", "1"], db_path=db_path, target_path=target, log_path=logs, on_line=collect
    )
    return summarise(target / "run_results.json", code, list(tail))


def dbt_version(dists: tuple[str, ...] = ("dbt-core", "dbt-duckdb")) -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for dist in dists:
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist} unknown")
    return ", ".join(parts)
