"""A BI query written against the first publication of a mart version still runs on a release:
every column of the contract snapshot (tests/fixtures/contracts/published_mart_columns.json,
written from the git history of the marts' yml) is selectable from the published relation. A
column whose source is gone keeps its documented meaning: ``n_replicates`` is null since the
variances are linearised (no replicates are drawn)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from release_data.connection import Release

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = json.loads((REPO / "tests" / "fixtures" / "contracts" / "published_mart_columns.json").read_text())


@pytest.mark.parametrize("relation", sorted(SNAPSHOT))
def test_a_query_on_the_first_publication_still_runs(release: Release, relation: str) -> None:
    columns = ", ".join(f'"{c}"' for c in SNAPSHOT[relation])
    release.read(f"select {columns} from marts.{relation} limit 1")


def test_replicate_counts_are_null_where_no_replicates_are_drawn(release: Release) -> None:
    with_method = release.read(
        "select table_name from information_schema.columns where table_schema = 'marts' "
        "and column_name = 'variance_method' and table_name in "
        "(select table_name from information_schema.columns where table_schema = 'marts' "
        "and column_name = 'n_replicates')"
    )["table_name"]
    assert len(with_method) > 0
    for table in with_method:
        n = release.read(f"select count(*) as n, count(n_replicates) as k from marts.{table}")
        assert n["n"].iloc[0] > 0 and n["k"].iloc[0] == 0, table
