"""Small DuckDB helpers shared by the raw store, the work file and the release writer."""

from __future__ import annotations

from cpi import settings


def memory_limit() -> str:
    """DuckDB ``memory_limit`` for cpi's own connections (``CPI_DUCKDB_MEMORY_LIMIT``; dbt's
    connections use ``CPI_DBT_MEMORY_LIMIT`` in profiles.yml), so that two processes together
    stay within the machine."""
    return settings.current().duckdb_memory_limit


def quote_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"
