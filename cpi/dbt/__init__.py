"""dbt as the build runs it: the subprocess runner and the dbt-duckdb plugin."""
