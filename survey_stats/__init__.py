"""Survey estimators for the China Perception Index warehouse: pure functions, no I/O.

Modules: ``intervals`` (Wilson, net-score SE, Kish effective n, percentile interval),
``weighting`` (raking + trimming and the per-wave weight table), ``bootstrap`` (Poisson bootstrap
of indicator values by group), ``significance`` (stable Kruskal-Wallis, Holm, Benjamini-Hochberg),
``clustering`` (region tree, cophenetic correlation, bootstrap cluster stability).
Methods and sources: docs/statistics.md.
"""

from survey_stats.errors import StatsError
from survey_stats.intervals import (
    kish_effective_n,
    net_score_se,
    percentile_interval,
    wilson_interval,
)

__all__ = [
    "StatsError",
    "kish_effective_n",
    "net_score_se",
    "percentile_interval",
    "wilson_interval",
]
