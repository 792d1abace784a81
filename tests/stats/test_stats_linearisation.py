"""Linearised (Taylor) standard errors of indicators: against independent oracles (statsmodels'
sandwich variance, a numerical delta method, the post-stratification formula), against the
truth of a simulated raked survey (coverage), and against the bootstrap they replace."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from survey_stats.bootstrap import WaveArrays, indicator_replicates
from survey_stats.linearisation import Calibration, indicator_variances, wave_variances
from survey_stats.weighting import Margin, normalise_exact, rake, raking_cells

INDICATORS = ("cultural", "economic", "general", "geopolitical")


def _survey(n: int, seed: int, items_per_indicator: int = 3, n_missing: float = 0.1) -> dict[str, pd.DataFrame]:
    """A wave of n respondents: answers to items of four indicators (valence -1/0/+1 or missing),
    a factor with three groups, fixed weights."""
    rng = np.random.default_rng(seed)
    ids = [f"r{i:05d}" for i in range(n)]
    lean = rng.normal(0, 0.6, n)
    rows = []
    for indicator in INDICATORS:
        for k in range(items_per_indicator):
            p_pos = 1 / (1 + np.exp(-(lean + rng.normal(0, 0.5) + 0.3 * k)))
            draw = rng.uniform(size=n)
            valence = np.where(draw < 0.8 * p_pos, 1.0, np.where(draw < 0.8, -1.0, 0.0))
            valence[rng.uniform(size=n) < n_missing] = np.nan
            rows.append(
                pd.DataFrame(
                    {
                        "wave_id": "w",
                        "respondent_id": ids,
                        "item_code": f"{indicator}_{k}",
                        "indicator_code": indicator,
                        "valence": valence,
                    }
                )
            )
    group = rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])
    return {
        "answers": pd.concat(rows, ignore_index=True),
        "groups": pd.DataFrame({"wave_id": "w", "respondent_id": ids, "factor": "f", "group_code": group}),
        # the warehouse's weights are multiples of 2^-20 (normalise_exact)
        "weights": pd.DataFrame(
            {"wave_id": "w", "respondent_id": ids, "weight": normalise_exact(rng.uniform(0.4, 2.5, n))}
        ),
    }


def test_one_item_se_is_statsmodels_sandwich_variance_in_every_group_and_weighting():
    data = _survey(900, seed=1, items_per_indicator=1)
    out, _ = indicator_variances(**data)
    answers = data["answers"].merge(data["weights"]).merge(data["groups"])
    n = data["weights"].shape[0]
    checked = 0
    for (indicator, group), rows in answers.groupby(["indicator_code", "group_code"]):
        rows = rows[rows["valence"].notna()]
        for weighting, w in (("unweighted", np.ones(len(rows))), ("weighted", rows["weight"].to_numpy())):
            fit = sm.WLS(rows["valence"].to_numpy(), np.ones((len(rows), 1)), weights=w).fit(cov_type="HC0")
            got = out[(out.indicator_code == indicator) & (out.group_code == group) & (out.weighting == weighting)]
            assert got["value"].iloc[0] == pytest.approx(fit.params[0], rel=1e-12)
            # a domain of a sample of n respondents: with-replacement factor n / (n - 1) of the wave
            assert got["se"].iloc[0] == pytest.approx(fit.bse[0] * np.sqrt(n / (n - 1)), rel=1e-9)
            checked += 1
    assert checked == 4 * 3 * 2
    assert set(out["variance_method"]) == {"taylor"}  # no raking cells: fixed weights


def _delta_method_se(data: dict[str, pd.DataFrame], group: str | None, indicator: str, weighted: bool) -> float:
    """Independent: the indicator as a function of the 2J weighted totals, its gradient by
    central differences, the totals' with-replacement covariance over all n respondents."""
    answers = data["answers"]
    items = sorted(answers["item_code"].unique())
    wide = answers.pivot(index="respondent_id", columns="item_code", values="valence")[items]
    ids = wide.index.to_numpy()
    w = data["weights"].set_index("respondent_id").loc[ids, "weight"].to_numpy() if weighted else np.ones(len(ids))
    if group is not None:
        w = w * (data["groups"].set_index("respondent_id").loc[ids, "group_code"].to_numpy() == group)
    v, d = np.nan_to_num(wide.to_numpy()), wide.notna().to_numpy().astype(float)
    u = np.hstack([w[:, None] * v, w[:, None] * d])  # per-respondent contributions to the totals
    of = {item: item.split("_")[0] for item in items}

    def f(totals: np.ndarray) -> float:
        j = len(items)
        score = totals[:j] / totals[j:]
        means = {
            ind: np.mean([s for s, item in zip(score, items, strict=True) if of[item] == ind]) for ind in INDICATORS
        }
        return float(np.mean(list(means.values()))) if indicator == "composite" else float(means[indicator])

    totals = u.sum(axis=0)
    steps = 1e-4 * (np.abs(totals) + 1)
    grad = np.array([(f(totals + h) - f(totals - h)) / (2 * steps[k]) for k, h in enumerate(np.diag(steps))])
    n = len(ids)
    centred = u - u.mean(axis=0)
    cov = n / (n - 1) * centred.T @ centred
    return float(np.sqrt(grad @ cov @ grad))


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    ("group", "indicator"), [(None, "economic"), (None, "composite"), ("c", "general"), ("b", "composite")]
)
def test_indicator_and_composite_se_is_the_delta_method(group, indicator, weighted):
    data = _survey(700, seed=2, n_missing=0.15)
    out, _ = indicator_variances(**data)
    row = out[
        (out.factor == ("total" if group is None else "f"))
        & (out.group_code == (group or "all"))
        & (out.indicator_code == indicator)
        & (out.weighting == ("weighted" if weighted else "unweighted"))
    ]
    assert row["se"].iloc[0] == pytest.approx(_delta_method_se(data, group, indicator, weighted), rel=1e-6)


