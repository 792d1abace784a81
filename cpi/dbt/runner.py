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
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from cpi import settings
from cpi.dbt import parse_cache
from cpi.errors import BuildError
from cpi.stages import DBT_STAGES, StageTiming, process_cpu_seconds

log = logging.getLogger(__name__)

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
    stages: dict[str, StageTiming] = field(default_factory=dict)  # dbt_parse .. dbt_test
    partial_parse: bool | None = None  # True when dbt reused its saved parse (perf_info.json)

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
    project_dir: Path | None = None,
    on_line: Callable[[str], None] | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> int:
    """Run ``dbt <args>``; stream its output to the log (and ``on_line``); return the exit code.

    dbt runs in the folder of ``db_path`` and the profile sees only the file's name: the value
    dbt hashes for partial parsing is then the same for every build and every ``OUT`` folder.
    """
    db_path, target_path, log_path = db_path.absolute(), target_path.absolute(), log_path.absolute()
    project_dir = (project_dir or settings.current().dbt_project_dir).absolute()
    cmd = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(target_path),
        "--log-path",
        str(log_path),
    ]
    log.info("running %s (in %s, CPI_DUCKDB_PATH=%s)", " ".join(cmd), db_path.parent, db_path.name)
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    with subprocess.Popen(
        cmd,
        cwd=db_path.parent,
        env=dbt_env(Path(db_path.name), extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        preexec_fn=preexec,  # noqa: PLW1509 - only sets the parent-death signal
    ) as proc:
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                line = line.rstrip()
                log.info("dbt | %s", line)
                if on_line:
                    on_line(line)
            returncode = proc.wait()
        except BaseException:  # Ctrl-C / SIGTERM in the build: dbt must not run on alone
            _stop(proc)
            raise
    log.info("dbt exited with %d", returncode)
    return returncode


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log.warning("dbt stopped (exit %s)", proc.returncode)


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


def _timestamp(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _union_seconds(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for lo, hi in sorted(intervals):
        if hi <= end:
            continue
        total += hi - max(lo, end)
        end = hi
    return total


def split_dbt_timing(
    run_results: Path, *, launched: float, exited: float, cpu_seconds: float
) -> dict[str, StageTiming]:
    """Split one ``dbt build`` process into dbt_parse / dbt_seed / dbt_run / dbt_test.

    ``launched``/``exited`` are epoch seconds around the process. ``dbt_parse`` is from launch
    until the first node starts (interpreter start, project parse, graph); the rest of the wall
    time is shared among seeds, models and tests in proportion to the union of their nodes'
    [started, completed] intervals in ``run_results.json`` (models and tests interleave with 2
    threads, so the union, not the sum). CPU time of the process is split like the wall time.
    (``--write-perf-info`` exists only for ``dbt parse``, so the parse time is taken from the
    node timestamps; whether the parse was partial is read from dbt.log.)
    """
    per_kind: dict[str, list[tuple[float, float]]] = {"dbt_seed": [], "dbt_run": [], "dbt_test": []}
    if run_results.is_file():
        try:
            results = json.loads(run_results.read_text(encoding="utf-8")).get("results", [])
        except (OSError, ValueError):
            results = []
        for result in results:
            uid = result.get("unique_id", "")
            kind = (
                "dbt_seed"
                if uid.startswith("seed.")
                else "dbt_test"
                if uid.startswith(TEST_PREFIXES)
                else "dbt_run"
                if uid.startswith(("model.", "snapshot."))
                else None
            )
            if kind is None:
                continue
            times = [
                (_timestamp(t.get("started_at")), _timestamp(t.get("completed_at"))) for t in result.get("timing") or []
            ]
            times = [(lo, hi) for lo, hi in times if lo is not None and hi is not None and hi >= lo]
            if times:
                per_kind[kind].append((min(lo for lo, _ in times), max(hi for _, hi in times)))
    wall_total = max(exited - launched, 0.0)
    starts = [lo for intervals in per_kind.values() for lo, _ in intervals]
    first = min(starts) if starts else exited
    parse_wall = min(max(first - launched, 0.0), wall_total)
    rest = wall_total - parse_wall
    unions = {kind: _union_seconds(intervals) for kind, intervals in per_kind.items()}
    scale = rest / sum(unions.values()) if sum(unions.values()) > 0 else 0.0
    walls = {"dbt_parse": parse_wall, **{kind: u * scale for kind, u in unions.items()}}
    if scale == 0.0:
        walls["dbt_parse"] = wall_total
    cpu_share = cpu_seconds / wall_total if wall_total > 0 else 0.0
    return {key: StageTiming(walls[key], walls[key] * cpu_share) for key in DBT_STAGES}


def partial_parse_used(dbt_log: Path) -> bool | None:
    """True when dbt reused its saved parse, False when it parsed from scratch (from dbt.log)."""
    try:
        text = dbt_log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if "Unable to do partial parsing" in text:
        return False
    if "Partial parsing enabled" in text:
        return True
    return None


def dbt_build(
    db_path: Path,
    *,
    target_path: Path,
    log_path: Path,
    threads: int = 2,
    on_line: Callable[[str], None] | None = None,
) -> DbtSummary:
    """One ``dbt build`` (seeds, models, tests) into ``db_path``; summary with stage timings.

    ``target_path`` should persist between builds (dbt keeps its parse there: partial parsing);
    ``log_path`` receives dbt.log.
    """
    tail: deque[str] = deque(maxlen=12)

    def collect(line: str) -> None:
        tail.append(line)
        if on_line:
            on_line(line)

    run_results = target_path / "run_results.json"
    run_results.unlink(missing_ok=True)  # never summarise the previous build's results
    cache = settings.current().dbt_parse_cache
    cached = parse_cache.cache_file(cache, settings.current().dbt_project_dir, dbt_version()) if cache else None
    if cached and parse_cache.restore(cached, target_path):
        log.info("dbt starts from the saved parse %s", cached)
    cpu, launched = process_cpu_seconds(), time.time()
    code = run_dbt(
        ["build", "--threads", str(threads)],
        db_path=db_path,
        target_path=target_path,
        log_path=log_path,
        on_line=collect,
    )
    exited = time.time()
    if cached:
        parse_cache.save(target_path, cached)
    summary = summarise(run_results, code, list(tail))
    stages = split_dbt_timing(run_results, launched=launched, exited=exited, cpu_seconds=process_cpu_seconds() - cpu)
    return replace(summary, stages=stages, partial_parse=partial_parse_used(log_path / "dbt.log"))


def dbt_version(dists: tuple[str, ...] = ("dbt-core", "dbt-duckdb")) -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for dist in dists:
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist} unknown")
    return ", ".join(parts)
