"""The committed 2021 wave carries Table 3's basis: the tone of the information met (news_tone)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cpi_demo.metrics import decode
from cpi_demo.targets import published
from cpi_demo.tolerance import matches

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def wave_2021() -> pd.DataFrame:
    _, _, df = decode(RAW / "cpi_2021_12")
    return df


def test_tone_not_asked_exactly_of_those_who_never_meet_news(
    wave_2021: pd.DataFrame,
) -> None:
    never = wave_2021["news_frequency|"] == "never"
    tone = wave_2021["news_tone|"]
    assert never.sum() > 0
    assert (tone[never] == "missing").all()
    assert tone[~never].isin(["positive", "negative", "neutral"]).all()


def test_table3_ratios_hold_for_tone_among_source_users(
    wave_2021: pd.DataFrame,
) -> None:
    rows = published()
    rows = rows[(rows["table"] == "3") & (rows["year"].astype(int) == 2021)]
    assert len(rows) == 13
    tone = wave_2021["news_tone|"]
    for r in rows.itertuples():
        users = wave_2021[f"information_sources|{r.item_code.split(':')[1]}"] == "selected"
        ratio = (users & (tone == "positive")).sum() / (users & (tone == "negative")).sum()
        assert matches(r.measure, float(r.value), ratio, float(r.step), None), (
            r.item_code,
            ratio,
        )


def test_general_attitude_2021_lies_between_2020_and_2023() -> None:
    """The prose describes steady growth of the general perception (0.39 in 2020, 0.56 in 2023)."""
    scores = {}
    for wave in ("cpi_2020_12", "cpi_2021_12", "cpi_2023_12"):
        year, _, df = decode(RAW / wave)
        valid = df["gen_attitude"][df["gen_attitude"].isin(["positive", "negative", "neutral"])]
        scores[year] = ((valid == "positive").sum() - (valid == "negative").sum()) / len(valid)
    assert scores[2020] + 0.03 < scores[2021] < scores[2023] - 0.03
