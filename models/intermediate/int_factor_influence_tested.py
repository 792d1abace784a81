"""Table 36 rule: does a background factor influence an indicator?

For each year x factor (with an orientation in ref_factors) x indicator, a Kruskal-Wallis test
of the respondent-level indicator scores across the factor's groups. Effect size
epsilon^2 = H / (n - 1) (Tomczak & Tomczak 2014). Influential when epsilon^2 reaches the
conventional "small effect" threshold (var influence_min_effect, 0.01) and p < 0.05.
"""

import pandas as pd
from scipy import stats

COLUMNS = [
    "year", "factor", "indicator_code", "statistic_name", "test_statistic", "statistic_value",
    "p_value", "n_respondents", "n_groups", "is_influential", "rule",
]


def kruskal_epsilon(samples: list[pd.Series]) -> tuple[float, float, float] | None:
    """(H, epsilon squared, p) of a Kruskal-Wallis test; None when it cannot be computed."""
    samples = [s for s in samples if len(s) >= 2]
    n = sum(len(s) for s in samples)
    if len(samples) < 2 or n < 3:
        return None
    pooled = pd.concat(samples)
    if pooled.nunique() < 2:
        return None
    h, p = stats.kruskal(*samples)
    return float(h), float(h) / (n - 1), float(p)


def model(dbt, session):
    dbt.config(materialized="table")
    min_effect = float(dbt.config.get("influence_min_effect") or 0.01)
    max_p = float(dbt.config.get("influence_max_p") or 0.05)
    rule = (
        f"Kruskal-Wallis across the factor's groups of respondent-level indicator scores; "
        f"influential when epsilon^2 = H/(n-1) >= {min_effect} and p < {max_p}"
    )
    scores = dbt.ref("int_respondent_indicator_scores").df()
    groups = dbt.ref("int_respondent_groups_unpivoted").df()
    factors = dbt.ref("ref_factors").df()
    tested = factors.loc[factors["high_group"].notna(), "factor"].tolist()
    groups = groups[groups["factor"].isin(tested)]
    merged = scores.merge(groups, on=["wave_id", "year", "respondent_id"], how="inner")
    rows = []
    for (year, factor, indicator), frame in merged.groupby(["year", "factor", "indicator_code"]):
        samples = [g["score"].astype(float) for _, g in frame.groupby("group_code")]
        result = kruskal_epsilon(samples)
        if result is None:
            continue
        h, epsilon, p = result
        rows.append({
            "year": int(year), "factor": factor, "indicator_code": indicator,
            "statistic_name": "kruskal_wallis_epsilon_squared", "test_statistic": h,
            "statistic_value": epsilon, "p_value": p, "n_respondents": int(len(frame)),
            "n_groups": int(sum(len(s) >= 2 for s in samples)),
            "is_influential": bool(epsilon >= min_effect and p < max_p), "rule": rule,
        })
    return pd.DataFrame(rows, columns=COLUMNS)
