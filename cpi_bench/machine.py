"""What the numbers were measured on: machine, load, package versions, commit."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import psutil

PACKAGES = (
    "duckdb",
    "dbt-core",
    "dbt-duckdb",
    "great-expectations",
    "pandas",
    "numpy",
    "pyreadstat",
    "pyarrow",
    "psutil",
)
REPO_ROOT = Path(__file__).resolve().parents[1]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def describe_machine() -> dict[str, Any]:
    memory = psutil.virtual_memory()
    return {
        "platform": platform.platform(),
        "cpu_model": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_total_bytes": memory.total,
        "memory_available_bytes_at_start": memory.available,
        "load_average_at_start": load_average(),
    }


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def describe_versions() -> dict[str, str]:
    return {"python": sys.version.split()[0], **{name: _version(name) for name in PACKAGES}}


def git_revision() -> str | None:
    """The commit measured (short), with ``+changes`` when tracked files differ from it."""
    from cpi.publish.build_info import git_commit

    commit = git_commit(REPO_ROOT)
    if commit == "unknown":
        return None
    try:
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        dirty = ""
    return commit[:7] + ("+changes" if dirty else "")
