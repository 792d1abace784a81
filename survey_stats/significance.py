"""Group-difference tests: a bit-stable Kruskal-Wallis with epsilon squared, Holm and
Benjamini-Hochberg adjustment, and the factor x indicator tables of the Table 36 rule."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

#: respondent-level scores are rounded to this many decimals before ranking (see kruskal_wallis).
SCORE_DECIMALS = 9
STATISTIC_NAME = "kruskal_wallis_epsilon_squared"
V1_COLUMNS = ["year", "factor", "indicator_code", "statistic_name", "test_statistic", "statistic_value",
              "p_value", "n_respondents", "n_groups", "is_influential", "rule"]
WAVE_COLUMNS = ["wave_id", "year", "factor", "indicator_code", "statistic_name", "test_statistic",
                "statistic_value", "p_value", "p_value_holm", "p_value_bh", "adjustment_method",
                "n_respondents", "n_groups", "is_influential", "rule"]


def kruskal_wallis(samples: Sequence[ArrayLike], decimals: int = SCORE_DECIMALS) -> tuple[float, float, float, int] | None:
    """Kruskal-Wallis H test (scipy.stats.kruskal, tie-corrected) made bit-stable.

    Scores that are equal as numbers can differ in the last bits depending on the order a SQL
    engine summed them (1/3 vs 0.33333333333333331), which breaks or creates ties and moves H.
    Each value is rounded to ``decimals`` decimals (respondent scores are ratios of small
    integers, so rounding merges exactly the values that are equal) and each sample is sorted
    before ranking. Samples with fewer than 2 values are dropped (as in the v1 rule).
    Returns (H, epsilon^2 = H / (n - 1), p, n) (Tomczak & Tomczak 2014), or None when fewer than
    two samples remain or all values are equal.
    """
    kept = [np.sort(np.round(np.asarray(s, dtype=float), decimals)) for s in samples]
    kept = [s for s in kept if s.size >= 2]
    n = int(sum(s.size for s in kept))
    if len(kept) < 2 or n < 3 or np.unique(np.concatenate(kept)).size < 2:
        return None
    h, p = stats.kruskal(*kept)
    return float(h), float(h) / (n - 1), float(p), n


def holm(p_values: ArrayLike) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values; NaN entries stay NaN and are not counted.

    With the m valid p-values sorted ascending p(1) <= ... <= p(m):
    adj(i) = max_{k <= i} min(1, (m - k + 1) p(k)), returned in the input order.
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = np.flatnonzero(~np.isnan(p))
    if valid.size == 0:
        return out
    order = valid[np.argsort(p[valid], kind="stable")]
    m = order.size
    stepped = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out[order] = np.maximum.accumulate(stepped)
    return out


def benjamini_hochberg(p_values: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (scipy.stats.false_discovery_control, 'bh');
    NaN entries stay NaN and are not counted in m."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = ~np.isnan(p)
    if valid.any():
        out[valid] = stats.false_discovery_control(p[valid], method="bh")
    return out


def _tests(scores: pd.DataFrame, groups: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    keys_r = ["wave_id", "year", "respondent_id"]
    scores = scores[keys_r + ["indicator_code", "score"]].sort_values(keys_r + ["indicator_code"])
    groups = groups[keys_r + ["factor", "group_code"]].sort_values(keys_r + ["factor"])
    merged = scores.merge(groups, on=keys_r, how="inner")
    rows = []
    for key, frame in merged.groupby(keys + ["factor", "indicator_code"], sort=True):
        samples = [g["score"].to_numpy(dtype=float) for _, g in frame.groupby("group_code", sort=True)]
        result = kruskal_wallis(samples)
        if result is None:
            continue
        h, epsilon, p, _ = result
        rows.append(dict(zip(keys + ["factor", "indicator_code"], key, strict=True))
                    | {"statistic_name": STATISTIC_NAME, "test_statistic": h, "statistic_value": epsilon,
                       "p_value": p, "n_respondents": len(frame),
                       "n_groups": int(sum(len(s) >= 2 for s in samples))})
    return pd.DataFrame(rows, columns=keys + ["factor", "indicator_code", "statistic_name", "test_statistic",
                                              "statistic_value", "p_value", "n_respondents", "n_groups"])


def tested_groups(groups: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """The group rows of the factors the Table 36 rule tests: those with an orientation
    (high_group) in ref_factors."""
    return groups[groups["factor"].isin(factors.loc[factors["high_group"].notna(), "factor"])]


def factor_influence(scores: pd.DataFrame, groups: pd.DataFrame, min_effect: float, max_p: float) -> pd.DataFrame:
    """Table 36 rule, v1 grain (year x factor x indicator): ``int_factor_influence_tested``.

    scores: wave_id, year, respondent_id, indicator_code, score (respondent level).
    groups: wave_id, year, respondent_id, factor, group_code (only the tested factors:
    tested_groups). Influential when epsilon^2 >= min_effect and p < max_p.
    """
    rule = (f"Kruskal-Wallis across the factor's groups of respondent-level indicator scores; "
            f"influential when epsilon^2 = H/(n-1) >= {min_effect} and p < {max_p}")
    out = _tests(scores, groups, ["year"])
    out["year"] = out["year"].astype(int)
    out["is_influential"] = (out["statistic_value"] >= min_effect) & (out["p_value"] < max_p)
    out["rule"] = rule
    return out[V1_COLUMNS]


def factor_differences(scores: pd.DataFrame, groups: pd.DataFrame, min_effect: float, max_p: float,
                       adjustment: str = "holm") -> pd.DataFrame:
    """Table 36 rule per wave with multiple-comparison control: ``int_factor_differences_tested``.

    The same test as factor_influence, per wave; p-values are adjusted across the whole table of
    the wave (every tested factor x indicator) by Holm and by Benjamini-Hochberg. Influential when
    epsilon^2 >= min_effect and the ``adjustment`` ('holm' or 'bh') p-value < max_p.
    """
    if adjustment not in ("holm", "bh"):
        raise ValueError(f"var influence_p_adjustment is '{adjustment}'; use holm or bh")
    out = _tests(scores, groups, ["wave_id", "year"])
    out["year"] = out["year"].astype(int)
    out["p_value_holm"] = np.nan
    out["p_value_bh"] = np.nan
    for index in out.groupby("wave_id", sort=True).groups.values():
        out.loc[index, "p_value_holm"] = holm(out.loc[index, "p_value"])
        out.loc[index, "p_value_bh"] = benjamini_hochberg(out.loc[index, "p_value"])
    adjusted = out["p_value_holm"] if adjustment == "holm" else out["p_value_bh"]
    name = "Holm" if adjustment == "holm" else "Benjamini-Hochberg"
    out["adjustment_method"] = adjustment
    out["is_influential"] = (out["statistic_value"] >= min_effect) & (adjusted < max_p)
    out["rule"] = (f"Kruskal-Wallis across the factor's groups of respondent-level indicator scores; "
                   f"influential when epsilon^2 = H/(n-1) >= {min_effect} and the {name}-adjusted p "
                   f"(across the wave's factor x indicator table) < {max_p}")
    return out[WAVE_COLUMNS]
