"""The session build of ``data/raw``: identifiers never reach it, build_info names every input."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyreadstat
import yaml
from publish_helpers import REPO, all_columns, sha256, text_values_containing

RAW = REPO / "data" / "raw"


def _identifiers() -> dict[Path, list[str]]:
    """Data file -> names of its identifier variables (from the codebooks)."""
    found: dict[Path, list[str]] = {}
    for codebook in sorted(RAW.glob("*/codebook.yml")):
        doc = yaml.safe_load(codebook.read_text(encoding="utf-8"))
        names = [v["name"] for v in doc["variables"] if v.get("role") == "identifier"]
        found[codebook.parent / doc["wave"]["file"]] = names
    return found


def _text_values(data_file: Path, columns: list[str], per_column: int = 100) -> list[str]:
    """Distinct identifier texts long enough not to collide with ordinary values."""
    if data_file.suffix.lower() != ".sav" or not columns:
        return []
    frame, _ = pyreadstat.read_sav(str(data_file), usecols=columns)
    values: set[str] = set()
    for column in columns:
        texts = frame[column].dropna().astype(str).str.strip()
        distinct = sorted({t for t in texts if len(t) >= 6 and not t.replace(".", "").isdigit()})
        values.update(distinct[:per_column])
    return sorted(values)


def test_no_identifier_reaches_the_demo_files(built_warehouse: Path, built_work_file: Path) -> None:
    identifiers = _identifiers()
    names = {n.lower() for cols in identifiers.values() for n in cols}
    assert names, "the demo codebooks declare identifier variables"
    needles = [v for f, cols in identifiers.items() for v in _text_values(f, cols)]
    assert needles, "expected identifier texts (phone numbers) in the demo data files"
    for path in (built_warehouse, built_work_file):
        with duckdb.connect(str(path), read_only=True) as con:
            assert not [c for c in all_columns(con) if c[2].lower() in names], path
            assert text_values_containing(con, needles) == [], path
    with duckdb.connect(str(built_work_file), read_only=True) as con:
        loaded = {v.lower() for (v,) in con.execute("select distinct variable_name from raw.responses").fetchall()}
    assert loaded and not loaded & names


def test_build_info_lists_every_demo_input(built_warehouse: Path) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        inputs, failed = con.execute("select inputs, tests_failed from marts.build_info").fetchone()
    recorded = {i["wave_id"]: (i["sha256"], i["codebook_sha256"]) for i in json.loads(inputs)}
    expected = {f.parent.name: (sha256(f), sha256(f.parent / "codebook.yml")) for f in _identifiers()}
    assert recorded == expected
    assert failed == 0
