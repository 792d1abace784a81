"""Names of codes as the release holds them: the label seeds (schema ``reference``) and the
dims' texts. Turning them into the reader's language is the caller's job."""

from __future__ import annotations

import re

import pandas as pd

from release_data._sql import equals, ident
from release_data.connection import Release

SEED_SCHEMA = "reference"


def _columns(release: Release, schema: str, table: str, stem: str) -> list[str]:
    """The ``<stem>_<lang>`` columns of ``schema.table``, one per language it holds (none when
    the table is absent: an older release)."""
    df = release.query(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position",
        (schema, table),
    )
    return [c for c in df["column_name"] if re.fullmatch(rf"{re.escape(stem)}_[a-z]{{2,3}}", c)]


def seed_names(release: Release, seed: str, key: str, **equal: object) -> pd.DataFrame:
    """Rows of label seed ``reference.<seed>`` (e.g. ``ref_indicators``) with the given column
    values: ``<key>`` and a ``name_<lang>`` column per language the seed has (en, ru, kk …)."""
    cond, params = equals(equal)
    names = _columns(release, SEED_SCHEMA, seed, "name") or ["name_en", "name_ru"]
    return release.query(
        f"select {ident(key)}, {', '.join(ident(n) for n in names)} from {SEED_SCHEMA}.{ident(seed)} where true{cond}",
        params,
    )


def _with_seed_languages(release: Release, dim: str, seed: str, key: str, stem: str) -> pd.DataFrame:
    """``key`` and the dim's ``<stem>_<lang>`` texts (the codebooks' wording: en, ru), plus, as
    ``<stem>_<lang>``, the languages only the label seed holds (kk)."""
    own = _columns(release, "marts", dim, stem)
    langs = {c.rsplit("_", 1)[1] for c in own}
    seed_stem = "text" if stem == "text" else "name"
    more = [c for c in _columns(release, SEED_SCHEMA, seed, seed_stem) if c.rsplit("_", 1)[1] not in langs]
    picked = ", ".join(f"d.{ident(c)}" for c in own)
    if not more:
        return release.query(f"select distinct d.{ident(key)}, {picked} from marts.{ident(dim)} d")
    joined = ", ".join(f"s.{ident(c)} as {ident(stem + '_' + c.rsplit('_', 1)[1])}" for c in more)
    return release.query(
        f"select distinct d.{ident(key)}, {picked}, {joined} from marts.{ident(dim)} d "
        f"left join {SEED_SCHEMA}.{ident(seed)} s on s.{ident(key)} = d.{ident(key)}"
    )


def item_texts(release: Release) -> pd.DataFrame:
    """Wording of every index item: ``item_code``, ``text_en``, ``text_ru`` (``marts.dim_items``,
    the codebooks' wording) and ``text_kk`` (any language the dim lacks, from seed ``ref_items``)."""
    return _with_seed_languages(release, "dim_items", "ref_items", "item_code", "text")


def region_names(release: Release) -> pd.DataFrame:
    """``region_code``, ``name_en``, ``name_ru`` of every region (``marts.dim_regions``) and
    ``name_kk`` (any language the dim lacks, from seed ``ref_regions``)."""
    return _with_seed_languages(release, "dim_regions", "ref_regions", "region_code", "name")


def macro_region_names(release: Release) -> pd.DataFrame:
    """``macro_region``, ``macro_region_name_en``, ``macro_region_name_ru``, one row each
    (``marts.dim_regions``), and ``macro_region_name_kk`` (any language the dim lacks, from seed
    ``ref_macro_regions``)."""
    return _with_seed_languages(release, "dim_regions", "ref_macro_regions", "macro_region", "macro_region_name")


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
