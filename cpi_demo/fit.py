"""Overall answer counts that reproduce several printed figures of one question at once."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from cpi_demo.tolerance import tolerance


@dataclass(frozen=True)
class Printed:
    """One printed figure: ``kind`` pct_positive | pct_negative | pct_neutral | score | ratio."""

    kind: str
    value: float
    step: float  # last printed digit (0.1, 0.01, 1)
    soft: bool = False  # derived, not printed: aim at it without a hard tolerance


def _measure(kind: str, pos: int, neg: int, neu: int) -> float:
    valid = pos + neg + neu
    if kind == "pct_positive":
        return 100 * pos / valid
    if kind == "pct_negative":
        return 100 * neg / valid
    if kind == "pct_neutral":
        return 100 * neu / valid
    if kind == "score":
        return (pos - neg) / valid
    if kind == "ratio":
        return pos / neg if neg else math.inf
    raise ValueError(kind)


def fit_counts(n: int, printed: list[Printed], guess: tuple[float, float], radius: int = 12) -> tuple[int, int, int]:
    """(pos, neu, neg) for ``n`` valid answers closest to all printed figures (deterministic)."""
    p0, q0 = round(guess[0] * n), round(guess[1] * n)
    candidates = []
    for dp, dq in itertools.product(range(-radius, radius + 1), repeat=2):
        pos, neg = p0 + dp, q0 + dq
        neu = n - pos - neg
        if pos < 0 or neg < 1 or neu < 0:
            continue
        err = 0.0
        for p in printed:
            d = _measure(p.kind, pos, neg, neu) - p.value
            tol = tolerance(p.kind, p.value, p.step, n)
            hard = 0.0 if p.soft else 1000 * (max(0.0, abs(d) - tol) / tol) ** 2
            err += hard + (100.0 if p.soft else 1.0) * (d / p.step) ** 2
        candidates.append((round(err, 9), abs(dp) + abs(dq), pos, neg))
    _, _, pos, neg = min(candidates)
    return pos, n - pos - neg, neg


def guess_from(printed: list[Printed], neutral_default: float = 0.12) -> tuple[float, float]:
    """Shares (pos, neg) implied by the printed figures (pcts, or score + ratio, or score alone)."""
    d = {p.kind: p.value for p in printed}
    if "pct_positive" in d and "pct_negative" in d:
        return d["pct_positive"] / 100, d["pct_negative"] / 100
    if "score" in d and "ratio" in d and d["ratio"] > 1:
        neg = d["score"] / (d["ratio"] - 1)
        return d["ratio"] * neg, neg
    if "pct_positive" in d and "score" in d:
        return d["pct_positive"] / 100, d["pct_positive"] / 100 - d["score"]
    s = d.get("score", 0.0)
    neu = d.get("pct_neutral", neutral_default * 100) / 100
    return (1 - neu + s) / 2, (1 - neu - s) / 2
