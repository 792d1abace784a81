"""Where the Spark engine keeps its state and how its session is configured.

The session parameters live in one place: the ``spark`` target of ``profiles.yml``. The worker
renders that block (``env_var`` only) and opens the build's session with it; dbt-spark, running
in the same process, reuses that session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

from cpi import settings
from cpi.errors import BuildError

# dbt-spark forces ANSI mode off for its sessions; the worker must compute the same way.
FORCED_PARAMETERS = {"spark.sql.ansi.enabled": "false"}


@dataclass(frozen=True)
class SparkDirs:
    """``OUT/restricted/spark``: managed tables (``warehouse/``, emptied by every Spark build), dbt's
    target folder, scratch. Respondent-level: mode 0700."""

    root: Path

    @classmethod
    def under(cls, out_dir: Path) -> SparkDirs:
        return cls(Path(out_dir).resolve() / "restricted" / "spark")

    def create(self) -> None:
        for path in (self.root.parent, self.root, self.root / "tmp"):
            path.mkdir(parents=True, exist_ok=True)
            path.chmod(0o700)

    def env(self) -> dict[str, str]:
        """Environment read by ``profiles.yml`` (dbt's process and the worker's)."""
        return {"CPI_SPARK_DIR": str(self.root)}


def require_spark_stack() -> None:
    """Fail early, with the fix, when pyspark, dbt-spark or Java is missing."""
    missing = [name for name in ("pyspark", "dbt.adapters.spark") if _spec_missing(name)]
    if missing:
        raise BuildError(
            f"the Spark engine needs {', '.join(missing)}, which is not installed. Fix: "
            "`make setup-spark` (or `pip install 'cpi-warehouse[spark]'`)."
        )
    java = java_executable()
    if java is None:
        raise BuildError(
            "the Spark engine needs Java 17, and no `java` was found on PATH or in JAVA_HOME. "
            "Fix: `apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or set JAVA_HOME."
        )
    probe = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        raise BuildError(f"`{java} -version` failed: {probe.stderr.strip()}. Fix: repair the Java install.")


def spark_versions() -> str:
    """For build_info: the Spark side of the toolchain."""
    from cpi.dbt.runner import dbt_version

    return dbt_version(("dbt-spark", "pyspark"))


def _spec_missing(module: str) -> bool:
    try:
        return find_spec(module) is None
    except ModuleNotFoundError:
        return True


def java_executable() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _env_var(env: dict[str, str]):
    def env_var(name: str, default: str | None = None) -> str:
        if name in env:
            return env[name]
        if default is None:
            raise BuildError(
                f"profiles.yml (target {settings.current().spark_target}) reads env_var('{name}'), which is not set. "
                f"Fix: set {name} or give the env_var a default."
            )
        return default

    return env_var


def session_parameters(project_dir: Path, env: dict[str, str]) -> dict[str, str]:
    """The ``server_side_parameters`` of the Spark target, rendered with ``env``."""
    from jinja2 import Environment, StrictUndefined

    path = Path(project_dir) / "profiles.yml"
    try:
        profiles: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = profiles["cpi"]["outputs"][settings.current().spark_target]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise BuildError(
            f"{path}: no readable target `{settings.current().spark_target}` under cpi.outputs ({exc}). "
            "Fix: restore the spark target (docs/scale-out.md)."
        ) from exc
    if target.get("method") != "session":
        raise BuildError(
            f"{path}: target `{settings.current().spark_target}` uses method `{target.get('method')}`; the Python-model "
            "step and the mart export need a pyspark session (method: session, local or with "
            "spark.remote for Spark Connect). Fix: see docs/scale-out.md."
        )
    jinja = Environment(undefined=StrictUndefined)
    jinja.globals["env_var"] = _env_var(env)
    raw = target.get("server_side_parameters") or {}
    rendered = {str(k): jinja.from_string(str(v)).render() for k, v in raw.items()}
    return {**rendered, **FORCED_PARAMETERS}
