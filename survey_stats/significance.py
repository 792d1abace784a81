"""Group-difference tests: a bit-stable Kruskal-Wallis with epsilon squared, Holm and
Benjamini-Hochberg adjustment, and the factor x indicator tables of the Table 36 rule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special, stats

#: respondent-level scores are rounded to this many decimals before ranking (see kruskal_wallis).
SCORE_DECIMALS = 9
STATISTIC_NAME = "kruskal_wallis_epsilon_squared"
V1_COLUMNS = [
    "year",
    "factor",
    "indicator_code",
    "statistic_name",
    "test_statistic",
    "statistic_value",
    "p_value",
    "n_respondents",
    "n_groups",
    "is_influential",
    "rule",
]
WAVE_COLUMNS = [
    "wave_id",
    "year",
    "factor",
    "indicator_code",
    "statistic_name",
    "test_statistic",
    "statistic_value",
    "p_value",
    "p_value_holm",
    "p_value_bh",
    "adjustment_method",
    "n_respondents",
    "n_groups",
    "is_influential",
    "rule",
]


def kruskal_wallis(
    samples: Sequence[ArrayLike], decimals: int = SCORE_DECIMALS
) -> tuple[float, float, float, int] | None:
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


def _holm_step_down(p: np.ndarray) -> np.ndarray:
    """Holm (1979): with p sorted ascending p(1) <= ... <= p(m),
    adj(i) = max_{k <= i} min(1, (m - k + 1) p(k)), returned in the input order."""
    order = np.argsort(p, kind="stable")
    m = order.size
    out = np.empty(m)
    out[order] = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * p[order]))
    return out


def _bh_step_up(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg (1995): scipy.stats.false_discovery_control, method 'bh'."""
    return stats.false_discovery_control(p, method="bh")


#: p-value adjustments by their var influence_p_adjustment name: (name in words, adjustment)
ADJUSTMENTS = {"holm": ("Holm", _holm_step_down), "bh": ("Benjamini-Hochberg", _bh_step_up)}


def adjusted_p(p_values: ArrayLike, method: str) -> np.ndarray:
    """Multiple-comparison adjusted p-values (``method``: a key of ADJUSTMENTS); NaN entries stay
    NaN and are not counted in m."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = ~np.isnan(p)
    if valid.any():
        out[valid] = ADJUSTMENTS[method][1](p[valid])
    return out


def holm(p_values: ArrayLike) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values; NaN entries stay NaN and are not counted."""
    return adjusted_p(p_values, "holm")


