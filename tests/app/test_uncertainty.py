"""Intervals, significance marks, the weighting control, the change decomposition, Table 36's
agreement and the cluster trust, checked against the statistics marts of the release."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import chart_data, table_with
from conftest import APP
from streamlit.testing.v1 import AppTest

from presentation.vl_graphs import trust

REPO = Path(__file__).resolve().parents[2]


def _points(frame: pd.DataFrame) -> pd.DataFrame:
    """The markers of a line chart (not its segments), one per wave, years un-dodged."""
    pts = frame[~frame["seg"].astype(bool)].copy()
    pts["year"] = pts["year"].round().astype(int)
    return pts


@pytest.mark.parametrize("weighting", ["unweighted", "weighted"])
def test_composite_intervals_equal_the_mart(open_page, marts, weighting: str) -> None:
    params = {"weighting": weighting} if weighting == "weighted" else {}
    drawn = _points(chart_data(open_page("overview", **params))["composite_trend"])
    mart = marts.execute(
        "select year, value, ci_low, ci_high, is_interpolated from marts.fct_indicators_v2 "
        "where indicator_code = 'composite' and weighting = ? order by year",
        [weighting],
    ).df()
    merged = drawn.merge(mart, on="year", suffixes=("", "_mart"))
    assert len(merged) == len(mart)
    assert merged["value"].tolist() == pytest.approx(merged["value_mart"].tolist())
    observed = merged[~merged["is_interpolated"]]
    assert observed["ci_low"].tolist() == pytest.approx(observed["ci_low_mart"].tolist())
    assert observed["ci_high"].tolist() == pytest.approx(observed["ci_high_mart"].tolist())
    # the interpolated 2022 is drawn without an interval although the mart carries one
    interpolated = merged[merged["is_interpolated"]]
    assert len(interpolated) == 1
    assert interpolated["ci_low"].isna().all() and interpolated["ci_high"].isna().all()


def test_weighted_and_printed_values_differ_where_the_marts_do(open_page, marts) -> None:
    """The control really switches the rows: the metrics follow the weighted mart."""
    at = open_page("overview", weighting="weighted")
    expected = dict(
        marts.execute(
            "select indicator_code, value from marts.fct_indicators_v2 "
            "where weighting = 'weighted' and wave_id = (select wave_id from marts.dim_waves "
            "where survey_kind = 'annual' order by fieldwork_start desc limit 1)"
        ).fetchall()
    )
    order = ["composite", "general", "geopolitical", "economic", "cultural"]
    shown = [float(m.value.replace("−", "-")) for m in at.metric]
    assert shown == pytest.approx([expected[c] for c in order], abs=0.005)
    assert at.query_params["weighting"] == "weighted"
    assert at.session_state["weighting"] == "weighted"
    assert "weighted to population" in " ".join(c.value for c in at.caption)


def test_unknown_weighting_falls_back_with_a_notice(open_page) -> None:
    open_page("overview")  # sets the release for this test
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["weighting"] = "heavy"  # a link opened afresh
    at.run()
    assert not at.exception
    assert at.session_state["weighting"] == "unweighted"
    assert "heavy" in " ".join(i.value for i in at.info)
    assert "weighting" not in at.query_params


def test_share_intervals_equal_the_mart(open_page, marts) -> None:
    at = open_page("information", codes="1", weighting="weighted")
    drawn = chart_data(at)["sources"]
    mart = marts.execute(
        "select s.source_code, pct_users, ci_low, ci_high from marts.fct_information_sources_v2 s "
        "where weighting = 'weighted' and wave_id = (select max(wave_id) "
        "from marts.fct_information_sources_v2)"
    ).df()
    table = table_with(at, "source_code", "pct_low", "pct_high")
    merged = table.merge(mart, on="source_code")
    assert len(merged) == len(mart)
    assert merged["pct_low"].tolist() == pytest.approx(merged["ci_low"].tolist())
    # the chart draws the same numbers, in the same order as its bars
    assert drawn["ci_low"].tolist() == pytest.approx(table["pct_low"].tolist())
    assert drawn["ci_high"].tolist() == pytest.approx(table["pct_high"].tolist())


def test_group_intervals_equal_the_mart(open_page, marts) -> None:
    at = open_page("factors", factor="age_group", year="2023", codes="1")
    drawn = chart_data(at)["indicators_by_group"]
    mart = marts.execute(
        "select group_code, indicator_code, ci_low, ci_high from marts.fct_indicators_by_group_v2 "
        "where weighting = 'unweighted' and factor = 'age_group' and group_code <> 'missing' "
        "and wave_id = 'cpi_2023_12'"
    ).df()
    merged = drawn.merge(mart, on=["group_code", "indicator_code"], suffixes=("", "_m"))
    assert len(merged) == len(mart) == len(drawn)
    assert merged["ci_low"].tolist() == pytest.approx(merged["ci_low_m"].tolist())
    assert merged["ci_high"].tolist() == pytest.approx(merged["ci_high_m"].tolist())


def test_significant_changes_are_ringed(open_page, marts) -> None:
    at = open_page("dynamics", indicator="economic")
    drawn = _points(chart_data(at)["indicator_trend"])
    flags = dict(
        marts.execute(
            "select year, is_significant from marts.fct_indicator_changes_v1 "
            "where weighting = 'unweighted' and indicator_code = 'economic'"
        ).fetchall()
    )
    assert flags, "the release has indicator changes to mark"
    for row in drawn.itertuples():
        assert bool(row.sig) == bool(flags.get(row.year, False)), row.year
    # a ring layer draws exactly the flagged points
    spec_layers = at.get("vega_lite_chart")[0].proto.spec
    assert "datum.sig === true" in spec_layers


def test_item_changes_carry_their_test(open_page, marts) -> None:
    at = open_page("dynamics", indicator="cultural", codes="1")
    shown = table_with(at, "item_code", "change", "change_p_value", "score_2023")
    mart = marts.execute(
        "select item_code, change, ci_low, ci_high, p_value, is_significant "
        "from marts.fct_item_score_changes_v1 where weighting = 'unweighted' "
        "and indicator_code = 'cultural' and wave_id = 'cpi_2023_12'"
    ).df()
    merged = shown.merge(mart, on="item_code", suffixes=("", "_m"))
    assert len(merged) == len(mart)
    assert merged["change_low"].tolist() == pytest.approx(merged["ci_low"].tolist())
    assert merged["change_p_value"].tolist() == pytest.approx(merged["p_value"].tolist())
    bars = chart_data(at)["item_change"]
    assert bars["sig"].astype(bool).sum() == int(mart["is_significant"].sum())


@pytest.mark.parametrize("indicator", ["economic", "composite"])
def test_change_decomposition_adds_up(open_page, marts, indicator: str) -> None:
    at = open_page("dynamics", indicator=indicator, change="cpi_2023_12")
    bars = chart_data(at)["change_contributions"]
    change = marts.execute(
        "select change from marts.fct_indicator_changes_v1 where weighting = 'unweighted' "
        "and indicator_code = ? and wave_id = 'cpi_2023_12'",
        [indicator],
    ).fetchone()[0]
    total, parts = bars.iloc[0], bars.iloc[1:]
    assert total["value"] == pytest.approx(change)
    assert parts["value"].sum() == pytest.approx(change, abs=1e-9)
    kinds = marts.execute(
        "select count(*) from marts.fct_indicator_change_contributions_v1 "
        "where weighting = 'unweighted' and indicator_code = ? and wave_id = 'cpi_2023_12'",
        [indicator],
    ).fetchone()[0]
    assert len(parts) == kinds
    if indicator == "composite":
        assert len(parts) == 4  # the four indicators, a quarter of their change each


def test_integral_table_agreement_with_the_report(open_page, marts) -> None:
    at = open_page("factors", year="2023")
    printed = {
        (r["factor"], r["measure"].split(":")[1]): r["value"] == "1"
        for r in csv.DictReader((REPO / "reference" / "published_tables.csv").open(encoding="utf-8"))
        if r["table"] == "36"
    }
    ours = {
        (f, i): bool(v)
        for f, i, v in marts.execute(
            "select factor, indicator_code, is_influential from marts.fct_factor_differences_v2 "
            "where wave_id = 'cpi_2023_12' and weighting = 'unweighted'"
        ).fetchall()
    }
    agree = sum(printed[k] == ours[k] for k in printed)
    titles = " ".join(m.value for m in at.markdown)
    assert f"agree in {agree} of {len(printed)} cells" in titles
    cells = chart_data(at)["integral_agreement"]
    assert len(cells) == len(printed)


def test_printed_marks_asset_copies_the_reference() -> None:
    asset = {
        (r["factor"], r["indicator_code"]): r["printed_mark"]
        for r in csv.DictReader((REPO / "streamlit_app" / "assets" / "report_table36.csv").open())
    }
    reference = {
        (r["factor"], r["measure"].split(":")[1]): r["value"]
        for r in csv.DictReader((REPO / "reference" / "published_tables.csv").open())
        if r["table"] == "36"
    }
    assert asset == reference


def test_cluster_trust_follows_the_stability(open_page, marts) -> None:
    at = open_page("regions", year="2023", k="5", codes="1")
    shown = table_with(at, "region_code", "stability")
    mart = dict(
        marts.execute(
            "select region_code, stability_level_4 from marts.fct_region_clusters_v1 where year = 2023"
        ).fetchall()
    )
    assert dict(zip(shown["region_code"], shown["stability"])) == pytest.approx(mart)
    leaves = chart_data(at)["dendrogram"]
    leaves = leaves[leaves["kind"] == "leaf"]
    expected = sorted("unstable" if s < 0.6 else "doubtful" if s < 0.75 else "stable" for s in mart.values())
    assert sorted(leaves["trust"]) == expected
    cophenetic = marts.execute(
        "select max(cophenetic_correlation) from marts.fct_region_clusters_v1 where year = 2023"
    ).fetchone()[0]
    captions = " ".join(c.value for c in at.caption)
    assert f"cophenetic correlation {cophenetic:.2f}" in captions


@pytest.mark.parametrize(
    ("stability", "reading"),
    [
        (0.99, "stable"),
        (0.75, "stable"),
        (0.7499, "doubtful"),
        (0.6, "doubtful"),
        (0.5999, "unstable"),
        (float("nan"), "stable"),
    ],
)
def test_trust_bands(stability: float, reading: str) -> None:
    assert trust(stability) == reading


def test_methodology_shows_the_weights(open_page, marts) -> None:
    at = open_page("methodology", lang="ru", codes="1")
    shown = table_with(at, "weight_source", "n_effective", "weighting_efficiency")
    mart = marts.execute(
        "select n_effective, weighting_efficiency from marts.fct_weighting_summary_v1 order by fieldwork_start"
    ).df()
    # shown as whole respondents (the Parquet download keeps the fractions)
    assert shown["n_effective"].tolist() == mart["n_effective"].round().tolist()
    assert shown["weighting_efficiency"].tolist() == pytest.approx(mart["weighting_efficiency"].tolist())
    margins = table_with(at, "dimension", "groups_given", "complete")
    n_margins = marts.execute(
        "select count(*) from (select distinct reference_year, dimension, population_basis "
        "from reference.ref_population_margins)"
    ).fetchone()[0]
    assert len(margins) == n_margins
    assert all("_" not in v for v in margins["groups_given"])  # people's names, not codes
