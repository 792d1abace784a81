"""The China Perception Index warehouse: the application package, one sub-package per role.

- ``cpi.cli``      the ``cpi`` command: argument parsing, console output (top layer; nothing imports it)
- ``cpi.build``    one build: the pipeline's steps in order, the inputs fingerprint, the run under the lock
- ``cpi.publish``  releases: writing and verifying one, the pointer, retention, history, rollback, notify
- ``cpi.engines``  where dbt runs besides the default DuckDB: the Spark engine
- ``cpi.ingest``   waves in: codebooks, readers, the validation gate, identifiers, the raw store
- ``cpi.dbt``      dbt as a subprocess: the runner, the DuckDB plugin
- kernel modules   ``errors``, ``oserrors``, ``layout``, ``stages``, ``checksums``, ``duckdb_helpers``

The layers are a contract (``[tool.importlinter]`` in pyproject.toml, checked by ``make lint``).
"""
