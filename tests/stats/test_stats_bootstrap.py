"""Point estimates and Poisson-bootstrap replicates of indicator values."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from survey_stats.bootstrap import indicator_point_estimates, indicator_replicates
from survey_stats.intervals import net_score_se, percentile_interval

INDICATORS = {"general": 1, "geopolitical": 2, "economic": 3, "cultural": 2}


def synthetic(n: int, seed: int = 0, p=(0.25, 0.3, 0.35, 0.1)):
    """Long answers (valence -1/0/+1/missing) for 8 items in 4 indicators, 2 factors, weights."""
    rng = np.random.default_rng(seed)
    items = [(ind, f"{ind}_{k}") for ind, count in INDICATORS.items() for k in range(count)]
    ids = np.array([f"r{i:05d}" for i in range(n)])
    valence = rng.choice([-1.0, 0.0, 1.0, np.nan], size=(n, len(items)), p=list(p))
    answers = pd.DataFrame({
        "wave_id": "w1", "respondent_id": np.repeat(ids, len(items)),
        "indicator_code": np.tile([i for i, _ in items], n), "item_code": np.tile([c for _, c in items], n),
        "valence": valence.reshape(-1),
    })
    groups = pd.concat([
        pd.DataFrame({"wave_id": "w1", "respondent_id": ids, "factor": "gender",
                      "group_code": rng.choice(["female", "male"], n)}),
        pd.DataFrame({"wave_id": "w1", "respondent_id": ids, "factor": "region",
                      "group_code": rng.choice(["a", "b", "c"], n)}),
    ]).query("not (factor == 'region' and group_code == 'c' and respondent_id < 'r00005')")
    weights = pd.DataFrame({"wave_id": "w1", "respondent_id": ids,
                            "weight": np.round(rng.uniform(0.3, 3, n) * 2**20) / 2**20})
    return answers, groups, weights


def test_point_estimate_by_hand():
    # 3 respondents, general has 1 item, economic 2 items; weights 1, 1, 2.
    answers = pd.DataFrame({
        "wave_id": "w", "respondent_id": ["a", "a", "a", "b", "b", "b", "c", "c", "c"],
        "indicator_code": ["general", "economic", "economic"] * 3,
        "item_code": ["g", "e1", "e2"] * 3,
        "valence": [1, 1, np.nan, -1, 0, 1, 1, -1, -1],
    })
    weights = pd.DataFrame({"wave_id": "w", "respondent_id": ["a", "b", "c"], "weight": [1.0, 1.0, 2.0]})
    groups = pd.DataFrame(columns=["wave_id", "respondent_id", "factor", "group_code"])
    out = indicator_point_estimates(answers, groups, weights).set_index(["weighting", "indicator_code"])["value"]
    # unweighted: g = (2 - 1)/3; e1 = (1 - 1)/3 = 0; e2 = (1 - 1)/2 = 0 -> economic 0
    assert out["unweighted", "general"] == pytest.approx(1 / 3)
    assert out["unweighted", "economic"] == 0.0
    # weighted: g = (1 + 2 - 1)/4 = 0.5; e1 = (1 - 2)/4 = -0.25; e2 = (1 - 2)/3 -> mean -0.29166..
    assert out["weighted", "general"] == pytest.approx(0.5)
    assert out["weighted", "economic"] == pytest.approx((-0.25 - 1 / 3) / 2)
    assert ("unweighted", "composite") not in out.index  # only two indicators: no composite


def test_point_estimate_equals_the_sql_formulas():
    """The marts' SQL (item score per group, mean of member item scores, composite of four)
    written independently in DuckDB, weighted and unweighted, against the Python estimate."""
    answers, groups, weights = synthetic(600, seed=4)
    con = duckdb.connect()
    con.register("answers", answers)
    con.register("groups_", pd.concat([groups, weights[["wave_id", "respondent_id"]].assign(
        factor="total", group_code="all")]))
    con.register("weights", weights)
    sql = con.execute("""
        with keyed as (
            select g.factor, g.group_code, a.indicator_code, a.item_code, a.valence, w.weight
            from answers a join groups_ g using (wave_id, respondent_id) join weights w using (wave_id, respondent_id)
        ), items as (
            select factor, group_code, indicator_code, item_code,
                   sum(valence) / count(valence) as s_u,
                   sum(weight * valence) / sum(case when valence is not null then weight end) as s_w
            from keyed group by all
        ), ind as (
            select factor, group_code, indicator_code, avg(s_u) as unweighted, avg(s_w) as weighted
            from items group by all
        ), comp as (
            select factor, group_code, 'composite' as indicator_code, avg(unweighted) as unweighted,
                   avg(weighted) as weighted
            from ind group by all having count(*) = 4
        )
        select * from ind union all select * from comp
    """).df().melt(id_vars=["factor", "group_code", "indicator_code"], var_name="weighting", value_name="sql")
    py = indicator_point_estimates(answers, groups, weights)
    merged = py.merge(sql, on=["factor", "group_code", "indicator_code", "weighting"], how="outer")
    assert len(merged) == len(py) == len(sql) == 2 * 6 * 5
    np.testing.assert_allclose(merged["value"], merged["sql"], rtol=0, atol=1e-12)


def test_replicates_are_bit_stable_under_row_order_and_chunking():
    answers, groups, weights = synthetic(300, seed=1)
    base = indicator_replicates(answers, groups, weights, replicates=40, seed=11)
    shuffled = indicator_replicates(answers.sample(frac=1, random_state=2), groups.sample(frac=1, random_state=3),
                                    weights.sample(frac=1, random_state=4), replicates=40, seed=11,
                                    block_bytes=3000)  # tiny blocks: many replicate and respondent chunks
    keys = ["wave_id", "weighting", "factor", "group_code", "indicator_code", "replicate"]
    a, b = base.sort_values(keys, ignore_index=True), shuffled.sort_values(keys, ignore_index=True)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    other_seed = indicator_replicates(answers, groups, weights, replicates=40, seed=12)
    assert not np.array_equal(base["value"].to_numpy(), other_seed["value"].to_numpy(), equal_nan=True)
    assert base["replicate"].min() == 1 and base["replicate"].max() == 40
    assert len(base) == 2 * 6 * 5 * 40  # weightings x (total + 2 + 3 groups) x indicators x replicates


def test_bootstrap_se_of_an_item_score_matches_the_analytic_se():
    # 'general' has one item, so its indicator value is that item's score.
    n, replicates = 1500, 1000
    answers, groups, weights = synthetic(n, seed=7, p=(0.3, 0.2, 0.5, 0.0))
    reps = indicator_replicates(answers, groups.iloc[0:0], weights, replicates=replicates, seed=5)
    values = reps.query("weighting == 'unweighted' and indicator_code == 'general'")["value"]
    item = answers[answers["item_code"] == "general_0"]["valence"]
    analytic = float(net_score_se((item == 1).mean(), (item == -1).mean(), n))
    # the SD of R replicates has a relative Monte-Carlo error of about 1 / sqrt(2 (R - 1)) = 2.2 %;
    # allow 3 of them (6.7 %) plus 1 % for Poisson(1) vs multinomial resampling.
    assert values.std(ddof=1) == pytest.approx(analytic, rel=0.077)


def test_item_score_interval_covers_95_percent():
    """Synthetic population p+ = 0.45, p- = 0.25 (true score 0.20); 2000 samples of 400."""
    rng = np.random.default_rng(2024)
    simulations, n, truth = 2000, 400, 0.20
    counts = rng.multinomial(n, [0.45, 0.25, 0.30], size=simulations)
    p_pos, p_neg = counts[:, 0] / n, counts[:, 1] / n
    score, se = p_pos - p_neg, net_score_se(p_pos, p_neg, n)
    covered = np.mean(np.abs(score - truth) <= 1.959964 * se)
    # binomial SE of the coverage over 2000 simulations: sqrt(0.95 * 0.05 / 2000) = 0.0049; allow 3 SE
    assert covered == pytest.approx(0.95, abs=3 * 0.0049)


def test_bootstrap_percentile_interval_covers_about_95_percent():
    """Same question for the bootstrap interval of an indicator (fewer simulations: slower)."""
    simulations, n = 100, 300
    truth = (0.35 - 0.25) / 0.9  # every item: p+ 0.35, p- 0.25, missing 0.1 (out of the base)
    hits = 0
    for s in range(simulations):
        answers, groups, weights = synthetic(n, seed=1000 + s)
        answers = answers[answers["indicator_code"] == "economic"]
        reps = indicator_replicates(answers, groups.iloc[0:0], weights, replicates=200, seed=s)
        values = reps.query("weighting == 'unweighted' and indicator_code == 'economic'")["value"]
        low, high = percentile_interval(values.to_numpy())
        hits += low <= truth <= high
    # binomial SE over 100 simulations: sqrt(0.95 * 0.05 / 100) = 0.0218; allow 3 SE
    assert hits / simulations == pytest.approx(0.95, abs=3 * 0.0218)
