"""Reasons for a good or bad attitude (report Figures 3-4) in the committed 2021 demo wave."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from cpi_demo.metrics import decode
from cpi_demo.reasons import choose
from cpi_demo.solver import CalibrationError
from cpi_demo.targets import published

REPO = Path(__file__).resolve().parents[2]
WAVE = REPO / "data" / "raw" / "cpi_2021_12"
QUESTIONS = {"reasons_positive": "positive", "reasons_negative": "negative"}


@pytest.fixture(scope="module")
def wave() -> pd.DataFrame:
    _, _, df = decode(WAVE)
    return df


def _options(df: pd.DataFrame, question: str) -> pd.DataFrame:
    cols = [c for c in df.columns if c.startswith(f"{question}|")]
    return df[cols].rename(columns=lambda c: c.split("|")[1])


@pytest.mark.parametrize(
    ("n_base", "counts"),
    [
        (6, [5, 4, 3, 2]),  # 14 answers: some give 2 or 3
        (5, [5, 5, 5]),  # everyone gives the maximum of 3
        (7, [3, 2, 1, 1]),  # everyone gives exactly 1
        (200, [92, 76, 54, 42, 32, 24, 24, 6]),
    ],
)
def test_choose_gives_the_counts_with_one_to_three_answers_each(n_base: int, counts: list[int]) -> None:
    chosen = choose(n_base, counts, np.random.default_rng(7))
    assert chosen.shape == (n_base, len(counts))
    assert chosen.sum(axis=0).tolist() == counts
    per_person = chosen.sum(axis=1)
    assert per_person.min() >= 1 and per_person.max() <= 3


@pytest.mark.parametrize(
    ("n_base", "counts"),
    [
        (10, [4, 3, 2]),  # 9 answers for 10 people: someone would give none
        (3, [3, 3, 3, 1]),  # 10 answers: someone would give 4
        (4, [5, 1]),  # more choosers than people
    ],
)
def test_choose_rejects_counts_that_cannot_hold(n_base: int, counts: list[int]) -> None:
    with pytest.raises(CalibrationError, match="do not fit"):
        choose(n_base, counts, np.random.default_rng(7))


@pytest.mark.parametrize(("question", "attitude"), QUESTIONS.items())
def test_asked_exactly_of_that_attitude_with_up_to_three_answers(
    wave: pd.DataFrame, question: str, attitude: str
) -> None:
    opts = _options(wave, question)
    asked = wave["gen_attitude"] == attitude
    assert asked.sum() > 100
    assert opts[asked].isin(["selected", "not_selected"]).all().all()
    assert opts[~asked].isna().all().all()
    answers = (opts[asked] == "selected").sum(axis=1)
    assert answers.min() == 1 and answers.max() == 3


def test_the_report_text_on_figures_3_and_4_holds_in_the_file(
    wave: pd.DataFrame,
) -> None:
    """Computed here from the file: share of the question's base; rank counts ties against."""
    rows = published()
    rows = rows[rows["table"].isin(["text:figure3", "text:figure4"])]
    assert len(rows) == 7
    for r in rows.itertuples():
        question, option = r.item_code.split(":")
        opts = _options(wave, question)
        base = opts.notna().any(axis=1)
        share = 100 * (opts[base] == "selected").sum() / base.sum()
        rank = 1 + int((share.drop(option) >= share[option]).sum())
        if r.measure == "pct":
            assert abs(share[option] - r.value) <= 100 / base.sum() + 0.5, (
                option,
                share[option],
            )
        elif r.measure == "rank":
            assert rank == r.value, (option, rank, share.round(1).to_dict())
        else:
            assert r.measure == "rank_at_most" and rank <= r.value, (option, rank)


def test_options_carry_peoples_words_in_both_languages() -> None:
    codebook = yaml.safe_load((WAVE / "codebook.yml").read_text(encoding="utf-8"))
    variables = [v for v in codebook["variables"] if v.get("code") in QUESTIONS]
    _, meta = pyreadstat.read_sav(str(WAVE / "cpi_2021_12.sav"), metadataonly=True)
    with open(REPO / "seeds" / "ref_question_options.csv", encoding="utf-8") as fh:
        seed = {
            (r["question_code"], r["option_code"]): r
            for r in csv.DictReader(fh)
            if r["option_kind"] == "multi_response"
        }
    in_file = {(v["code"], v["subject"]) for v in variables}
    in_seed = {k for k in seed if k[0] in QUESTIONS}
    assert in_file == in_seed  # the dashboard labels every option the data carry
    for v in variables:
        option_en = v["label_en"].split(": ", 1)[1]
        assert "_" not in option_en and option_en[0].isupper(), v["label_en"]
        option_ru = meta.column_names_to_labels[v["name"]].split(": ", 1)[1]
        assert re.fullmatch(r"[А-Яа-яЁё ,:()-]+", option_ru), option_ru
        row = seed[(v["code"], v["subject"])]
        assert row["name_en"] and re.search("[А-Яа-я]", row["name_ru"])
