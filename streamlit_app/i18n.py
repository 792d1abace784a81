"""UI chrome strings in English and Russian (data labels come from the warehouse, see labels.py)."""

from __future__ import annotations

import streamlit as st

LANGS = ("en", "ru")

STRINGS: dict[str, dict[str, str]] = {
    # navigation
    "page.overview": {"en": "Overview", "ru": "Обзор"},
    "page.indicators": {"en": "Indicators", "ru": "Индикаторы"},
    "page.dynamics": {"en": "Dynamics", "ru": "Динамика"},
    "page.factors": {"en": "Factors", "ru": "Факторы"},
    "page.regions": {"en": "Regions", "ru": "Регионы"},
    "page.information": {
        "en": "Information space",
        "ru": "Информационное пространство",
    },
    "page.foreign": {"en": "Foreign-policy map", "ru": "Внешнеполитическая карта"},
    "page.concerns": {"en": "Concerns & reasons", "ru": "Опасения и причины"},
    "page.methodology": {"en": "Methodology & data", "ru": "Методология и данные"},
    "app.title": {
        "en": "China Perception Index — Kazakhstan",
        "ru": "Индекс восприятия Китая — Казахстан",
    },
    "lang.label": {"en": "Language / Язык", "ru": "Язык / Language"},
    # common
    "synthetic.banner": {
        "en": "Synthetic demo data: these numbers are generated, not survey results.",
        "ru": "Синтетические демонстрационные данные: цифры сгенерированы, это не результаты опроса.",
    },
    "year": {"en": "Year", "ru": "Год"},
    "indicator": {"en": "Indicator", "ru": "Индикатор"},
    "factor": {"en": "Factor", "ru": "Фактор"},
    "download.csv": {"en": "Download CSV", "ru": "Скачать CSV"},
    "download.parquet": {"en": "Download Parquet", "ru": "Скачать Parquet"},
    "no.data": {
        "en": "No data in this release for this selection.",
        "ru": "В этом выпуске нет данных для этого выбора.",
    },
    "release": {"en": "Release", "ru": "Выпуск"},
    "interpolated": {"en": "interpolated", "ru": "интерполяция"},
    "observed": {"en": "survey wave", "ru": "волна опроса"},
    "small.base": {
        "en": "⚠ small base (too few respondents to interpret): shaded in tables, faded on maps",
        "ru": "⚠ малая база (слишком мало респондентов): выделено в таблицах, бледнее на картах",
    },
    # overview
    "overview.latest": {"en": "Latest wave: {year}", "ru": "Последняя волна: {year}"},
    "overview.delta": {"en": "change since {year}", "ru": "изменение с {year}"},
    "overview.trend": {
        "en": "Composite index, {start}–{end} (2022 interpolated, dashed)",
        "ru": "Сводный индекс, {start}–{end} (2022 — интерполяция, пунктир)",
    },
    # indicators
    "indicators.items": {"en": "Items of the indicator", "ru": "Вопросы индикатора"},
    "indicators.projects": {
        "en": "Chinese projects: awareness and attitude",
        "ru": "Китайские проекты: осведомлённость и отношение",
    },
    # dynamics
    "dynamics.indicators": {
        "en": "Indicators over time",
        "ru": "Индикаторы во времени",
    },
    "dynamics.items": {
        "en": "Item scores over time",
        "ru": "Оценки вопросов во времени",
    },
    "dynamics.ranks": {
        "en": "Rank by % positive, by year",
        "ru": "Ранг по % положительных, по годам",
    },
    "dynamics.growth": {
        "en": "Growth of the score, {year} vs previous year",
        "ru": "Рост оценки, {year} к предыдущему году",
    },
    # factors
    "factors.indicators": {"en": "Indicators by group", "ru": "Индикаторы по группам"},
    "factors.items": {"en": "Items by group", "ru": "Вопросы по группам"},
    "factors.differences": {
        "en": "Differences between groups",
        "ru": "Различия между группами",
    },
    "factors.integral": {
        "en": "Integral table: influential factors (✓)",
        "ru": "Интегральная таблица: влияющие факторы (✓)",
    },
    # regions
    "regions.level": {"en": "Map level", "ru": "Уровень карты"},
    "regions.level.region": {"en": "Regions", "ru": "Области"},
    "regions.level.region_2020_borders": {
        "en": "17 units (pre-2022 borders)",
        "ru": "17 единиц (границы до 2022)",
    },
    "regions.level.macro_region": {"en": "Macro-regions", "ru": "Макрорегионы"},
    "regions.borders2020": {
        "en": "17 units within the pre-2022 borders (Abai, Zhetysu, Ulytau merged back via the crosswalk).",
        "ru": "17 единиц в границах до 2022 года (Абайская, Жетысуская, Улытауская объединены по соответствию).",
    },
    "regions.dendrogram": {
        "en": "Cluster dendrogram of the regions",
        "ru": "Дендрограмма кластеров регионов",
    },
    "regions.clusters": {"en": "Cluster map", "ru": "Карта кластеров"},
    "regions.nclusters": {"en": "Number of clusters", "ru": "Число кластеров"},
    "regions.value": {"en": "Value", "ru": "Значение"},
    "regions.region": {"en": "Region", "ru": "Регион"},
    # information
    "info.funnel": {"en": "Information funnel", "ru": "Информационная воронка"},
    "info.sources": {
        "en": "Sources of information about China",
        "ru": "Источники информации о Китае",
    },
    # foreign
    "foreign.network": {
        "en": "Friendly countries: who else is named (top-3 links)",
        "ru": "Дружественные страны: кого ещё называют (топ-3 связи)",
    },
    "foreign.two_way": {"en": "two-way link", "ru": "двусторонняя связь"},
    "foreign.one_way": {"en": "one-way link", "ru": "односторонняя связь"},
    "foreign.links": {"en": "Links per country", "ru": "Связи по странам"},
    "foreign.pairs": {"en": "Conditional shares", "ru": "Условные доли"},
    # concerns
    "concerns.question": {"en": "Question", "ru": "Вопрос"},
    "concerns.statements": {
        "en": "Threat and labour statements",
        "ru": "Угроза и утверждения о труде",
    },
    "question.china_threat": {
        "en": "Is China a threat?",
        "ru": "Представляет ли Китай угрозу?",
    },
    "question.labour_statement": {
        "en": "Statements about labour",
        "ru": "Утверждения о трудовых мигрантах",
    },
    "question.concerns": {
        "en": "Concerns about China",
        "ru": "Опасения в связи с Китаем",
    },
    "question.reasons_positive": {
        "en": "Reasons for a positive attitude",
        "ru": "Причины положительного отношения",
    },
    "question.reasons_negative": {
        "en": "Reasons for a negative attitude",
        "ru": "Причины отрицательного отношения",
    },
    # methodology
    "method.formulas": {"en": "Formulas", "ru": "Формулы"},
    "method.versions": {"en": "Methodology versions", "ru": "Версии методологии"},
    "method.waves": {"en": "Survey waves", "ru": "Волны опроса"},
    "method.build": {"en": "Build of this release", "ru": "Сборка этого выпуска"},
    "method.inputs": {
        "en": "Inputs (with checksums)",
        "ru": "Входные файлы (с контрольными суммами)",
    },
    "method.tests": {"en": "Tests passed", "ru": "Пройдено тестов"},
    "method.synthetic": {
        "en": "This release contains SYNTHETIC waves ({waves}). They demonstrate the pipeline and must not be cited as survey findings.",
        "ru": "Этот выпуск содержит СИНТЕТИЧЕСКИЕ волны ({waves}). Они демонстрируют конвейер и не должны цитироваться как результаты опроса.",
    },
    "method.score": {"en": "Item score", "ru": "Оценка вопроса"},
    "method.ratio": {"en": "Ratio (coefficient)", "ru": "Коэффициент"},
    "method.indicator": {
        "en": "Indicator = mean of its item scores",
        "ru": "Индикатор = среднее оценок его вопросов",
    },
    "method.composite": {
        "en": "Composite index = mean of the four indicators",
        "ru": "Сводный индекс = среднее четырёх индикаторов",
    },
    "method.interp": {
        "en": "2022 (no fieldwork) = mean of 2021 and 2023, shown as interpolated",
        "ru": "2022 (опрос не проводился) = среднее 2021 и 2023, показано как интерполяция",
    },
    "error.warehouse": {
        "en": "The warehouse cannot be read",
        "ru": "Хранилище недоступно",
    },
}


def lang() -> str:
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def t(key: str, **fmt: object) -> str:
    """Translated UI string; unknown keys fall back to the key itself (visible, never crashes)."""
    entry = STRINGS.get(key)
    text = entry.get(lang(), entry["en"]) if entry else key
    return text.format(**fmt) if fmt else text
