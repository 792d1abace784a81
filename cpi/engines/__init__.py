"""Engines that run the dbt project other than the default (DuckDB through ``cpi.dbt``): Spark."""
