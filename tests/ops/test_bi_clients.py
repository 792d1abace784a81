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

from cpi.publish.release import RESPONDENT_COLUMNS

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
        steps = [
            [str(uv), "venv", "-q", str(venv), "--python", sys.executable],
            [str(uv), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), f"duckdb=={OLD_DUCKDB}"],
        ]
    else:
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", f"duckdb=={OLD_DUCKDB}"],
        ]
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
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
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


SQLALCHEMY_PROBE = """
import json, sys
from sqlalchemy import create_engine, inspect, text
engine = create_engine(f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True})
inspector = inspect(engine)
marts = set(inspector.get_table_names(schema="marts")) | set(inspector.get_view_names(schema="marts"))
with engine.connect() as connection:
    n_2023 = connection.execute(text("select count(*) from marts.fct_indicators where year = 2023")).scalar()
    try:
        connection.execute(text("create table marts.scratch as select 1 as x"))
        write = "allowed"
    except Exception as exc:
        write = str(exc)
print(json.dumps({
    "schemas": inspector.get_schema_names(),
    "tables": sorted(inspector.get_table_names(schema="marts")),
    "views": sorted(inspector.get_view_names(schema="marts")),
    "columns": {name: [c["name"] for c in inspector.get_columns(name, schema="marts")] for name in sorted(marts)},
    "n_2023": n_2023, "write": write,
}))
"""


def test_sqlalchemy_duckdb_engine_reads_the_published_release(built_warehouse: Path) -> None:
    """As Superset connects: SQLAlchemy + duckdb-engine, its own process, read-only."""
    probe = subprocess.run(
        [sys.executable, "-c", SQLALCHEMY_PROBE, str(built_warehouse)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    schemas = {s.split(".")[-1] for s in seen["schemas"] if s.split(".")[0].strip('"') == "cpi"}
    assert schemas >= {"marts", "reference"} and not schemas & {"raw", "staging", "intermediate"}
    assert {"fct_indicators_v1", "build_info", "run_history"} <= set(seen["tables"])
    assert {"fct_indicators", "fct_item_scores"} <= set(seen["views"])
    for name, columns in seen["columns"].items():
        assert not {c.lower() for c in columns} & RESPONDENT_COLUMNS, name
    assert seen["n_2023"] == 5  # four indicators and the composite
    assert "read-only" in seen["write"]


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
