"""Poisson bootstrap of indicator values per wave x weighting x factor group.

Item score (the report's net score) for a set of respondents with weights w (w = 1 unweighted):

    score_j = (sum_i w_i [positive_ij] - sum_i w_i [negative_ij]) / sum_i w_i [valid_ij]

indicator = mean of the scores of its member items that have a valid answer in the group,
composite = mean of the four indicators (only when all four exist) -- the formulas of the SQL
marts (macros/score_formulas.sql, macros/indicator_rollup.sql).

Replicate r re-weights respondent i by m_ri ~ Poisson(1) (Hanley & MacGibbon 2006; Efron &
Tibshirani 1993): each weight becomes m_ri w_i. The same multiplicities serve every factor and
both weightings of a wave, so group values of one replicate come from one resample.

Vectorised: for a chunk of C replicates, X' (4J x n) @ M' (n x C) gives the numerators and
valid totals of all J items, unweighted and weighted, at once (BLAS), per group on the group's rows. Bit-stable: weights are
multiples of 2^-20 and multiplicities are integers, so every product and partial sum is exact in
float64 -- the result does not depend on summation order, BLAS threads or chunk sizes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from survey_stats.errors import StatsError
from survey_stats.weighting import WEIGHT_RESOLUTION

REPLICATE_COLUMNS = ["wave_id", "weighting", "factor", "group_code", "indicator_code", "replicate", "value"]
POINT_COLUMNS = ["wave_id", "weighting", "factor", "group_code", "indicator_code", "value"]
COMPOSITE = "composite"
N_INDICATORS = 4
WEIGHTINGS = ("unweighted", "weighted")
#: default working-memory budget of one block (replicate chunk of M, respondent block of X).
DEFAULT_BLOCK_BYTES = 64 * 2**20


@dataclass(frozen=True)
class WaveArrays:
    """One wave in matrix form: respondents (sorted ids) x items (sorted by indicator, item)."""

    wave_id: str
    respondent_ids: np.ndarray
    valence: np.ndarray        # int8 (n x J): +1 / 0 / -1, 0 also for missing
    valid: np.ndarray          # bool (n x J)
    weight: np.ndarray         # float64 (n,), multiples of 2^-20
    indicators: tuple[str, ...]
    item_indicator: np.ndarray  # (J,) index into indicators
    groups: tuple[tuple[str, str], ...]   # (factor, group_code); first = ('total', 'all')
    members: tuple[np.ndarray, ...]       # sorted row positions of each group


def wave_seed(seed: int, wave_id: str) -> np.random.Generator:
    """Generator of a wave's multiplicities: depends on the seed and the wave id only (adding or
    removing another wave never changes this wave's replicates)."""
    key = int.from_bytes(hashlib.sha256(wave_id.encode("utf-8")).digest()[:8], "big")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), key])))


def wave_arrays(wave_id: str, answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame) -> WaveArrays:
    """Matrices of one wave from long frames (any row order)."""
    ids = np.unique(np.concatenate([weights["respondent_id"].astype(str).to_numpy(),
                                    answers["respondent_id"].astype(str).to_numpy()]))
    items = answers[["indicator_code", "item_code"]].drop_duplicates().sort_values(["indicator_code", "item_code"])
    if items["item_code"].duplicated().any():
        dup = items.loc[items["item_code"].duplicated(), "item_code"].iloc[0]
        raise StatsError(f"wave '{wave_id}': item '{dup}' belongs to two indicators; fix ref_methodology_membership")
    indicators = tuple(sorted(items["indicator_code"].unique()))
    item_codes = items["item_code"].to_numpy()
    item_indicator = np.searchsorted(np.asarray(indicators), items["indicator_code"].to_numpy())
    rows = np.searchsorted(ids, answers["respondent_id"].astype(str).to_numpy())
    cols = pd.Index(item_codes).get_indexer(answers["item_code"])
    valence_values = pd.to_numeric(answers["valence"], errors="coerce").to_numpy(dtype=float)
    is_valid = ~np.isnan(valence_values)
    valence = np.zeros((ids.size, item_codes.size), dtype=np.int8)
    valid = np.zeros((ids.size, item_codes.size), dtype=bool)
    valence[rows[is_valid], cols[is_valid]] = valence_values[is_valid].astype(np.int8)
    valid[rows[is_valid], cols[is_valid]] = True
    weight = np.full(ids.size, np.nan)
    if len(weights):
        weight[np.searchsorted(ids, weights["respondent_id"].astype(str).to_numpy())] = weights["weight"].to_numpy(float)
    weight = np.round(weight / WEIGHT_RESOLUTION) * WEIGHT_RESOLUTION
    keys: list[tuple[str, str]] = [("total", "all")]
    members: list[np.ndarray] = [np.arange(ids.size)]
    g = groups[["factor", "group_code", "respondent_id"]].astype(str)
    g = g.assign(row=np.searchsorted(ids, g["respondent_id"].to_numpy()))
    g = g[(g["row"] < ids.size)]
    g = g[ids[g["row"].to_numpy()] == g["respondent_id"].to_numpy()]
    for (factor, code), frame in g.sort_values(["factor", "group_code", "row"]).groupby(["factor", "group_code"], sort=True):
        keys.append((factor, code))
        members.append(frame["row"].to_numpy(dtype=np.int64))
    return WaveArrays(wave_id, ids, valence, valid, weight, indicators, item_indicator, tuple(keys), tuple(members))


