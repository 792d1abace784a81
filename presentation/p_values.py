"""The p-value a factor difference's ``is_influential`` flag was decided on.

fct_factor_differences_v2 carries both adjusted p-values (``p_value_holm``, ``p_value_bh``) and the
method the build used (``adjustment_method``, dbt var ``influence_p_adjustment``); the dashboard
and the report print the one the flag used, row by row, through this one function.
"""

from __future__ import annotations

import pandas as pd

# the adjusted p-value column for each adjustment_method; is_influential uses the row's method
ADJUSTED_P = {"holm": "p_value_holm", "bh": "p_value_bh"}


def adjusted_p(df: pd.DataFrame) -> pd.Series:
    """Each row's p-value adjusted by its own ``adjustment_method`` (``p_value_holm`` for 'holm',
    ``p_value_bh`` for 'bh'): the p-value that ``is_influential`` was decided on."""
    methods = df["adjustment_method"].astype(str)
    unknown = sorted(set(methods) - set(ADJUSTED_P))
    if unknown:
        raise ValueError(
            f"fct_factor_differences_v2: adjustment_method {unknown[0]!r} is not one of "
            f"{sorted(ADJUSTED_P)}. Fix: set the dbt var influence_p_adjustment to one of them and rebuild."
        )
    out = pd.Series(float("nan"), index=df.index, dtype="float64")
    for method, column in ADJUSTED_P.items():
        rows = methods == method
        out[rows] = df.loc[rows, column].astype("float64")
    return out
