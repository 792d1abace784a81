"""Poisson bootstrap of indicator values per wave x weighting x factor group.

Item score (the report's net score) for a set of respondents with weights w (w = 1 unweighted):

    score_j = (sum_i w_i [positive_ij] - sum_i w_i [negative_ij]) / sum_i w_i [valid_ij]

indicator = mean of the scores of its member items that have a valid answer in the group,
composite = mean of the four indicators (only when all four exist) -- the formulas of the SQL
marts (macros/score_formulas.sql, macros/indicator_rollup.sql).

Replicate r re-weights respondent i by m_ri ~ Poisson(1) (Hanley & MacGibbon 2006; Efron &
Tibshirani 1993): each weight becomes m_ri w_i. The same multiplicities serve every factor and
both weightings of a wave, so group values of one replicate come from one resample.

Vectorised: for a chunk of C replicates and a block of a group's member rows, X_g' @ M_g'
(2J x n_g times n_g x C) gives the numerators and valid totals of all J items of group g at once
(BLAS), unweighted and weighted. Bit-stable: weights are multiples of 2^-20 and multiplicities are
integers, so every product and partial sum is exact -- the result does not depend on summation
order, block or chunk sizes, or BLAS threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from survey_stats.errors import StatsError
from survey_stats.multiplicities import (
    one_blas_thread,
    poisson_chunks,
    replicate_chunk,
    wave_seed,
)
from survey_stats.weighting import WEIGHT_RESOLUTION

REPLICATE_COLUMNS = ["wave_id", "weighting", "factor", "group_code", "indicator_code", "replicate", "value"]
POINT_COLUMNS = ["wave_id", "weighting", "factor", "group_code", "indicator_code", "value"]
COMPOSITE = "composite"
N_INDICATORS = 4
WEIGHTINGS = ("unweighted", "weighted")
#: default working-memory budget: half for multiplicity chunks, half for one block of respondents.
DEFAULT_BLOCK_BYTES = 256 * 2**20
#: float32 sums of integers are exact below 2^24; unweighted sums stay below it when n < 2^23.
FLOAT32_MAX_N = 2**23


@dataclass(frozen=True)
class WaveArrays:
    """One wave in matrix form: respondents (sorted ids) x items (sorted by indicator, item)."""

    wave_id: str
    respondent_ids: np.ndarray
    valence: np.ndarray  # int8 (n x J): +1 / 0 / -1, 0 also for missing
    valid: np.ndarray  # bool (n x J)
    weight: np.ndarray  # float64 (n,), multiples of 2^-20
    indicators: tuple[str, ...]
    item_indicator: np.ndarray  # (J,) index into indicators
    groups: tuple[tuple[str, str], ...]  # (factor, group_code); first = ('total', 'all')
    members: tuple[np.ndarray, ...]  # sorted row positions of each group


def wave_arrays(wave_id: str, answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame) -> WaveArrays:
    """Matrices of one wave from long frames (any row order)."""
    ids = np.unique(
        np.concatenate(
            [weights["respondent_id"].astype(str).to_numpy(), answers["respondent_id"].astype(str).to_numpy()]
        )
    )
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
        weight[np.searchsorted(ids, weights["respondent_id"].astype(str).to_numpy())] = weights["weight"].to_numpy(
            float
        )
    weight = np.round(weight / WEIGHT_RESOLUTION) * WEIGHT_RESOLUTION
    keys: list[tuple[str, str]] = [("total", "all")]
    members: list[np.ndarray] = [np.arange(ids.size)]
    g = groups[["factor", "group_code", "respondent_id"]].astype(str)
    g = g.assign(row=np.searchsorted(ids, g["respondent_id"].to_numpy()))
    g = g[(g["row"] < ids.size)]
    g = g[ids[g["row"].to_numpy()] == g["respondent_id"].to_numpy()]
    for (factor, code), frame in g.sort_values(["factor", "group_code", "row"]).groupby(
        ["factor", "group_code"], sort=True
    ):
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
            inside = fine >= 0
            if not np.array_equal(inside, coarse >= 0):
                continue
            fine_in, coarse_in = fine[inside], coarse[inside]
            first = np.full(len(arrays.groups), -1, dtype=np.int64)
            first[fine_in[::-1]] = coarse_in[::-1]  # the coarse group of each fine group's first member
            if not np.array_equal(first[fine_in], coarse_in):
                continue  # a fine group spans two coarse groups
            present = np.zeros(len(arrays.groups), dtype=bool)
            present[fine_in] = True
            fine_groups = np.flatnonzero(present)
            for g in factors[factor]:
                derived[g] = tuple(int(x) for x in fine_groups[first[fine_groups] == g])
            break
        else:
            direct.append(factor)
    return derived


#: threads computing group totals (each runs single-threaded BLAS on its own groups).
WORKERS = max(1, min(2, os.cpu_count() or 1))


def _block_rows(j: int, chunk: int, block_bytes: int) -> int:
    """Respondents per block: their multiplicities (uint8 gather + float32 + float64 copies,
    13 bytes per replicate) and items (2J columns as float32 and float64), for every worker
    thread, fit in half the budget."""
    return int(max(1, (block_bytes // (2 * WORKERS)) // (13 * chunk + 24 * max(j, 1))))


def _add_group(
    totals: np.ndarray, g: int, rows: np.ndarray, arrays: WaveArrays, multiplicities: np.ndarray, block: int, low: type
) -> None:
    """Add group g's sums to totals[g], one block of its member rows at a time."""
    n, j = arrays.valence.shape
    whole = rows.size == n  # every respondent, in order: slices instead of gathers
    for start in range(0, rows.size, block):
        part = slice(start, min(rows.size, start + block)) if whole else rows[start : start + block]
        x_low = np.concatenate([arrays.valence[part], arrays.valid[part]], axis=1).astype(low)
        x_high = x_low.astype(np.float64) * arrays.weight[part, None]
        m_u8 = multiplicities[:, part]
        totals[g, : 2 * j] += x_low.T @ m_u8.astype(low).T
        totals[g, 2 * j :] += x_high.T @ m_u8.astype(np.float64).T