def test_raking_residuals_on_one_margin_are_the_post_stratified_variance():
    # one margin = post-stratification: var = n/(n-1) sum_h W_h^2 (n_h - 1) s_h^2 / n_h^2
    # (Cochran 1977, 5A.9, with-replacement form), W_h the population shares
    rng = np.random.default_rng(5)
    n = 1200
    cell = rng.choice(3, n, p=[0.5, 0.3, 0.2])
    shares = np.array([0.3, 0.3, 0.4])
    y = np.where(rng.uniform(size=n) < np.array([0.2, 0.5, 0.8])[cell], 1, -1).astype(np.int8)
    margin = Margin("region", 2023, ("x", "y", "z"), cell, shares)
    weight = normalise_exact(rake(np.ones(n), [margin]))
    arrays = WaveArrays(
        "w",
        np.arange(n).astype(str),
        y[:, None],
        np.ones((n, 1), bool),
        weight,
        ("general",),
        np.zeros(1, dtype=np.int64),
        (("total", "all"),),
        (np.arange(n),),
    )
    groups, _ = wave_variances(arrays, Calibration((cell,), (3,)))
    got = groups[groups.weighting == "weighted"]
    n_h = np.bincount(cell)
    s2 = np.array([np.var(y[cell == h], ddof=1) for h in range(3)])
    expected = np.sqrt(n / (n - 1) * np.sum(shares**2 * (n_h - 1) * s2 / n_h**2))
    assert got["variance_method"].iloc[0] == "taylor_raking_residuals"
    # (raking stops at a relative 1e-8 and weights are rounded to 2^-20: equal to about 1e-7)
    assert got["se"].iloc[0] == pytest.approx(expected, rel=1e-6)
    # treating the weights as fixed overstates it: the margin explains part of the variance
    plain, _ = wave_variances(arrays, None)
    assert plain[plain.weighting == "weighted"]["se"].iloc[0] > 1.1 * expected


def _population(size: int, seed: int):
    rng = np.random.default_rng(seed)
    region = rng.choice(4, size, p=[0.4, 0.3, 0.2, 0.1])
    urban = (rng.uniform(size=size) < np.array([0.8, 0.5, 0.3, 0.6])[region]).astype(np.int64)
    female = (rng.uniform(size=size) < 0.52).astype(np.int64)
    lean = np.array([-0.9, 0.0, 0.6, 1.2])[region] + 0.7 * urban - 0.3 * female
    items = []
    for shift in (-0.2, 0.1, 0.4):
        p = 1 / (1 + np.exp(-(lean + shift)))
        draw = rng.uniform(size=size)
        items.append(np.where(draw < 0.85 * p, 1, np.where(draw < 0.85, -1, 0)))
    return region, urban, female, np.column_stack(items).astype(np.int8)


def test_raked_se_matches_the_spread_of_raked_estimates_and_covers_95_percent():
    """Simulation: samples from a population whose answers depend on the raking margins, each
    raked to the population's margins. The linearised se must describe the real spread of the
    estimate; the fixed-weights se must overstate it."""
    region, urban, female, items = _population(200_000, seed=11)
    truth = np.mean([np.mean(items[:, j] == 1) - np.mean(items[:, j] == -1) for j in range(3)])
    shares = [np.bincount(x) / x.size for x in (region, urban, female)]
    rng = np.random.default_rng(12)
    n, runs = 500, 400
    # an unrepresentative sample: selection depends on region and settlement, corrected by raking
    probability = np.array([0.5, 1.0, 1.0, 1.5])[region] * np.where(urban == 1, 0.7, 1.3)
    probability /= probability.sum()
    estimates, se_raked, se_fixed = [], [], []
    for _ in range(runs):
        pick = rng.choice(region.size, n, p=probability)
        codes = [region[pick], urban[pick], female[pick]]
        margins = [
            Margin(name, 2023, tuple(map(str, range(s.size))), c, s)
            for name, c, s in zip(("region", "settlement", "gender"), codes, shares, strict=True)
        ]
        weight = normalise_exact(rake(np.ones(n), margins))
        arrays = WaveArrays(
            "w",
            np.arange(n).astype(str),
            items[pick],
            np.ones((n, 3), bool),
            weight,
            ("general",),
            np.zeros(3, dtype=np.int64),
            (("total", "all"),),
            (np.arange(n),),
        )
        raked, _ = wave_variances(arrays, Calibration(tuple(codes), tuple(s.size for s in shares)))
        fixed, _ = wave_variances(arrays, None)
        row = raked[raked.weighting == "weighted"].iloc[0]
        estimates.append(row["value"])
        se_raked.append(row["se"])
        se_fixed.append(fixed[fixed.weighting == "weighted"]["se"].iloc[0])
    estimates, se_raked, se_fixed = map(np.asarray, (estimates, se_raked, se_fixed))
    spread = estimates.std(ddof=1)
    # 400 runs: the empirical sd is known to about +-4 %, coverage to about +-1.1 %
    assert np.sqrt(np.mean(se_raked**2)) / spread == pytest.approx(1.0, abs=0.12)
    coverage = np.mean(np.abs(estimates - truth) <= 1.96 * se_raked)
    assert 0.92 <= coverage <= 0.98
    assert np.mean(se_fixed / se_raked) > 1.1


