"""Smoke test: ``cpi bench`` at x1 (one cold build, the floor, the pandas script).

Checks the JSON's structure and that the three computations agree; no timing is asserted.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cpi.cli.main import app

pytestmark = pytest.mark.slow

BUILD_STAGES = ["discover", "read", "validate", "load", "dbt_parse", "dbt_seed", "dbt_run", "dbt_test", "publish"]


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("bench")
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "--scale",
            "1",
            "--monthly",
            "0",
            "--runs",
            "cold",
            "--out",
            str(root / "runs"),
            "--cache",
            str(root / "cache"),
            "--json",
            str(root / "bench.json"),
            "--note",
            "smoke test",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (root / "bench.md").is_file()
    assert not (root / "runs" / "x1" / "warehouse").exists()  # warehouses are removed after use
    return json.loads((root / "bench.json").read_text(encoding="utf-8"))


def test_record_describes_machine_and_versions(record: dict) -> None:
    assert record["machine"]["cpu_count"] >= 1 and record["machine"]["memory_total_bytes"] > 0
    for package in ("python", "duckdb", "dbt-core", "dbt-duckdb", "great-expectations", "pandas", "pyreadstat"):
        assert record["versions"][package][0].isdigit(), package
    assert record["settings"]["scales"] == [1] and record["note"] == "smoke test"


def test_cold_build_has_every_stage(record: dict) -> None:
    (scenario,) = record["scenarios"]
    assert scenario["name"] == "x1" and scenario["waves"] == 4
    assert scenario["respondents"] == sum(scenario["respondents_by_wave"].values()) > 5000
    assert list(scenario["builds"]) == ["cold"]
    cold = scenario["builds"]["cold"]
    assert cold["status"] == "ok" and cold["repeats"] == 1 and len(cold["runs"]) == 1
    assert list(cold["stages"])[:10] == ["startup", *BUILD_STAGES]  # in build order
    for key in BUILD_STAGES:
        stage = cold["stages"][key]
        assert stage["wall_seconds"] > 0, key
        assert stage["peak_rss_bytes"] > 0 or key in ("discover", "dbt_seed"), (
            key
        )  # short ones may fall between samples
    assert sum(s["wall_seconds"] for s in cold["stages"].values()) == pytest.approx(cold["wall_seconds"], rel=0.05)
    assert cold["peak_rss_bytes"] == max(s["peak_rss_bytes"] for s in cold["stages"].values())
    assert cold["runs"][0]["details"]["dbt"]["tests_total"] > 0


def test_floor_pandas_and_warehouse_agree(record: dict) -> None:
    (scenario,) = record["scenarios"]
    assert scenario["floor"]["status"] == "ok" and scenario["pandas"]["status"] == "ok"
    assert set(scenario["floor"]["stages"]) >= {"read", "load", "query"}
    assert set(scenario["pandas"]["stages"]) >= {"read", "compute"}
    agreement = scenario["agreement"]
    assert agreement["agree"] and agreement["complete"]
    for pair in ("warehouse_vs_floor", "pandas_vs_floor"):
        assert agreement[pair]["rows_compared"] > 1000 and agreement[pair]["rows_differing"] == 0
    ratios = scenario["ratios"]
    compute = (
        scenario["builds"]["cold"]["stages"]["dbt_run"]["wall_seconds"]
        + scenario["builds"]["cold"]["stages"]["dbt_test"]["wall_seconds"]
    )
    assert ratios["warehouse_compute_seconds"] == pytest.approx(compute)
    assert ratios["compute_over_floor"] == pytest.approx(compute / ratios["floor_query_seconds"], abs=0.01)
