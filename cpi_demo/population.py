"""Respondents' joint demographics with exact group sizes (canonical codes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from cpi_demo.solver import CalibrationError
from cpi_demo.targets import regions

# Figure 39 order (largest -> smallest); shares in %, assumed (the figure prints bars only).
REGION_SHARES_2023: dict[str, float] = {
    "almaty": 11.4,
    "turkestan": 10.2,
    "almaty_region": 7.4,
    "karaganda": 6.6,
    "astana": 6.5,
    "jambyl": 5.6,
    "kostanay": 4.9,
    "shymkent": 4.8,
    "aktobe": 4.6,
    "akmola": 4.2,
    "pavlodar": 4.1,
    "east_kazakhstan": 3.9,
    "kyzylorda": 3.8,
    "west_kazakhstan": 3.6,
    "abai": 3.4,
    "zhetysu": 3.3,
    "north_kazakhstan": 2.9,
    "mangystau": 2.8,
    "atyrau": 2.7,
    "ulytau": 1.1,
}
# P(russian ethnicity) propensity by macro-region (log-odds scale)
RUSSIAN_BY_MACRO = {
    "north": 1.6,
    "centre": 1.0,
    "east": 0.8,
    "west": -0.6,
    "south": -2.5,
    "astana": 0.3,
    "almaty": 0.6,
    "shymkent": -2.0,
}
URBAN_SHARE_NONCITY = 0.47
AGE_BANDS = [(18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 84)]


@dataclass(frozen=True)
class SampleSpec:
    """Exact sizes of the sample and of its groups (all other shares follow the propensities)."""

    n: int
    year: int
    age_bands: list[int]  # counts for AGE_BANDS
    gender: dict[str, int]
    ethnicity: dict[str, int]
    home_language: dict[str, int]
    education: dict[str, int]
    welfare: dict[str, int]
    settlement_urban: int
    marital: dict[str, int]
    occupation: dict[str, int]


def largest_remainder(shares: dict[str, float], n: int) -> dict[str, int]:
    total = sum(shares.values())
    raw = {k: v / total * n for k, v in shares.items()}
    out = {k: int(np.floor(v)) for k, v in raw.items()}
    rest = n - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


def region_counts(year: int, n: int) -> dict[str, int]:
    shares = dict(REGION_SHARES_2023)
    if year < 2022:
        cross = regions().set_index("region_code")["region_2020_borders"].to_dict()
        merged: dict[str, float] = {}
        for code, share in shares.items():
            merged[cross[code]] = merged.get(cross[code], 0.0) + share
        shares = merged
    return largest_remainder(shares, n)


def _exact(rng: np.random.Generator, logits: np.ndarray, counts: list[int], label: str) -> np.ndarray:
    """Draw one category per row with exact totals: maximise logit + Gumbel noise."""
    pref = logits + rng.gumbel(size=logits.shape)
    if sum(counts) != len(pref):
        raise CalibrationError(
            f"demo sample '{label}': group sizes {counts} do not add up to n={len(pref)}. Fix: SampleSpec."
        )
    slots = np.repeat(np.arange(len(counts)), counts)
    rows, cols = linear_sum_assignment(-pref[:, slots])
    out = np.empty(len(pref), dtype=int)
    out[rows] = slots[cols]
    return out


def build_population(spec: SampleSpec, rng: np.random.Generator) -> pd.DataFrame:
    n = spec.n
    reg = regions().set_index("region_code")
    rc = region_counts(spec.year, n)
    region = np.repeat(list(rc), list(rc.values()))
    rng.shuffle(region)
    macro = reg.loc[region, "macro_region"].to_numpy()
    is_city = reg.loc[region, "is_city"].astype(str).str.lower().eq("true").to_numpy()
    df = pd.DataFrame({"region": region, "macro_region": macro})

    urban_logit = np.where(is_city, 50.0, np.log(URBAN_SHARE_NONCITY / (1 - URBAN_SHARE_NONCITY)))
    settle = _exact(
        rng,
        np.stack([urban_logit, np.zeros(n)], 1),
        [spec.settlement_urban, n - spec.settlement_urban],
        "settlement",
    )
    df["settlement"] = np.array(["urban", "rural"])[settle]
    urban = settle == 0

    rus = np.array([RUSSIAN_BY_MACRO[m] for m in macro]) + 0.4 * urban
    eth_codes = list(spec.ethnicity)
    logits = np.stack([np.zeros(n), rus, rus * 0.5 - 0.5], 1)  # kazakh, russian, other
    df["ethnicity"] = np.array(eth_codes)[_exact(rng, logits, list(spec.ethnicity.values()), "ethnicity")]

    lang_codes = list(spec.home_language)  # kazakh, kazakh_russian, russian, other
    e = df["ethnicity"].to_numpy()
    lang_logits = np.stack(
        [
            np.where(e == "kazakh", 1.0 - 0.8 * urban, -6.0),
            np.where(e == "kazakh", 0.6 + 0.5 * urban, -1.5),
            np.where(e == "kazakh", -0.8 + 0.8 * urban, 3.0),
            np.where(e == "other", 3.0, -5.0),
        ],
        1,
    )
    df["home_language"] = np.array(lang_codes)[
        _exact(rng, lang_logits, list(spec.home_language.values()), "home_language")
    ]

    band = _exact(rng, np.zeros((n, len(AGE_BANDS))), spec.age_bands, "age")
    lo = np.array([b[0] for b in AGE_BANDS])[band]
    hi = np.array([b[1] for b in AGE_BANDS])[band]
    df["age"] = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(int)
    old = (df["age"].to_numpy() >= 55).astype(float)
    young = (df["age"].to_numpy() < 30).astype(float)

    gender_codes = list(spec.gender)  # female, male
    df["gender"] = np.array(gender_codes)[
        _exact(
            rng,
            np.stack([0.3 * old, np.zeros(n)], 1),
            list(spec.gender.values()),
            "gender",
        )
    ]

    edu_codes = list(spec.education)  # incomplete_secondary, general_secondary, professional, higher
    edu_logits = np.stack(
        [
            1.5 * old - 0.5 * urban,
            0.6 * old - 0.4 * urban,
            np.zeros(n),
            0.8 * urban - 0.5 * old,
        ],
        1,
    )
    df["education"] = np.array(edu_codes)[_exact(rng, edu_logits, list(spec.education.values()), "education")]
    higher = (df["education"].to_numpy() == "higher").astype(float)

    w = np.arange(5, dtype=float)
    wel_logits = np.outer(0.35 * urban + 0.45 * higher - 0.3 * old, w - 2) / 2
    wel_logits = np.concatenate([wel_logits, np.zeros((n, len(spec.welfare) - 5))], 1)  # refusals
    df["welfare"] = np.array(list(spec.welfare))[_exact(rng, wel_logits, list(spec.welfare.values()), "welfare")]

    mar_codes = list(spec.marital)  # married, single, divorced, widowed, cohabiting
    female = (df["gender"].to_numpy() == "female").astype(float)
    mar_logits = np.stack(
        [
            1.0 - 1.5 * young,
            2.5 * young - 1.0 * old,
            np.zeros(n),
            2.5 * old * female - 2.0 * young,
            0.8 * young,
        ],
        1,
    )
    df["marital_status"] = np.array(mar_codes)[_exact(rng, mar_logits, list(spec.marital.values()), "marital")]

    occ_codes = list(spec.occupation)
    occ_logits = np.zeros((n, len(occ_codes)))
    idx = {c: i for i, c in enumerate(occ_codes)}
    occ_logits[:, idx["pensioner"]] = 4.0 * old - 2.0
    occ_logits[:, idx["student"]] = 3.0 * young - 2.0 - 2.0 * old
    occ_logits[:, idx["public_employee"]] = 0.6 * higher
    occ_logits[:, idx["private_wage_earner"]] = 0.4 * urban - 1.0 * old
    df["occupation"] = np.array(occ_codes)[_exact(rng, occ_logits, list(spec.occupation.values()), "occupation")]
    df["age_group"] = pd.cut(df["age"], [17, 34, 54, 200], labels=["18-34", "35-54", "55+"]).astype(str)
    return df


def spec_for(year: int, n: int) -> SampleSpec:
    """Group sizes: 2023 read back from the report; earlier waves scaled from 2023 (assumption).

    2023: n, welfare 1/5 and ethnicity as METHODOLOGY.md; 25-34 = 24.2 %; the other group sizes
    are the least-squares fit of "overall count = sum of group counts" over all printed group
    percentages (tables 15-34). 24 respondents refuse the welfare question (user-missing 99):
    the printed welfare percentages do not add up to the totals with any 5-group split."""
    base = SampleSpec(
        n=1616,
        year=2023,
        age_bands=[263, 391, 280, 266, 240, 176],
        gender={"female": 852, "male": 764},
        ethnicity={"kazakh": 1254, "russian": 272, "other": 90},
        home_language={
            "kazakh": 617,
            "kazakh_russian": 510,
            "russian": 451,
            "other": 38,
        },
        education={
            "incomplete_secondary": 46,
            "general_secondary": 310,
            "professional": 488,
            "higher": 772,
        },
        welfare={"1": 62, "2": 294, "3": 860, "4": 326, "5": 50, "missing": 24},
        settlement_urban=967,
        marital={
            "married": 915,
            "single": 330,
            "divorced": 150,
            "widowed": 130,
            "cohabiting": 91,
        },
        occupation={
            "private_wage_earner": 428,
            "public_employee": 300,
            "self_employed": 170,
            "student": 90,
            "pensioner": 300,
            "unemployed": 120,
            "homemaker": 118,
            "other": 90,
        },
    )
    if year == 2023 and n == 1616:
        return base

    def scale(d: dict[str, int]) -> dict[str, int]:
        return largest_remainder({k: float(v) for k, v in d.items()}, n)

    bands = scale({str(i): float(v) for i, v in enumerate(base.age_bands)})
    return SampleSpec(
        n=n,
        year=year,
        age_bands=[bands[str(i)] for i in range(len(base.age_bands))],
        gender=scale(base.gender),
        ethnicity=scale(base.ethnicity),
        home_language=scale(base.home_language),
        education=scale(base.education),
        welfare=scale(base.welfare),
        settlement_urban=round(base.settlement_urban / base.n * n),
        marital=scale(base.marital),
        occupation=scale(base.occupation),
    )
