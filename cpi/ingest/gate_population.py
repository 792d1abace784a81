"""Gate check ``population_category_has_respondents``: a wave raked to the population margins
has at least one respondent in every category those margins give a population.

dbt rakes every wave without its own weight to ``seeds/ref_population_margins.csv``
(``survey_stats.weighting``). A category with a population and no respondent cannot be raked:
a duplicate code (``1: female, 2: female``), a 1-row wave or a wave of one region would fail
deep in dbt (``RakingError``). The gate runs the same margin selection on the codebook's
mapping of the data, before anything is stored, and names the wave, variable and category.
A wave that cannot reach a category on purpose carries its own weight (``role: weight``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from cpi.ingest.codebook_checks import seeds_dir
from cpi.ingest.codebook_model import Codebook
from cpi.ingest.gate_report import CheckResult
from cpi.ingest.readers import RawData

CHECK = "population_category_has_respondents"
# Margins dbt may use: adults first, all ages where no adult margin exists (var
# weight_allow_all_ages_margins, true by default). Checking both is the stricter reading.
BASES = ("adults_18_plus", "all_ages")
DIMENSION_CODES = {"region": "region", "settlement": "settlement", "gender": "gender", "age_band": "age"}


@lru_cache(maxsize=4)
def _seeds(folder: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    margins = pd.read_csv(folder / "ref_population_margins.csv")
    with (folder / "ref_regions.csv").open(encoding="utf-8", newline="") as fh:
        crosswalk = {row["region_code"]: row["region_2020_borders"] for row in csv.DictReader(fh)}
    return margins, crosswalk


def _numbers(raw: RawData, name: str) -> pd.Series:
    column = raw.frame[name]
    if not pd.api.types.is_numeric_dtype(column):
        column = pd.to_numeric(column.astype("string").str.strip(), errors="coerce")
    else:
        column = column.astype(float)
    if raw.user_missing.get(name):
        column = column.mask(raw.user_missing_mask(name))
    return column


def _respondents(cb: Codebook, raw: RawData, crosswalk: dict[str, str]) -> pd.DataFrame:
    """The attributes raking reads (int_respondents_harmonised), from the codebook's mapping."""
    out = pd.DataFrame(index=raw.frame.index)
    for column in ("region_code", "settlement", "gender"):
        code = "region" if column == "region_code" else column
        var = cb.demographic(code)
        if var is None or var.numeric or var.name not in raw.frame.columns:
            out[column] = None
            continue
        out[column] = _numbers(raw, var.name).map(var.value_map())
    out["region_2020_borders"] = out["region_code"].map(crosswalk)
    age = cb.demographic("age")
    out["age"] = (
        _numbers(raw, age.name) if age is not None and age.numeric and age.name in raw.frame.columns else np.nan
    )
    return out


def population_checks(cb: Codebook, raw: RawData, data_file: str, seeds: Path | None = None) -> list[CheckResult]:
    """One result: passed, or failed naming every margin category without a respondent."""
    from survey_stats.weighting import wave_margins

    if cb.weight is not None:
        return []  # the wave's own weight: it is not raked
    margins, crosswalk = _seeds(seeds or seeds_dir())
    respondents = _respondents(cb, raw, crosswalk)
    empty: list[tuple[str, str, int]] = []  # (dimension, category, reference year)
    for margin in wave_margins(respondents, margins, cb.wave.year, crosswalk, BASES):
        counts = np.bincount(margin.codes[margin.codes >= 0], minlength=len(margin.categories))
        empty += [
            (margin.dimension, cat, margin.reference_year)
            for cat, n in zip(margin.categories, counts, strict=True)
            if n == 0
        ]
    if not empty:
        return [CheckResult(CHECK, True, data_file)]
    dimension = empty[0][0]
    var = cb.demographic(DIMENSION_CODES[dimension])
    names = ", ".join(f"{d} '{c}' ({y})" for d, c, y in empty[:8]) + (
        f" and {len(empty) - 8} more" if len(empty) > 8 else ""
    )
    detail = (
        f"wave {cb.wave.id} ({len(raw.frame)} rows): population margins give a population but the wave has no "
        f"respondent for {names}; raking (dbt) cannot weight it"
    )
    fix = (
        f"check the codes of '{var.name if var else dimension}' in {cb.path.name} (two codes mapped to one category?) "
        "and that the data file is the complete export; a wave that cannot reach a category declares its own "
        "weight (role: weight)"
    )
    return [
        CheckResult(
            CHECK, False, data_file, var.name if var else None, detail, fix, [(c, 0) for _, c, _ in empty], "value"
        )
    ]
