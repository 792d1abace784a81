"""Closed-form uncertainty: Wilson interval, net-score SE, Kish effective n, percentile interval."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

Z95 = float(stats.norm.ppf(0.975))


def wilson_interval(successes: ArrayLike, n: ArrayLike, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (Wilson 1927).

    With p = x / n and z the normal quantile of (1 + level) / 2::

        centre    = (p + z^2 / (2n)) / (1 + z^2 / n)
        half      = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / (4 n^2))
        interval  = centre -+ half

    ``n`` may be an effective sample size (non-integer) for weighted shares. Returns NaN where
    n <= 0. Vectorised over arrays.
    """
    x = np.asarray(successes, dtype=float)
    size = np.asarray(n, dtype=float)
    z = float(stats.norm.ppf(0.5 + level / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / size
        denom = 1 + z**2 / size
        centre = (p + z**2 / (2 * size)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / size + z**2 / (4 * size**2))
    bad = ~(size > 0)
    low = np.where(bad, np.nan, centre - half)
    high = np.where(bad, np.nan, centre + half)
    return low, high


def net_score_se(p_positive: ArrayLike, p_negative: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Standard error of a net score d = p+ - p- from one multinomial sample of size n.

    Var(p+ - p-) = [p+ (1 - p+) + p- (1 - p-) + 2 p+ p-] / n = (p+ + p- - (p+ - p-)^2) / n,
    so se = sqrt((p+ + p- - (p+ - p-)^2) / n) (multinomial covariance, e.g. Agresti 2013 ch. 1).
    Use the effective n for weighted estimates. NaN where n <= 0.
    """
    pp = np.asarray(p_positive, dtype=float)
    pn = np.asarray(p_negative, dtype=float)
    size = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = (pp + pn - (pp - pn) ** 2) / size
    return np.where(size > 0, np.sqrt(np.clip(variance, 0.0, None)), np.nan)


def kish_effective_n(weights: ArrayLike) -> float:
    """Kish's effective sample size n_eff = (sum w)^2 / sum w^2 (Kish 1965, section 11.7).

    Equals n for equal weights and falls as weights vary; n_eff / n is the weighting efficiency.
    NaN for an empty or all-zero vector.
    """
    w = np.asarray(weights, dtype=float)
    total_sq = float(np.sum(w * w))
    if w.size == 0 or total_sq == 0:
        return float("nan")
    return float(np.sum(w)) ** 2 / total_sq


def percentile_interval(replicates: ArrayLike, level: float = 0.95, axis: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap percentile interval (Efron & Tibshirani 1993, ch. 13): the (1-level)/2 and
    (1+level)/2 quantiles of the replicate values, ignoring NaN replicates (linear interpolation,
    numpy's default = type 7 of Hyndman & Fan 1996, as DuckDB's ``quantile_cont``)."""
    values = np.asarray(replicates, dtype=float)
    alpha = (1 - level) / 2
    low = np.nanquantile(values, alpha, axis=axis)
    high = np.nanquantile(values, 1 - alpha, axis=axis)
    return low, high
