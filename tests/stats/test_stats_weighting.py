"""Raking, trimming and the per-wave weight table."""

import numpy as np
import pandas as pd
import pytest

from survey_stats.weighting import (
    Margin,
    RakingError,
    normalise_exact,
    rake,
    respondent_weights,
    trim_weights,
)


def test_rake_two_by_two_by_hand():
    # gender already 2:2 (= 50/50); settlement 2:2 must become 75/25 of 4 -> targets 3 and 1,
    # factors 3/2 and 1/2 -> weights 1.5, 0.5, 1.5, 0.5; gender sums stay 2 and 2: converged.
    gender = Margin("gender", 2023, ("f", "m"), np.array([0, 0, 1, 1]), np.array([0.5, 0.5]))
    settlement = Margin("settlement", 2023, ("u", "r"), np.array([0, 1, 0, 1]), np.array([0.75, 0.25]))
    np.testing.assert_allclose(rake(np.ones(4), [gender, settlement]), [1.5, 0.5, 1.5, 0.5])


def test_rake_reproduces_margins_and_keeps_unknowns_share():
    rng = np.random.default_rng(3)
    n = 2000
    a = rng.choice(3, size=n, p=[0.6, 0.3, 0.1])
    b = rng.choice(2, size=n, p=[0.3, 0.7])
    b[:50] = -1  # unknown settlement
    margins = [
        Margin("region", 2023, ("x", "y", "z"), a, np.array([0.2, 0.3, 0.5])),
        Margin("settlement", 2023, ("u", "r"), b, np.array([0.6, 0.4])),
    ]
    w = rake(np.ones(n), margins)
    assert w.sum() == pytest.approx(n)
    np.testing.assert_allclose(np.bincount(a, weights=w) / w.sum(), [0.2, 0.3, 0.5], rtol=1e-7)
    known = b >= 0
    np.testing.assert_allclose(np.bincount(b[known], weights=w[known]) / w[known].sum(), [0.6, 0.4], rtol=1e-7)
    assert w[~known].sum() == pytest.approx(50, rel=1e-7)  # unknowns keep their starting share


def test_rake_empty_cell_names_the_margin():
    margin = Margin("region", 2023, ("x", "y"), np.array([0, 0, 0]), np.array([0.5, 0.5]))
    with pytest.raises(RakingError, match="region.*'y'.*no respondent"):
        rake(np.ones(3), [margin])


def test_trim_by_hand():
    # mean 4, cap 2 x 4 = 8: 16 -> 8, the other four share 20 - 8 = 12 -> 3 each
    w, capped = trim_weights(np.array([1.0, 1, 1, 1, 16]), cap_ratio=2)
    np.testing.assert_allclose(w, [3, 3, 3, 3, 8])
    assert capped.tolist() == [False, False, False, False, True]


def test_normalise_exact_sums_exactly_to_n():
    w = normalise_exact(np.random.default_rng(0).uniform(0.1, 3, 997))
    assert w.sum() == 997.0
    assert np.all(np.round(w * 2**20) == w * 2**20)


def _margins(rows):
    cols = ["reference_year", "dimension", "category", "age_min", "age_max", "value", "population_basis"]
    return pd.DataFrame(rows, columns=cols)


def _respondents(n, year=2023, seed=1):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "wave_id": f"w{year}",
            "year": year,
            "respondent_id": [f"r{i:04d}" for i in range(n)],
            "region_code": rng.choice(["astana", "almaty"], n),
            "region_2020_borders": None,
            "settlement": rng.choice(["urban", "rural"], n, p=[0.8, 0.2]),
            "gender": rng.choice(["female", "male"], n, p=[0.7, 0.3]),
            "age": rng.integers(18, 90, n).astype(float),
        }
    )


NO_DESIGN = pd.DataFrame(columns=["wave_id", "respondent_id", "design_weight"])


def test_respondent_weights_rakes_to_the_nearest_complete_margin():
    resp = _respondents(800)
    margins = _margins(
        [
            (2023, "gender", "female", None, None, 52.0, "all_ages"),
            (2023, "gender", "male", None, None, 48.0, "all_ages"),
            (2021, "settlement", "urban", None, None, 600.0, "all_ages"),
            (2021, "settlement", "rural", None, None, 400.0, "all_ages"),
            (2023, "settlement", "urban", None, None, None, "all_ages"),  # incomplete -> 2021 is used
            (2023, "settlement", "rural", None, None, 1.0, "all_ages"),
            (2023, "age_band", "18-44", 18, 44, 1.0, "adults_18_plus"),
            (2023, "age_band", "45+", 45, None, 1.0, "adults_18_plus"),
        ]
    )
    out = respondent_weights(resp, NO_DESIGN, margins, {}, cap_ratio=5, bases=("adults_18_plus", "all_ages"))
    assert out["weight_source"].eq("raked").all() and out["weight"].sum() == 800.0
    merged = resp.merge(out, on=["wave_id", "respondent_id"])
    share = merged.groupby("gender")["weight"].sum() / 800
    assert share["female"] == pytest.approx(0.52, abs=1e-5)
    assert (merged.groupby("settlement")["weight"].sum() / 800)["urban"] == pytest.approx(0.6, abs=1e-5)
    young = merged["age"] <= 44
    assert merged.loc[young, "weight"].sum() / 800 == pytest.approx(0.5, abs=1e-5)
    # adults-only bases: the all-ages gender and settlement margins are not used
    adults = respondent_weights(resp, NO_DESIGN, margins, {}, bases=("adults_18_plus",))
    m2 = resp.merge(adults, on=["wave_id", "respondent_id"])
    assert (m2.groupby("gender")["weight"].sum() / 800)["female"] != pytest.approx(0.52, abs=1e-3)


