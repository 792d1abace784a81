"""Index items of an annual wave: overall counts from the printed figures, then group calibration."""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd

from ingest.demo.attitudes import Attitudes, item_pref
from ingest.demo.fit import Printed, fit_counts, guess_from
from ingest.demo.solver import Window, assign_classes
from ingest.demo.targets import Targets

log = logging.getLogger(__name__)

CLASSES = ("positive", "neutral", "negative", "missing")
FACTORS = ("age_group", "welfare", "ethnicity", "home_language", "education", "settlement")
PCT_PENALTY = 200.0
DIFF_PENALTY = 100.0


def printed_for(t: Targets, item: str) -> list[Printed]:
    out = []
    for kind in ("pct_positive", "pct_negative", "pct_neutral", "score", "ratio"):
        v = t.value(item, kind)
        if v is not None:
            out.append(Printed(kind, v, t.step(item, kind)))
    return out


def pct_window(name: str, mask: np.ndarray, pct: float) -> Window:
    n_g = float(mask.sum())
    lo = math.ceil(n_g * (pct - 0.05) / 100 - 1e-9)
    hi = math.floor(n_g * (pct + 0.05) / 100 + 1e-9)
    if lo > hi:
        lo = hi = round(n_g * pct / 100)
    return Window(name, ((0, 1.0),), mask, lo, hi, PCT_PENALTY)


def rank_assign(u: np.ndarray, totals: list[int], fixed: np.ndarray) -> np.ndarray:
    """Without group targets the optimum is a sort: highest utility positive, lowest negative."""
    out = np.full(len(u), 3)
    free = np.flatnonzero(fixed < 0)
    order = free[np.argsort(-u[free], kind="stable")]
    pos, neu, _ = totals[0], totals[1], totals[2]
    out[order[:pos]] = 0
    out[order[pos : pos + neu]] = 1
    out[order[pos + neu :]] = 2
    return out


class ItemCalibrator:
    """Assigns answer classes to the items of one wave."""

    def __init__(self, people: pd.DataFrame, att: Attitudes, t: Targets, rng: np.random.Generator):
        self.people = people
        self.att = att
        self.t = t
        self.rng = rng
        self.n = len(people)
        self.masks = {
            (f, g): (people[f].astype(str).to_numpy() == g).astype(float) for f in FACTORS for g in people[f].astype(str).unique()
        }

    def missing_mask(self, share: float) -> np.ndarray:
        fixed = np.full(self.n, -1)
        k = int(round(share * self.n))
        if k:
            fixed[self.rng.choice(self.n, size=k, replace=False)] = 3
        return fixed

    def group_weighted_pct(self, item: str) -> float | None:
        """% positive implied by the printed group percentages (mean over factors)."""
        by_factor: dict[str, float] = {}
        for (f, g), p in self.t.group_pct(item).items():
            if (f, g) in self.masks:
                by_factor[f] = by_factor.get(f, 0.0) + p * float(self.masks[(f, g)].sum()) / self.n
        full = [v for f, v in by_factor.items() if f != "ethnicity" or len([1 for (ff, _) in self.t.group_pct(item) if ff == f]) == 3]
        return float(np.mean(full)) if full else None

    def counts(self, item: str, n_valid: int, extra: list[Printed] | None = None) -> tuple[int, int, int]:
        printed = printed_for(self.t, item) + (extra or [])
        return fit_counts(n_valid, printed, guess_from(printed))

    def solve(self, item: str, indicator: str | None, totals: tuple[int, int, int], fixed: np.ndarray, windows: list[Window]) -> np.ndarray:
        u = self.att.utility(item, indicator)
        full = [totals[0], totals[1], totals[2], int((fixed == 3).sum())]
        if not windows:
            return rank_assign(u, full, fixed)
        pref = np.concatenate([item_pref(u), np.zeros((self.n, 1))], 1)
        return assign_classes(pref, full, windows, fixed=fixed, label=item)

    def calibrate_indicator(self, indicator: str, members: list[str], counts: dict[str, tuple[int, int, int]], fixed: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Items of one indicator in order; group indicator targets are spread over the items."""
        group_ind = {fg: v for fg, v in self.t.group_indicators(indicator).items() if fg in self.masks}
        k = len(members)
        scores = {i: (counts[i][0] - counts[i][2]) / sum(counts[i]) for i in members}
        overall = float(np.mean(list(scores.values())))
        achieved = dict.fromkeys(group_ind, 0.0)
        out: dict[str, np.ndarray] = {}
        for idx, item in enumerate(members):
            windows = [pct_window(f"{item}:{f}={g}:pos", self.masks[(f, g)], p) for (f, g), p in self.t.group_pct(item).items() if (f, g) in self.masks]
            for (f, g), v in group_ind.items():
                mask = self.masks[(f, g)]
                n_g = float(mask.sum())
                total = k * n_g * v
                remaining = members[idx:]
                expected = [n_g * (scores[j] + v - overall) for j in remaining]
                target = expected[0] + (total - achieved[(f, g)] - sum(expected)) / len(remaining)
                lo, hi = math.floor(target), math.ceil(target)
                if len(remaining) == 1:
                    lo2 = math.ceil(k * n_g * (v - 0.005) - achieved[(f, g)] - 1e-9)
                    hi2 = math.floor(k * n_g * (v + 0.005) - achieved[(f, g)] + 1e-9)
                    if lo2 <= hi2:
                        lo, hi = lo2, hi2
                windows.append(Window(f"{item}:{f}={g}:{indicator}", ((0, 1.0), (2, -1.0)), mask, lo, hi, DIFF_PENALTY))
            cls = self.solve(item, indicator, counts[item], fixed[item], windows)
            out[item] = cls
            for fg in group_ind:
                m = self.masks[fg] > 0
                achieved[fg] += float((cls[m] == 0).sum() - (cls[m] == 2).sum())
        return out


def to_codes(classes: np.ndarray) -> np.ndarray:
    return np.array(CLASSES, dtype=object)[classes]
