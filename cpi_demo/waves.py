"""The four demo waves: sample sizes, fieldwork dates, and which blocks each one asked."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cpi_demo.annual import answer_items
from cpi_demo.attitudes import Attitudes
from cpi_demo.layouts import STYLES, WaveStyle
from cpi_demo.omnibus import friendly_countries
from cpi_demo.population import build_population, spec_for
from cpi_demo.questions import information_space, projects_and_threat
from cpi_demo.targets import Targets, published
from cpi_demo.writer import WaveMeta

log = logging.getLogger(__name__)
DEMOGRAPHIC_COLUMNS = [
    "region",
    "settlement",
    "gender",
    "age",
    "ethnicity",
    "home_language",
    "education",
    "welfare",
    "marital_status",
    "occupation",
]


@dataclass(frozen=True)
class WaveSpec:
    meta: WaveMeta
    style: WaveStyle
    n: int
    blocks: tuple[str, ...]  # items | projects_threat | information | friendly


WAVES: tuple[WaveSpec, ...] = (
    WaveSpec(
        WaveMeta(
            "cpi_2020_12",
            2020,
            "2020-12-01",
            "2020-12-20",
            "annual",
            "SYNTHETIC demo data calibrated to the 2023 report's printed 2020 figures. The report does not print the 2020 sample size: "
            "n = 1,530 is an assumption (nationwide quota sample, 14 regions + 3 cities, pre-2022 borders).",
        ),
        STYLES["cpi_2020_12"],
        1530,
        ("items",),
    ),
    WaveSpec(
        WaveMeta(
            "cpi_2021_12",
            2021,
            "2021-12-01",
            "2021-12-22",
            "annual",
            "SYNTHETIC demo data calibrated to the report's printed 2021 figures (incl. the information-space block). The 2021 sample size "
            "is not printed: n = 1,584 is an assumption (14 regions + 3 cities, pre-2022 borders).",
        ),
        STYLES["cpi_2021_12"],
        1584,
        ("items", "information"),
    ),
    WaveSpec(
        WaveMeta(
            "cpi_2023_12",
            2023,
            "2023-12-05",
            "2023-12-27",
            "annual",
            "SYNTHETIC demo data calibrated to the 2023 report (n = 1,616 as printed; 17 regions + 3 cities; multistage sample "
            "with quotas). Group sizes read back from the printed percentages (docs/demo-data.md).",
        ),
        STYLES["cpi_2023_12"],
        1616,
        ("items", "projects_threat"),
    ),
    WaveSpec(
        WaveMeta(
            "omnibus_2023_02",
            2023,
            "2023-02-06",
            "2023-02-20",
            "omnibus",
            "SYNTHETIC demo omnibus (February 2023). Sample size not printed: n = 1,200 is an assumption. The friendly-countries "
            "question allowed up to 3 answers, but the printed co-choice table implies more per respondent; the demo data "
            "follow the table (see docs/demo-data.md).",
        ),
        STYLES["omnibus_2023_02"],
        1200,
        ("friendly",),
    ),
)


def build_frame(spec: WaveSpec, seed: int) -> tuple[pd.DataFrame, np.random.Generator]:
    """Canonical answers of one wave: demographics, item classes, ``code|subject`` columns."""
    rng = np.random.default_rng(seed)
    people = build_population(spec_for(spec.meta.year, spec.n), rng)
    att = Attitudes(people, rng)
    year = spec.meta.year
    t = Targets(published(), year)
    parts = [people[DEMOGRAPHIC_COLUMNS + ["macro_region", "age_group"]]]
    items = None
    if "items" in spec.blocks:
        items = answer_items(people, att, t, year, rng)
        parts.append(items)
    if "projects_threat" in spec.blocks:
        parts.append(projects_and_threat(people, att, t, rng))
    if "information" in spec.blocks and items is not None:
        parts.append(information_space(people, att, t, items, rng))
    if "friendly" in spec.blocks:
        parts.append(friendly_countries(people, t, rng))
    frame = pd.concat(parts, axis=1)
    log.info("%s: %d respondents, %d columns", spec.meta.wave_id, len(frame), frame.shape[1])
    return frame.drop(columns=["macro_region", "age_group"]), rng
