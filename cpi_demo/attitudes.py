"""Latent attitudes: who answers positively, given the calibrated counts.

The calibration fixes how many in each group answer what; these preferences decide *which*
respondents, so answers correlate across items (a latent attitude per indicator) and regions
show the patterns the report describes in prose (macro-region effects, region clusters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# report prose, "Regional differences": effect on the propensity to answer positively
MACRO_EFFECT: dict[str, dict[str, float]] = {
    # composite: North high, South low, Astana ~ South, Shymkent ~ North, Almaty ~ middle belt
    "general": {
        "north": 0.5,
        "centre": 0.3,
        "east": 0.2,
        "west": 0.3,
        "south": -0.5,
        "astana": -0.9,
        "almaty": -0.4,
        "shymkent": 0.5,
    },
    # max Astana, then Almaty, then South and North; lowest in the middle belt
    "geopolitical": {
        "astana": 0.9,
        "almaty": 0.6,
        "south": 0.2,
        "north": 0.2,
        "centre": -0.5,
        "west": -0.4,
        "east": -0.3,
        "shymkent": -0.1,
    },
    # max North, Shymkent, Almaty; average South/West/East; min Centre
    "economic": {
        "north": 0.6,
        "shymkent": 0.6,
        "almaty": 0.35,
        "south": -0.1,
        "west": 0.0,
        "east": 0.0,
        "centre": -0.8,
        "astana": -0.3,
    },
    # lowest on the Chinese border (East), average South, max North/Centre/West
    "cultural": {
        "east": -0.9,
        "south": -0.1,
        "north": 0.4,
        "centre": 0.4,
        "west": 0.4,
        "astana": -0.6,
        "almaty": 0.0,
        "shymkent": 0.3,
    },
}
ITEM_MACRO_EFFECT: dict[str, dict[str, float]] = {
    "geo_influence_growing": {"east": 1.2, "west": -1.0},  # grows east -> west
    "geo_friendly": {"north": 1.2, "east": -1.0},  # North sees China friendliest
    "geo_more_than_russia": {"north": -1.0, "centre": -0.5},
}
# "Regional clustering": cities + eastern regions alike; three western regions apart
REGION_CLUSTER: dict[str, str] = {
    "astana": "core",
    "almaty": "core",
    "shymkent": "core",
    "zhetysu": "core",
    "almaty_region": "core",
    "abai": "core",
    "east_kazakhstan": "core",
    "pavlodar": "core",
    "atyrau": "west",
    "mangystau": "west",
    "west_kazakhstan": "west",
    "turkestan": "periphery",
    "kyzylorda": "periphery",
    "jambyl": "periphery",
    "kostanay": "periphery",
    "north_kazakhstan": "periphery",
    "akmola": "periphery",
    "aktobe": "periphery",
    "karaganda": "centre",
    "ulytau": "centre",
}
CLUSTER_SCALE = {"core": 0.5, "west": 0.9, "periphery": 0.5, "centre": 0.7}


class Attitudes:
    """Per-respondent utilities of a positive answer (deterministic given the rng)."""

    def __init__(self, people: pd.DataFrame, rng: np.random.Generator):
        n = len(people)
        self.people = people
        self.rng = rng
        self.general = rng.normal(size=n)
        self.by_indicator = {k: rng.normal(size=n) for k in MACRO_EFFECT}
        self.macro = people["macro_region"].to_numpy()
        self.cluster = np.array([REGION_CLUSTER[r] for r in people["region"]])
        self.region = people["region"].to_numpy()
        self._cluster_rng = np.random.default_rng(int(rng.integers(1 << 31)))

    def utility(self, item: str, indicator: str | None, *, sign: float = 1.0) -> np.ndarray:
        n = len(self.people)
        u = 0.8 * self.general
        if indicator in self.by_indicator:
            u = u + 0.6 * self.by_indicator[indicator]
            u = u + np.array([MACRO_EFFECT[indicator].get(m, 0.0) for m in self.macro])
        item_eff = ITEM_MACRO_EFFECT.get(item, {})
        u = u + np.array([item_eff.get(m, 0.0) for m in self.macro])
        profile = {c: self._cluster_rng.normal(scale=s) for c, s in CLUSTER_SCALE.items()}
        u = u + np.array([profile[c] for c in self.cluster])
        return sign * u + self.rng.normal(size=n)


def item_pref(u: np.ndarray) -> np.ndarray:
    """(n, 3) preference for classes positive, neutral, negative."""
    return np.stack([u, np.zeros_like(u), -u], 1)
