"""Printed numbers (``reference/published_tables.csv``) as lookups for the generator."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = REPO_ROOT / "reference" / "published_tables.csv"
SEEDS = REPO_ROOT / "seeds"


def published(path: Path = PUBLISHED) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"group_code": str, "table": str})
    raw = pd.read_csv(path, dtype=str)["value"]
    df["item_code"] = df["item_code"].fillna("")
    df["step"] = [10.0 ** -len(v.split(".")[1]) if "." in v else 1.0 for v in raw]
    return df


def items(path: Path = SEEDS / "ref_items.csv") -> pd.DataFrame:
    return pd.read_csv(path)


def regions(path: Path = SEEDS / "ref_regions.csv") -> pd.DataFrame:
    return pd.read_csv(path)


class Targets:
    """Typed access to the printed numbers of one year."""

    def __init__(self, df: pd.DataFrame, year: int):
        self.df = df[df["year"] == year]

    def value(self, item: str, measure: str, factor: str = "total", group: str = "all") -> float | None:
        hit = self.df[
            (self.df["item_code"] == item)
            & (self.df["measure"] == measure)
            & (self.df["factor"] == factor)
            & (self.df["group_code"] == group)
        ]
        return None if hit.empty else float(hit["value"].iloc[0])

    def step(self, item: str, measure: str, factor: str = "total", group: str = "all") -> float:
        hit = self.df[
            (self.df["item_code"] == item)
            & (self.df["measure"] == measure)
            & (self.df["factor"] == factor)
            & (self.df["group_code"] == group)
        ]
        return float(hit["step"].iloc[0]) if not hit.empty else 0.01

    def group_pct(self, item: str, measure: str = "pct_positive") -> dict[tuple[str, str], float]:
        hit = self.df[(self.df["item_code"] == item) & (self.df["measure"] == measure) & (self.df["factor"] != "total")]
        return {(f, g): float(v) for f, g, v in zip(hit["factor"], hit["group_code"], hit["value"])}

    def group_indicators(self, indicator: str) -> dict[tuple[str, str], float]:
        hit = self.df[(self.df["measure"] == f"indicator:{indicator}") & (self.df["factor"] != "total")]
        return {(f, g): float(v) for f, g, v in zip(hit["factor"], hit["group_code"], hit["value"])}

    def indicator(self, indicator: str) -> float | None:
        return self.value("", f"indicator:{indicator}")
