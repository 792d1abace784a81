"""Pieces of the cluster engine that need no JVM: the raw store published to shared storage, the
write check's reading of Spark's plans, and the column types of group-by-group results."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from cpi.engines.spark.by_group import column_types, unify
from cpi.engines.spark.commits import Write, WriteLedger, parse_write, table_of
from cpi.engines.spark.shared import SUMS, publish_folder, publish_raw, shared_tables
from cpi.errors import BuildError

# Spark 3.5's plan text of `create table main.t using parquet as select ...` (the nested write)
CTAS_WRITE = (
    "== Physical Plan ==\nExecute InsertIntoHadoopFsRelationCommand (4)\n+- WriteFiles (3)\n\n"
    "(4) Execute InsertIntoHadoopFsRelationCommand\nInput: []\nArguments: file:/s/my shared/warehouse/main.db/t, "
    "false, Parquet, [path=file:/s/my shared/warehouse/main.db/t], Overwrite, [id, s]\n\n"
)
SEED_INSERT = (
    "(3) Execute InsertIntoHadoopFsRelationCommand\nInput: []\nArguments: file:/w/reference.db/ref_x, false, "
    "Parquet, [path=file:/w/reference.db/ref_x], Append, `spark_catalog`.`reference`.`ref_x`, "
    "org.apache.spark.sql.execution.datasources.InMemoryFileIndex(file:/w/reference.db/ref_x), [a]\n\n"
)


def _wave(folder: Path, rows: int) -> Path:
    folder.mkdir(parents=True)
    for table in ("respondents", "responses"):
        pd.DataFrame({"id": range(rows)}).to_parquet(folder / f"{table}.parquet")
    (folder / "validation.json").write_text("{}")
    return folder


def test_a_wave_folder_is_published_once_with_checksums_and_never_changes(tmp_path: Path):
    local = _wave(tmp_path / "store" / "w_2021--abc", 5)
    shared = tmp_path / "shared"
    shared.mkdir()
    [published] = publish_raw([local], str(shared))
    assert published == f"{shared}/raw/w_2021--abc"
    sums = (shared / "raw" / "w_2021--abc" / SUMS).read_text().splitlines()
    assert sorted(sums) == sorted(f"{hashlib.sha256((local / n).read_bytes()).hexdigest()}  {n}"
                                  for n in ("respondents.parquet", "responses.parquet"))  # fmt: skip
    assert not (shared / "raw" / "w_2021--abc" / "validation.json").exists()  # data only
    assert shared_tables([local], [published]) == {
        "respondents": [f"{published}/respondents.parquet"],
        "responses": [f"{published}/responses.parquet"],
    }
    stamp = (shared / "raw" / "w_2021--abc" / "respondents.parquet").stat().st_mtime_ns
    assert publish_folder(local, str(shared)) == published  # complete: not written again
    assert (shared / "raw" / "w_2021--abc" / "respondents.parquet").stat().st_mtime_ns == stamp


def test_a_folder_without_its_checksums_is_written_again_and_a_changed_one_is_refused(tmp_path: Path):
    local, shared = _wave(tmp_path / "store" / "w--k", 5), tmp_path / "shared"
    (shared / "raw" / "w--k").mkdir(parents=True)
    (shared / "raw" / "w--k" / "respondents.parquet").write_bytes(b"half a file")  # a killed build's
    publish_folder(local, str(shared))
    assert (shared / "raw" / "w--k" / "respondents.parquet").read_bytes() == (
        local / "respondents.parquet"
    ).read_bytes()
    (shared / "raw" / "w--k" / "responses.parquet").write_bytes(b"changed by someone")
    with pytest.raises(BuildError, match=r"differs from .*never change.*Fix: remove that folder"):
        publish_folder(local, str(shared))


def test_the_write_check_reads_the_location_mode_and_rows_of_a_write():
    ctas = parse_write(7, CTAS_WRITE, {"number of output rows": "5,930", "number of written files": "2"})
    assert (ctas.location, ctas.mode, ctas.rows) == ("file:/s/my shared/warehouse/main.db/t", "Overwrite", 5930)
    seed = parse_write(8, SEED_INSERT, {"number of output rows": "12"})
    assert (seed.location, seed.mode, seed.rows) == ("file:/w/reference.db/ref_x", "Append", 12)
    assert parse_write(9, "== Physical Plan ==\nDropTable (1)\n", {}) is None
    assert table_of("file:/s/my%20shared/warehouse/main.db/stg_x") == "main.stg_x"
    assert table_of("s3a://bucket/wh/marts.db/fct_y/") == "marts.fct_y" and table_of("file:/tmp/x") is None


def test_group_results_get_one_type_per_column():
    typed = column_types(pd.DataFrame({"wave_id": ["a"], "n": [1], "value": [0.5], "note": [None]}))
    empty = column_types(
        pd.DataFrame(
            {
                "wave_id": pd.Series([], dtype=object),
                "n": pd.Series([], dtype=object),
                "value": pd.Series([], dtype=object),
                "note": pd.Series([], dtype=object),
            }
        )
    )
    assert unify([empty, typed], "main.m") == [("wave_id", "string"), ("n", "bigint"), ("value", "double"),
                                               ("note", "string")]  # fmt: skip
    ints = column_types(pd.DataFrame({"wave_id": ["b"], "n": [2], "value": [3], "note": ["x"]}))
    assert dict(unify([typed, ints], "main.m"))["value"] == "double"
    text = column_types(pd.DataFrame({"wave_id": ["c"], "n": ["two"], "value": [1.0], "note": ["y"]}))
    with pytest.raises(BuildError, match="main.m: column n is bigint in one group and string in another"):
        unify([typed, text], "main.m")


class _Ledger(WriteLedger):
    """The write check with the status store and the read-back replaced (no JVM)."""

    def __init__(self, writes: list[Write], rows: dict[str, int | Exception]):
        super().__init__(session=None)
        self._writes, self._rows = writes, rows

    def _executions(self):
        return iter(self._writes)

    def rows_now(self, location: str) -> int | None:
        value = self._rows[location]
        if isinstance(value, Exception):
            raise value
        return value


def test_a_table_no_node_can_read_back_fails_the_check_naming_the_model():
    """On a cluster whose warehouse is each node's own disk, counting a table's rows may run on the
    node that lacks its files: that is the same fault as a short table, reported as such."""
    whole, short, lost = (f"file:/w/main.db/{name}" for name in ("stg_a", "stg_b", "stg_c"))
    ledger = _Ledger(
        [Write(1, whole, "Overwrite", 10), Write(2, short, "Overwrite", 10), Write(3, lost, "Overwrite", 8)],
        {
            whole: 10,
            short: 4,
            lost: RuntimeError("java.io.FileNotFoundException:\nFile file:/w/x.parquet does not exist"),
        },
    )
    models = {"main.stg_a": "stg_a", "main.stg_b": "stg_b", "main.stg_c": "stg_c"}
    with pytest.raises(BuildError) as failed:
        ledger.check("dbt round 1", models)
    message = str(failed.value)
    assert "model stg_b (main.stg_b): 4 of 10 rows written" in message
    assert "model stg_c (main.stg_c): 8 rows written, but not every node reads its files" in message
    assert "File file:/w/x.parquet does not exist" in message and "stg_a" not in message
    assert "Fix: put the Spark warehouse on storage every node shares (CPI_SPARK_SHARED" in message
    assert "\n" not in message  # one line
