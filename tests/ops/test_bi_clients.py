"""BI clients open the published file read-only and find marts, and nothing respondent-level:
an older DuckDB (1.1, in its own environment, as a BI tool would bundle it) and SQLAlchemy via
duckdb-engine (how Superset connects)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import create_engine, inspect, text

from ingest.release import RESPONDENT_COLUMNS

OLD_DUCKDB = "1.1.3"
REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
relations = con.execute(
    "select table_schema, table_name, table_type from information_schema.tables order by all"
).fetchall()
columns = con.execute("select table_schema, table_name, column_name from information_schema.columns").fetchall()
indicators = con.execute("select count(*), sum(value) from marts.fct_indicators").fetchone()
build_id = con.execute("select build_id from marts.build_info").fetchone()[0]
print(json.dumps({"version": duckdb.__version__, "relations": relations, "columns": columns,
                  "indicators": indicators, "build_id": build_id}))
"""


@pytest.fixture(scope="session")
def old_duckdb_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with only duckdb==1.1.3 installed (uv from `make setup` if present, else pip)."""
    venv = tmp_path_factory.mktemp("duckdb-old") / "venv"
    uv = REPO / ".tools" / "bin" / "uv"
    if uv.is_file():
        steps = [[str(uv), "venv", "-q", str(venv), "--python", sys.executable],
                 [str(uv), "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
                  f"duckdb=={OLD_DUCKDB}"]]  # fmt: skip
    else:
        steps = [[sys.executable, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"duckdb=={OLD_DUCKDB}"]]  # fmt: skip
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False, timeout=600)
        if done.returncode != 0:
            message = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
            offline = ("connect", "network", "resolve", "timed out", "failed to fetch", "sending request", "dns")
            if any(word in message[0].lower() for word in offline):
                pytest.skip(f"package index unreachable, cannot install duckdb=={OLD_DUCKDB}: {message[0]}")
            raise AssertionError(f"{' '.join(step)} failed: {done.stderr}")
    return venv / "bin" / "python"


def test_duckdb_1_1_reads_the_published_release(built_warehouse: Path, old_duckdb_python: Path) -> None:
    probe = subprocess.run(
        [str(old_duckdb_python), "-c", PROBE, str(built_warehouse)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    assert seen["version"] == OLD_DUCKDB
    relations = {(schema, name): kind for schema, name, kind in seen["relations"]}
    assert {schema for schema, _ in relations} == {"marts", "reference"}
    assert relations[("marts", "fct_indicators")] == "VIEW"  # latest-version views bind in 1.1
    assert relations[("marts", "fct_indicators_v1")] == "BASE TABLE"
    assert not [c for c in seen["columns"] if c[2].lower() in RESPONDENT_COLUMNS]
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        expected = con.execute("select count(*), sum(value) from marts.fct_indicators").fetchone()
        build_id = con.execute("select build_id from marts.build_info").fetchone()[0]
    assert seen["indicators"][0] == expected[0] and seen["indicators"][1] == pytest.approx(expected[1])
    assert seen["build_id"] == build_id


def test_sqlalchemy_duckdb_engine_reads_the_published_release(built_warehouse: Path) -> None:
    engine = create_engine(f"duckdb:///{built_warehouse}", connect_args={"read_only": True})
    try:
        inspector = inspect(engine)
        schemas = {s.split(".")[-1] for s in inspector.get_schema_names()}
        assert {"marts", "reference"} <= schemas
        assert not schemas & {"raw", "staging", "intermediate"}
        tables = set(inspector.get_table_names(schema="marts"))
        views = set(inspector.get_view_names(schema="marts"))
        assert {"fct_indicators_v1", "build_info", "run_history"} <= tables
        assert {"fct_indicators", "fct_item_scores"} <= views
        for name in tables | views:
            columns = {c["name"].lower() for c in inspector.get_columns(name, schema="marts")}
            assert not columns & RESPONDENT_COLUMNS, name
        with engine.connect() as connection:
            n = connection.execute(text("select count(*) from marts.fct_indicators where year = 2023")).scalar()
            assert n == 5  # four indicators and the composite
            with pytest.raises(Exception, match="read-only"):
                connection.execute(text("create table marts.scratch as select 1 as x"))
    finally:
        engine.dispose()


def test_a_copy_of_the_release_needs_nothing_else(built_warehouse: Path, tmp_path: Path) -> None:
    """The published file is self-contained: copied alone to another place, every view binds."""
    copy = tmp_path / "cpi.duckdb"
    shutil.copyfile(built_warehouse, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        views = con.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'VIEW'"
        ).fetchall()
        assert views
        for schema, name in views:
            con.execute(f'select * from {schema}."{name}" limit 1').fetchall()