def test_agrees_with_the_bootstrap_within_its_monte_carlo_noise():
    data = _survey(1500, seed=3)
    out, _ = indicator_variances(**data)
    replicates = indicator_replicates(**data, replicates=800, seed=7)
    boot = replicates.groupby(["weighting", "factor", "group_code", "indicator_code"])["value"].std(ddof=1)
    merged = out.set_index(["weighting", "factor", "group_code", "indicator_code"]).join(boot.rename("boot_se"))
    ratio = merged["se"] / merged["boot_se"]
    # the sd of 800 replicates is known to about +-2.5 % (1 / sqrt(2R)); 4.5 sigma for 40 cells
    assert len(ratio) == 2 * 4 * 5 and ratio.between(0.89, 1.11).all()
    assert abs(ratio.mean() - 1) < 0.03


def test_each_wave_alone_gives_the_rows_of_all_waves_and_row_order_does_not_matter():
    first, second = _survey(300, seed=4), _survey(250, seed=5)
    for frame in second.values():
        frame["wave_id"] = "v"
    both = {k: pd.concat([first[k], second[k]], ignore_index=True) for k in first}
    together, _ = indicator_variances(**both, contrasts=[("f", "a", "c")])
    alone = pd.concat([indicator_variances(**second)[0], indicator_variances(**first)[0]], ignore_index=True)  # v < w
    pd.testing.assert_frame_equal(together, alone, check_exact=True)
    shuffled = {k: v.sample(frac=1, random_state=9) for k, v in both.items()}
    again, _ = indicator_variances(**shuffled, contrasts=[("f", "a", "c")])
    pd.testing.assert_frame_equal(together, again, check_exact=True)


def test_difference_of_two_groups_keeps_their_covariance_through_the_raking():
    data = _survey(800, seed=6)
    rng = np.random.default_rng(6)
    margin = Margin("gender", 2023, ("f", "m"), rng.choice(2, 800), np.array([0.55, 0.45]))
    data["weights"]["weight"] = normalise_exact(rake(np.ones(800), [margin]))
    data["weights"]["raking_cells"] = raking_cells([margin])
    groups, contrasts = indicator_variances(**data, contrasts=[("f", "a", "c")])
    weighted = contrasts[contrasts.weighting == "weighted"].set_index("indicator_code")
    se = groups[groups.weighting == "weighted"].set_index(["group_code", "indicator_code"])["se"]
    values = groups[groups.weighting == "weighted"].set_index(["group_code", "indicator_code"])["value"]
    assert set(weighted["variance_method"]) == {"taylor_raking_residuals"}
    for indicator, row in weighted.iterrows():
        assert row["difference"] == pytest.approx(values[("a", indicator)] - values[("c", indicator)], abs=1e-15)
        independent = np.hypot(se[("a", indicator)], se[("c", indicator)])
        # disjoint groups, but the raking ties them: close to, not exactly, the independent value
        assert row["se"] == pytest.approx(independent, rel=0.05) and row["se"] != independent
    unweighted = contrasts[contrasts.weighting == "unweighted"].set_index("indicator_code")
    plain = groups[groups.weighting == "unweighted"].set_index(["group_code", "indicator_code"])["se"]
    for indicator, row in unweighted.iterrows():  # no raking: disjoint groups are uncorrelated
        assert row["se"] == pytest.approx(np.hypot(plain[("a", indicator)], plain[("c", indicator)]), rel=1e-9)


def test_a_group_without_valid_answers_has_no_value_and_no_se():
    data = _survey(200, seed=8)
    gone = data["groups"].loc[data["groups"].group_code == "c", "respondent_id"]
    data["answers"].loc[data["answers"].respondent_id.isin(gone), "valence"] = np.nan
    out, _ = indicator_variances(**data)
    c = out[out.group_code == "c"]
    assert len(c) and c["value"].isna().all() and c["se"].isna().all()
    assert out[out.group_code != "c"]["se"].notna().all()
