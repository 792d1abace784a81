"""February 2023 omnibus: "With which countries should Kazakhstan develop friendly relations?"

Table 37 gives, for each pair, % of those who chose one country who also chose the other.
Marginal counts follow from the pairs (n_A / n_B = P(A|B) / P(B|A)); each country is then
assigned in turn with the co-selection counts of the earlier countries as windows.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from cpi_demo.solver import Window, assign_classes
from cpi_demo.targets import Targets

COUNTRIES = ("turkey", "china", "russia", "central_asia", "europe", "usa")
OTHER_PCT = 6.0


def _pairs(t: Targets) -> dict[tuple[str, str], float]:
    """(also_chosen, chosen) -> conditional %."""
    hit = t.df[t.df["measure"] == "conditional_pct"]
    return {(i.split(":", 1)[1], g): float(v) for i, g, v in zip(hit["item_code"], hit["group_code"], hit["value"])}


def marginals(t: Targets, n: int) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    cond = _pairs(t)
    logr: dict[str, float] = {"china": 0.0}
    for c in COUNTRIES:
        if c != "china":
            logr[c] = math.log(cond[("china", c)] / cond[(c, "china")])
    # refine: least squares over all pairs (log n_a - log n_b = log P(a|b)/P(b|a))
    names = list(COUNTRIES)
    rows, rhs = [], []
    for a, b in itertools.combinations(names, 2):
        row = np.zeros(len(names))
        row[names.index(a)], row[names.index(b)] = 1, -1
        rows.append(row)
        rhs.append(math.log(cond[(a, b)] / cond[(b, a)]))
    rows.append(np.eye(len(names))[names.index("china")])
    rhs.append(0.0)
    sol = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)[0]
    rel = dict(zip(names, np.exp(sol)))
    best = None
    for n_china in range(int(0.30 * n), int(0.45 * n)):
        m = {c: int(round(rel[c] * n_china)) for c in names}  # noqa: RUF046
        both, ok = {}, 0
        for a, b in itertools.combinations(names, 2):
            est = (cond[(a, b)] * m[b] + cond[(b, a)] * m[a]) / 200
            k = int(round(est))  # noqa: RUF046
            both[(a, b)] = k
            ok += abs(100 * k / m[b] - cond[(a, b)]) <= 100 / m[b] + 0.5
            ok += abs(100 * k / m[a] - cond[(b, a)]) <= 100 / m[a] + 0.5
        if best is None or ok > best[0]:
            best = (ok, m, both)
    return best[1], best[2]


def friendly_countries(people: pd.DataFrame, t: Targets, rng: np.random.Generator) -> pd.DataFrame:
    n = len(people)
    m, both = marginals(t, n)
    out = pd.DataFrame(index=people.index)
    chosen: dict[str, np.ndarray] = {}
    breadth = rng.normal(size=n)  # some respondents name many countries
    for c in COUNTRIES:
        windows = []
        for b, sel in chosen.items():
            k = both.get((c, b), both.get((b, c)))
            windows.append(Window(f"{c}&{b}", ((0, 1.0),), sel.astype(float), k, k))
        pref = np.stack([breadth + 0.5 * rng.normal(size=n), np.zeros(n)], 1)
        cls = assign_classes(pref, [m[c], n - m[c]], windows, label=f"friend:{c}")
        chosen[c] = cls == 0
    n_chosen = sum(chosen.values())
    other = (n_chosen == 0) | ((n_chosen < 3) & (rng.random(n) < OTHER_PCT / 100))
    for c in ("central_asia", "china", "turkey", "russia", "usa", "europe"):
        out[f"friendly_countries|{c}"] = np.where(chosen[c], "selected", "not_selected")
    out["friendly_countries|other"] = np.where(other, "selected", "not_selected")
    return out
