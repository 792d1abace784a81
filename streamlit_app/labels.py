"""People's labels: the ONE place that maps every code and column to English and Russian.

* Codes of the data (items, regions, indicators, factors, groups, options, answers) come from the
  release itself: ``marts.dim_items`` (``text_en``/``text_ru``), ``marts.dim_regions`` and the label
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
from streamlit_app.db import has_table, per_release, release
from streamlit_app.i18n import lang

SEED_SCHEMA = "reference"
YEAR_SUFFIX = re.compile(r"^(\w+?)_(\d{4})$")

# column -> (English, Russian, kind). Kinds: score, share, ratio, count, rank, points, p, text, year.
COLUMNS: dict[str, tuple[str, str, str]] = {
    "year": ("Year", "Год", "year"),
    "wave": ("Survey wave", "Волна опроса", "text"),
    "indicator": ("Indicator", "Индикатор", "text"),
    "item": ("Question", "Вопрос", "text"),
    "question": ("Question", "Вопрос", "text"),
    "statement": ("Statement", "Утверждение", "text"),
    "group": ("Group", "Группа", "text"),
    "factor": ("Factor", "Фактор", "text"),
    "region": ("Region", "Регион", "text"),
    "macro_region": ("Macro-region", "Макрорегион", "text"),
    "answer": ("Answer", "Ответ", "text"),
    "option": ("Answer option", "Вариант ответа", "text"),
    "source": ("Source of information", "Источник информации", "text"),
    "level": ("Funnel level", "Уровень воронки", "text"),
    "project": ("Project", "Проект", "text"),
    "country": ("Country", "Страна", "text"),
    "also_chosen": ("Also named", "Также назвали", "text"),
    "cluster": ("Cluster", "Кластер", "text"),
    "value": ("Value (−1…+1)", "Значение (−1…+1)", "score"),
    "score": ("Score (−1…+1)", "Оценка (−1…+1)", "score"),
    "change": ("Change, points", "Изменение, пунктов", "points"),
    "difference": ("Difference (−1…+1 scale)", "Разница (шкала −1…+1)", "points"),
    "diff_pct": ("Difference, percentage points", "Разница, п. п.", "pp"),
    "pct_language": ("Positive by home language, %", "«За» по языку дома, %", "share"),
    "pct_ethnicity": ("Positive by ethnicity, %", "«За» по национальности, %", "share"),
    "pct": ("Share, %", "Доля, %", "share"),
    "pct_positive": ("Positive, %", "Положительно, %", "share"),
    "pct_negative": ("Negative, %", "Отрицательно, %", "share"),
    "pct_neutral": ("Neutral / hard to say, %", "Нейтрально / затрудняюсь, %", "share"),
    "pct_unsure": ("Unsure, %", "Затрудняюсь, %", "share"),
    "pct_users": ("Users, %", "Пользуются, %", "share"),
    "pct_aware": ("Aware, %", "Знают, %", "share"),
    "row_pct": ("Share of the group, %", "Доля в группе, %", "share"),
    "col_pct": ("Share of the answer, %", "Доля в ответе, %", "share"),
    "conditional_pct": ("Also named, %", "Также назвали, %", "share"),
    "ratio": ("Ratio positive ÷ negative", "Отношение «за» ÷ «против»", "ratio"),
    "ratio_often_to_rarely": (
        "Ratio often ÷ rarely",
        "Отношение «часто» ÷ «редко»",
        "ratio",
    ),
    "ratio_positive_to_negative": (
        "Ratio positive ÷ negative",
        "Отношение позитив ÷ негатив",
        "ratio",
    ),
    "n": ("Respondents, n", "Респондентов, n", "count"),
    "n_base": ("Base, n", "База, n", "count"),
    "n_valid": ("Base, n", "База, n", "count"),
    "n_respondents": ("Respondents, n", "Респондентов, n", "count"),
    "n_selected": ("Chose the option, n", "Выбрали, n", "count"),
    "n_users": ("Users, n", "Пользуются, n", "count"),
    "n_aware": ("Aware, n", "Знают, n", "count"),
    "n_chosen": ("Named the country, n", "Назвали страну, n", "count"),
    "n_both": ("Named both, n", "Назвали обе, n", "count"),
    "n_level": ("Respondents at this level, n", "Респондентов на уровне, n", "count"),
    "n_attitude_base": (
        "Base: aware of the project, n",
        "База: знают о проекте, n",
        "count",
    ),
    "n_items": ("Questions in the indicator", "Вопросов в индикаторе", "count"),
    "rank_by_positive": ("Rank by % positive", "Ранг по % «за»", "rank"),
    "rank_by_ratio": ("Rank by ratio", "Ранг по отношению", "rank"),
    "rank_change": ("Rank change", "Изменение ранга", "rank"),
    "high_group": ("Group A", "Группа A", "text"),
    "low_group": ("Group B", "Группа B", "text"),
    "high_value": ("Value A", "Значение A", "score"),
    "low_value": ("Value B", "Значение B", "score"),
    "test": ("Test", "Критерий", "text"),
    "statistic_value": ("Effect size", "Размер эффекта", "ratio"),
    "p_value": ("p-value", "p-значение", "p"),
    "influential": ("Influential", "Влияет", "text"),
    "small_base": ("Base", "База", "text"),
    "is_small_base": ("Small base (n < 30)", "Малая база (n < 30)", "text"),
    "is_small_cell": ("Small cell", "Малая ячейка", "text"),
    "is_influential": ("Influential", "Влияет", "text"),
    "interpolated": ("Estimate", "Оценка", "text"),
    "methodology_version": ("Methodology", "Методология", "text"),
    "links_one_way": ("One-way links", "Односторонние связи", "count"),
    "links_two_way": ("Two-way links", "Двусторонние связи", "count"),
    "links_total": ("All links", "Все связи", "count"),
    "fieldwork": ("Fieldwork", "Полевой этап", "text"),
    "survey_kind": ("Survey", "Опрос", "text"),
    "synthetic": ("Data", "Данные", "text"),
    "sample_note": ("Sample", "Выборка", "text"),
    "items": ("Questions", "Вопросы", "text"),
    "field": ("Field", "Поле", "text"),
    "file": ("File", "Файл", "text"),
    "checksum": ("SHA-256", "SHA-256", "text"),
    "description": ("Description", "Описание", "text"),
    "rule": ("Rule", "Правило", "text"),
    # uncertainty and tests (version-2 marts)
    "ci_low": ("95 % interval: from", "95 % интервал: от", "score"),
    "ci_high": ("95 % interval: to", "95 % интервал: до", "score"),
    "pct_low": ("95 % interval: from, %", "95 % интервал: от, %", "share"),
    "pct_high": ("95 % interval: to, %", "95 % интервал: до, %", "share"),
    "change_low": (
        "Change, 95 % interval: from",
        "Изменение, 95 % интервал: от",
        "points",
    ),
    "change_high": (
        "Change, 95 % interval: to",
        "Изменение, 95 % интервал: до",
        "points",
    ),
    "change_p_value": ("Change: p-value", "Изменение: p-значение", "p"),
    "significant": ("Significant (5 %)", "Значимо (5 %)", "text"),
    "n_effective": ("Effective base, n (Kish)", "Эффективная база, n (Киш)", "count"),
    "component": ("Part of the index", "Часть индекса", "text"),
    "difference_low": (
        "Difference, 95 % interval: from",
        "Разница, 95 % интервал: от",
        "points",
    ),
    "difference_high": (
        "Difference, 95 % interval: to",
        "Разница, 95 % интервал: до",
        "points",
    ),
    "p_adjusted": ("p-value, adjusted", "p-значение с поправкой", "p"),
    "printed_mark": ("Marked in the report", "Отметка в отчёте", "text"),
    "warehouse_mark": ("Marked by the rule", "Отметка по правилу", "text"),
    "agreement": ("Agreement", "Совпадение", "text"),
    "stability": (
        "Stability of the cluster (0–1)",
        "Устойчивость кластера (0–1)",
        "ratio",
    ),
    "cluster_trust": ("Cluster membership", "Принадлежность кластеру", "text"),
    "weight_source": ("Weights", "Веса", "text"),
    "weight_min": ("Smallest weight", "Наименьший вес", "ratio"),
    "weight_max": ("Largest weight", "Наибольший вес", "ratio"),
    "weighting_efficiency": (
        "Weighting efficiency (effective ÷ actual n)",
        "Эффективность взвешивания (эффективная ÷ фактическая n)",
        "ratio",
    ),
    "design_effect": ("Design effect of the weights", "Эффект плана от весов", "ratio"),
    "n_trimmed": ("Weights capped, n", "Урезанных весов, n", "count"),
    "reference_year": ("Reference year", "Год данных", "year"),
    "dimension": ("Characteristic", "Характеристика", "text"),
    "population_basis": ("Counted", "Кого учитывают", "text"),
    "groups_given": ("Groups with a figure", "Группы с данными", "text"),
    "groups_missing": ("Groups not available", "Группы без данных", "text"),
    "complete": ("Complete", "Полный", "text"),
    "reference_date": ("Date of the figures", "Дата данных", "text"),
    "source_publisher": ("Source", "Источник", "text"),
    "membership": ("In the index", "В индексе", "text"),
    "contribution": ("Contribution to the change", "Вклад в изменение", "contribution"),
}

# code columns (shown only when the reader asks for codes) -> the column they code
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

# Wording of the questions that are not index items (the items' wording is in dim_items).
QUESTIONS: dict[str, tuple[str, str]] = {
    "china_threat": (
        "Does China pose a threat to Kazakhstan?",
        "Представляет ли Китай угрозу для Казахстана?",
    ),
    "project_awareness": (
        "Do you know about the project …?",
        "Знаете ли вы о проекте …?",
    ),
    "project_attitude": (
        "How do you feel about the implementation of the project …? (asked of those who know it)",
        "Как вы относитесь к реализации проекта …? (задавался знающим о проекте)",
    ),
    "labour_statement": (
        "Do you agree with the statement …?",
        "Согласны ли вы с утверждением …?",
    ),
    "funnel": (
        "Have you ever … (read about China, been interested, talked to Chinese citizens, been to China)?",
        "Приходилось ли вам … (читать о Китае, интересоваться, общаться с гражданами Китая, бывать в Китае)?",
    ),
    "news_frequency": (
        "How often do you come across news or information related to China?",
        "Как часто вы встречаете новости или информацию, связанные с Китаем?",
    ),
    "news_tone": (
        "Is the information about China you come across rather positive or rather negative?",
        "Информация о Китае, которую вы встречаете, скорее позитивная или скорее негативная?",
    ),
    "concerns": (
        "What concerns you most in relations between Kazakhstan and China? (several answers)",
        "Что вас больше всего беспокоит в отношениях Казахстана и Китая? (несколько ответов)",
    ),
    "information_sources": (
        "Where do you get information about China? (several answers)",
        "Откуда вы получаете информацию о Китае? (несколько ответов)",
    ),
    "reasons_positive": (
        "Why is your attitude towards China good? (up to 3 answers; asked of those with a good attitude)",
        "Почему вы хорошо относитесь к Китаю? (до 3 ответов; задавался тем, кто относится хорошо)",
    ),
    "reasons_negative": (
        "Why is your attitude towards China bad? (up to 3 answers; asked of those with a bad attitude)",
        "Почему вы плохо относитесь к Китаю? (до 3 ответов; задавался тем, кто относится плохо)",
    ),
    "friendly_countries": (
        "With which countries should Kazakhstan develop friendly relations? (up to 3 answers)",
        "С какими странами Казахстану следует развивать дружеские отношения? (до 3 ответов)",
    ),
}

# answer classes of index items (the answers behind % positive / negative / neutral)
ITEM_ANSWERS: dict[str, tuple[str, str]] = {
    "positive": ("Positive", "Положительно"),
    "neutral": ("Neutral / hard to say", "Нейтрально / затрудняюсь"),
    "negative": ("Negative", "Отрицательно"),
}


def humanise(code: object) -> str:
    text = str(code)
    return (
        text.replace("_", " ").capitalize() if text and not text[0].isdigit() else text
    )


def column_label(column: str) -> str:
    """Header of a column; ``<column>_<year>`` reads "<header>, <year>"."""
    entry = COLUMNS.get(column)
    if entry is None and column in CODE_BASES:
        return f"{column_label(CODE_BASES[column])} — {'код' if lang() == 'ru' else 'code'}"
    if entry is None:
        match = YEAR_SUFFIX.match(column)
        if match and match.group(1) in COLUMNS:
            return f"{column_label(match.group(1))}, {match.group(2)}"
        return humanise(column)
    return entry[1] if lang() == "ru" else entry[0]


def column_kind(column: str) -> str:
    entry = COLUMNS.get(column)
    if entry is None and (match := YEAR_SUFFIX.match(column)):
        entry = COLUMNS.get(match.group(1))
    return entry[2] if entry else "text"


def question_text(code: str) -> str:
    """Wording of a question: an index item (dim_items) or another question (QUESTIONS)."""
    if code in QUESTIONS:
        en, ru = QUESTIONS[code]
        return ru if lang() == "ru" else en
    return item_labels().get(code, humanise(code))


def _pick(df: pd.DataFrame, key: str, base: str) -> dict[str, str]:
    chosen = df[f"{base}_{lang()}"].fillna(df[f"{base}_en"])
    return dict(zip(df[key].astype(str), chosen))


def _seed(table: str, key: str, **equal: str) -> dict[str, str]:
    return _seed_in(table, key, tuple(sorted(equal.items())), lang())


@per_release
def _seed_in(
    table: str, key: str, equal: tuple[tuple[str, str], ...], _lang: str
) -> dict[str, str]:
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
        return {"all": "All respondents" if lang() == "en" else "Все респонденты"}
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


def answer_labels(
    question_code: str, variable_role: str = "question"
) -> dict[str, str]:
    """Answer codes of a question; index items answer positive / neutral / negative."""
    if variable_role == "item":
        return {
            k: (ru if lang() == "ru" else en) for k, (en, ru) in ITEM_ANSWERS.items()
        }
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
