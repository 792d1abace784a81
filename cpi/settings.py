"""Settings of one ``cpi`` process: read once from the environment (``CPI_*``), then the command line.

No module reads the environment when it is imported: the first call of ``current()`` builds the
settings from ``os.environ`` (or the CLI builds them with ``Settings.from_env`` and its options and
hands them over with ``configure``), and everything below asks ``current()``. Each default is
defined here once. Settings that only a child process reads (dbt's ``CPI_DBT_MEMORY_LIMIT`` in
profiles.yml, the notifier's ``CPI_MESSAGE``) are documented in docs/operations.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from cpi.project import REPO_ROOT

DEFAULT_STORAGE_VERSION = "v1.0.0"  # DuckDB on-disk format of a release (docs/publishing.md)
DEFAULT_DUCKDB_MEMORY_LIMIT = "2GB"  # cpi's own connections; dbt's: CPI_DBT_MEMORY_LIMIT (3GB)
DEFAULT_SPARK_TARGET = "spark"  # the profiles.yml target of `cpi build --engine spark`


@dataclass(frozen=True)
class Settings:
    """What a ``cpi`` process may be told from outside its command line."""

    storage_version: str = DEFAULT_STORAGE_VERSION  # CPI_STORAGE_VERSION
    dbt_project_dir: Path = REPO_ROOT  # CPI_DBT_PROJECT_DIR (a copy of the project, for experiments)
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT  # CPI_DUCKDB_MEMORY_LIMIT
    spark_target: str = DEFAULT_SPARK_TARGET  # CPI_SPARK_TARGET
    dbt_parse_cache: Path | None = None  # CPI_DBT_PARSE_CACHE (dbt's parse shared by OUT folders)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        return cls(
            storage_version=env.get("CPI_STORAGE_VERSION") or DEFAULT_STORAGE_VERSION,
            dbt_project_dir=Path(env.get("CPI_DBT_PROJECT_DIR") or REPO_ROOT),
            duckdb_memory_limit=env.get("CPI_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT,
            spark_target=env.get("CPI_SPARK_TARGET") or DEFAULT_SPARK_TARGET,
            dbt_parse_cache=Path(env["CPI_DBT_PARSE_CACHE"]) if env.get("CPI_DBT_PARSE_CACHE") else None,
        )

    def with_options(self, **options: object) -> Settings:
        """These settings with the command line's options (``None`` or ``""`` = not given)."""
        return replace(self, **{k: v for k, v in options.items() if v not in (None, "")})


_current: Settings | None = None


def current() -> Settings:
    """The process's settings: from the environment on first use, unless ``configure`` came first."""
    global _current
    if _current is None:
        _current = Settings.from_env(os.environ)
    return _current


def configure(settings: Settings) -> Settings:
    """Make ``settings`` the process's settings (the CLI, once, after parsing its options)."""
    global _current
    _current = settings
    return settings
