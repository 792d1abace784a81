"""Display labels for codes, in the current language, read from the release.

Items come from ``dim_items`` (text_en/text_ru), regions and macro-regions from ``dim_regions``;
every other code list (indicators, factors, groups, projects, sources, options, countries, funnel
levels) from the label table ``marts.dim_labels`` (domain, code, label_en, label_ru) when the
release has it. A code without a label is shown humanised, never hidden.
"""

from __future__ import annotations

import pandas as pd

from streamlit_app.db import has_table, query
from streamlit_app.i18n import lang

LABEL_TABLE = "dim_labels"


def humanise(code: object) -> str:
    text = str(code)
    return text.replace("_", " ").capitalize() if text and not text[0].isdigit() else text


def _col(base: str) -> str:
    return f"{base}_{lang()}"


def item_labels() -> dict[str, str]:
    df = query("select item_code, text_en, text_ru from marts.dim_items")
    return dict(zip(df["item_code"], df[_col("text")].fillna(df["text_en"])))


def region_labels() -> dict[str, str]:
    df = query("select region_code, name_en, name_ru from marts.dim_regions")
    return dict(zip(df["region_code"], df[_col("name")].fillna(df["name_en"])))


def macro_region_labels() -> dict[str, str]:
    df = query(
        "select distinct macro_region, macro_region_name_en, macro_region_name_ru from marts.dim_regions"
    )
    return dict(zip(df["macro_region"], df[_col("macro_region_name")].fillna(df["macro_region_name_en"])))


def code_labels(domain: str) -> dict[str, str]:
    """Labels of one code list (e.g. 'indicator', 'factor', 'project') from ``marts.dim_labels``."""
    if not has_table(LABEL_TABLE):
        return {}
    df = query(
        f"select code, label_en, label_ru from marts.{LABEL_TABLE} where domain = ?", (domain,)
    )
    return dict(zip(df["code"], df[_col("label")].fillna(df["label_en"])))


def label(codes: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Map a column of codes to labels, keeping unknown codes readable."""
    return codes.map(lambda c: mapping.get(c, humanise(c)))


def labeller(domain: str):
    """A function code -> label for one code list, for selectbox ``format_func``."""
    mapping = code_labels(domain)
    return lambda c: mapping.get(c, humanise(c))
