"""Point estimates and Poisson-bootstrap replicates of indicator values."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from survey_stats.bootstrap import indicator_point_estimates, indicator_replicates
from survey_stats.errors import StatsError
from survey_stats.intervals import net_score_se, percentile_interval

INDICATORS = {"general": 1, "geopolitical": 2, "economic": 3, "cultural": 2}


def synthetic(n: int, seed: int = 0, p=(0.25, 0.3, 0.35, 0.1)):
    """Long answers (valence -1/0/+1/missing) for 8 items in 4 indicators, 2 factors, weights."""
    rng = np.random.default_rng(seed)
    items = [(ind, f"{ind}_{k}") for ind, count in INDICATORS.items() for k in range(count)]
    ids = np.array([f"r{i:05d}" for i in range(n)])
    valence = rng.choice([-1.0, 0.0, 1.0, np.nan], size=(n, len(items)), p=list(p))
    answers = pd.DataFrame(
        {
            "wave_id": "w1",
            "respondent_id": np.repeat(ids, len(items)),
            "indicator_code": np.tile([i for i, _ in items], n),
            "item_code": np.tile([c for _, c in items], n),
            "valence": valence.reshape(-1),
        }
    )
    groups = pd.concat(
        [
            pd.DataFrame(
                {
                    "wave_id": "w1",
                    "respondent_id": ids,
                    "factor": "gender",
                    "group_code": rng.choice(["female", "male"], n),
                }
            ),
            pd.DataFrame(
                {
                    "wave_id": "w1",
                    "respondent_id": ids,
                    "factor": "region",
                    "group_code": rng.choice(["a", "b", "c"], n),
                }
            ),
        ]
    ).query("not (factor == 'region' and group_code == 'c' and respondent_id < 'r00005')")
    weights = pd.DataFrame(
        {"wave_id": "w1", "respondent_id": ids, "weight": np.round(rng.uniform(0.3, 3, n) * 2**20) / 2**20}
    )
    return answers, groups, weights


def test_point_estimate_by_hand():
    # 3 respondents, general has 1 item, economic 2 items; weights 1, 1, 2.
    answers = pd.DataFrame(
        {
            "wave_id": "w",
            "respondent_id": ["a", "a", "a", "b", "b", "b", "c", "c", "c"],
            "indicator_code": ["general", "economic", "economic"] * 3,
            "item_code": ["g", "e1", "e2"] * 3,
            "valence": [1, 1, np.nan, -1, 0, 1, 1, -1, -1],
        }
    )
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
    con.register(
        "groups_", pd.concat([groups, weights[["wave_id", "respondent_id"]].assign(factor="total", group_code="all")])
    )
    con.register("weights", weights)
    sql = (
        con.execute("""
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
    """)
        .df()
        .melt(id_vars=["factor", "group_code", "indicator_code"], var_name="weighting", value_name="sql")
    )
    py = indicator_point_estimates(answers, groups, weights)
    merged = py.merge(sql, on=["factor", "group_code", "indicator_code", "weighting"], how="outer")
    assert len(merged) == len(py) == len(sql) == 2 * 6 * 5
    np.testing.assert_allclose(merged["value"], merged["sql"], rtol=0, atol=1e-12)


def test_replicates_are_bit_stable_under_row_order_and_chunking():
    answers, groups, weights = synthetic(300, seed=1)
    base = indicator_replicates(answers, groups, weights, replicates=40, seed=11)
    shuffled = indicator_replicates(
        answers.sample(frac=1, random_state=2),
        groups.sample(frac=1, random_state=3),
        weights.sample(frac=1, random_state=4),
        replicates=40,
        seed=11,
        block_bytes=3000,
    )  # tiny blocks: many replicate and respondent chunks
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


def _reference_replicates(answers, groups, weights, replicates, seed):
    """The bootstrap written the plain way: all multiplicities at once, every group, replicate and
    item summed on its own (no blocks, threads, derived groups or float32)."""
    from survey_stats.multiplicities import wave_seed

    rows = []
    answers = answers[answers["indicator_code"].notna()]
    for wave_id, wave in answers.groupby("wave_id"):
        w = weights[weights["wave_id"] == wave_id]
        ids = sorted(set(w["respondent_id"]) | set(wave["respondent_id"]))
        position = {rid: i for i, rid in enumerate(ids)}
        items = sorted(set(zip(wave["indicator_code"], wave["item_code"], strict=True)))
        valence = np.zeros((len(ids), len(items)))
        valid = np.zeros((len(ids), len(items)))
        for rid, ind, item, v in zip(
            wave["respondent_id"], wave["indicator_code"], wave["item_code"], wave["valence"], strict=True
        ):
            if not np.isnan(v):
                valence[position[rid], items.index((ind, item))] = v
                valid[position[rid], items.index((ind, item))] = 1
        weight = np.zeros(len(ids))
        weight[[position[r] for r in w["respondent_id"]]] = w["weight"].to_numpy()
        g = groups[groups["wave_id"] == wave_id]
        members = {("total", "all"): list(range(len(ids)))}
        for (factor, code), frame in g.groupby(["factor", "group_code"]):
            members[(factor, code)] = sorted(position[r] for r in frame["respondent_id"] if r in position)
        multiplicities = wave_seed(seed, wave_id).poisson(1.0, size=(replicates, len(ids)))
        indicators = sorted({ind for ind, _ in items})
        for weighting, base in (("unweighted", np.ones(len(ids))), ("weighted", weight)):
            for (factor, code), rows_ in members.items():
                for r in range(replicates):
                    m = multiplicities[r, rows_] * base[rows_]
                    values = []
                    for ind in indicators:
                        scores = []
                        for j, (item_ind, _) in enumerate(items):
                            den = np.sum(m * valid[rows_, j])
                            if item_ind == ind:
                                scores.append(np.sum(m * valence[rows_, j]) / den if den > 0 else np.nan)
                        scores = np.array(scores)
                        count = np.sum(~np.isnan(scores))
                        values.append(np.nansum(scores) / count if count else np.nan)
                    values.append(np.mean(values))
                    for ind, value in zip(indicators + ["composite"], values, strict=True):
                        rows.append((wave_id, weighting, factor, code, ind, r + 1, value))
    return pd.DataFrame(
        rows, columns=["wave_id", "weighting", "factor", "group_code", "indicator_code", "replicate", "value"]
    )


def test_fast_bootstrap_equals_the_plain_reference_bit_for_bit():
    answers, groups, weights = synthetic(150, seed=21)
    # a factor that is a union of another (derived, not multiplied), a factor some respondents lack
    macro = groups[groups["factor"] == "region"].assign(
        factor="macro", group_code=lambda f: f["group_code"].map({"a": "ab", "b": "ab", "c": "c"})
    )
    partial = groups[groups["factor"] == "gender"].iloc[::3].assign(factor="partial")
    groups = pd.concat([groups, macro, partial], ignore_index=True)
    keys = ["wave_id", "weighting", "factor", "group_code", "indicator_code", "replicate"]
    expected = _reference_replicates(answers, groups, weights, 9, seed=3).sort_values(keys, ignore_index=True)
    for budget in (2_000, 200_000, 64 * 2**20):  # many chunks and blocks ... one of each
        fast = indicator_replicates(answers, groups, weights, replicates=9, seed=3, block_bytes=budget)
        pd.testing.assert_frame_equal(
            fast.sort_values(keys, ignore_index=True), expected, check_exact=True, check_dtype=False
        )


def test_poisson_chunks_are_one_stream():
    from survey_stats.multiplicities import poisson_chunks, wave_seed

    whole = wave_seed(5, "w").poisson(1.0, size=(23, 41))
    for chunk in (1, 4, 23, 100):
        parts = list(poisson_chunks(wave_seed(5, "w"), 23, 41, chunk))
        assert [first for first, _ in parts] == list(range(0, 23, chunk))
        assert np.array_equal(np.concatenate([m for _, m in parts]), whole)


def test_warehouse_inputs_give_the_same_arrays_and_replicates():
    from survey_stats.bootstrap import replicates_of_waves, wave_arrays
    from survey_stats.duckdb_inputs import bootstrap_waves

    answers, groups, weights = synthetic(200, seed=8)
    answers.loc[answers.index[::7], "indicator_code"] = None  # rows outside the index are ignored
    con = duckdb.connect()
    for name, frame in (("answers", answers), ("groups_", groups), ("weights", weights)):
        con.register(name, frame)
    fast = list(bootstrap_waves(con.table("answers"), con.table("groups_"), con.table("weights")))
    kept = answers[answers["indicator_code"].notna()]
    slow = wave_arrays("w1", kept, groups, weights)
    assert len(fast) == 1
    a = fast[0]
    assert list(a.respondent_ids) == list(slow.respondent_ids) and a.groups == slow.groups
    for field in ("valence", "valid", "weight", "item_indicator"):
        assert np.array_equal(getattr(a, field), getattr(slow, field)), field
    assert all(np.array_equal(x, y) for x, y in zip(a.members, slow.members, strict=True))
    pd.testing.assert_frame_equal(
        replicates_of_waves(fast, 5, 1), indicator_replicates(kept, groups, weights, 5, 1), check_exact=True
    )
    con.register("weights", weights.iloc[1:])  # a respondent with answers but no weight
    with pytest.raises(StatsError, match="has answers but no weight"):
        list(bootstrap_waves(con.table("answers"), con.table("groups_"), con.table("weights")))
