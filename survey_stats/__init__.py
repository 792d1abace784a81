"""Survey estimators for the China Perception Index warehouse: pure functions of arrays and frames.

Modules: ``intervals`` (Wilson, net-score SE, Kish effective n, percentile interval),
``weighting`` (raking + trimming and the per-wave weight table), ``linearisation`` (linearised,
raking-aware standard errors of indicator values by group: the build's variance method),
``bootstrap`` (Poisson bootstrap of indicator values by group: a library and test oracle),
``multiplicities`` (the Poisson streams), ``significance`` (stable
Kruskal-Wallis, Holm, Benjamini-Hochberg), ``clustering`` (region tree, cophenetic correlation,
bootstrap cluster stability), ``duckdb_inputs`` (warehouse tables as coded arrays for the dbt
Python models). Methods and sources: docs/statistics.md.

Importing the package imports nothing heavy: each dbt Python model loads only the modules it uses
(the weights need no scipy).
"""

from survey_stats.errors import StatsError

__all__ = ["StatsError", "kish_effective_n", "net_score_se", "percentile_interval", "wilson_interval"]


def __getattr__(name: str):
    if name in __all__:
        from survey_stats import intervals

        return getattr(intervals, name)
    raise AttributeError(f"module 'survey_stats' has no attribute {name!r}")