def _group_totals(
    arrays: WaveArrays, multiplicities: np.ndarray, block_bytes: int, derived: dict[int, tuple[int, ...]] | None = None
) -> np.ndarray:
    """(G, 4J, C) group sums of m_ri x_ij for x = [valence, valid, w valence, w valid].

    ``multiplicities`` is (C, n) uint8, replicates in rows. Each directly computed group is taken
    in blocks of its (sorted) member rows: one gather of the block's multiplicities and items and
    one matrix product per weighting (BLAS). Groups are spread over WORKERS threads (each group's
    sums are written by one thread). The unweighted half runs in float32, where its integer sums
    (< 2^24) are exact. Groups that are unions of others are summed from them (_derivations).
    """
    n, j = arrays.valence.shape
    c = multiplicities.shape[0]
    totals = np.zeros((len(arrays.groups), 4 * j, c))
    derived = _derivations(arrays) if derived is None else derived
    low = np.float32 if n < FLOAT32_MAX_N else np.float64
    block = _block_rows(j, c, block_bytes)
    direct = [g for g in range(len(arrays.groups)) if g not in derived]
    direct.sort(key=lambda g: -arrays.members[g].size)  # largest first: balanced threads
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="totals") as pool:
        for done in [
            pool.submit(_add_group, totals, g, arrays.members[g], arrays, multiplicities, block, low) for g in direct
        ]:
            done.result()
    for g in sorted(derived, key=lambda k: len(derived[k])):
        totals[g] = np.sum(totals[list(derived[g])], axis=0) if derived[g] else 0.0
    return totals


def _indicator_values(arrays: WaveArrays, totals: np.ndarray, weighted: bool) -> np.ndarray:
    """(G, C, K+1) indicator values (K indicators, then the composite) from _group_totals."""
    j = arrays.valence.shape[1]
    part = np.moveaxis(totals[:, 2 * j :, :] if weighted else totals[:, : 2 * j, :], 1, 2)
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
        raise StatsError(
            f"wave '{arrays.wave_id}': respondent '{arrays.respondent_ids[missing][0]}' has answers "
            "but no weight in int_respondent_weights_computed; rebuild that model"
        )


