"""Canonical answers (class codes) of the index items for one annual wave."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from cpi_demo.attitudes import Attitudes
from cpi_demo.fit import Printed
from cpi_demo.items import ItemCalibrator, to_codes
from cpi_demo.targets import Targets, items

log = logging.getLogger(__name__)

INDICATORS = ("general", "geopolitical", "economic", "cultural")
# members per wave (METHODOLOGY.md): later items did not exist earlier
EXCLUDED = {
    2020: {
        "econ_tourism",
        "econ_energy",
        "econ_ecology",
        "cult_chinese_tourists",
        "cult_friend",
        "cult_political_system",
        "geo_social_responsible",
    },
    2021: {"geo_social_responsible"},
    2023: set(),
}
# assumed figures for numbers the report does not print (documented in docs/demo-data.md)
ASSUMED: dict[int, dict[str, list[Printed]]] = {
    2020: {
        "gen_attitude_change": [
            Printed("pct_positive", 44.0, 0.1),
            Printed("pct_negative", 21.0, 0.1),
        ],
        "gen_relations_course": [
            Printed("pct_positive", 66.0, 0.1),
            Printed("pct_negative", 22.0, 0.1),
        ],
    },
    2021: {
        # not printed: score 0.45 on the steady path 0.39 (2020) -> 0.56 (2023) the prose
        # describes (Table 3 is the tone of the information, question news_tone)
        "gen_attitude": [
            Printed("pct_positive", 63.0, 0.1),
            Printed("pct_negative", 18.0, 0.1),
        ],
        "gen_attitude_change": [
            Printed("pct_positive", 52.0, 0.1),
            Printed("pct_negative", 19.0, 0.1),
        ],
        "gen_relations_course": [
            Printed("pct_positive", 71.0, 0.1),
            Printed("pct_negative", 19.0, 0.1),
        ],
    },
}
# neutral share used when only a score is printed (2020/2021)
NEUTRAL_EARLY = 0.14
MISSING_EARLY = 0.006


def wave_items(year: int) -> pd.DataFrame:
    cat = items()
    return cat[(cat["first_year"] <= year) & ~cat["item_code"].isin(EXCLUDED[year])]


def _ranked_early_counts(
    cal: ItemCalibrator, t: Targets, econ: list[str], n_valid_of: dict[str, int]
) -> dict[str, tuple[int, int, int]]:
    """2020/2021 economic items: only scores and ranks by % positive are printed.

    Choose neutral shares so that % positive follows the printed ranks."""
    ranks = {i: t.value(i, "rank") for i in econ}
    order = sorted(econ, key=lambda i: ranks[i] or 99)
    out: dict[str, tuple[int, int, int]] = {}
    prev_pos: int | None = None
    for item in reversed(order):  # from the lowest rank up
        n_valid = n_valid_of[item]
        s = t.value(item, "score") or 0.0
        pos, neu, neg = cal.counts(item, n_valid, [Printed("pct_neutral", NEUTRAL_EARLY * 100, 0.1)])
        if prev_pos is not None and pos <= prev_pos:
            pos = prev_pos + max(3, int(0.008 * n_valid))
            diff = round(s * n_valid)
            neg = pos - diff
            neu = n_valid - pos - neg
        out[item] = (pos, neu, neg)
        prev_pos = pos
    return out


def answer_items(
    people: pd.DataFrame,
    att: Attitudes,
    t: Targets,
    year: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    cal = ItemCalibrator(people, att, t, rng)
    cat = wave_items(year)
    n = len(people)
    fixed = {i: cal.missing_mask(MISSING_EARLY if year < 2023 else 0.0) for i in cat["item_code"]}
    counts: dict[str, tuple[int, int, int]] = {}
    for item in cat["item_code"]:
        n_valid = n - int((fixed[item] == 3).sum())
        extra = list(ASSUMED.get(year, {}).get(item, []))
        if item == "gen_attitude":
            extra += [Printed("score", v, 0.01)] if (v := t.indicator("general")) is not None else []
        if year == 2023 and t.value(item, "pct_positive") is None and (p := cal.group_weighted_pct(item)) is not None:
            extra.append(Printed("pct_positive", p, 0.1, soft=True))
        if year < 2023 and not any(p.kind == "pct_positive" for p in extra) and t.value(item, "pct_positive") is None:
            extra.append(Printed("pct_neutral", NEUTRAL_EARLY * 100, 0.1))
        counts[item] = cal.counts(item, n_valid, extra)
    if year < 2023:
        econ = list(cat.loc[cat["indicator_code"] == "economic", "item_code"])
        n_valid_of = {i: n - int((fixed[i] == 3).sum()) for i in econ}
        counts.update(_ranked_early_counts(cal, t, econ, n_valid_of))
    out = pd.DataFrame(index=people.index)
    for ind in INDICATORS:
        members = list(cat.loc[cat["indicator_code"] == ind, "item_code"])
        for item, cls in cal.calibrate_indicator(ind, members, counts, fixed).items():
            out[item] = to_codes(cls)
    for item in cat.loc[cat["indicator_code"].isna(), "item_code"]:
        out[item] = to_codes(cal.solve(item, None, counts[item], fixed[item], []))
    return out
