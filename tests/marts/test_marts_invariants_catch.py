"""The invariant tests (macros/invariant_tests.sql) fail when a mart breaks its invariant.

A copy of the session build's release is damaged in known ways -- the 2023 sample profile's
double-counted regions among them -- and `dbt test` runs the invariant tests against it: each
damaged mart's test must fail, the same test on undamaged marts must still pass.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

DAMAGE = [
    # the round-1 bug: every region counted twice (2023 regions summed to 3,232 for 1,616)
    "update marts.fct_sample_profile_v1 set n_respondents = 2 * n_respondents where factor = 'region'",
    "update marts.fct_sample_profile_v2 set n_respondents = 2 * n_respondents where factor = 'region'",
    (
        "update marts.fct_item_scores_by_group_v2 set n_valid = n_valid + 1"
        " where factor = 'gender' and group_code = 'male' and item_code = 'gen_attitude'"
    ),
    "update marts.fct_indicators_v1 set value = value + 0.01 where year = 2023 and indicator_code = 'economic'",
    "update marts.fct_item_scores_v2 set ci_low = score + 0.01 where item_code = 'gen_attitude'",
    # the round-2 gap: the 'missing' groups had a value but no interval (a null bound passed)
    "update marts.fct_indicators_by_group_v2 set ci_low = null, ci_high = null where group_code = 'missing'",
    "update marts.fct_multi_response_v1 set n_selected = n_base + 1 where question_code = 'concerns'",
    (
        "update marts.fct_indicator_change_contributions_v1 set contribution = contribution + 1e-9"
        " where component_code = 'gen_attitude'"
    ),
    # coverage: a complete-flagged row with an item missing, and a change from a row not complete
    (
        "update marts.fct_indicators_v2 set n_items_present = n_items_present - 1"
        " where wave_id = 'cpi_2023_12' and indicator_code = 'economic'"
    ),
    (
        "update marts.fct_indicators_v2 set is_complete = false, coverage_status = 'partial',"
        " not_computed_reason = 'damaged' where wave_id = 'cpi_2021_12' and indicator_code = 'cultural'"
    ),
]
MUST_FAIL = {
    ("group_counts_add_up", "fct_sample_profile_v1"),
    ("share_matches_counts", "fct_sample_profile_v1"),
    ("group_counts_add_up", "fct_sample_profile_v2"),
    ("share_matches_counts", "fct_sample_profile_v2"),
    ("group_counts_add_up", "fct_item_scores_by_group_v2"),
    ("indicator_is_mean_of_items", "fct_indicators_v1"),
    ("composite_is_mean_of_indicators", "fct_indicators_v1"),
    ("value_within_interval", "fct_item_scores_v2"),
    ("value_within_interval", "fct_indicators_by_group_v2"),
    ("numerator_at_most_base", "fct_multi_response_v1"),
    ("share_matches_counts", "fct_multi_response_v1"),
    ("parts_sum_to_whole", "fct_indicator_change_contributions_v1"),
    ("coverage_is_consistent", "fct_indicators_v2"),
    ("changes_between_comparable_rows", "fct_indicator_changes_v1"),
}
MUST_PASS = {
    ("group_counts_add_up", "fct_answer_distribution_v1"),
    ("group_counts_add_up", "fct_indicators_by_group_v2"),
    ("indicator_is_mean_of_items", "fct_indicators_v2"),
    ("value_within_interval", "fct_indicators_v2"),
    ("numerator_at_most_base", "fct_projects_v1"),
    ("coverage_is_consistent", "fct_indicators_v1"),
    ("coverage_is_consistent", "fct_indicators_by_group_v2"),
}
TESTS = sorted({name for name, _ in MUST_FAIL | MUST_PASS})


@pytest.mark.slow
def test_invariant_tests_fail_on_damaged_marts(built_warehouse: Path, tmp_path: Path) -> None:
    from cpi.dbt.runner import run_dbt

    damaged = tmp_path / "damaged.duckdb"
    shutil.copyfile(built_warehouse.resolve(), damaged)
    con = duckdb.connect(str(damaged))
    try:
        for statement in DAMAGE:
            con.execute(statement)
    finally:
        con.close()
    target = tmp_path / "target"
    run_dbt(
        ["test", "--select", *[f"test_name:{name}" for name in TESTS]],
        db_path=damaged,
        target_path=target,
        log_path=tmp_path / "logs",
    )
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    status: dict[tuple[str, str], set[str]] = {}
    for result in results:
        test_id = result["unique_id"].split(".")[2]
        for name in TESTS:
            for model in {m for _, m in MUST_FAIL | MUST_PASS}:
                if test_id.startswith(f"{name}_{model}_"):
                    status.setdefault((name, model), set()).add(result["status"])
    missing = sorted((MUST_FAIL | MUST_PASS) - set(status))
    assert not missing, f"no such test ran: {missing}"
    not_caught = sorted(key for key in MUST_FAIL if "fail" not in status[key])
    assert not not_caught, f"damage not caught by: {not_caught}"
    broken = sorted(key for key in MUST_PASS if status[key] != {"pass"})
    assert not broken, f"tests on undamaged marts failed: {broken}"
