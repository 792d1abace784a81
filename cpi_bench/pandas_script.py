"""The alternative a user would write: pandas on the .sav files (pyreadstat + groupby).

Per annual wave: read the needed columns (user-missing codes become NaN, pyreadstat's default),
map answer codes to valence and background codes to groups with the codebook, then for every
factor sum the positive / negative / neutral / valid indicators of all items grouped by the
factor. Waves of the same year are added up. Stages: ``read``, ``compute``, ``save``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cpi_bench.scores import (
    CODED_ATTRIBUTES,
    FACTORS,
    KEY,
    REF_REGIONS,
    annual_waves,
    finish,
)

VALENCE = {"positive": 1.0, "neutral": 0.0, "negative": -1.0}


def _groups(cb: Any, frame: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """One column per factor with the respondent's group code (NaN when unknown)."""
    people = pd.DataFrame(index=frame.index)
    for var in cb.by_role("demographic"):
        if var.code in CODED_ATTRIBUTES:
            people[var.code] = frame[var.name].map(var.values).replace("missing", np.nan)
        elif var.code == "age":
            if var.numeric:
                age = frame[var.name]
                people["age_group"] = pd.cut(
                    age, [18, 35, 55, np.inf], right=False, labels=["18-34", "35-54", "55+"]
                ).astype("object")
            else:
                people["age_group"] = frame[var.name].map(var.values).where(lambda s: s.isin(["18-34", "35-54", "55+"]))
    if "region" in people:
        crosswalk = regions.set_index("region_code")
        people["macro_region"] = people["region"].map(crosswalk["macro_region"])
        people["region_2020_borders"] = people["region"].map(crosswalk["region_2020_borders"])
    return people


def _wave_counts(cb: Any, frame: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    items = cb.by_role("item")
    valence = pd.DataFrame(
        {
            v.code: frame[v.name].map({code: VALENCE.get(cls, np.nan) for code, cls in v.value_map().items()})
            for v in items
        }
    )
    indicators = {
        "n_valid": valence.notna(),
        "n_positive": valence == 1,
        "n_negative": valence == -1,
        "n_neutral": valence == 0,
    }
    people = _groups(cb, frame, regions)
    people["total"] = "all"
    parts = []
    for factor in ("total", *FACTORS):
        if factor not in people:
            continue
        by = people[factor]
        counts = {name: flags.groupby(by).sum().stack() for name, flags in indicators.items()}
        part = pd.DataFrame(counts).rename_axis(["group_code", "item_code"]).reset_index()
        part.insert(0, "factor", factor)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "year", cb.wave.year)
    return out


def run_pandas(raw_dir: Path, result: Path, stage: Callable[[str], None]) -> dict[str, Any]:
    import pyreadstat

    stage("read")
    regions = pd.read_csv(REF_REGIONS, dtype=str)
    waves = []
    for source, cb in annual_waves(raw_dir):
        columns = [v.name for v in cb.by_role("item", "demographic")]
        frame, _ = pyreadstat.read_sav(str(source.data_path), usecols=columns)
        waves.append((cb, frame))
    stage("compute")
    per_wave = [_wave_counts(cb, frame, regions) for cb, frame in waves]
    counts = pd.concat(per_wave, ignore_index=True).groupby(KEY, as_index=False).sum()
    stage("save")
    scores = finish(counts)
    scores.to_parquet(result, index=False)
    return {"score_rows": len(scores)}
