"""Same inputs, same bits: a second build of the demo data publishes marts whose contents are
byte-identical to the session build's (every value, to the last bit of every double).

Each mart is hashed independently of row order: every row is rendered exactly (doubles by their
IEEE bits), the rows are sorted, and the sorted rows hashed. Build metadata (build_info and the
run history) is left out: it records ids and times.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import duckdb
import pytest

RAW_DIR = Path(__file__).resolve().parents[2] / "data" / "raw"
SKIP = {"build_info", "run_history", "release_revisions", "release_figure_revisions"}  # ids, times, revisions


def exact(value: object) -> str:
    if isinstance(value, float):
        return "f" + struct.pack("<d", value).hex()
    return repr(value)


def mart_hashes(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
            ).fetchall()
            if name not in SKIP
        ]
        hashes = {}
        for table in tables:
            result = con.execute(f"select * from marts.{table}").fetchall()
            rows = sorted("|".join(exact(v) for v in row) for row in result)
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            hashes[table] = f"{len(rows)}:{digest}"
        return hashes
    finally:
        con.close()


@pytest.mark.slow
def test_two_builds_of_the_same_inputs_give_identical_marts(built_warehouse: Path, tmp_path: Path) -> None:
    from cpi.build.run import run_build
    from cpi.publish.pointer import published_path

    out = tmp_path / "second"
    run_build(RAW_DIR, out, keep=1)
    first, second = mart_hashes(built_warehouse), mart_hashes(published_path(out))
    assert len(first) >= 30, sorted(first)  # v1 and v2 marts, dims
    differing = sorted(t for t in first if first[t] != second.get(t))
    assert set(first) == set(second)
    assert differing == [], f"marts differ between two builds of the same inputs: {differing}"
