"""How close a reproduced number must be to the printed one (shared by checker and fidelity test).

- percentages: one respondent's worth of the group plus half the last printed digit,
  ``100 / n_base + step / 2`` points (0.05 for one decimal, 0.5 for whole numbers)
- scores, indicators, differences: +-0.01
- ratios (incl. growth ratios): half the last printed digit + 1 % of the value
- ranks, link counts, counts, influence marks: exact
- ``rank_at_most`` (an order the text states without a number, e.g. "one of the three main
  reasons"): the reproduced rank must not exceed the printed one
"""

from __future__ import annotations

PCT_MEASURES = {
    "pct",
    "pct_positive",
    "pct_negative",
    "pct_neutral",
    "pct_unsure",
    "pct_agree",
    "conditional_pct",
}
RATIO_MEASURES = {
    "ratio",
    "ratio_often_to_rarely",
    "ratio_positive_to_negative",
    "growth_ratio_vs_2022",
}
EXACT_MEASURES = {
    "rank",
    "rank_change",
    "links_one_way",
    "links_two_way",
    "links_total",
    "count",
}
AT_MOST_MEASURES = {"rank_at_most"}


def tolerance(measure: str, printed: float, step: float, n_base: float | None) -> float:
    if measure in PCT_MEASURES:
        return 100.0 / max(n_base or 1.0, 1.0) + step / 2
    if measure in RATIO_MEASURES:
        return step / 2 + 0.01 * abs(printed)
    if measure in EXACT_MEASURES | AT_MOST_MEASURES or measure.startswith("influential:"):
        return 0.0
    return 0.01 + 1e-9  # score, indicator:*, difference:*


def matches(
    measure: str,
    printed: float,
    reproduced: float | None,
    step: float,
    n_base: float | None,
) -> bool:
    if reproduced is None:
        return False
    if measure in AT_MOST_MEASURES:
        return reproduced <= printed + 1e-9
    return abs(reproduced - printed) <= tolerance(measure, printed, step, n_base) + 1e-9
