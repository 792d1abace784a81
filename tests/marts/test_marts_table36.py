"""Table 36: every printed factor x indicator cell gets a decision from the documented rule.

The agreement with the printed marks is reported in docs/marts.md, not asserted: the rule is
not tuned to the marks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "published_tables.csv"


def printed_marks() -> pd.DataFrame:
    ref = pd.read_csv(REFERENCE, dtype={"table": str})
    marks = ref[ref.table == "36"].copy()
    marks["indicator_code"] = marks.measure.str.removeprefix("influential:")
    return marks.rename(columns={"group_code": "_", "value": "printed"})[
        ["year", "factor", "indicator_code", "printed"]
    ]


def test_every_printed_cell_has_a_statistic_and_decision(q) -> None:
    computed = q(
        "select year, factor, indicator_code, statistic_name, statistic_value, p_value,"
        " is_influential, rule from marts.fct_factor_differences"
    )
    merged = printed_marks().merge(computed, on=["year", "factor", "indicator_code"], how="left")
    assert len(merged) == 24
    assert merged.statistic_name.eq("kruskal_wallis_epsilon_squared").all()
    assert merged.statistic_value.between(0, 1).all() and merged.p_value.between(0, 1).all()
    expected = (merged.statistic_value >= 0.01) & (merged.p_value < 0.05)
    assert (merged.is_influential.astype(bool) == expected).all()
