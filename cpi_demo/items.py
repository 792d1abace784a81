"""Index items of an annual wave: overall counts from the printed figures, then group calibration."""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd

from cpi_demo.attitudes import Attitudes, item_pref
from cpi_demo.fit import Printed, fit_counts, guess_from
from cpi_demo.solver import Window, assign_classes
from cpi_demo.targets import Targets

log = logging.getLogger(__name__)

CLASSES = ("positive", "neutral", "negative", "missing")
FACTORS = (
    "age_group",
    "welfare",
    "ethnicity",
    "home_language",
    "education",
    "settlement",
)
PCT_PENALTY = 200.0
DIFF_PENALTY = 100.0
INNER_PENALTY = 5.0
DIFF_SLACK = 0.0015  # per-item share of the +-0.01 indicator tolerance used before the last item


def printed_for(t: Targets, item: str) -> list[Printed]:
    out = []
    for kind in ("pct_positive", "pct_negative", "pct_neutral", "score", "ratio"):
        v = t.value(item, kind)
        if v is not None:
            out.append(Printed(kind, v, t.step(item, kind)))
    return out


def pct_windows(name: str, mask: np.ndarray, pct: float) -> list[Window]:
    """Inner window = the printed rounding (cheap to miss), outer = the fidelity tolerance."""
    n_g = float(mask.sum())
    lo = math.ceil(n_g * (pct - 0.05) / 100 - 1e-9)
    hi = math.floor(n_g * (pct + 0.05) / 100 + 1e-9)
    if lo > hi:
        lo = hi = round(n_g * pct / 100)
    tol = (100 / n_g + 0.05) * 0.999
    lo2 = math.ceil(n_g * (pct - tol) / 100 - 1e-9)
    hi2 = math.floor(n_g * (pct + tol) / 100 + 1e-9)
    return [
        Window(name, ((0, 1.0),), mask, lo, hi, INNER_PENALTY),
        Window(name + ":tol", ((0, 1.0),), mask, min(lo, lo2), max(hi, hi2), PCT_PENALTY),
    ]


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
            (f, g): (people[f].astype(str).to_numpy() == g).astype(float)
            for f in FACTORS
            for g in people[f].astype(str).unique()
        }

    def missing_mask(self, share: float) -> np.ndarray:
        fixed = np.full(self.n, -1)
        k = int(round(share * self.n))  # noqa: RUF046
        if k:
            fixed[self.rng.choice(self.n, size=k, replace=False)] = 3
        return fixed

    def group_weighted_pct(self, item: str) -> float | None:
        """% positive implied by the printed group percentages (mean over the factors whose
        printed groups cover the whole sample)."""
        by_factor: dict[str, list[float]] = {}
        for (f, g), p in self.t.group_pct(item).items():
            if (f, g) in self.masks:
                n_g = float(self.masks[(f, g)].sum())
                by_factor.setdefault(f, [0.0, 0.0])
                by_factor[f][0] += p * n_g / self.n
                by_factor[f][1] += n_g
        full = [v for v, covered in by_factor.values() if abs(covered - self.n) < 0.5]
        return float(np.mean(full)) if full else None

    def counts(self, item: str, n_valid: int, extra: list[Printed] | None = None) -> tuple[int, int, int]:
        printed = printed_for(self.t, item) + (extra or [])
        return fit_counts(n_valid, printed, guess_from(printed))

    def solve(
        self,
        item: str,
        indicator: str | None,
        totals: tuple[int, int, int],
        fixed: np.ndarray,
        windows: list[Window],
    ) -> np.ndarray:
        u = self.att.utility(item, indicator)
        full = [totals[0], totals[1], totals[2], int((fixed == 3).sum())]
        if not windows:
            return rank_assign(u, full, fixed)
        pref = np.concatenate([item_pref(u), np.zeros((self.n, 1))], 1)
        return assign_classes(pref, full, windows, fixed=fixed, label=item)

    def _consistent(
        self,
        indicator: str,
        members: list[str],
        counts: dict[str, tuple[int, int, int]],
    ) -> dict[tuple[str, str], float]:
        """Group indicator targets, shifted (at most 0.008) so that a factor whose groups are all
        printed averages to the overall value (the printed values are rounded / weighted)."""
        raw = {fg: v for fg, v in self.t.group_indicators(indicator).items() if fg in self.masks}
        overall = float(np.mean([(c[0] - c[2]) / sum(c) for c in (counts[i] for i in members)]))
        out = dict(raw)
        for f in {f for f, _ in raw}:
            groups = [fg for fg in raw if fg[0] == f]
            sizes = {fg: float(self.masks[fg].sum()) for fg in groups}
            if abs(sum(sizes.values()) - self.n) > 0.5:
                continue
            shift = (self.n * overall - sum(sizes[fg] * raw[fg] for fg in groups)) / self.n
            shift = max(-0.008, min(0.008, shift))
            out.update({fg: raw[fg] + shift for fg in groups})
        return out

    def _expected_negatives(
        self,
        members: list[str],
        counts: dict[str, tuple[int, int, int]],
        fg: tuple[str, str],
        v: float,
    ) -> dict[str, tuple[float, float]]:
        """Expected (pos, neg) per item in group ``fg`` so the group's indicator equals ``v``.

        Printed group % positive is kept; negatives are the overall negative shares scaled by
        one factor per group (so the items keep their overall profile)."""
        n_g = float(self.masks[fg].sum())
        k = len(members)
        shares = {i: (counts[i][0] / sum(counts[i]), counts[i][2] / sum(counts[i])) for i in members}
        overall = float(np.mean([p - q for p, q in shares.values()]))
        printed = {i: self.t.group_pct(i).get(fg) for i in members}
        pos = {
            i: n_g * (printed[i] / 100 if printed[i] is not None else shares[i][0] + (v - overall) / 2) for i in members
        }
        need_neg = sum(pos.values()) - k * n_g * v
        base = sum(n_g * shares[i][1] for i in members)
        lam = max(0.0, need_neg / base) if base else 0.0
        return {i: (pos[i], n_g * shares[i][1] * lam) for i in members}

    def calibrate_indicator(
        self,
        indicator: str,
        members: list[str],
        counts: dict[str, tuple[int, int, int]],
        fixed: dict[str, np.ndarray],
    ) -> dict[str, np.ndarray]:
        """Items of one indicator in order; group indicator targets are spread over the items."""
        group_ind = self._consistent(indicator, members, counts)
        k = len(members)
        expected = {fg: self._expected_negatives(members, counts, fg, v) for fg, v in group_ind.items()}
        achieved = dict.fromkeys(group_ind, 0.0)
        out: dict[str, np.ndarray] = {}
        for idx, item in enumerate(members):
            windows = [
                w
                for (f, g), p in self.t.group_pct(item).items()
                if (f, g) in self.masks
                for w in pct_windows(f"{item}:{f}={g}:pos", self.masks[(f, g)], p)
            ]
            for (f, g), v in group_ind.items():
                mask = self.masks[(f, g)]
                n_g = float(mask.sum())
                remaining = members[idx:]
                exp = [expected[(f, g)][j][0] - expected[(f, g)][j][1] for j in remaining]
                target = exp[0] + (k * n_g * v - achieved[(f, g)] - sum(exp)) / len(remaining)
                lo, hi = (
                    math.floor(target - DIFF_SLACK * n_g),
                    math.ceil(target + DIFF_SLACK * n_g),
                )
                if len(remaining) == 1:
                    lo2 = math.ceil(k * n_g * (v - 0.005) - achieved[(f, g)] - 1e-9)
                    hi2 = math.floor(k * n_g * (v + 0.005) - achieved[(f, g)] + 1e-9)
                    lo, hi = (lo2, hi2) if lo2 <= hi2 else (math.floor(target), math.ceil(target))
                windows.append(
                    Window(
                        f"{item}:{f}={g}:{indicator}",
                        ((0, 1.0), (2, -1.0)),
                        mask,
                        lo,
                        hi,
                        DIFF_PENALTY,
                    )
                )
            cls = self.solve(item, indicator, counts[item], fixed[item], windows)
            out[item] = cls
            for fg in group_ind:
                m = self.masks[fg] > 0
                achieved[fg] += float((cls[m] == 0).sum() - (cls[m] == 2).sum())
        return out


def to_codes(classes: np.ndarray) -> np.ndarray:
    return np.array(CLASSES, dtype=object)[classes]