def _frame(arrays: WaveArrays, values: np.ndarray, weighting: str, replicate: np.ndarray | None) -> pd.DataFrame:
    codes = list(arrays.indicators) + [COMPOSITE]
    g, c, k = values.shape
    factor = np.repeat([key[0] for key in arrays.groups], c * k)
    group = np.repeat([key[1] for key in arrays.groups], c * k)
    out = {
        "wave_id": arrays.wave_id,
        "weighting": weighting,
        "factor": factor,
        "group_code": group,
        "indicator_code": np.tile(codes, g * c),
    }
    if replicate is not None:
        out["replicate"] = np.tile(np.repeat(replicate, k), g)
    out["value"] = values.reshape(-1)
    frame = pd.DataFrame(out)
    if len(arrays.indicators) == N_INDICATORS:
        return frame
    return frame[frame["indicator_code"] != COMPOSITE]  # no composite without all four indicators


def _waves(answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame) -> Iterator[WaveArrays]:
    answers = answers[answers["indicator_code"].notna()]
    by_groups = dict(tuple(groups.groupby("wave_id", sort=True)))
    by_weights = dict(tuple(weights.groupby("wave_id", sort=True)))
    empty_g, empty_w = groups.iloc[0:0], weights.iloc[0:0]
    for wave_id, wave_answers in answers.groupby("wave_id", sort=True):
        yield wave_arrays(str(wave_id), wave_answers, by_groups.get(wave_id, empty_g), by_weights.get(wave_id, empty_w))


def point_estimates_of_waves(waves: Iterable[WaveArrays], block_bytes: int = DEFAULT_BLOCK_BYTES) -> pd.DataFrame:
    """indicator_point_estimates for waves already in matrix form."""
    frames = []
    with one_blas_thread():
        for arrays in waves:
            _check_weights(arrays)
            ones = np.ones((1, arrays.respondent_ids.size), dtype=np.uint8)
            totals = _group_totals(arrays, ones, block_bytes)
            for weighting in WEIGHTINGS:
                values = _indicator_values(arrays, totals, weighting == "weighted")
                frames.append(_frame(arrays, values, weighting, None))
    return pd.concat(frames, ignore_index=True)[POINT_COLUMNS] if frames else pd.DataFrame(columns=POINT_COLUMNS)


def replicates_of_waves(
    waves: Iterable[WaveArrays], replicates: int, seed: int, block_bytes: int = DEFAULT_BLOCK_BYTES
) -> pd.DataFrame:
    """indicator_replicates for waves already in matrix form (survey_stats.duckdb_inputs builds them
    from warehouse tables without long pandas frames)."""
    if replicates < 1:
        raise StatsError(f"var bootstrap_replicates is {replicates}; set it to a positive count (default 500)")
    frames = []
    with one_blas_thread():
        for arrays in waves:
            _check_weights(arrays)
            n = arrays.respondent_ids.size
            chunk = replicate_chunk(replicates, n, block_bytes)
            derived = _derivations(arrays)
            for first, multiplicities in poisson_chunks(wave_seed(seed, arrays.wave_id), replicates, n, chunk):
                totals = _group_totals(arrays, multiplicities, block_bytes, derived)
                numbers = np.arange(first + 1, first + multiplicities.shape[0] + 1)
                for weighting in WEIGHTINGS:
                    values = _indicator_values(arrays, totals, weighting == "weighted")
                    frames.append(_frame(arrays, values, weighting, numbers))
    if not frames:
        return pd.DataFrame(columns=REPLICATE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[REPLICATE_COLUMNS]


def indicator_point_estimates(
    answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame, block_bytes: int = DEFAULT_BLOCK_BYTES
) -> pd.DataFrame:
    """The indicator values themselves (every m_ri = 1), same grain as the replicates."""
    return point_estimates_of_waves(_waves(answers, groups, weights), block_bytes)


def indicator_replicates(
    answers: pd.DataFrame,
    groups: pd.DataFrame,
    weights: pd.DataFrame,
    replicates: int,
    seed: int,
    block_bytes: int = DEFAULT_BLOCK_BYTES,
) -> pd.DataFrame:
    """Bootstrap replicates of every indicator value (``int_indicator_replicates_bootstrapped``).

    answers: wave_id, respondent_id, item_code, indicator_code, valence (null = missing; rows with
    a null indicator_code are ignored). groups: wave_id, respondent_id, factor, group_code.
    weights: wave_id, respondent_id, weight. Returns wave_id, weighting, factor, group_code,
    indicator_code, replicate (1..replicates), value (null when the replicate leaves the value
    undefined, e.g. no valid answer in a small group). Working memory stays near block_bytes.
    """
    return replicates_of_waves(_waves(answers, groups, weights), replicates, seed, block_bytes)
