"""Where the Spark engine keeps its state and how its session is configured.

The session parameters live in one place: the ``spark`` target of ``profiles.yml``. The worker
renders that block (``env_var`` only) and opens the build's session with it; dbt-spark, running
in the same process, reuses that session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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


DEFAULT_MASTER = "local[2]"
MASTER_CONNECT_SECONDS = 5.0


@dataclass(frozen=True)
class SparkCluster:
    """Where the Spark build runs: the master (``CPI_SPARK_MASTER``) and the storage every node
    reads and writes (``CPI_SPARK_SHARED`` / ``--spark-shared``): a local path (a mount every
    node has at the same path) or a URI (``file:///``, ``s3a://``, ``abfss://``, ``hdfs://``).
    Read once per build; both are inputs of the build's fingerprint."""

    master: str = DEFAULT_MASTER
    shared: str | None = None  # an absolute path, or a URI with a scheme other than file

    @classmethod
    def from_env(cls, env: Mapping[str, str], shared: str | None = None) -> SparkCluster:
        master = (env.get("CPI_SPARK_MASTER") or "").strip() or DEFAULT_MASTER
        location = (shared or env.get("CPI_SPARK_SHARED") or "").strip()
        return cls(master, normalise_location(location) if location else None)

    @classmethod
    def current(cls, shared: str | None = None) -> SparkCluster:
        """From the process's settings (``cpi.settings``); ``shared``: the command line's option."""
        given = settings.current()
        return cls.from_env({"CPI_SPARK_MASTER": given.spark_master, "CPI_SPARK_SHARED": given.spark_shared}, shared)

    @property
    def local(self) -> bool:
        return self.master.startswith("local")

    @property
    def shared_is_path(self) -> bool:
        return self.shared is not None and "://" not in self.shared

    def components(self) -> dict[str, str | None]:
        """For the fingerprint and build_info (credentials never kept: a URI's user part is dropped)."""
        return {"master": _without_userinfo(self.master), "shared": _without_userinfo(self.shared)}

    def warehouse(self, dirs: SparkDirs) -> str:
        """The Spark warehouse: on the shared storage when there is one, else OUT/restricted/spark."""
        return join(self.shared, "warehouse") if self.shared else str(dirs.root / "warehouse")

    def check(self) -> None:
        """Refuse, with one line naming the setting, a cluster without shared storage, a shared
        folder that is not there, or a master nobody answers at."""
        if not self.local and self.shared is None:
            raise BuildError(
                f"CPI_SPARK_MASTER={self.master} is a cluster, but CPI_SPARK_SHARED is not set: the executors "
                "cannot read the raw store or write tables the driver sees. Fix: set CPI_SPARK_SHARED (or "
                "--spark-shared) to a folder or URI every node reads and writes (docs/scale-out.md)."
            )
        if self.shared_is_path:
            path = Path(str(self.shared))
            if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
                raise BuildError(
                    f"CPI_SPARK_SHARED={self.shared} is not a writable folder on this machine. Fix: mount the "
                    "shared storage there (the same path on every node) or point CPI_SPARK_SHARED at it."
                )
        if self.master.startswith("spark://"):
            for host, port in _master_addresses(self.master):
                try:
                    socket.create_connection((host, port), timeout=MASTER_CONNECT_SECONDS).close()
                    return
                except OSError as exc:
                    reason = exc.strerror or type(exc).__name__
            raise BuildError(
                f"CPI_SPARK_MASTER={self.master}: no Spark master answers there ({reason}). Fix: start the "
                "master (bin/spark-class org.apache.spark.deploy.master.Master) or correct CPI_SPARK_MASTER."
            )


def normalise_location(location: str) -> str:
    """``file:///x`` and relative paths become absolute paths; other URIs are kept (no trailing /)."""
    parts = urlsplit(location)
    if parts.scheme == "file":
        return str(Path(parts.path).resolve())
    if parts.scheme and "://" in location:
        return location.rstrip("/")
    return str(Path(location).expanduser().resolve())


def join(location: str, *names: str) -> str:
    return "/".join([location.rstrip("/"), *names])


def _without_userinfo(location: str | None) -> str | None:
    if location is None or "://" not in location:
        return location
    parts = urlsplit(location)
    if "@" not in parts.netloc:
        return location
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _master_addresses(master: str) -> list[tuple[str, int]]:
    """``spark://h1:7077,h2:7077`` -> [(h1, 7077), (h2, 7077)] (standby masters)."""
    addresses = []
    for item in master.removeprefix("spark://").split(","):
        host, _, port = item.strip().rpartition(":")
        addresses.append((host or item.strip(), int(port) if port.isdigit() else 7077))
    return addresses


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
    # an empty value means "Spark's default" (an optional setting left unset: driver host, ports)
    return {**{k: v for k, v in rendered.items() if v.strip()}, **FORCED_PARAMETERS}
