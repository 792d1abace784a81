"""``cpi releases`` / ``cpi rollback``: which release is published, and putting an older one back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ops_helpers import build_ids
from publish_helpers import fake_release, read_build_id, run_cpi

from cpi.errors import PublishError
from cpi.publish import pointer as publish
from cpi.publish.history import read_records, rolled_back_fingerprints
from cpi.publish.operations import release_summaries, rollback


def test_rollback_defaults_to_the_release_before_the_published_one(tmp_path: Path, releases) -> None:
    ids = releases(3)
    assert rollback(tmp_path) == (ids[2], ids[1])
    assert read_build_id(tmp_path / "cpi.duckdb") == ids[1]
    assert rollback(tmp_path) == (ids[1], ids[0])  # and again, one further back
    with pytest.raises(PublishError, match="no release older than"):
        rollback(tmp_path)
    (record, *_) = [r for r in read_records(tmp_path / "runs" / "history.jsonl") if r["outcome"] == "rolled_back"]
    assert record["outcome"] == "rolled_back"
    assert (record["from_build_id"], record["build_id"]) == (ids[2], ids[1])
    assert record["from_inputs_fingerprint"] == "fp2"
    assert record["started_at"] <= record["ended_at"]


def test_rollback_to_a_named_release_and_refusals(tmp_path: Path, releases) -> None:
    ids = releases(3, published=0)
    assert rollback(tmp_path, ids[2]) == (ids[0], ids[2])  # "roll forward" to a named one
    with pytest.raises(PublishError, match="already the published release"):
        rollback(tmp_path, ids[2])
    with pytest.raises(PublishError, match="no release 20990101"):
        rollback(tmp_path, "20990101T000000Z-abcdef")
    (bad,) = build_ids(1)
    bad = bad.replace("20260101", "20250101")
    fake_release(tmp_path, bad, tests_failed=2)
    with pytest.raises(PublishError, match="2 dbt test"):
        rollback(tmp_path, bad)
    (old,) = [i.replace("20260101", "20240101") for i in build_ids(1)]
    fake_release(tmp_path, old, extra_sql="create table marts.leak as select '1' as respondent_id")
    with pytest.raises(PublishError, match="respondent-level"):
        rollback(tmp_path, old)
    assert read_build_id(tmp_path / "cpi.duckdb") == ids[2], "a refused rollback changes nothing"


def test_rolled_back_inputs_stay_blocked_until_published_again() -> None:
    records = [
        {"outcome": "published", "inputs_fingerprint": "A", "build_id": "a"},
        {"outcome": "published", "inputs_fingerprint": "B", "build_id": "b"},
        {"outcome": "rolled_back", "from_build_id": "b", "from_inputs_fingerprint": "B"},
        {"outcome": "skipped", "inputs_fingerprint": "B"},
    ]
    assert rolled_back_fingerprints(records) == {"B": "b"}
    records.append({"outcome": "published", "inputs_fingerprint": "B", "build_id": "b2"})  # --force
    assert rolled_back_fingerprints(records) == {}


def test_cli_releases_and_rollback_say_what_they_did(tmp_path: Path, releases) -> None:
    ids = releases(2)
    listed = run_cpi("releases", "--out", str(tmp_path), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["build_id"], r["published"], r["waves"]) for r in rows] == [
        (ids[0], False, ["w1", "w2"]),
        (ids[1], True, ["w1", "w2"]),
    ]
    assert [r["size_bytes"] for r in rows] == [publish.new_release_path(tmp_path, i).stat().st_size for i in ids]
    table = run_cpi("releases", "--out", str(tmp_path))
    assert all(i in table.stdout for i in ids) and "10/10" in table.stdout  # no id cut at 80 columns
    assert "waves of the published release: w1, w2" in table.stdout
    done = run_cpi("rollback", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert f"now points at {ids[0]}" in done.stdout and f"was {ids[1]}" in done.stdout
    assert [s.published for s in release_summaries(tmp_path)] == [True, False]
    refused = run_cpi("rollback", "--out", str(tmp_path))
    assert refused.returncode == 1 and "no release older than" in refused.stderr
    assert "Traceback" not in refused.stderr