def _derivations(arrays: WaveArrays) -> dict[int, tuple[int, ...]]:
    """Groups whose totals are exact sums of other groups' totals (no extra matrix product).

    A group is derived when some group set of a finer partition covers exactly its members, e.g.
    a macro-region = the union of its regions, or the whole wave = the union of the groups of a
    factor every respondent has. Sums of exact totals are exact, so derived values are the same
    bits as direct ones. Returns {group index: indices of the groups it sums}.
    """
    n = arrays.respondent_ids.size
    factors: dict[str, list[int]] = {}
    for g, (factor, _) in enumerate(arrays.groups):
        factors.setdefault(factor, []).append(g)
    codes = {}
    for factor, indices in factors.items():
        code = np.full(n, -1, dtype=np.int64)
        for g in indices:
            code[arrays.members[g]] = g
        codes[factor] = code
    order = sorted(factors, key=lambda f: (-len(factors[f]), f))  # finest partitions first
    direct: list[str] = []
    derived: dict[int, tuple[int, ...]] = {}
    for factor in order:
        coarse = codes[factor]
        for fine_factor in direct:
            fine = codes[fine_factor]
            if not np.array_equal(fine >= 0, coarse >= 0):
                continue
            pairs = np.unique(np.stack([fine[fine >= 0], coarse[fine >= 0]]), axis=1)
            if np.unique(pairs[0]).size != pairs.shape[1]:
                continue  # a fine group spans two coarse groups
            for g in factors[factor]:
                derived[g] = tuple(int(x) for x in pairs[0][pairs[1] == g])
            break
        else:
            direct.append(factor)
    return derived


