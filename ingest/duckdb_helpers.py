"""Small DuckDB helpers shared by the raw store, the work file and the release writer."""

from __future__ import annotations

import os

DEFAULT_MEMORY_LIMIT = "2GB"


def memory_limit() -> str:
    """DuckDB ``memory_limit`` for cpi's own connections (``CPI_DUCKDB_MEMORY_LIMIT``; dbt's
    connections use ``CPI_DBT_MEMORY_LIMIT`` in profiles.yml), so that two processes together
    stay within the machine."""
    return os.environ.get("CPI_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)


def quote_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"
