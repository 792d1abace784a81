"""The numbers the three computations must agree on: item scores by year and by factor group.

Grain: year × factor × group_code × item_code over the annual waves, with factor ``total`` /
group ``all`` for the whole year (= ``marts.fct_item_scores``, observed rows) and the twelve
factors of ``marts.fct_item_scores_by_group``. Values: n_valid, pct_positive, pct_negative,
pct_neutral, score.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FACTORS = (
    "age_group",
    "welfare",
    "ethnicity",
    "home_language",
    "education",
    "settlement",
    "gender",
    "marital_status",
    "macro_region",
    "occupation",
    "region",
    "region_2020_borders",
)
CODED_ATTRIBUTES = (
    "region",
    "settlement",
    "gender",
    "ethnicity",
    "home_language",
    "education",
    "welfare",
    "marital_status",
    "occupation",
)
KEY = ["year", "factor", "group_code", "item_code"]
VALUES = ["n_valid", "pct_positive", "pct_negative", "pct_neutral", "score"]
TOLERANCE = 1e-9
REF_REGIONS = Path(__file__).resolve().parents[1] / "seeds" / "ref_regions.csv"

_WAREHOUSE_SQL = """
select year, factor, group_code, item_code, n_valid, pct_positive, pct_negative, pct_neutral, score
from marts.fct_item_scores_by_group
union all
select year, 'total', 'all', item_code, n_valid, pct_positive, pct_negative, pct_neutral, score
from marts.fct_item_scores
where not is_interpolated
"""


def annual_waves(raw_dir: Path) -> list[tuple[Any, Any]]:
    """(WaveSource, Codebook) of every annual wave in ``raw_dir``, sorted by wave id."""
    from cpi.ingest.codebook import load_codebook
    from cpi.ingest.waves import discover_waves

    # a benchmark raw folder is symlinks to generated and demo files (scenarios.assemble)
    pairs = [(s, load_codebook(s.codebook_path)) for s in discover_waves(raw_dir, allow_outside=True)]
    return [(s, cb) for s, cb in pairs if cb.wave.kind == "annual"]


def finish(counts: pd.DataFrame) -> pd.DataFrame:
    """From n_valid / n_positive / n_negative / n_neutral to the compared columns, sorted."""
    valid = counts["n_valid"].astype("float64").where(counts["n_valid"] > 0)
    out = counts[KEY].copy()
    out["year"] = out["year"].astype("int64")
    out["n_valid"] = counts["n_valid"].astype("int64")
    for name in ("positive", "negative", "neutral"):
        out[f"pct_{name}"] = 100.0 * counts[f"n_{name}"] / valid
    out["score"] = (counts["n_positive"] - counts["n_negative"]).astype("float64") / valid
    return out.sort_values(KEY, ignore_index=True)


def warehouse_scores(database: Path) -> pd.DataFrame:
    """The warehouse's numbers, read-only from a published release."""
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        frame = con.execute(_WAREHOUSE_SQL).df()
    finally:
        con.close()
    frame["year"] = frame["year"].astype("int64")
    frame["n_valid"] = frame["n_valid"].astype("int64")
    return frame.sort_values(KEY, ignore_index=True)


def compare(left: pd.DataFrame, right: pd.DataFrame) -> dict[str, Any]:
    """Rows matched on the key; mismatching rows and the largest difference of the values."""
    merged = left.merge(right, on=KEY, how="outer", suffixes=("_l", "_r"), indicator=True)
    only_left = int((merged["_merge"] == "left_only").sum())
    only_right = int((merged["_merge"] == "right_only").sum())
    both = merged[merged["_merge"] == "both"]
    bad = np.zeros(len(both), dtype=bool)
    max_diff = 0.0
    for column in VALUES:
        a = both[f"{column}_l"].to_numpy(dtype="float64")
        b = both[f"{column}_r"].to_numpy(dtype="float64")
        same_null = np.isnan(a) & np.isnan(b)
        diff = np.where(same_null, 0.0, np.abs(a - b))
        diff = np.where(np.isnan(diff), np.inf, diff)  # one side null: a mismatch
        bad |= diff > TOLERANCE
        if len(diff):
            max_diff = max(max_diff, float(diff.max()))
    examples = both[bad].head(3)[KEY].to_dict("records")
    return {
        "rows_compared": len(both),
        "rows_only_left": only_left,
        "rows_only_right": only_right,
        "rows_differing": int(bad.sum()),
        "max_abs_difference": max_diff if np.isfinite(max_diff) else None,  # None: a value null on one side
        "examples": examples,
        "agree": only_left == 0 and only_right == 0 and not bad.any() and len(both) > 0,
    }
