"""Each row of fct_factor_differences_v2 gets the p-value adjusted by its own adjustment_method:
the column its is_influential was decided on (the dashboard and the report read it here)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from presentation.p_values import adjusted_p


def test_each_row_gets_the_p_of_its_own_method() -> None:
    df = pd.DataFrame(
        {
            "adjustment_method": ["holm", "bh", "bh", "holm"],
            "p_value_holm": [0.04, 0.30, 0.90, None],
            "p_value_bh": [0.02, 0.10, 0.45, 0.07],
        },
        index=[7, 3, 5, 1],
    )
    got = adjusted_p(df)
    assert list(got.index) == [7, 3, 5, 1]
    assert got.loc[7] == 0.04 and got.loc[3] == 0.10 and got.loc[5] == 0.45
    assert math.isnan(got.loc[1])  # a holm row never borrows the bh p


def test_an_unknown_method_is_refused_with_a_fix() -> None:
    df = pd.DataFrame(
        {"adjustment_method": ["holm", "bonferroni"], "p_value_holm": [0.1, 0.2], "p_value_bh": [0.1, 0.2]}
    )
    with pytest.raises(ValueError, match=r"'bonferroni'.*Fix: set the dbt var influence_p_adjustment"):
        adjusted_p(df)
