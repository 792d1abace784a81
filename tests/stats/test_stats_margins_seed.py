"""The population margins seed: every figure sourced, derived figures reproducible, margins usable."""

from pathlib import Path

import pandas as pd
import pytest

from survey_stats.weighting import margin_cells, merge_cells

SEED = Path(__file__).resolve().parents[2] / "seeds" / "ref_population_margins.csv"
REGIONS = Path(__file__).resolve().parents[2] / "seeds" / "ref_regions.csv"
#: BNS, population of Kazakhstan on 1 January 2023 (Kursiv, 2023-02-02; the seed's derivation note).
NATIONAL_TOTAL_2023 = 19_765_004


@pytest.fixture(scope="module")
def seed():
    return pd.read_csv(SEED)


def test_every_figure_has_a_source_and_every_gap_says_so(seed):
    valued = seed[seed["value"].notna()]
    assert valued["source_publisher"].notna().all() and valued["source_url"].notna().all()
    assert valued["reference_date"].notna().all() and valued["source_table"].notna().all()
    gaps = seed[seed["value"].isna()]
    assert gaps["note"].str.contains("NOT AVAILABLE").all()


def test_2023_region_margin_is_complete_and_adds_up_to_the_national_total(seed):
    rows = seed[(seed["reference_year"] == 2023) & (seed["dimension"] == "region")]
    cells = margin_cells(rows)
    assert cells is not None
    codes = sorted(code for cell, _ in cells for code in cell)
    assert codes == sorted(pd.read_csv(REGIONS)["region_code"])  # the 20 units, each once
    assert sum(value for _, value in cells) == NATIONAL_TOTAL_2023
    derived = rows.loc[rows["category"] == "turkestan+ulytau", "value"].item()
    sourced = rows.loc[rows["value"].notna() & ~rows["category"].str.contains("+", regex=False), "value"]
    assert derived == NATIONAL_TOTAL_2023 - sourced.sum()  # the derivation written in its note


def test_2023_regions_sum_back_to_the_17_pre_2022_units(seed):
    regions = pd.read_csv(REGIONS)
    crosswalk = dict(zip(regions["region_code"], regions["region_2020_borders"], strict=True))
    cells = margin_cells(seed[(seed["reference_year"] == 2023) & (seed["dimension"] == "region")])
    old = merge_cells(cells, crosswalk)
    units = sorted(code for cell, _ in old for code in cell)
    assert units == sorted(regions["region_2020_borders"].unique())
    assert sum(value for _, value in old) == NATIONAL_TOTAL_2023
    assert dict(old)[("east_kazakhstan",)] == 610_189 + 730_172  # abai + east_kazakhstan
