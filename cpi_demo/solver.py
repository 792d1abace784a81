"""Integer calibration: give each respondent one answer class so that many count targets hold at once.

For one question: every respondent gets one class (e.g. positive / neutral / negative /
missing); overall class counts are fixed; soft windows ``lo <= sum_r w_r * sum_k c_k x[r, k] <=
hi`` hold group counts (or weighted sums such as ``often - 1.27 * rarely``). Start from the
preference order (``pref[r, k]``, higher = more likely: answers correlate with a latent attitude
and region), then an integer local search swaps the classes of two respondents (keeps the
overall counts) whenever that lowers ``sum penalty * window miss - PREF_WEIGHT * preference``.
Candidates come from a seeded generator, so the result is deterministic.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from cpi.errors import CpiError

log = logging.getLogger(__name__)

PENALTY = 200.0
PREF_WEIGHT = 0.02
BATCH = 768
MAX_ROUNDS = 2500
HARD_PENALTY = 100.0  # windows at or above this penalty are fidelity tolerances
POLISH_ROUNDS = 40
MISSES: list[tuple[str, str, float]] = []  # (question, window, miss) of the current run


class CalibrationError(CpiError):
    """The demo-data calibration problem could not be solved."""


@dataclass(frozen=True)
class Window:
    """Soft window on ``sum_r weights[r] * sum_(k, c) c * x[r, k]`` over ``terms`` (k, c).

    ``weights`` is 0 outside the group; e.g. terms ((0, 1.0), (2, -1.0)) = positives - negatives.
    """

    name: str
    terms: tuple[tuple[int, float], ...]
    weights: np.ndarray
    lo: float
    hi: float
    penalty: float = PENALTY


def _initial(pref: np.ndarray, totals: list[int], fixed: np.ndarray) -> np.ndarray:
    n, k = pref.shape
    out = fixed.copy()
    free = fixed < 0
    need = list(totals)
    for c in range(k):
        need[c] -= int((fixed == c).sum())
    if any(v < 0 for v in need) or sum(need) != int(free.sum()):
        raise CalibrationError(f"class totals {totals} do not fit {n} respondents with {int((~free).sum())} pre-set")
    for c in range(k - 1):
        others = pref[:, c + 1 :].mean(axis=1)
        score = np.where(out < 0, pref[:, c] - others, -np.inf)
        pick = np.argsort(-score, kind="stable")[: need[c]]
        out[pick] = c
    out[out < 0] = k - 1
    return out


def _miss(values: np.ndarray, lo: np.ndarray, hi: np.ndarray, pen: np.ndarray) -> np.ndarray:
    return (np.maximum(0.0, lo - values) + np.maximum(0.0, values - hi)) * pen


def assign_classes(
    pref: np.ndarray,
    totals: list[int],
    windows: list[Window],
    *,
    fixed: np.ndarray | None = None,
    label: str = "",
    seed: int = 0,
) -> np.ndarray:
    """Return one class index per respondent (see module docstring)."""
    n, k = pref.shape
    fixed = np.full(n, -1) if fixed is None else fixed
    cls = _initial(pref, totals, fixed)
    if not windows:
        return cls
    w = len(windows)
    weights = np.stack([win.weights for win in windows], 1)  # (n, w)
    coef = np.zeros((k, w))
    for j, win in enumerate(windows):
        for c, v in win.terms:
            coef[c, j] = v
    lo = np.array([win.lo for win in windows])
    hi = np.array([win.hi for win in windows])
    pen = np.array([win.penalty for win in windows])
    values = (weights * coef[cls].reshape(n, w)).sum(axis=0)
    rng = np.random.default_rng(seed)
    free = np.flatnonzero(fixed < 0)
    current = _miss(values, lo, hi, pen).sum()
    stale = polish = 0
    for _ in range(MAX_ROUNDS):
        if current <= 0:
            break
        size = BATCH if stale < 4 else (8 if stale <= 8 else 32) * BATCH
        r = free[rng.integers(len(free), size=size)]
        s = free[rng.integers(len(free), size=size)]
        a, b = cls[r], cls[s]
        ok = a != b
        r, s, a, b = r[ok], s[ok], a[ok], b[ok]
        dcoef = coef[b] - coef[a]  # r: a -> b, s: b -> a
        delta = weights[r] * dcoef - weights[s] * dcoef
        new = _miss(values[None, :] + delta, lo, hi, pen).sum(axis=1)
        dpref = pref[r, b] + pref[s, a] - pref[r, a] - pref[s, b]
        gain = current - new + PREF_WEIGHT * dpref
        best = int(np.argmax(gain))
        if gain[best] <= 1e-9 or new[best] > current:
            stale += 1
            if stale > 8:
                # keep searching (bigger batches) while a high-penalty window is still missed
                hard = _miss(values, lo, hi, np.where(pen >= HARD_PENALTY, 1.0, 0.0)).sum()
                if hard <= 0 or polish >= POLISH_ROUNDS:
                    break
                polish += 1
            continue
        stale = 0
        cls[r[best]], cls[s[best]] = b[best], a[best]
        values = values + delta[best]
        current = new[best]
    misses = _miss(values, lo, hi, np.ones(w))
    MISSES.extend((label, win.name, float(m)) for win, m in zip(windows, misses) if m > 1e-9)
    return cls