def _group_totals(arrays: WaveArrays, multiplicities_t: np.ndarray, block_bytes: int) -> np.ndarray:
    """(G, 4J, C) group sums of m_ri x_ij for x = [valence, valid, w valence, w valid].

    ``multiplicities_t`` is n x C (respondents in rows, so a group's rows gather contiguously).
    Respondents are processed in blocks so X never exceeds ``block_bytes``. The unweighted half
    runs in float32: its products and partial sums are integers below 2^24, hence exact.
    """
    n, j = arrays.valence.shape
    c = multiplicities_t.shape[1]
    totals = np.zeros((len(arrays.groups), 4 * j, c))
    derived = _derivations(arrays)
    block = max(1, block_bytes // (8 * 4 * max(j, 1)))
    # float32 sums are exact below 2^24; a group of 2^23 respondents stays far below that bound.
    low = np.float32 if n < 2**23 else np.float64
    m32_all = multiplicities_t.astype(low)
    for start in range(0, n, block):
        stop = min(n, start + block)
        unweighted = np.concatenate([arrays.valence[start:stop], arrays.valid[start:stop]], axis=1)
        weighted = unweighted.astype(np.float64) * arrays.weight[start:stop, None]
        m64, m32 = multiplicities_t[start:stop], m32_all[start:stop]
        for g, rows in enumerate(arrays.members):
            if g in derived:
                continue
            lo, hi = np.searchsorted(rows, [start, stop])
            if hi == lo:
                continue
            idx = rows[lo:hi] - start
            whole = hi - lo == stop - start
            u = unweighted if whole else unweighted[idx]
            w = weighted if whole else weighted[idx]
            totals[g, : 2 * j] += np.ascontiguousarray(u.T, dtype=low) @ (m32 if whole else m32[idx])
            totals[g, 2 * j:] += np.ascontiguousarray(w.T) @ (m64 if whole else m64[idx])
    for g in sorted(derived, key=lambda k: len(derived[k])):
        totals[g] = np.sum(totals[list(derived[g])], axis=0) if derived[g] else 0.0
    return totals


def _indicator_values(arrays: WaveArrays, totals: np.ndarray, weighted: bool) -> np.ndarray:
    """(G, C, K+1) indicator values (K indicators, then the composite) from _group_totals."""
    j = arrays.valence.shape[1]
    part = np.moveaxis(totals[:, 2 * j:, :] if weighted else totals[:, :2 * j, :], 1, 2)
    numerator, denominator = part[..., :j], part[..., j:]
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(denominator > 0, numerator / denominator, np.nan)
    k = len(arrays.indicators)
    values = np.full(score.shape[:2] + (k + 1,), np.nan)
    for index in range(k):
        member = score[..., arrays.item_indicator == index]
        count = np.sum(~np.isnan(member), axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            values[..., index] = np.where(count > 0, np.nansum(member, axis=-1) / count, np.nan)
    if k == N_INDICATORS:
        values[..., k] = np.mean(values[..., :k], axis=-1)  # NaN when any indicator is missing
    return values


def _check_weights(arrays: WaveArrays) -> None:
    missing = np.isnan(arrays.weight)
    if missing.any():
        raise StatsError(f"wave '{arrays.wave_id}': respondent '{arrays.respondent_ids[missing][0]}' has answers "
                         "but no weight in int_respondent_weights_computed; rebuild that model")


def _frame(arrays: WaveArrays, values: np.ndarray, weighting: str, replicate: np.ndarray | None) -> pd.DataFrame:
    codes = list(arrays.indicators) + [COMPOSITE]
    g, c, k = values.shape
    factor = np.repeat([key[0] for key in arrays.groups], c * k)
    group = np.repeat([key[1] for key in arrays.groups], c * k)
    out = {"wave_id": arrays.wave_id, "weighting": weighting, "factor": factor, "group_code": group,
           "indicator_code": np.tile(codes, g * c)}
    if replicate is not None:
        out["replicate"] = np.tile(np.repeat(replicate, k), g)
    out["value"] = values.reshape(-1)
    frame = pd.DataFrame(out)
    if len(arrays.indicators) == N_INDICATORS:
        return frame
    return frame[frame["indicator_code"] != COMPOSITE]  # no composite without all four indicators


def _waves(answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame):
    answers = answers[answers["indicator_code"].notna()]
    by_groups = dict(tuple(groups.groupby("wave_id", sort=True)))
    by_weights = dict(tuple(weights.groupby("wave_id", sort=True)))
    empty_g, empty_w = groups.iloc[0:0], weights.iloc[0:0]
    for wave_id, wave_answers in answers.groupby("wave_id", sort=True):
        yield wave_arrays(str(wave_id), wave_answers, by_groups.get(wave_id, empty_g), by_weights.get(wave_id, empty_w))


def indicator_point_estimates(answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame,
                              block_bytes: int = DEFAULT_BLOCK_BYTES) -> pd.DataFrame:
    """The indicator values themselves (every m_ri = 1), same grain as the replicates."""
    frames = []
    for arrays in _waves(answers, groups, weights):
        _check_weights(arrays)
        totals = _group_totals(arrays, np.ones((arrays.respondent_ids.size, 1)), block_bytes)
        for weighting in WEIGHTINGS:
            values = _indicator_values(arrays, totals, weighting == "weighted")
            frames.append(_frame(arrays, values, weighting, None))
    return pd.concat(frames, ignore_index=True)[POINT_COLUMNS] if frames else pd.DataFrame(columns=POINT_COLUMNS)


def indicator_replicates(answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame, replicates: int,
                         seed: int, block_bytes: int = DEFAULT_BLOCK_BYTES) -> pd.DataFrame:
    """Bootstrap replicates of every indicator value (``int_indicator_replicates_bootstrapped``).

    answers: wave_id, respondent_id, item_code, indicator_code, valence (null = missing; rows with
    a null indicator_code are ignored). groups: wave_id, respondent_id, factor, group_code.
    weights: wave_id, respondent_id, weight. Returns wave_id, weighting, factor, group_code,
    indicator_code, replicate (1..replicates), value (null when the replicate leaves the value
    undefined, e.g. no valid answer in a small group). Memory per block <= block_bytes.
    """
    if replicates < 1:
        raise StatsError(f"var bootstrap_replicates is {replicates}; set it to a positive count (default 500)")
    frames = []
    for arrays in _waves(answers, groups, weights):
        _check_weights(arrays)
        n = arrays.respondent_ids.size
        rng = wave_seed(seed, arrays.wave_id)
        chunk = int(max(1, min(replicates, block_bytes // (8 * n))))
        for first in range(0, replicates, chunk):
            count = min(chunk, replicates - first)
            multiplicities_t = rng.poisson(1.0, size=(count, n)).T.astype(np.float64, order="C")
            totals = _group_totals(arrays, multiplicities_t, block_bytes)
            numbers = np.arange(first + 1, first + count + 1)
            for weighting in WEIGHTINGS:
                values = _indicator_values(arrays, totals, weighting == "weighted")
                frames.append(_frame(arrays, values, weighting, numbers))
    if not frames:
        return pd.DataFrame(columns=REPLICATE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[REPLICATE_COLUMNS]
