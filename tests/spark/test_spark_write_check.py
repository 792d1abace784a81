"""The write check on a local session: the rows each write's tasks reported, per table, against the
rows the driver reads back (cpi/engines/spark/commits.py).

A table made by a query that reads more rows than it writes (a filter, an aggregate), a table
filled by several inserts (a seed), a table overwritten, and a table dropped after its write
(scratch) are all counted right; a table one of whose committed files the driver cannot see
(here: removed after the write, as a worker's own disk keeps it on a cluster) fails the check,
named. The cluster itself is in test_spark_marts.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpi.engines.spark.commits import WriteLedger
from cpi.errors import BuildError

pytestmark = [pytest.mark.slow, pytest.mark.spark]


@pytest.fixture(scope="module")
def session(spark_stack: None, tmp_path_factory: pytest.TempPathFactory):
    from pyspark.sql import SparkSession

    warehouse = tmp_path_factory.mktemp("write_check")
    started = (SparkSession.builder.master("local[2]").appName("cpi-write-check-test")
               .config("spark.ui.enabled", "false").config("spark.sql.catalogImplementation", "in-memory")
               .config("spark.sql.warehouse.dir", str(warehouse)).config("spark.driver.memory", "512m")
               .config("spark.sql.shuffle.partitions", "1").getOrCreate())  # fmt: skip
    started.sql("create database main")
    yield started
    started.stop()


def test_rows_written_are_counted_per_table_whatever_the_plan_reads(session):
    ledger = WriteLedger(session)
    session.sql("create table main.src using parquet as select id, id % 7 as g from range(1000)")
    session.sql("create table main.agg using parquet as select g, count(*) as n from main.src where id > 10 group by g")
    session.sql("create table main.seed (a int) using parquet")
    session.sql("insert into main.seed values (1), (2), (3)")
    session.sql("insert into main.seed values (4), (5)")
    session.sql("create table main.scratch using parquet as select * from range(5)")
    session.sql("drop table main.scratch")
    checked = ledger.check("step 1", {"main.agg": "agg"})
    assert checked == {"main.src": 1000, "main.agg": 7, "main.seed": 5}
    session.sql("insert overwrite table main.seed select 9")
    assert ledger.check("step 2") == {"main.seed": 1}  # only what was written since, overwritten


def test_a_table_missing_a_committed_file_fails_naming_the_model(session):
    ledger = WriteLedger(session)
    session.sql("create table main.respondents using parquet as select /*+ repartition(2) */ id from range(600)")
    folder = Path(session.sql("describe table extended main.respondents").where("col_name = 'Location'")
                  .collect()[0]["data_type"].removeprefix("file:"))  # fmt: skip
    parts = sorted(folder.glob("part-*.parquet"))
    assert len(parts) == 2
    parts[0].unlink()  # a task's committed file, on a disk the driver does not read
    session.catalog.refreshTable("main.respondents")
    remaining = session.table("main.respondents").count()
    with pytest.raises(BuildError) as caught:
        ledger.check("dbt round 1", {"main.respondents": "stg_raw__respondents"})
    assert f"model stg_raw__respondents (main.respondents): {remaining} of 600 rows written" in str(caught.value)
    assert "CPI_SPARK_SHARED" in str(caught.value)