def benjamini_hochberg(p_values: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (scipy.stats.false_discovery_control, 'bh');
    NaN entries stay NaN and are not counted in m."""
    return adjusted_p(p_values, "bh")


@dataclass(frozen=True)
class ScoreTable:
    """Respondent-level indicator scores of one wave in matrix form (n respondents)."""

    wave_id: str
    year: int
    indicators: tuple[str, ...]
    scores: np.ndarray  # (n, K) float64, NaN = no score
    factors: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]  # per factor: its group codes, sorted
    codes: np.ndarray  # (F, n) int32: position in groups[f], -1 = none


def score_tables(scores: pd.DataFrame, groups: pd.DataFrame) -> list[ScoreTable]:
    """ScoreTables from long frames. scores: wave_id, year, respondent_id, indicator_code, score;
    groups: wave_id, respondent_id, factor, group_code (respondents without a score are ignored)."""
    tables = []
    by_wave = dict(tuple(groups.groupby("wave_id", sort=True)))
    for wave_id, wave in scores.groupby("wave_id", sort=True):
        ids, rows = np.unique(wave["respondent_id"].astype(str).to_numpy(), return_inverse=True)
        indicators = tuple(sorted(wave["indicator_code"].unique()))
        matrix = np.full((ids.size, len(indicators)), np.nan)
        matrix[rows, pd.Index(indicators).get_indexer(wave["indicator_code"])] = wave["score"].to_numpy(dtype=float)
        g = by_wave.get(wave_id, groups.iloc[0:0])
        position = np.searchsorted(ids, g["respondent_id"].astype(str).to_numpy())
        known = (position < ids.size) & (ids[np.minimum(position, ids.size - 1)] == g["respondent_id"].astype(str))
        g, position = g[known.to_numpy()], position[known.to_numpy()]
        factors = tuple(sorted(g["factor"].unique()))
        codes = np.full((len(factors), ids.size), -1, dtype=np.int32)
        group_codes = []
        for f, factor in enumerate(factors):
            mine = (g["factor"] == factor).to_numpy()
            values = g["group_code"].to_numpy()[mine]
            present = tuple(sorted(set(values)))
            codes[f, position[mine]] = pd.Index(present).get_indexer(values)
            group_codes.append(present)
        tables.append(
            ScoreTable(str(wave_id), int(wave["year"].iloc[0]), indicators, matrix, factors, tuple(group_codes), codes)
        )
    return tables


def _pooled(tables: Sequence[ScoreTable]) -> ScoreTable:
    """Several waves as one sample (the v1 year grain): respondents stacked, groups matched by code."""
    if len(tables) == 1:
        return tables[0]
    indicators = tuple(sorted({i for t in tables for i in t.indicators}))
    factors = tuple(sorted({f for t in tables for f in t.factors}))
    groups = tuple(
        tuple(sorted({g for t in tables if f in t.factors for g in t.groups[t.factors.index(f)]})) for f in factors
    )
    scores, codes = [], []
    for t in tables:
        block = np.full((t.scores.shape[0], len(indicators)), np.nan)
        block[:, [indicators.index(i) for i in t.indicators]] = t.scores
        scores.append(block)
        coded = np.full((len(factors), t.scores.shape[0]), -1, dtype=np.int32)
        for f_local, factor in enumerate(t.factors):
            f = factors.index(factor)
            remap = np.array([groups[f].index(g) for g in t.groups[f_local]] + [-1], dtype=np.int32)
            coded[f] = remap[t.codes[f_local]]  # -1 indexes the trailing -1
        codes.append(coded)
    return ScoreTable(
        tables[0].wave_id,
        tables[0].year,
        indicators,
        np.concatenate(scores),
        factors,
        groups,
        np.concatenate(codes, axis=1),
    )


def kruskal_wallis_coded(
    level: np.ndarray, n_levels: int, code: np.ndarray, n_groups: int
) -> tuple[float, float, float, int, int, int] | None:
    """kruskal_wallis for samples given as codes: ``level`` is each respondent's rounded score as
    its position among the sorted distinct scores (-1 = no score), ``code`` its group (-1 = none).

    Same arithmetic as scipy.stats.kruskal on the rounded samples, bit for bit: average ranks come
    from the tie counts (each level's ranks are consecutive), the tie correction sums the same
    array scipy builds, the rank sums of half-integers are exact in any order. Linear in n, where
    scipy sorts the pooled sample of every test. Returns (H, epsilon^2, p, n tested, groups
    tested, respondents with a score and a group) or None like kruskal_wallis.
    """
    both = (level >= 0) & (code >= 0)
    level, code = level[both], code[both]
    sizes = np.bincount(code, minlength=n_groups)
    kept = np.flatnonzero(sizes >= 2)
    inside = (sizes >= 2)[code]
    level, code = level[inside], code[inside]
    n = int(level.size)
    counts = np.bincount(level, minlength=n_levels)
    used = counts[counts > 0]
    if kept.size < 2 or n < 3 or used.size < 2:
        return None
    starts = np.concatenate([[0], np.cumsum(used)[:-1]])
    midrank = np.zeros(n_levels)
    midrank[counts > 0] = (starts + 1.0) + (used.astype(np.float64) - 1) / 2
    rank_sums = np.bincount(code, weights=midrank[level], minlength=n_groups)
    ties_array = np.zeros(n)
    ties_array[starts] = used.astype(np.float64)
    ties = 1 - np.sum(ties_array**3 - ties_array) / (n**3 - n)
    ssbn = sum(rank_sums[g] ** 2 / int(sizes[g]) for g in kept)
    h = 12.0 / (n * (n + 1)) * ssbn - 3 * (n + 1)
    h /= ties
    p = special.chdtrc(np.asarray(kept.size - 1, dtype=np.float64), h)
    return float(h), float(h) / (n - 1), float(p), n, int(kept.size), int(both.sum())


def _table_tests(key: dict, table: ScoreTable) -> list[dict]:
    rows = []
    levels = []
    for k in range(len(table.indicators)):
        rounded = np.round(table.scores[:, k], SCORE_DECIMALS)
        distinct = np.unique(rounded[~np.isnan(rounded)])
        level = np.where(np.isnan(rounded), -1, np.searchsorted(distinct, rounded))
        levels.append((level, distinct.size))
    for f, factor in enumerate(table.factors):
        for k in np.argsort(table.indicators):
            result = kruskal_wallis_coded(levels[k][0], levels[k][1], table.codes[f], len(table.groups[f]))
            if result is None:
                continue
            h, epsilon, p, _, n_groups, n_respondents = result
            rows.append(
                key
                | {
                    "factor": factor,
                    "indicator_code": table.indicators[k],
                    "statistic_name": STATISTIC_NAME,
                    "test_statistic": h,
                    "statistic_value": epsilon,
                    "p_value": p,
                    "n_respondents": n_respondents,
                    "n_groups": n_groups,
                }
            )
    return rows


def _tests_of_tables(tables: Iterable[ScoreTable], keys: list[str]) -> pd.DataFrame:
    by_key: dict[tuple, list[ScoreTable]] = {}
    for table in tables:
        by_key.setdefault(tuple({"wave_id": table.wave_id, "year": table.year}[k] for k in keys), []).append(table)
    rows = []
    for key in sorted(by_key):
        rows.extend(_table_tests(dict(zip(keys, key, strict=True)), _pooled(by_key[key])))
    return pd.DataFrame(
        rows,
        columns=keys
        + [
            "factor",
            "indicator_code",
            "statistic_name",
            "test_statistic",
            "statistic_value",
            "p_value",
            "n_respondents",
            "n_groups",
        ],
    )


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
    return influence_of_tables(score_tables(scores, groups), min_effect, max_p)


def influence_of_tables(tables: Iterable[ScoreTable], min_effect: float, max_p: float) -> pd.DataFrame:
    """factor_influence for waves already in matrix form (waves of a year are pooled)."""
    out = _tests_of_tables(tables, ["year"])
    out["year"] = out["year"].astype(int)
    out["is_influential"] = (out["statistic_value"] >= min_effect) & (out["p_value"] < max_p)
    out["rule"] = _rule(min_effect, f"p < {max_p}")
    return out[V1_COLUMNS]


def factor_differences(
    scores: pd.DataFrame, groups: pd.DataFrame, min_effect: float, max_p: float, adjustment: str = "holm"
) -> pd.DataFrame:
    """Table 36 rule per wave with multiple-comparison control: ``int_factor_differences_tested``.

    The same test as factor_influence, per wave; p-values are adjusted across the whole table of
    the wave (every tested factor x indicator) by Holm and by Benjamini-Hochberg. Influential when
    epsilon^2 >= min_effect and the ``adjustment`` ('holm' or 'bh') p-value < max_p.
    """
    return differences_of_tables(score_tables(scores, groups), min_effect, max_p, adjustment)


def differences_of_tables(
    tables: Iterable[ScoreTable], min_effect: float, max_p: float, adjustment: str = "holm"
) -> pd.DataFrame:
    """factor_differences for waves already in matrix form."""
    if adjustment not in ADJUSTMENTS:
        raise ValueError(f"var influence_p_adjustment is '{adjustment}'; use holm or bh")
    out = _tests_of_tables(tables, ["wave_id", "year"])
    out["year"] = out["year"].astype(int)
    for method in ADJUSTMENTS:
        out[f"p_value_{method}"] = np.nan
        for index in out.groupby("wave_id", sort=True).groups.values():
            out.loc[index, f"p_value_{method}"] = adjusted_p(out.loc[index, "p_value"], method)
    out["adjustment_method"] = adjustment
    out["is_influential"] = (out["statistic_value"] >= min_effect) & (out[f"p_value_{adjustment}"] < max_p)
    name = ADJUSTMENTS[adjustment][0]
    out["rule"] = _rule(min_effect, f"the {name}-adjusted p (across the wave's factor x indicator table) < {max_p}")
    return out[WAVE_COLUMNS]


def _rule(min_effect: float, p_condition: str) -> str:
    return (
        f"Kruskal-Wallis across the factor's groups of respondent-level indicator scores; "
        f"influential when epsilon^2 = H/(n-1) >= {min_effect} and {p_condition}"
    )
