"""Linearised (Taylor) standard errors of indicator values, raking-aware, per wave.

Item score (net score) of a group g with weights w (w = 1 unweighted): R_j = T_vj / T_dj with
T_vj = sum_{i in g} w_i v_ij (valence -1/0/+1) and T_dj = sum_{i in g} w_i d_ij (valid answer).
Its influence value (linearisation of a ratio; Woodruff 1971; Lumley 2010, ch. 2) is
z_ij = w_i (v_ij - R_j d_ij) / T_dj for members of g and 0 for everyone else; an indicator (mean of
the K defined item scores of its items) has z_i = sum_j z_ij / K, the composite the mean of the
four indicators' z_i. Respondents are the sampling units of the whole wave (group = domain), so

    var = n / (n - 1) * sum_i (e_i - mean e)^2        over the wave's n respondents,

with e_i = z_i for unweighted rows and fixed (design) weights. For raked weights, e_i is the
residual of z_i from the weighted regression on the raking cells' indicators (Deville & Sarndal
1992; Lumley 2010, sec. 7.4; R ``survey::calibrate``/``rake``): e_i = z_i - w_i x_i' beta,
beta = (X'WX)^+ X'z, so the variance the margins remove is not counted (weights are not treated
as fixed). A difference of two groups of one factor (disjoint members) has the difference of their
influence values. Everything is accumulated group by group over blocks of member rows: O(n) per
factor, memory bounded by the block size, deterministic (no random draws).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from survey_stats.bootstrap import (
    COMPOSITE,
    N_INDICATORS,
    WEIGHTINGS,
    WaveArrays,
    wave_arrays,
)
from survey_stats.errors import StatsError
from survey_stats.multiplicities import one_blas_thread
from survey_stats.weighting import CELLS_SEPARATOR

VARIANCE_COLUMNS = ["wave_id", "weighting", "factor", "group_code", "indicator_code", "value", "se", "variance_method"]
CONTRAST_COLUMNS = [
    "wave_id",
    "weighting",
    "factor",
    "high_group",
    "low_group",
    "indicator_code",
    "difference",
    "se",
    "variance_method",
]
#: working memory of one block of member rows (their answers as float64, 2 x items columns).
BLOCK_BYTES = 64 * 2**20
TAYLOR = "taylor"
TAYLOR_RAKING = "taylor_raking_residuals"


@dataclass(frozen=True)
class Calibration:
    """The raking cells of a wave's respondents: codes[d] = cell index of each respondent in
    margin d (0..sizes[d]-1), in the wave's row order."""

    codes: tuple[np.ndarray, ...]
    sizes: tuple[int, ...]

    @property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.sizes)])


def calibration_of(cells: Sequence[object] | np.ndarray) -> Calibration | None:
    """Calibration from the ``raking_cells`` column of int_respondent_weights_computed (one
    ``dimension=category;...`` string per respondent, row order); None when the wave was not raked."""
    series = pd.Series(np.asarray(cells, dtype=object))
    if series.isna().all():
        return None
    if series.isna().any():
        raise StatsError("a raked wave has respondents without raking cells; rebuild int_respondent_weights_computed")
    parts = series.str.split(CELLS_SEPARATOR, expand=True)
    codes, sizes = [], []
    for column in parts.columns:
        code, uniques = pd.factorize(parts[column], sort=True)
        codes.append(code.astype(np.int64))
        sizes.append(len(uniques))
    return Calibration(tuple(codes), tuple(sizes))