def test_respondent_weights_without_margins_or_with_design_weights():
    resp = _respondents(10)
    none = respondent_weights(resp, NO_DESIGN, _margins([]), {})
    assert none["weight_source"].eq("none").all() and none["weight"].eq(1.0).all()
    design = pd.DataFrame(
        {"wave_id": "w2023", "respondent_id": resp["respondent_id"], "design_weight": [1, 1, 1, 1, 1, 1, 1, 1, 1, 91.0]}
    )
    out = respondent_weights(resp, design, _margins([]), {}, cap_ratio=5)
    assert out["weight_source"].eq("design").all()
    assert out["weight"].sum() == 10.0
    # mean 1 after normalising, cap 5: the 91 is capped at 5, the nine others share 5 -> 5/9 each
    assert out["weight"].iloc[-1] == pytest.approx(5.0, abs=1e-5)
    assert out["weight"].iloc[0] == pytest.approx(5 / 9, abs=1e-5)
    assert out["is_trimmed"].tolist() == [False] * 9 + [True]
    assert out["design_weight"].iloc[-1] == 91.0


def test_conflicting_margins_fail_naming_wave_and_margin():
    resp = _respondents(200)
    resp["settlement"] = resp["gender"].map({"female": "urban", "male": "rural"})  # same split twice
    margins = _margins(
        [
            (2023, "gender", "female", None, None, 50.0, "all_ages"),
            (2023, "gender", "male", None, None, 50.0, "all_ages"),
            (2023, "settlement", "urban", None, None, 90.0, "all_ages"),
            (2023, "settlement", "rural", None, None, 10.0, "all_ages"),
        ]
    )
    with pytest.raises(RakingError, match=r"wave 'w2023'.*margin '(gender|settlement)'.*ref_population_margins"):
        respondent_weights(resp, NO_DESIGN, margins, {}, max_iter=30)


def test_pre_2022_wave_uses_margins_aggregated_to_old_units():
    resp = _respondents(300, year=2021)
    resp["region_code"] = np.random.default_rng(2).choice(["east_kazakhstan", "astana"], 300)
    resp["region_2020_borders"] = resp["region_code"]
    margins = _margins(
        [
            (2023, "region", "abai", None, None, 100.0, "all_ages"),
            (2023, "region", "east_kazakhstan", None, None, 300.0, "all_ages"),
            (2023, "region", "astana", None, None, 600.0, "all_ages"),
        ]
    )
    out = respondent_weights(resp, NO_DESIGN, margins, {"abai": "east_kazakhstan"})
    merged = resp.merge(out, on=["wave_id", "respondent_id"])
    # abai + east_kazakhstan (2023 units) = the old east_kazakhstan: 400 of 1000
    assert merged.groupby("region_code")["weight"].sum()["east_kazakhstan"] / 300 == pytest.approx(0.4, abs=1e-5)


def _cell_rows(rows):
    return pd.DataFrame(rows, columns=["category", "value"])


def test_margin_cells_accept_a_published_sum_and_reject_gaps_or_overlaps():
    from survey_stats.weighting import margin_cells

    rows = _cell_rows([("a", 10.0), ("b", None), ("c", None), ("b+c", 30.0)])
    assert margin_cells(rows) == [(("a",), 10.0), (("b", "c"), 30.0)]
    assert margin_cells(_cell_rows([("a", 10.0), ("b", None)])) is None  # b has no value
    assert margin_cells(_cell_rows([("a", 10.0), ("b", 5.0), ("a+b", 15.0)])) is None  # a, b counted twice
    assert margin_cells(_cell_rows([("a", 10.0), ("b", 0.0)])) is None  # an empty population


