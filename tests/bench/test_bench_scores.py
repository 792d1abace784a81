"""The floor query and the pandas script on two hand-made waves with hand-computed scores,
and the comparison that decides whether computations agree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from cpi_bench.floor import run_floor
from cpi_bench.pandas_script import run_pandas
from cpi_bench.scores import KEY, compare

NAN = float("nan")
VALENCE = {"positive": [1, 2], "negative": [4, 5], "neutral": [3], "missing": [98, 99]}


def _wave(raw: Path, wave_id: str, year: int, columns: dict[str, list[float]]) -> None:
    folder = raw / wave_id
    folder.mkdir(parents=True)
    frame = pd.DataFrame({"id": np.arange(1.0, len(columns["q1"]) + 1), **columns})
    missing = {name: [99] for name in ("pol", "obl", "q1", "q2") if name in frame}
    pyreadstat.write_sav(frame, str(folder / f"{wave_id}.sav"), missing_ranges=missing)
    variables = [
        {"name": "pol", "role": "demographic", "code": "gender", "values": {1: "male", 2: "female", 99: "missing"}},
        {"name": "obl", "role": "demographic", "code": "region", "values": {1: "akmola", 2: "almaty", 99: "missing"}},
        {"name": "age", "role": "demographic", "code": "age", "numeric": True},
        {"name": "q1", "role": "item", "code": "gen_attitude", "valence": VALENCE},
        {"name": "q2", "role": "item", "code": "geo_econ_developed", "valence": VALENCE},
    ]
    codebook = {
        "codebook_version": 1,
        "wave": {
            "id": wave_id,
            "year": year,
            "fieldwork_start": f"{year}-03-01",
            "fieldwork_end": f"{year}-03-20",
            "kind": "annual",
            "file": f"{wave_id}.sav",
            "format": "sav",
            "encoding": None,
            "respondent_id": "id",
            "synthetic": True,
            "sample_note": "hand-made bench test wave",
        },
        "variables": [v for v in variables if v["name"] in frame],
    }
    (folder / "codebook.yml").write_text(yaml.safe_dump(codebook, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    _wave(
        raw,
        "w_2023",
        2023,
        {
            "pol": [1, 1, 2, 2, 99, 1],
            "obl": [1, 2, 1, 2, 1, 99],
            "age": [25, 40, 60, 30, 50, 70],
            "q1": [1, 4, 3, 2, 5, 99],
            "q2": [4, 3, 99, 1, NAN, 2],
        },
    )
    _wave(raw, "w_2024", 2024, {"pol": [2, 2, 1], "obl": [2, 2, 2], "age": [19, 20, 80], "q1": [1, 1, 5]})
    return raw


@pytest.fixture(scope="module")
def results(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    work = tmp_path_factory.mktemp("work")
    run_floor(raw, work / "floor.parquet", work / "db", lambda key: None)
    run_pandas(raw, work / "pandas.parquet", lambda key: None)
    return {name: pd.read_parquet(work / f"{name}.parquet") for name in ("floor", "pandas")}


# (year, factor, group, item) -> (n_valid, pct_positive, score), counted by hand from the data above
EXPECTED = {
    (2023, "total", "all", "gen_attitude"): (5, 40.0, 0.0),
    (2023, "total", "all", "geo_econ_developed"): (4, 50.0, 0.25),
    (2023, "gender", "male", "gen_attitude"): (2, 50.0, 0.0),
    (2023, "gender", "male", "geo_econ_developed"): (3, 100 / 3, 0.0),
    (2023, "gender", "female", "gen_attitude"): (2, 50.0, 0.5),
    (2023, "gender", "female", "geo_econ_developed"): (1, 100.0, 1.0),
    (2023, "region", "akmola", "gen_attitude"): (3, 100 / 3, 0.0),
    (2023, "macro_region", "north", "geo_econ_developed"): (1, 0.0, -1.0),
    (2023, "region_2020_borders", "almaty", "gen_attitude"): (2, 50.0, 0.0),
    (2023, "age_group", "18-34", "gen_attitude"): (2, 100.0, 1.0),
    (2023, "age_group", "55+", "geo_econ_developed"): (1, 100.0, 1.0),
    (2024, "total", "all", "gen_attitude"): (3, 200 / 3, 1 / 3),
    (2024, "gender", "female", "gen_attitude"): (2, 100.0, 1.0),
    (2024, "age_group", "55+", "gen_attitude"): (1, 0.0, -1.0),
}


@pytest.mark.parametrize("name", ["floor", "pandas"])
def test_scores_match_hand_counts(results: dict[str, pd.DataFrame], name: str) -> None:
    frame = results[name].set_index(KEY)
    for key, (n_valid, pct_positive, score) in EXPECTED.items():
        row = frame.loc[key]
        assert row["n_valid"] == n_valid, (name, key)
        assert row["pct_positive"] == pytest.approx(pct_positive), (name, key)
        assert row["score"] == pytest.approx(score), (name, key)


@pytest.mark.parametrize("name", ["floor", "pandas"])
def test_missing_groups_are_left_out(results: dict[str, pd.DataFrame], name: str) -> None:
    frame = results[name]
    assert not frame["group_code"].isin(["missing"]).any() and frame["group_code"].notna().all()
    # respondent 5 has no gender: the gender groups of 2023 hold the other five answers to q1
    gender = frame[(frame.year == 2023) & (frame.factor == "gender") & (frame.item_code == "gen_attitude")]
    assert gender["n_valid"].sum() == 4


def test_floor_and_pandas_agree(results: dict[str, pd.DataFrame]) -> None:
    check = compare(results["floor"], results["pandas"])
    assert check["agree"], check
    assert check["rows_compared"] == len(results["floor"]) > len(EXPECTED)


def test_compare_reports_each_kind_of_difference(results: dict[str, pd.DataFrame]) -> None:
    base = results["floor"]
    changed = base.copy()
    changed.loc[0, "n_valid"] += 1
    dropped = base.iloc[1:]
    nulled = base.copy()
    nulled.loc[2, "score"] = NAN
    assert compare(base, changed)["rows_differing"] == 1
    assert not compare(base, changed)["agree"]
    assert compare(base, dropped)["rows_only_left"] == 1
    assert not compare(base, dropped)["agree"]
    got = compare(base, nulled)
    assert got["rows_differing"] == 1 and got["max_abs_difference"] is None
    assert not compare(base.iloc[0:0], base.iloc[0:0])["agree"]  # nothing compared is no agreement
