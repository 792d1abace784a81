"""Integer calibration: give each respondent one answer class so that many count targets hold at once.

The problem for one question is a small MILP (scipy/HiGHS): binary ``x[r, k]`` (respondent r
answers class k), one class per respondent, fixed overall class counts, and soft windows
``lo <= sum_r a_r * x[r, k] <= hi`` for group counts (or weighted sums such as
``often - 1.27 * rarely``). Misses cost ``PENALTY`` per unit; a small per-respondent preference
(``pref[r, k]``, higher = more likely) breaks ties so answers correlate with a latent attitude
and with region. HiGHS is deterministic for identical input, so the data are reproducible.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, vstack

from ingest.errors import CpiError

log = logging.getLogger(__name__)

PENALTY = 200.0
MISSES: list[tuple[str, str, float]] = []  # (question, window, slack) of the last generate() run


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


def assign_classes(
    pref: np.ndarray,
    totals: list[int] | None,
    windows: list[Window],
    *,
    fixed: np.ndarray | None = None,
    label: str = "",
    integral: bool = True,
) -> np.ndarray:
    """Return one class index per respondent.

    ``pref`` is (n, k); ``totals`` exact overall counts per class (None = free); ``fixed`` an
    optional int array with -1 for free respondents and a class index for pre-set ones.
    """
    n, k = pref.shape
    nx = n * k
    nw = len(windows)
    nvar = nx + 2 * nw
    # objective: -pref (maximise preference) + penalty * slack
    c = np.concatenate([-pref.reshape(-1), np.repeat([w.penalty for w in windows], 2)])
    rows = []
    lbs: list[float] = []
    ubs: list[float] = []
    # one class per respondent
    r_idx = np.repeat(np.arange(n), k)
    rows.append(csr_matrix((np.ones(nx), (r_idx, np.arange(nx))), shape=(n, nvar)))
    lbs += [1.0] * n
    ubs += [1.0] * n
    if totals is not None:
        cols = np.arange(nx)
        rows.append(csr_matrix((np.ones(nx), (cols % k, cols)), shape=(k, nvar)))
        lbs += [float(t) for t in totals]
        ubs += [float(t) for t in totals]
    for j, w in enumerate(windows):
        nz = np.flatnonzero(w.weights)
        data = np.concatenate([w.weights[nz] * coef for _, coef in w.terms] + [np.array([1.0, -1.0])])
        cols = np.concatenate([nz * k + cls for cls, _ in w.terms] + [np.array([nx + 2 * j, nx + 2 * j + 1])])
        rows.append(coo_matrix((data, (np.zeros(len(cols), dtype=int), cols)), shape=(1, nvar)).tocsr())
        lbs.append(w.lo)
        ubs.append(w.hi)
    a = vstack(rows).tocsr()
    lb = np.zeros(nvar)
    ub = np.concatenate([np.ones(nx), np.full(2 * nw, np.inf)])
    if fixed is not None:
        for r in np.flatnonzero(fixed >= 0):
            ub[r * k : (r + 1) * k] = 0.0
            lb[r * k + fixed[r]] = 1.0
            ub[r * k + fixed[r]] = 1.0
    # without windows the problem is a transportation problem: its LP vertices are integral
    integrality = np.concatenate([np.ones(nx) if integral else np.zeros(nx), np.zeros(2 * nw)])
    res = milp(
        c,
        constraints=LinearConstraint(a, lbs, ubs),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"mip_rel_gap": 2e-2, "presolve": True},
    )
    if res.x is None:
        raise CalibrationError(f"calibration of '{label}' failed: {res.message}. Fix: relax its targets in ingest/demo.")
    x = res.x[:nx].reshape(n, k)
    slack = res.x[nx:].reshape(-1, 2).sum(axis=1) if nw else np.zeros(0)
    missed = [(w.name, round(float(s), 2)) for w, s in zip(windows, slack) if s > 1e-6]
    MISSES.extend((label, name, s) for name, s in missed)
    if missed:
        log.debug("%s: %d soft targets missed: %s", label, len(missed), missed[:8])
    if not integral and not np.allclose(x, np.round(x), atol=1e-6):
        raise CalibrationError(f"calibration of '{label}' gave a fractional solution. Fix: solve it as a MILP.")
    return np.argmax(x, axis=1)