def test_merge_cells_sums_new_units_back_to_old_ones():
    from survey_stats.weighting import merge_cells

    cells = [
        (("abai",), 1.0),
        (("east",), 2.0),
        (("karaganda",), 4.0),
        (("turkestan", "ulytau"), 8.0),
        (("astana",), 16.0),
    ]
    crosswalk = {"abai": "east", "ulytau": "karaganda"}
    # abai + east -> east; the turkestan+ulytau cell shares karaganda with karaganda -> one cell
    assert merge_cells(cells, crosswalk) == [(("astana",), 16.0), (("east",), 3.0), (("karaganda", "turkestan"), 12.0)]


def test_a_published_sum_is_raked_as_one_cell():
    rng = np.random.default_rng(5)
    resp = _respondents(900)
    resp["region_code"] = rng.choice(["astana", "turkestan", "ulytau"], 900, p=[0.5, 0.3, 0.2])
    margins = _margins(
        [
            (2023, "region", "astana", None, None, 400.0, "all_ages"),
            (2023, "region", "turkestan", None, None, None, "all_ages"),
            (2023, "region", "ulytau", None, None, None, "all_ages"),
            (2023, "region", "turkestan+ulytau", None, None, 600.0, "all_ages"),
        ]
    )
    out = respondent_weights(resp, NO_DESIGN, margins, {})
    merged = resp.merge(out, on=["wave_id", "respondent_id"])
    by_region = merged.groupby("region_code")["weight"].sum() / 900
    assert by_region["astana"] == pytest.approx(0.4, abs=1e-6)
    assert by_region["turkestan"] + by_region["ulytau"] == pytest.approx(0.6, abs=1e-6)
    # inside the cell the two regions keep their sample proportions (one factor for the cell)
    counts = resp["region_code"].value_counts()
    assert by_region["turkestan"] / by_region["ulytau"] == pytest.approx(counts["turkestan"] / counts["ulytau"])


def test_adult_and_all_ages_figures_of_a_year_are_never_mixed():
    resp = _respondents(600)
    rows = [
        (2023, "gender", "female", None, None, 52.0, "all_ages"),
        (2023, "gender", "male", None, None, 48.0, "all_ages"),
        (2023, "gender", "female", None, None, None, "adults_18_plus"),  # adults not published
        (2023, "gender", "male", None, None, None, "adults_18_plus"),
    ]
    share = lambda out: resp.merge(out, on=["wave_id", "respondent_id"]).groupby("gender")["weight"].sum() / 600
    # all-ages figures are used when the adult ones are missing
    assert share(respondent_weights(resp, NO_DESIGN, _margins(rows), {}))["female"] == pytest.approx(0.52, abs=1e-6)
    # adult figures win when both are complete
    rows[2:] = [
        (2023, "gender", "female", None, None, 53.0, "adults_18_plus"),
        (2023, "gender", "male", None, None, 47.0, "adults_18_plus"),
    ]
    assert share(respondent_weights(resp, NO_DESIGN, _margins(rows), {}))["female"] == pytest.approx(0.53, abs=1e-6)


def test_raking_that_trimming_keeps_off_a_margin_is_reported_with_wave_and_margin(caplog):
    resp = _respondents(400)
    resp["settlement"] = ["rural"] * 20 + ["urban"] * 380  # 5 % rural in the sample, 50 % in the margin
    margins = _margins(
        [
            (2023, "settlement", "urban", None, None, 50.0, "all_ages"),
            (2023, "settlement", "rural", None, None, 50.0, "all_ages"),
            (2023, "gender", "female", None, None, 52.0, "all_ages"),
            (2023, "gender", "male", None, None, 48.0, "all_ages"),
        ]
    )
    with caplog.at_level("WARNING", logger="survey_stats.weighting"):
        out = respondent_weights(resp, NO_DESIGN, margins, {}, cap_ratio=2)
    rural = resp["settlement"].eq("rural").to_numpy()
    achieved = out["weight"].to_numpy()[rural].sum() / out["weight"].sum()
    assert achieved < 0.2  # the cap of 2 x mean keeps 5 % of the sample far from 50 %
    assert out["is_raking_converged"].eq(False).all() and out["raking_worst_margin"].eq("settlement").all()
    assert out["raking_max_margin_error"].iloc[0] == pytest.approx(1 - achieved / 0.5, rel=1e-6)
    warning = " ".join(r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert "w2023" in warning and "'settlement'" in warning and "Fix:" in warning
    # the same wave with a reachable margin converges and says so
    good = respondent_weights(resp, NO_DESIGN, margins, {}, cap_ratio=50)
    assert good["is_raking_converged"].all() and good["raking_max_margin_error"].max() <= 1e-6
    cells = good["raking_cells"].iloc[0].split(";")
    assert [c.split("=")[0] for c in cells] == ["settlement", "gender"]


def test_unraked_waves_have_no_raking_columns():
    resp = _respondents(10)
    none = respondent_weights(resp, NO_DESIGN, _margins([]), {})
    assert (
        none[["raking_cells", "raking_max_margin_error", "raking_worst_margin", "is_raking_converged"]]
        .isna()
        .all()
        .all()
    )