class _Projection:
    """Weighted least squares on the raking cells of one wave and weighting (X'WX, X'W^2 X, X'w)."""

    def __init__(self, calibration: Calibration, weight: np.ndarray):
        offsets = calibration.offsets
        size = int(offsets[-1])
        self.calibration, self.offsets = calibration, offsets
        gram, gram2 = np.zeros((size, size)), np.zeros((size, size))
        for a, code_a in enumerate(calibration.codes):
            for b, code_b in enumerate(calibration.codes):
                joint = code_a * calibration.sizes[b] + code_b
                cells = calibration.sizes[a] * calibration.sizes[b]
                block = (slice(offsets[a], offsets[a + 1]), slice(offsets[b], offsets[b + 1]))
                gram[block] = np.bincount(joint, weights=weight, minlength=cells).reshape(calibration.sizes[a], -1)
                gram2[block] = np.bincount(joint, weights=weight * weight, minlength=cells).reshape(
                    calibration.sizes[a], -1
                )
        self.inverse = np.linalg.pinv(gram)  # margins share the intercept: X'WX is singular
        self.gram2 = gram2
        self.weight_totals = np.diag(gram).copy()  # X'w (cells of one margin are disjoint)

    def cross(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        """X' v restricted to ``rows``: (cells x columns) sums of values (rows x columns)."""
        out = np.zeros((int(self.offsets[-1]), values.shape[1]))
        for d, code in enumerate(self.calibration.codes):
            cells = code[rows]
            for column in range(values.shape[1]):
                out[self.offsets[d] : self.offsets[d + 1], column] = np.bincount(
                    cells, weights=values[:, column], minlength=self.calibration.sizes[d]
                )
        return out


@dataclass
class _Sums:
    """Accumulated influence sums of one group and weighting (columns = indicators + composite)."""

    z2: np.ndarray
    z: np.ndarray
    xz: np.ndarray | None  # X'z
    xwz: np.ndarray | None  # X'(w z)

    def __sub__(self, other: _Sums) -> _Sums:  # contrast of two disjoint groups
        return _Sums(
            self.z2 + other.z2,
            self.z - other.z,
            None if self.xz is None else self.xz - other.xz,
            None if self.xwz is None else self.xwz - other.xwz,
        )


def _variance(sums: _Sums, n: int, projection: _Projection | None) -> np.ndarray:
    """n/(n-1) sum (e - mean e)^2 from the accumulated sums (see module docstring)."""
    total_e2, total_e = sums.z2, sums.z
    if projection is not None:
        beta = projection.inverse @ sums.xz
        total_e2 = sums.z2 - 2 * np.sum(sums.xwz * beta, axis=0) + np.sum(beta * (projection.gram2 @ beta), axis=0)
        total_e = sums.z - projection.weight_totals @ beta
    if n < 2:
        return np.full(total_e2.shape, np.nan)
    return n / (n - 1) * np.clip(total_e2 - total_e * total_e / n, 0.0, None)


def _coefficients(arrays: WaveArrays, t_v: np.ndarray, t_d: np.ndarray) -> tuple[np.ndarray, ...]:
    """Values (K+1) and the (J x K+1) coefficients a, b with z = w (v a - d b) of every indicator
    and the composite (NaN values / zero coefficients where undefined)."""
    j, k = t_v.size, len(arrays.indicators)
    defined = t_d > 0
    score = np.divide(t_v, t_d, out=np.zeros(j), where=defined)
    a, b, values = np.zeros((j, k + 1)), np.zeros((j, k + 1)), np.full(k + 1, np.nan)
    for index in range(k):
        member = (arrays.item_indicator == index) & defined
        count = int(member.sum())
        if count:
            values[index] = float(np.sum(score[member])) / count
            a[member, index] = 1.0 / (count * t_d[member])
            b[member, index] = score[member] / (count * t_d[member])
    if k == N_INDICATORS and not np.isnan(values[:k]).any():
        values[k] = float(np.mean(values[:k]))
        a[:, k], b[:, k] = a[:, :k].mean(axis=1), b[:, :k].mean(axis=1)
    return values, a, b


def _blocks(arrays: WaveArrays, rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(member rows, their [valence, valid] answers as float64) in blocks of BLOCK_BYTES."""
    size = max(1024, BLOCK_BYTES // (16 * max(arrays.valence.shape[1], 1)))
    for start in range(0, rows.size, size):
        part = rows[start : start + size]
        yield part, np.concatenate([arrays.valence[part], arrays.valid[part]], axis=1).astype(np.float64)


def _group_sums(
    arrays: WaveArrays, rows: np.ndarray, weights: Sequence[np.ndarray], projections: Sequence[_Projection | None]
) -> list[tuple[np.ndarray, _Sums]]:
    """Values and influence sums of one group for each weighting: pass 1 the totals, pass 2 the
    influence values, block by block (a group that fits in one block is gathered once)."""
    j = arrays.valence.shape[1]
    first = next(_blocks(arrays, rows), None)
    one_block = first is not None and first[0].size == rows.size

    def blocks() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return iter([first]) if one_block else _blocks(arrays, rows)

    totals = [np.zeros(2 * j) for _ in weights]
    for part, x in blocks():
        for total, weight in zip(totals, weights, strict=True):
            total += weight[part] @ x
    results = []
    for total, projection in zip(totals, projections, strict=True):
        values, a, b = _coefficients(arrays, total[:j], total[j:])
        sums = _Sums(np.zeros(values.size), np.zeros(values.size), None, None)
        if projection is not None:
            size = int(projection.offsets[-1])
            sums.xz, sums.xwz = np.zeros((size, values.size)), np.zeros((size, values.size))
        results.append((values, np.vstack([a, -b]), sums))
    for part, x in blocks():
        for (_, coefficients, sums), weight, projection in zip(results, weights, projections, strict=True):
            w = weight[part]
            z = w[:, None] * (x @ coefficients)
            sums.z2 += np.sum(z * z, axis=0)
            sums.z += np.sum(z, axis=0)
            if projection is not None:
                sums.xz += projection.cross(part, z)
                sums.xwz += projection.cross(part, z * w[:, None])
    return [(values, sums) for values, _, sums in results]


def wave_variances(
    arrays: WaveArrays, calibration: Calibration | None, contrasts: Iterable[tuple[str, str, str]] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Linearised se of every indicator value of one wave (every group, both weightings) and of the
    differences ``contrasts`` = (factor, high_group, low_group) between two groups of a factor.

    Unweighted rows and fixed weights: plain linearisation (``taylor``). Raked weights:
    residuals from the raking cells (``taylor_raking_residuals``). Returns (groups, contrasts)
    frames with VARIANCE_COLUMNS and CONTRAST_COLUMNS."""
    n = arrays.respondent_ids.size
    if np.isnan(arrays.weight).any():
        missing = arrays.respondent_ids[np.isnan(arrays.weight)][0]
        raise StatsError(
            f"wave '{arrays.wave_id}': respondent '{missing}' has answers but no weight in "
            "int_respondent_weights_computed; rebuild that model"
        )
    codes = [*arrays.indicators, COMPOSITE]
    has_composite = len(arrays.indicators) == N_INDICATORS
    index = {key: g for g, key in enumerate(arrays.groups)}
    group_rows, contrast_rows = [], []
    weights = [arrays.weight if weighting == "weighted" else np.ones(n) for weighting in WEIGHTINGS]
    projections = [
        _Projection(calibration, weight) if weighting == "weighted" and calibration else None
        for weighting, weight in zip(WEIGHTINGS, weights, strict=True)
    ]
    by_group = [_group_sums(arrays, rows, weights, projections) for rows in arrays.members]
    for k, weighting in enumerate(WEIGHTINGS):
        projection = projections[k]
        method = TAYLOR_RAKING if projection is not None else TAYLOR
        results = [sums[k] for sums in by_group]
        for (factor, group_code), (values, sums) in zip(arrays.groups, results, strict=True):
            se = np.sqrt(_variance(sums, n, projection))
            for c, code in enumerate(codes):
                if code != COMPOSITE or has_composite:
                    group_rows.append(
                        (
                            arrays.wave_id,
                            weighting,
                            factor,
                            group_code,
                            code,
                            values[c],
                            se[c] if np.isfinite(values[c]) else np.nan,
                            method,
                        )
                    )
        for factor, high, low in contrasts:
            if (factor, high) not in index or (factor, low) not in index:
                continue
            g_high, g_low = index[(factor, high)], index[(factor, low)]
            if np.intersect1d(arrays.members[g_high], arrays.members[g_low]).size:
                raise StatsError(
                    f"wave '{arrays.wave_id}': groups '{high}' and '{low}' of factor '{factor}' "
                    "share respondents; a factor's groups must be disjoint"
                )
            (v_high, s_high), (v_low, s_low) = results[g_high], results[g_low]
            se = np.sqrt(_variance(s_high - s_low, n, projection))
            for c, code in enumerate(codes):
                if code != COMPOSITE or has_composite:
                    difference = v_high[c] - v_low[c]
                    contrast_rows.append(
                        (
                            arrays.wave_id,
                            weighting,
                            factor,
                            high,
                            low,
                            code,
                            difference,
                            se[c] if np.isfinite(difference) else np.nan,
                            method,
                        )
                    )
    return (pd.DataFrame(group_rows, columns=VARIANCE_COLUMNS), pd.DataFrame(contrast_rows, columns=CONTRAST_COLUMNS))


def variances_of_waves(
    waves: Iterable[tuple[WaveArrays, Calibration | None]], contrasts: Iterable[tuple[str, str, str]] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """wave_variances of every wave, concatenated (wave by wave: memory of one wave)."""
    contrasts = list(contrasts)
    groups, pairs = [pd.DataFrame(columns=VARIANCE_COLUMNS)], [pd.DataFrame(columns=CONTRAST_COLUMNS)]
    with one_blas_thread():  # the same bits whatever the machine's BLAS threads
        for arrays, calibration in waves:
            g, p = wave_variances(arrays, calibration, contrasts)
            groups.append(g)
            pairs.append(p)
    return (
        pd.concat([f for f in groups if len(f)] or groups[:1], ignore_index=True),
        pd.concat([f for f in pairs if len(f)] or pairs[:1], ignore_index=True),
    )


def frame_waves(
    answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame
) -> Iterator[tuple[WaveArrays, Calibration | None]]:
    """(WaveArrays, Calibration) of every wave from long frames (any row order). weights:
    wave_id, respondent_id, weight and, for raked waves, raking_cells."""
    answers = answers[answers["indicator_code"].notna()]
    by_groups = dict(tuple(groups.groupby("wave_id", sort=True)))
    by_weights = dict(tuple(weights.groupby("wave_id", sort=True)))
    empty_g, empty_w = groups.iloc[0:0], weights.iloc[0:0]
    for wave_id, wave_answers in answers.groupby("wave_id", sort=True):
        wave_weights = by_weights.get(wave_id, empty_w)
        arrays = wave_arrays(str(wave_id), wave_answers, by_groups.get(wave_id, empty_g), wave_weights)
        yield arrays, _aligned_calibration(arrays, wave_weights)


def _aligned_calibration(arrays: WaveArrays, weights: pd.DataFrame) -> Calibration | None:
    if "raking_cells" not in weights.columns or weights.empty:
        return None
    ids = weights["respondent_id"].astype(str).to_numpy()
    order = np.argsort(ids, kind="stable")
    position = np.searchsorted(ids[order], arrays.respondent_ids)
    return calibration_of(weights["raking_cells"].to_numpy(dtype=object)[order][position])


def indicator_variances(
    answers: pd.DataFrame, groups: pd.DataFrame, weights: pd.DataFrame, contrasts: Iterable[tuple[str, str, str]] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Linearised se of every indicator value and of the ``contrasts`` from long frames.

    answers: wave_id, respondent_id, item_code, indicator_code, valence (null = missing);
    groups: wave_id, respondent_id, factor, group_code; weights: wave_id, respondent_id, weight,
    raking_cells (int_respondent_weights_computed). Callable on the rows of one wave (a Spark
    ``applyInPandas`` per wave gives the same rows as one call on all waves)."""
    return variances_of_waves(frame_waves(answers, groups, weights), contrasts)
