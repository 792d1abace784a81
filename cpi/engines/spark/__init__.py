"""The Spark engine: the same dbt project built on Apache Spark (``cpi build --engine spark``).

The build process itself never starts a JVM. Every step that needs Spark runs in a child
process, one at a time, because the local Hive metastore (Derby) admits one JVM at a time:

1. ``worker register-raw``: ``raw.<table>`` views over the waves' Parquet files;
2. ``dbt build --target spark`` for the SQL nodes, in rounds around the Python models;
3. ``worker python-models``: each Python model's ``model(dbt, session)`` on frames read from Spark;
4. ``worker export``: the marts and seeds copied into a DuckDB file shaped like the DuckDB build's.

``runner.build_on_spark`` strings these together; ``plan`` decides the rounds from the manifest.
pyspark is imported only inside the worker (the ``spark`` extra).
"""
