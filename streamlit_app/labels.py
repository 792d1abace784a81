"""People's labels: the ONE place that maps every code and column to the reader's language.

* Codes of the data (items, regions, indicators, factors, groups, options, answers) come from the
  release itself: ``marts.dim_items`` (``text_en``/``text_ru``, other languages such as
  ``text_kk`` from seed ``ref_items``), ``marts.dim_regions`` (likewise) and the label
  seeds dbt loads into schema ``reference`` (``ref_indicators``, ``ref_factors``, ``ref_factor_groups``,
  ``ref_funnel_levels``, ``ref_question_options``).
* Column headers and the wording of the questions that are not index items (no mart holds
  those yet) are defined here, with the kind of number each column holds (``formats.py`` turns
  a kind into one display format).

A code without a label is shown humanised (``land_sales`` -> "Land sales"), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from release_data import labels as release_labels
from streamlit_app import thresholds
from streamlit_app.db import has_table, per_release, release
from streamlit_app.i18n import lang, t

SEED_SCHEMA = "reference"
YEAR_SUFFIX = re.compile(r"^(\w+?)_(\d{4})$")

# column -> kind of number (score, share, ratio, count, rank, points, p, text, year); the header
# text is the catalogue's ``column.<column>`` (presentation/locales/<lang>/LC_MESSAGES/dashboard.po).
COLUMN_KINDS: dict[str, str] = {
    "year": "year",
    "wave": "text",
    "indicator": "text",
    "item": "text",
    "question": "text",
    "statement": "text",
    "group": "text",
    "factor": "text",
    "region": "text",
    "macro_region": "text",
    "answer": "text",
    "option": "text",
    "source": "text",
    "level": "text",
    "project": "text",
    "country": "text",
    "also_chosen": "text",
    "cluster": "text",
    "value": "score",
    "score": "score",
    "change": "points",
    "difference": "points",
    "diff_pct": "pp",
    "pct_language": "share",
    "pct_ethnicity": "share",
    "pct": "share",
    "pct_positive": "share",
    "pct_negative": "share",
    "pct_neutral": "share",
    "pct_unsure": "share",
    "pct_users": "share",
    "pct_aware": "share",
    "row_pct": "share",
    "col_pct": "share",
    "conditional_pct": "share",
    "ratio": "ratio",
    "ratio_often_to_rarely": "ratio",
    "ratio_positive_to_negative": "ratio",
    "n": "count",
    "n_base": "count",
    "n_valid": "count",
    "n_respondents": "count",
    "n_selected": "count",
    "n_users": "count",
    "n_aware": "count",
    "n_chosen": "count",
    "n_both": "count",
    "n_level": "count",
    "n_attitude_base": "count",
    "n_items": "count",
    "rank_by_positive": "rank",
    "rank_by_ratio": "rank",
    "rank_change": "rank",
    "high_group": "text",
    "low_group": "text",
    "high_value": "score",
    "low_value": "score",
    "test": "text",
    "statistic_value": "ratio",
    "p_value": "p",
    "influential": "text",
    "small_base": "text",
    "is_small_base": "text",
    "is_small_cell": "text",
    "is_influential": "text",
    "interpolated": "text",
    "methodology_version": "text",
    "links_one_way": "count",
    "links_two_way": "count",
    "links_total": "count",
    "fieldwork": "text",
    "survey_kind": "text",
    "synthetic": "text",
    "sample_note": "text",
    "items": "text",
    "field": "text",
    "file": "text",
    "checksum": "text",
    "description": "text",
    "rule": "text",
    "ci_low": "score",
    "ci_high": "score",
    "pct_low": "share",
    "pct_high": "share",
    "change_low": "points",
    "change_high": "points",
    "change_p_value": "p",
    "significant": "text",
    "n_effective": "count",
    "component": "text",
    "difference_low": "points",
    "difference_high": "points",
    "p_adjusted": "p",
    "printed_mark": "text",
    "warehouse_mark": "text",
    "agreement": "text",
    "stability": "ratio",
    "cluster_trust": "text",
    "weight_source": "text",
    "weight_min": "ratio",
    "weight_max": "ratio",
    "weighting_efficiency": "ratio",
    "design_effect": "ratio",
    "n_trimmed": "count",
    "reference_year": "year",
    "dimension": "text",
    "population_basis": "text",
    "groups_given": "text",
    "groups_missing": "text",
    "complete": "text",
    "reference_date": "text",
    "source_publisher": "text",
    "membership": "text",
    "contribution": "contribution",
    "revision": "text",
    "previous_release": "text",
    "mart": "text",
    "figure_key": "text",
    "measure": "text",
    "old_value": "score",
    "new_value": "score",
    "is_beyond_old_interval": "text",
}

CODE_BASES = {
    "item_code": "item",
    "indicator_code": "indicator",
    "group_code": "group",
    "geo_code": "region",
    "region_code": "region",
    "option_code": "option",
    "source_code": "source",
    "level_code": "level",
    "project_code": "project",
    "country_code": "country",
    "answer_code": "answer",
    "subject": "statement",
    "component_code": "component",
    "membership_code": "membership",
}

# Wording of the questions that are not index items (catalogue ``question_text.<code>``; the
# items' wording is in dim_items) and the answer classes of index items (``item_answer.<class>``).
QUESTIONS: tuple[str, ...] = (
    "china_threat",
    "project_awareness",
    "project_attitude",
    "labour_statement",
    "funnel",
    "news_frequency",
    "news_tone",
    "concerns",
    "information_sources",
    "reasons_positive",
    "reasons_negative",
    "friendly_countries",
)
ITEM_ANSWERS: tuple[str, ...] = ("positive", "neutral", "negative")


# headers that state a threshold of the release (streamlit_app/thresholds.py)
THRESHOLD_COLUMNS = frozenset({"is_small_base", "significant"})


def humanise(code: object) -> str:
    text = str(code)
    return text.replace("_", " ").capitalize() if text and not text[0].isdigit() else text


def column_label(column: str) -> str:
    """Header of a column; ``<column>_<year>`` reads "<header>, <year>"."""
    known = column in COLUMN_KINDS
    if not known and column in CODE_BASES:
        return f"{column_label(CODE_BASES[column])} — {t('code.suffix')}"
    if not known:
        match = YEAR_SUFFIX.match(column)
        if match and match.group(1) in COLUMN_KINDS:
            return f"{column_label(match.group(1))}, {match.group(2)}"
        return humanise(column)
    if column in THRESHOLD_COLUMNS:
        return thresholds.text(f"column.{column}")
    return t(f"column.{column}")


def column_kind(column: str) -> str:
    kind = COLUMN_KINDS.get(column)
    if kind is None and (match := YEAR_SUFFIX.match(column)):
        kind = COLUMN_KINDS.get(match.group(1))
    return kind or "text"


def question_text(code: str) -> str:
    """Wording of a question: an index item (dim_items) or another question (QUESTIONS)."""
    if code in QUESTIONS:
        return t(f"question_text.{code}")
    return item_labels().get(code, humanise(code))


def _pick(df: pd.DataFrame, key: str, base: str) -> dict[str, str]:
    column = f"{base}_{lang()}" if f"{base}_{lang()}" in df.columns else f"{base}_en"
    given = df[column].notna() & (df[column].astype(str).str.strip() != "")
    chosen = df[column].where(given, df[f"{base}_en"])  # a label the language lacks: English
    return dict(zip(df[key].astype(str), chosen))


def _seed(table: str, key: str, **equal: str) -> dict[str, str]:
    return _seed_in(table, key, tuple(sorted(equal.items())), lang())


@per_release
def _seed_in(table: str, key: str, equal: tuple[tuple[str, str], ...], _lang: str) -> dict[str, str]:
    if not has_table(table, SEED_SCHEMA):
        return {}
    df = release_labels.seed_names(release(), table, key, **dict(equal))
    return _pick(df, key, "name")


def item_labels() -> dict[str, str]:
    return _item_labels(lang())


@per_release
def _item_labels(_lang: str) -> dict[str, str]:
    return _pick(
        release_labels.item_texts(release()),
        "item_code",
        "text",
    )


def region_labels() -> dict[str, str]:
    return _region_labels(lang())


@per_release
def _region_labels(_lang: str) -> dict[str, str]:
    return _pick(
        release_labels.region_names(release()),
        "region_code",
        "name",
    )


def macro_region_labels() -> dict[str, str]:
    return _macro_region_labels(lang())


@per_release
def _macro_region_labels(_lang: str) -> dict[str, str]:
    df = release_labels.macro_region_names(release())
    return _pick(df, "macro_region", "macro_region_name")


def indicator_labels() -> dict[str, str]:
    return _seed("ref_indicators", "indicator_code")


def factor_labels() -> dict[str, str]:
    return _seed("ref_factors", "factor")


def group_labels(factor: str) -> dict[str, str]:
    if factor == "region" or factor == "region_2020_borders":
        return region_labels()
    if factor == "macro_region":
        return macro_region_labels()
    if factor == "total":
        return {"all": t("group.all")}
    return _seed("ref_factor_groups", "group_code", factor=factor)


@per_release
def group_order(factor: str) -> list[str]:
    """Groups of a factor in their natural order (seed sort_order), for ordered axes."""
    if not has_table("ref_factor_groups", SEED_SCHEMA):
        return []
    df = release_labels.group_order(release(), factor)
    return df["group_code"].astype(str).tolist()


def funnel_labels() -> dict[str, str]:
    return _seed("ref_funnel_levels", "level_code")


def option_labels(question_code: str, kind: str = "multi_response") -> dict[str, str]:
    """Options of a question (kind multi_response | subject | answer) from ref_question_options."""
    return _seed(
        "ref_question_options",
        "option_code",
        question_code=question_code,
        option_kind=kind,
    )


def answer_labels(question_code: str, variable_role: str = "question") -> dict[str, str]:
    """Answer codes of a question; index items answer positive / neutral / negative."""
    if variable_role == "item":
        return {k: t(f"item_answer.{k}") for k in ITEM_ANSWERS}
    return option_labels(question_code, "answer")


def project_labels() -> dict[str, str]:
    return option_labels("project_awareness", "subject")


def subject_labels(question_code: str) -> dict[str, str]:
    """Subjects of a question (project, statement, funnel level); both project questions share
    the projects' labels."""
    if question_code.startswith("project_"):
        return project_labels()
    return option_labels(question_code, "subject")


def labeller(mapping: dict[str, str]) -> Callable[[object], str]:
    """code -> label (humanised when unknown); safe as a widget ``format_func``."""
    return lambda code: mapping.get(str(code), humanise(code))


def label(codes: pd.Series, mapping: dict[str, str]) -> pd.Series:
    return codes.map(labeller(mapping))
