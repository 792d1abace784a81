"""A published mart version keeps every column it ever had, with its type (docs/marts.md,
"Changing a published mart"): adding a column is allowed in place, removing, renaming or
retyping one needs a new version.

Two floors, both independent of the models under test: the contract snapshot
(tests/fixtures/contracts/published_mart_columns.json, each version's columns at its first
publication, written from the git history of the yml by ``mart_columns.py``) and the git history
itself (every column any committed yml of HEAD's history declared), which also catches a column
added after the snapshot and removed later, and a change that edits the snapshot to match.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import mart_columns
import pytest
import yaml
from mart_columns import REPO, SNAPSHOT, Columns

# DuckDB's (and dbt's) names for one type: a rename of the spelling is not a change of type
_SAME_TYPE = {
    "string": "varchar",
    "text": "varchar",
    "char": "varchar",
    "bpchar": "varchar",
    "int": "integer",
    "int4": "integer",
    "signed": "integer",
    "int8": "bigint",
    "long": "bigint",
    "float8": "double",
    "numeric": "decimal",
    "bool": "boolean",
    "logical": "boolean",
    "float4": "float",
    "real": "float",
}


def _type(kind: str) -> str:
    kind = kind.strip().lower()
    return _SAME_TYPE.get(kind, kind)


def _broken(published: dict[str, Columns], now: dict[str, Columns]) -> list[str]:
    problems = []
    for relation, columns in published.items():
        if relation not in now:
            problems.append(f"{relation}: version removed")
            continue
        for name, kind in columns.items():
            if name not in now[relation]:
                problems.append(f"{relation}.{name}: column removed")
            elif kind and now[relation][name] and _type(kind) != _type(now[relation][name]):
                problems.append(f"{relation}.{name}: data_type {kind} -> {now[relation][name]}")
    return problems


def _fix(problems: list[str]) -> str:
    return (
        "published mart contract changed in place:\n  "
        + "\n  ".join(problems)
        + "\nFix: keep the column (null or derived, its meaning in the yml) and add new columns beside it, "
        "or publish a new version (docs/marts.md, 'Changing a published mart')."
    )


def test_version_columns_follow_dbt_rules() -> None:
    doc = yaml.safe_load(
        """
models:
- name: m
  columns: [{name: a, data_type: integer}, {name: b, data_type: string}]
  versions:
  - v: 1
  - v: 2
    columns: [{include: all, exclude: [b]}, {name: c, data_type: double}]
  - v: 3
    columns: [{include: []}, {name: d, data_type: date}]
  - v: 4
    columns: [{name: e, data_type: boolean}]
- name: plain
  columns: [{name: x, data_type: string}]
"""
    )
    got = {name: columns for name, columns, _ in mart_columns.model_versions(doc)}
    assert got == {
        "m_v1": {"a": "integer", "b": "string"},
        "m_v2": {"a": "integer", "c": "double"},
        "m_v3": {"d": "date"},
        "m_v4": {"a": "integer", "b": "string", "e": "boolean"},
        "plain": {"x": "string"},
    }


def test_snapshot_columns_are_all_still_published() -> None:
    published = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert published, SNAPSHOT
    problems = _broken(published, mart_columns.current())
    assert not problems, _fix(problems)


def test_the_check_catches_a_removed_retyped_or_dropped_version() -> None:
    published = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = mart_columns.current()
    relation = next(r for r, columns in published.items() if len(columns) > 1)
    first, second = list(published[relation])[:2]
    damaged = {r: dict(columns) for r, columns in now.items()}
    del damaged[relation][first]
    damaged[relation][second] = "a_type_nobody_uses"
    dropped = next(r for r in now if r != relation)
    del damaged[dropped]
    new_problems = set(_broken(published, damaged)) - set(_broken(published, now))
    assert sorted(new_problems) == sorted(
        [
            f"{dropped}: version removed",
            f"{relation}.{first}: column removed",
            f"{relation}.{second}: data_type {published[relation][second]} -> a_type_nobody_uses",
        ]
    )


def _history_available() -> bool:
    if shutil.which("git") is None:
        return False
    probe = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _history_available(), reason="no git history (e.g. a source archive)")
def test_no_column_any_committed_yml_declared_has_gone() -> None:
    now = mart_columns.current()
    ever: dict[str, Columns] = {}
    last_definition: dict[str, dict] = {}
    for _, state in mart_columns.committed():
        for relation, (columns, definition) in state.items():
            for name, kind in columns.items():
                ever.setdefault(relation, {}).setdefault(name, kind)
            last_definition[relation] = definition
    assert ever, "no committed mart yml found in HEAD's history"
    # a version may go only after its announced deprecation date
    retired = {
        relation
        for relation, definition in last_definition.items()
        if relation not in now
        and definition.get("deprecation_date")
        and date.fromisoformat(str(definition["deprecation_date"])[:10]) <= date.today()
    }
    problems = _broken({r: c for r, c in ever.items() if r not in retired}, now)
    assert not problems, _fix(problems)


def test_every_mart_enforces_its_contract() -> None:
    """The yml is what the table has only when dbt enforces the contract."""
    for path in sorted((REPO / mart_columns.MARTS_DIR).glob("_*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models") or []:
            assert (model.get("config") or {}).get("contract", {}).get("enforced") is True, (path.name, model["name"])
