"""Display labels for codes, in the current language, read from the release.

Items come from ``marts.dim_items`` (text_en/text_ru), regions and macro-regions from
``marts.dim_regions``; the other code lists from the label seeds dbt loads into the release
(schema ``reference``): ``ref_indicators``, ``ref_factors``, ``ref_factor_groups``,
``ref_funnel_levels``, ``ref_question_options``. A code without a label is shown humanised,
never hidden, so an older release without a seed still renders.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from streamlit_app.db import has_table, query
from streamlit_app.i18n import lang

SEED_SCHEMA = "reference"


def humanise(code: object) -> str:
    text = str(code)
    return (
        text.replace("_", " ").capitalize() if text and not text[0].isdigit() else text
    )


def _pick(df: pd.DataFrame, key: str, base: str) -> dict[str, str]:
    chosen = df[f"{base}_{lang()}"].fillna(df[f"{base}_en"])
    return dict(zip(df[key].astype(str), chosen))


def _seed(table: str, key: str, where: str = "", params: tuple = ()) -> dict[str, str]:
    if not has_table(table, SEED_SCHEMA):
        return {}
    df = query(
        f"select {key}, name_en, name_ru from {SEED_SCHEMA}.{table} {where}", params
    )
    return _pick(df, key, "name")


def item_labels() -> dict[str, str]:
    return _pick(
        query("select item_code, text_en, text_ru from marts.dim_items"),
        "item_code",
        "text",
    )


def region_labels() -> dict[str, str]:
    return _pick(
        query("select region_code, name_en, name_ru from marts.dim_regions"),
        "region_code",
        "name",
    )


def macro_region_labels() -> dict[str, str]:
    df = query(
        "select distinct macro_region, macro_region_name_en, macro_region_name_ru from marts.dim_regions"
    )
    return _pick(df, "macro_region", "macro_region_name")


def indicator_labels() -> dict[str, str]:
    return _seed("ref_indicators", "indicator_code")


def factor_labels() -> dict[str, str]:
    return _seed("ref_factors", "factor")


def group_labels(factor: str) -> dict[str, str]:
    return _seed("ref_factor_groups", "group_code", "where factor = ?", (factor,))


def funnel_labels() -> dict[str, str]:
    return _seed("ref_funnel_levels", "level_code")


def option_labels(question_code: str, kind: str = "multi_response") -> dict[str, str]:
    """Options of a question (kind multi_response | subject | answer) from ref_question_options."""
    return _seed(
        "ref_question_options",
        "option_code",
        "where question_code = ? and option_kind = ?",
        (question_code, kind),
    )


def project_labels() -> dict[str, str]:
    return option_labels("project_awareness", "subject")


def labeller(mapping: dict[str, str]) -> Callable[[object], str]:
    """code -> label (humanised when unknown); safe as a widget ``format_func``."""
    return lambda code: mapping.get(str(code), humanise(code))


def label(codes: pd.Series, mapping: dict[str, str]) -> pd.Series:
    return codes.map(labeller(mapping))
