"""Names of codes as the release holds them: the label seeds (schema ``reference``) and the
dims' texts. Turning them into the reader's language is the caller's job."""

from __future__ import annotations

import pandas as pd

from release_data._sql import equals, ident
from release_data.connection import Release

SEED_SCHEMA = "reference"


def seed_names(release: Release, seed: str, key: str, **equal: object) -> pd.DataFrame:
    """Rows of label seed ``reference.<seed>`` (e.g. ``ref_indicators``) with the given column
    values: ``<key>``, ``name_en``, ``name_ru``."""
    cond, params = equals(equal)
    return release.query(
        f"select {ident(key)}, name_en, name_ru from {SEED_SCHEMA}.{ident(seed)} where true{cond}",
        params,
    )


def item_texts(release: Release) -> pd.DataFrame:
    """Wording of every index item (``marts.dim_items``): ``item_code``, ``text_en``, ``text_ru``."""
    return release.query("select item_code, text_en, text_ru from marts.dim_items")


def region_names(release: Release) -> pd.DataFrame:
    """``region_code``, ``name_en``, ``name_ru`` of every region (``marts.dim_regions``)."""
    return release.query("select region_code, name_en, name_ru from marts.dim_regions")


def macro_region_names(release: Release) -> pd.DataFrame:
    """``macro_region``, ``macro_region_name_en``, ``macro_region_name_ru``, one row each."""
    return release.query(
        "select distinct macro_region, macro_region_name_en, macro_region_name_ru from marts.dim_regions"
    )


def group_order(release: Release, factor: str) -> pd.DataFrame:
    """``group_code`` of a factor's groups in their natural order (seed ``sort_order``)."""
    return release.query(
        f"select group_code from {SEED_SCHEMA}.ref_factor_groups where factor = ? order by sort_order",
        (factor,),
    )


def answer_order(release: Release, question: str) -> pd.DataFrame:
    """``option_code`` of a question's answers in their natural order (seed ``sort_order``)."""
    return release.query(
        f"select option_code from {SEED_SCHEMA}.ref_question_options where question_code = ? "
        "and option_kind = 'answer' order by sort_order",
        (question,),
    )
