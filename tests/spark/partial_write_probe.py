"""``python partial_write_probe.py MASTER WAREHOUSE``: today's case on a real cluster, in a process of
its own (its JVM ends with it).

Writes a table of ``ROWS`` rows in ``TASKS`` tasks into ``WAREHOUSE`` (a folder one worker does
not share), then asks the engine's write check about it. Prints one JSON line: the rows the tasks
wrote, the rows the driver reads, and the check's error message (or null).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROWS, TASKS = 10_000, 8


def driver_rows(folder: Path) -> int:
    """Rows of the table's files as the driver's disk holds them (read here: an executor asked to
    count them may be the node that does not see them)."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(path).metadata.num_rows for path in folder.glob("part-*.parquet"))


def main(master: str, warehouse: str) -> None:
    from pyspark.sql import SparkSession

    from cpi.engines.spark.commits import WriteLedger
    from cpi.errors import BuildError

    session = (SparkSession.builder.master(master).appName("cpi-partial-write-probe")
               .config("spark.driver.host", "127.0.0.1").config("spark.executor.memory", "512m")
               .config("spark.driver.memory", "512m").config("spark.ui.enabled", "false")
               .config("spark.sql.catalogImplementation", "in-memory").config("spark.sql.warehouse.dir", warehouse)
               .getOrCreate())  # fmt: skip
    try:
        context, deadline = session.sparkContext._jsc.sc(), time.monotonic() + 180
        while context.getExecutorMemoryStatus().size() < 3 and time.monotonic() < deadline:  # driver + 2
            time.sleep(1)  # both executors registered, so both get write tasks
        session.sql("create database main")
        session.sql(f"create table main.stg_raw__respondents using parquet as "
                    f"select /*+ repartition({TASKS}) */ id from range({ROWS})")  # fmt: skip
        found = driver_rows(Path(warehouse) / "main.db" / "stg_raw__respondents")
        try:
            WriteLedger(session).check("dbt round 1", {"main.stg_raw__respondents": "stg_raw__respondents"})
            message = None
        except BuildError as exc:
            message = str(exc)
        print(json.dumps({"written": ROWS, "found": found, "message": message}), flush=True)
    finally:
        session.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
