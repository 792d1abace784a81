"""UI strings in English and Russian (data labels come from the release, see labels.py).

Strings are data: ``STRINGS[key] = (english, russian)``; ``{name}`` placeholders are filled by
``t(key, name=...)``. A missing key shows the key itself (visible in review, never a crash).
"""

from __future__ import annotations

import streamlit as st

from streamlit_app.i18n_stats import STATS_STRINGS

LANGS = ("en", "ru")

STRINGS: dict[str, tuple[str, str]] = {
    # navigation and chrome
    "page.overview": ("Overview", "Обзор"),
    "page.information": ("Information space", "Информационное пространство"),
    "page.indicators": ("Indicators", "Индикаторы"),
    "page.projects": ("Chinese projects", "Китайские проекты"),
    "page.dynamics": ("Dynamics", "Динамика"),
    "page.factors": ("Factors", "Факторы"),
    "page.regions": ("Regions", "Регионы"),
    "page.foreign": ("Foreign-policy map", "Внешнеполитическая карта"),
    "page.concerns": ("Concerns & reasons", "Опасения и причины"),
    "page.crosstab": ("Cross-tab", "Таблица сопряжённости"),
    "page.sample": ("Sample", "Выборка"),
    "page.methodology": ("Methodology & data", "Методология и данные"),
    "app.title": (
        "China Perception Index — Kazakhstan",
        "Индекс восприятия Китая — Казахстан",
    ),
    "app.short": ("China Perception Index", "Индекс восприятия Китая"),
    "lang.label": ("Language / Язык", "Язык / Language"),
    "codes.label": ("Show codes", "Показывать коды"),
    "codes.help": (
        "Adds the data codes (item, group, region codes) to every table, for analysts who query the marts.",
        "Добавляет коды данных (вопросов, групп, регионов) в каждую таблицу — для аналитиков, работающих с витринами.",
    ),
    "synthetic.banner": (
        "Synthetic demo data: these numbers are generated, not survey results.",
        "Синтетические демонстрационные данные: цифры сгенерированы, это не результаты опроса.",
    ),
    "release": ("Release", "Выпуск"),
    "error.warehouse": ("The warehouse cannot be read", "Хранилище недоступно"),
    "no.data": (
        "No data in this release for this selection.",
        "В этом выпуске нет данных для этого выбора.",
    ),
    "url.unknown": (
        "The link asks for {param} “{value}”, which this release does not have; showing {shown} instead.",
        "Ссылка запрашивает «{value}» ({param}), такого в этом выпуске нет; показано: {shown}.",
    ),
    "url.bad_lang": (
        "Unknown language in the link; showing English.",
        "Неизвестный язык в ссылке; показан английский.",
    ),
    "figure.table": ("Table of this figure", "Таблица к рисунку"),
    "figure.report": ("Report: {ref}.", "В отчёте: {ref}."),
    "download.csv": ("Download CSV", "Скачать CSV"),
    "download.parquet": ("Download Parquet (with codes)", "Скачать Parquet (с кодами)"),
    "yes": ("yes", "да"),
    # common words
    "year": ("Year", "Год"),
    "indicator": ("Indicator", "Индикатор"),
    "factor": ("Factor", "Фактор"),
    "group": ("Group", "Группа"),
    "answer": ("Answer", "Ответ"),
    "project": ("Project", "Проект"),
    "country": ("Country", "Страна"),
    "region": ("Region", "Регион"),
    "macro_region": ("Macro-region", "Макрорегион"),
    "cluster": ("Cluster", "Кластер"),
    "base": ("Base", "База"),
    "interpolated": (
        "interpolated (no survey in 2022)",
        "интерполяция (опроса в 2022 не было)",
    ),
    "observed": ("survey wave", "волна опроса"),
    "small.base": (
        "⚠ Groups with fewer than 30 respondents are greyed: read them with caution.",
        "⚠ Группы менее чем из 30 респондентов показаны бледнее: интерпретировать с осторожностью.",
    ),
    "small.short": ("small base", "малая база"),
    "small.cell": (
        "Cells counted from too few respondents are greyed and their share is not printed; the table gives their counts.",
        "Ячейки с слишком малым числом ответивших показаны бледнее, их доля не подписана; число ответов — в таблице.",
    ),
    "col.influential": ("Influential", "Влияет"),
    # what a figure says about its data
    "meta.fieldwork": ("Fieldwork {start} – {end}", "Опрос {start} – {end}"),
    "meta.kind.annual": ("annual survey", "ежегодный опрос"),
    "meta.kind.omnibus": ("omnibus survey", "омнибус"),
    "meta.wave": ("{kind} of {month}", "{kind}, {month}"),
    "meta.interpolated_year": (
        "{year}: no survey (interpolated)",
        "{year}: опроса не было (интерполяция)",
    ),
    "meta.source": (
        "Source: TALAP China Perception Index, {waves}; {weighting}; dashboard release {release}.",
        "Источник: Индекс восприятия Китая (TALAP), {waves}; {weighting}; выпуск {release}.",
    ),
    "meta.synthetic_flag": (
        "⚠ SYNTHETIC DEMO DATA, not survey results.",
        "⚠ СИНТЕТИЧЕСКИЕ ДАННЫЕ, не результаты опроса.",
    ),
    "base.all": ("Base: all respondents, n = {n}", "База: все респонденты, n = {n}"),
    "base.good": (
        "Base: respondents with a good attitude towards China, n = {n}",
        "База: респонденты, хорошо относящиеся к Китаю, n = {n}",
    ),
    "base.bad": (
        "Base: respondents with a bad attitude towards China, n = {n}",
        "База: респонденты, плохо относящиеся к Китаю, n = {n}",
    ),
    "base.groups": (
        "Base: respondents of each group (n in the labels)",
        "База: респонденты каждой группы (n в подписях)",
    ),
    "base.aware": (
        "Base: respondents who know the project (n in the labels)",
        "База: знающие о проекте (n в подписях)",
    ),
    "base.aware_group": (
        "Base: respondents of the macro-region who know the project (n in the tooltip)",
        "База: знающие о проекте жители макрорегиона (n во всплывающей подсказке)",
    ),
    "base.users_of_source": (
        "Base: users of each source",
        "База: пользователи каждого источника",
    ),
    "base.chose_country": (
        "Base: respondents who named the column's country",
        "База: назвавшие страну столбца",
    ),
    # axis titles (with units)
    "axis.score": ("Score (−1 … +1)", "Оценка (−1 … +1)"),
    "axis.change": (
        "Change of the score, points (−2 … +2 scale)",
        "Изменение оценки, пунктов (шкала −2 … +2)",
    ),
    "axis.difference": (
        "Difference of the scores (−1 … +1 scale)",
        "Разница оценок (шкала −1 … +1)",
    ),
    "axis.diff_pct": ("Difference, percentage points", "Разница, процентных пунктов"),
    "axis.distance": ("Distance (1 − Pearson r)", "Расстояние (1 − r Пирсона)"),
    "axis.pct_respondents": ("Share of respondents, %", "Доля респондентов, %"),
    "axis.pct_all": ("Share of respondents, %", "Доля респондентов, %"),
    "axis.pct_good": ("Share with a good attitude, %", "Доля хорошо относящихся, %"),
    "axis.pct_bad": (
        "Share of those with a bad attitude, %",
        "Доля среди плохо относящихся, %",
    ),
    "axis.pct_group": ("Share of the group, %", "Доля группы, %"),
    "axis.pct_positive": ("Positive answers, %", "Положительных ответов, %"),
    "axis.pct_agree": (
        "Agree / yes, % of the unit",
        "Согласны / да, % жителей",
    ),
    "axis.pct_also": ("Also named, %", "Также назвали, %"),
    "axis.pct_approve": ("Approve, % of those aware", "Одобряют, % знающих"),
    "axis.pct_aware": (
        "Share of those who know the project, %",
        "Доля знающих о проекте, %",
    ),
    "axis.pct_sample": ("Share of the sample, %", "Доля выборки, %"),
    "axis.ratio": (
        "Ratio positive ÷ negative (1 = balance)",
        "Отношение «за» ÷ «против» (1 = баланс)",
    ),
    "axis.ratio_often": (
        "Ratio often ÷ rarely (1 = balance)",
        "Отношение «часто» ÷ «редко» (1 = баланс)",
    ),
    "axis.ratio_tone": (
        "Ratio positive ÷ negative (1 = balance)",
        "Отношение позитив ÷ негатив (1 = баланс)",
    ),
    "note.interpolated": (
        "2022 had no fieldwork: its value is the mean of 2021 and 2023 (dashed line, hollow marker).",
        "В 2022 году опрос не проводился: значение — среднее 2021 и 2023 гг. (пунктир, полый маркер).",
    ),
    "note.map_scale_score": (
        "Fixed colour scale for all scores: −1 red … 0 white … +1 blue (the same in every year and indicator).",
        "Постоянная шкала цвета для всех оценок: −1 красный … 0 белый … +1 синий (одинакова для всех лет и индикаторов).",
    ),
    "note.map_scale_share": (
        "Fixed colour scale for all shares: 0 % white … 100 % dark blue.",
        "Постоянная шкала цвета для всех долей: 0 % белый … 100 % тёмно-синий.",
    ),
    # overview
    "overview.latest": ("Latest wave: {year}", "Последняя волна: {year}"),
    "overview.change": ("{change} points", "{change} п."),
    "change.membership": (
        "The item set changed ({old} → {new}): change {change}; like-for-like (the same items) {like}.",
        "Набор вопросов изменился ({old} → {new}): изменение {change}; на тех же вопросах {like}.",
    ),
    "coverage.not_headline": (
        "Later annual wave {wave} not shown as the headline: {reason}.",
        "Более поздняя годовая волна {wave} не показана как основная: {reason}.",
    ),
    "coverage.not_computed": ("Not computed: {reason}.", "Не рассчитан: {reason}."),
    "monthly.title": ("Monthly waves: {indicator} questions", "Ежемесячные волны: вопросы ({indicator})"),
    "monthly.note": (
        "Monthly waves are their own series: never mixed into the annual values above.",
        "Ежемесячные волны — отдельный ряд: они не смешиваются с годовыми значениями выше.",
    ),
    "overview.delta": (
        "change since {year}, in points of the −1 … +1 scale",
        "изменение с {year} г., в пунктах шкалы −1 … +1",
    ),
    "overview.trend": (
        "Composite China Perception Index, {start}–{end}",
        "Сводный индекс восприятия Китая, {start}–{end}",
    ),
    "overview.composite_def": (
        "Mean of the four indicators; each indicator is the mean score of its questions",
        "Среднее четырёх индикаторов; каждый индикатор — средняя оценка его вопросов",
    ),
    "overview.all": (
        "The four indicators and the composite index, {start}–{end}",
        "Четыре индикатора и сводный индекс, {start}–{end}",
    ),
    # information
    "info.sources": (
        "Where people get information about China",
        "Откуда люди получают информацию о Китае",
    ),
    "info.ratio_often": (
        "How often each source brings news about China: often ÷ rarely",
        "Как часто источник приносит новости о Китае: «часто» ÷ «редко»",
    ),
    "info.ratio_tone": (
        "Tone of each source's information about China: positive ÷ negative",
        "Тон информации о Китае по источникам: позитив ÷ негатив",
    ),
    "info.ratio_often_note": (
        "Above 1: the source's users meet China often rather than rarely.",
        "Больше 1: пользователи источника встречают Китай скорее часто, чем редко.",
    ),
    "info.ratio_tone_note": (
        "Above 1: the source's users hear more positive than negative things about China.",
        "Больше 1: пользователи источника слышат о Китае больше позитивного, чем негативного.",
    ),
    "info.funnel": (
        "How close China comes: the six-level information funnel",
        "Насколько близок Китай: шестиуровневая воронка",
    ),
    # indicators
    "indicators.metric_help": (
        "Mean score of {n} questions",
        "Средняя оценка {n} вопросов",
    ),
    "indicators.about.general": (
        "How Kazakhstanis feel about China in general (one question: good vs bad attitude).",
        "Как казахстанцы в целом относятся к Китаю (один вопрос: хорошее или плохое отношение).",
    ),
    "indicators.about.geopolitical": (
        "China as a foreign-policy power: its place in the world, its potential and its attitude to Kazakhstan.",
        "Китай как внешнеполитическая сила: его место в мире, потенциал и отношение к Казахстану.",
    ),
    "indicators.about.economic": (
        "How much, and in which areas, people want economic cooperation with China.",
        "Насколько и в каких сферах люди хотят экономического сотрудничества с Китаем.",
    ),
    "indicators.about.cultural": (
        "China's soft power: its society, culture and politics, and how close a contact people want.",
        "«Мягкая сила» Китая: общество, культура, политика и желаемая степень контакта.",
    ),
    "indicators.about.composite": (
        "The mean of the four indicators.",
        "Среднее четырёх индикаторов.",
    ),
    "indicators.answers": (
        "{indicator}: answers to each question, {year}",
        "{indicator}: ответы на каждый вопрос, {year}",
    ),
    "indicators.answers_note": (
        "Score = (% positive − % negative) ÷ 100; neutral and “hard to say” answers stay in the base.",
        "Оценка = (% «за» − % «против») ÷ 100; нейтральные ответы и «затрудняюсь» остаются в базе.",
    ),
    "indicators.ratios": (
        "{indicator}: positive ÷ negative answers per question, {year}",
        "{indicator}: отношение «за» ÷ «против» по вопросам, {year}",
    ),
    "indicators.rank_change": (
        "Rank by % positive − rank by ratio",
        "Ранг по % «за» − ранг по отношению",
    ),
    "indicators.ratio_note": (
        "The tooltip and the table give the rank change: rank by % positive minus rank by ratio.",
        "Во всплывающей подсказке и таблице — изменение ранга: ранг по % «за» минус ранг по отношению.",
    ),
    # projects
    "projects.awareness": (
        "How many know each Chinese project, {year}",
        "Сколько людей знают о каждом китайском проекте, {year}",
    ),
    "projects.attitude": (
        "Attitude to each project among those who know it, {year}",
        "Отношение к проектам среди знающих о них, {year}",
    ),
    "projects.map": (
        "Approval of the {project} by macro-region, {year}",
        "Одобрение проекта «{project}» по макрорегионам, {year}",
    ),
    "projects.trend": (
        "Attitude to the {project} over the waves",
        "Отношение к проекту «{project}» по волнам",
    ),
    "projects.trend_note": (
        "This release asks the question only in {years}: earlier waves did not include it.",
        "В этом выпуске вопрос есть только в {years}: в более ранних волнах его не задавали.",
    ),
    # dynamics
    "dynamics.indicator": (
        "{indicator} over the waves",
        "{indicator}: динамика по волнам",
    ),
    "dynamics.items": (
        "{indicator}: each question's score over the waves",
        "{indicator}: оценка каждого вопроса по волнам",
    ),
    "dynamics.items_note": (
        "One panel per question, same scale in every panel; questions added later start later.",
        "Одна панель на вопрос, шкала одинакова; вопросы, добавленные позже, начинаются позже.",
    ),
    "dynamics.ranks": (
        "{indicator}: rank of each question by % positive, per wave",
        "{indicator}: ранг вопросов по % «за», по волнам",
    ),
    "dynamics.ranks_note": (
        "Printed: rank (1 = most positive answers); colour: % positive.",
        "Цифра — ранг (1 = больше всего положительных ответов); цвет — % «за».",
    ),
    "dynamics.change": (
        "{indicator}: change of each question's score, {prev} → {last}",
        "{indicator}: изменение оценки вопросов, {prev} → {last}",
    ),
    "dynamics.change_note": (
        "Differences in points of the score, not ratios: a ratio is meaningless when a score changes sign.",
        "Разница в пунктах оценки, а не отношение: отношение теряет смысл, когда оценка меняет знак.",
    ),
    "dynamics.structure": (
        "The four indicators in each year",
        "Четыре индикатора по годам",
    ),
    "dynamics.groups": ("Groups over time", "Группы во времени"),
    "dynamics.groups_title": (
        "Good attitude towards China by {factor}, over the waves",
        "Хорошее отношение к Китаю: {factor}, по волнам",
    ),
    # factors
    "factors.attitude_by_group": (
        "Attitude towards China by {factor}, {year}",
        "Отношение к Китаю: {factor}, {year}",
    ),
    "factors.threat_by_group": (
        "Is China a threat to Kazakhstan? By {factor}, {year}",
        "Представляет ли Китай угрозу? {factor}, {year}",
    ),
    "factors.indicators": (
        "Indicators by {factor}, {year}",
        "Индикаторы: {factor}, {year}",
    ),
    "factors.items": (
        "{indicator}: positive answers by {factor}, {year}",
        "{indicator}: положительные ответы, {factor}, {year}",
    ),
    "factors.differences": (
        "Difference between the extreme groups ({pair}), {year}",
        "Разница крайних групп ({pair}), {year}",
    ),
    "factors.differences_note": (
        "Kruskal–Wallis test across all groups; ✓ = influential (ε² ≥ 0.01 and p < 0.05).",
        "Критерий Краскела–Уоллиса по всем группам; ✓ = влияет (ε² ≥ 0,01 и p < 0,05).",
    ),
    "factors.integral": (
        "Which factor shapes which indicator, {year}",
        "Какой фактор влияет на какой индикатор, {year}",
    ),
    "factors.integral_note": (
        "Printed: difference of the extreme groups; ✓ = influential by the test (see the previous figure).",
        "Цифра — разница крайних групп; ✓ = влияет по критерию (см. предыдущий рисунок).",
    ),
    "factors.language_vs_ethnicity": (
        "Language at home vs ethnicity",
        "Язык дома и национальность",
    ),
    "factors.pair": ("Compare", "Сравнить"),
    "factors.pair.kazakh": ("Kazakh-speaking vs Kazakh", "Казахоязычные и казахи"),
    "factors.pair.russian": ("Russian-speaking vs Russian", "Русскоязычные и русские"),
    "factors.pair_title.kazakh": (
        "{indicator}: Kazakh-speaking minus ethnic Kazakh respondents, {year}",
        "{indicator}: казахоязычные минус казахи по национальности, {year}",
    ),
    "factors.pair_title.russian": (
        "{indicator}: Russian-speaking minus ethnic Russian respondents, {year}",
        "{indicator}: русскоязычные минус русские по национальности, {year}",
    ),
    "factors.pair_base": (
        "Base: home language n = {a}; ethnicity n = {b}",
        "База: по языку n = {a}; по национальности n = {b}",
    ),
    "factors.pair_note": (
        "Difference of the % positive answers; the two groups overlap (most Kazakh speakers are Kazakhs).",
        "Разница долей положительных ответов; группы пересекаются (большинство казахоязычных — казахи).",
    ),
    "test.kruskal_wallis_epsilon_squared": ("Kruskal–Wallis, ε²", "Краскел–Уоллис, ε²"),
    # regions
    "regions.level": ("Map level", "Уровень карты"),
    "regions.level.region": ("Regions", "Области"),
    "regions.level.region_2020_borders": (
        "17 units (pre-2022 borders)",
        "17 единиц (границы до 2022)",
    ),
    "regions.level.macro_region": ("Macro-regions", "Макрорегионы"),
    "regions.borders2020": (
        "Drawn within the pre-2022 borders (Abai, Zhetysu, Ulytau merged back into their parent regions).",
        "В границах до 2022 года (Абайская, Жетысуская, Улытауская области объединены с исходными).",
    ),
    "regions.macro_map": (
        "The macro-regions of Kazakhstan and the three cities",
        "Макрорегионы Казахстана и три города",
    ),
    "regions.macro_source": (
        "Regions and macro-regions as used by the survey.",
        "Области и макрорегионы, как в опросе.",
    ),
    "regions.by.macro_region": ("by macro-region", "по макрорегионам"),
    "regions.by.region": ("by region", "по областям"),
    "regions.indicator_map": (
        "{indicator} {by}, {year}",
        "{indicator} {by}, {year}",
    ),
    "regions.priorities": (
        "Cooperation priorities by macro-region, {year}",
        "Приоритеты сотрудничества по макрорегионам, {year}",
    ),
    "regions.priorities_q": (
        "Should Kazakhstan develop cooperation with China in … (per area)",
        "Следует ли Казахстану развивать сотрудничество с Китаем в … (по сферам)",
    ),
    "regions.priorities_note": (
        "Bold: the top priority (highest % positive) in each macro-region.",
        "Жирным — главный приоритет (наибольший % «за») в каждом макрорегионе.",
    ),
    "regions.question": ("Question on the map", "Вопрос на карте"),
    "regions.question_map": (
        "Share agreeing {by}, {year}",
        "Доля согласных {by}, {year}",
    ),
    "regions.clustering": (
        "Regions grouped by all their answers",
        "Группы регионов по всем ответам",
    ),
    "regions.nclusters": ("Number of clusters", "Число кластеров"),
    "regions.dendrogram": (
        "Which regions answer alike: dendrogram, {k} clusters, {year}",
        "Какие регионы отвечают похоже: дендрограмма, {k} кластера, {year}",
    ),
    "regions.cluster_map": (
        "Clusters of regions on the map ({k} clusters), {year}",
        "Кластеры регионов на карте ({k}), {year}",
    ),
    "regions.cluster_note": (
        "Hierarchical clustering of the regions' answer profiles (similarity = Pearson correlation); names coloured by cluster.",
        "Иерархическая кластеризация профилей ответов регионов (сходство — корреляция Пирсона); названия окрашены по кластеру.",
    ),
    # foreign policy
    "foreign.shares": (
        "With which countries Kazakhstan should be friends, {year}",
        "С какими странами Казахстану дружить, {year}",
    ),
    "foreign.shares_note": (
        "Several answers allowed: shares add up to more than 100 %.",
        "Можно было выбрать несколько ответов: сумма больше 100 %.",
    ),
    "foreign.network": (
        "Mental foreign-policy map: who is named together, {year}",
        "Ментальная внешнеполитическая карта: кого называют вместе, {year}",
    ),
    "foreign.network_note": (
        "A link joins a country to the three partners most often named with it; solid red = both ways, dashed with arrow = one way (towards the partner).",
        "Связь соединяет страну с тремя партнёрами, которых чаще всего называют вместе с ней; сплошная красная — взаимная, пунктир со стрелкой — односторонняя (к партнёру).",
    ),
    "foreign.two_way": ("two-way link", "двусторонняя связь"),
    "foreign.one_way": ("one-way link", "односторонняя связь"),
    "foreign.link": ("Link", "Связь"),
    "foreign.edge_tip": (
        "of those naming {a}, {p} also name {b}",
        "из назвавших {a} {p} называют и {b}",
    ),
    "foreign.pairs": (
        "Who also names whom: conditional shares, {year}",
        "Кого называют вместе: условные доли, {year}",
    ),
    "foreign.pairs_x": ("Respondents who named …", "Респонденты, назвавшие …"),
    "foreign.pairs_y": ("… also named", "… назвали также"),
    "foreign.pairs_note": (
        "Bold: the column country's top-3 partners.",
        "Жирным — три главных партнёра страны столбца.",
    ),
    # concerns
    "concerns.reasons_positive": (
        "Why people feel good about China, {year}",
        "Почему к Китаю относятся хорошо, {year}",
    ),
    "concerns.reasons_negative": (
        "Why people feel bad about China, {year}",
        "Почему к Китаю относятся плохо, {year}",
    ),
    "concerns.concerns": (
        "What worries people about China, {year}",
        "Что беспокоит людей в связи с Китаем, {year}",
    ),
    "concerns.multi_note": (
        "Several answers allowed: shares add up to more than 100 %.",
        "Можно было выбрать несколько ответов: сумма больше 100 %.",
    ),
    "concerns.threat": (
        "Is China a threat to Kazakhstan? {year}",
        "Представляет ли Китай угрозу для Казахстана? {year}",
    ),
    "concerns.labour": (
        "Labour migration from China: agreement with three statements, {year}",
        "Трудовая миграция из Китая: согласие с тремя утверждениями, {year}",
    ),
    # cross-tab
    "crosstab.intro": (
        "Any question of the survey against any social group and year. Row shares: how each group answered; column shares: who gave each answer.",
        "Любой вопрос опроса по любой социальной группе и году. Доли по строке — как ответила группа; по столбцу — кто дал этот ответ.",
    ),
    "crosstab.question": ("Question", "Вопрос"),
    "crosstab.share": ("Shares", "Доли"),
    "crosstab.share.row": ("Row % (within group)", "% по строке (в группе)"),
    "crosstab.share.col": ("Column % (within answer)", "% по столбцу (в ответе)"),
    "crosstab.note.row": ("Each row adds up to 100 %.", "Каждая строка в сумме 100 %."),
    "crosstab.note.col": (
        "Each column adds up to 100 %.",
        "Каждый столбец в сумме 100 %.",
    ),
    "crosstab.cell_n": ("Respondents in the cell, n", "Респондентов в ячейке, n"),
    "crosstab.title": ("Answers by {factor}, {year}", "Ответы: {factor}, {year}"),
    # sample
    "sample.regions": (
        "Respondents by region, {year}",
        "Респонденты по регионам, {year}",
    ),
    "sample.profile_people": (
        "Who was interviewed: gender, age, ethnicity, language, {year}",
        "Кого опросили: пол, возраст, национальность, язык, {year}",
    ),
    "sample.profile_status": (
        "Who was interviewed: education, welfare, family, work, settlement, {year}",
        "Кого опросили: образование, достаток, семья, занятость, тип поселения, {year}",
    ),
    "sample.profile_note": (
        "Shares of the respondents who answered the question.",
        "Доли от ответивших на вопрос.",
    ),
    # methodology
    "method.formulas": ("Formulas", "Формулы"),
    "method.score": ("Score of a question", "Оценка вопроса"),
    "method.ratio": ("Ratio (coefficient)", "Коэффициент"),
    "method.indicator": (
        "Indicator = mean of its questions' scores",
        "Индикатор = среднее оценок его вопросов",
    ),
    "method.composite": (
        "Composite index = mean of the four indicators",
        "Сводный индекс = среднее четырёх индикаторов",
    ),
    "method.interp": (
        "2022 had no fieldwork: its values are the mean of 2021 and 2023, always marked as interpolated.",
        "В 2022 году опроса не было: значения — среднее 2021 и 2023 гг., всегда помечены как интерполяция.",
    ),
    "method.indicators": ("The four indicators", "Четыре индикатора"),
    "method.versions": (
        "Questions per indicator and wave",
        "Вопросы индикаторов по волнам",
    ),
    "method.version_line": (
        "**{year}**: {counts} questions.",
        "**{year}**: {counts} вопросов.",
    ),
    "method.items_per_year": (
        "Which questions form each indicator, per wave",
        "Какие вопросы входят в индикаторы, по волнам",
    ),
    "method.waves": ("Survey waves", "Волны опроса"),
    "method.report_index": (
        "Where each figure and table of the 2023 report is",
        "Где каждый рисунок и таблица отчёта 2023 года",
    ),
    "method.figure": ("Figure", "Рисунок"),
    "method.table": ("Table", "Таблица"),
    "method.tables": ("Tables", "Таблицы"),
    "method.threat_map": ("Threat map (unnumbered)", "Карта угрозы (без номера)"),
    "method.sample_note_en": (
        "",
        "Описания выборок из кодбуков волн есть только на английском: переключите язык, чтобы их увидеть.",
    ),
    "method.synthetic_yes": ("synthetic demo data", "синтетические данные"),
    "method.synthetic_no": ("survey data", "данные опроса"),
    "method.synthetic": (
        "This release contains SYNTHETIC waves ({waves}). They demonstrate the pipeline and must not be cited as survey findings.",
        "Этот выпуск содержит СИНТЕТИЧЕСКИЕ волны ({waves}). Они демонстрируют конвейер и не должны цитироваться как результаты опроса.",
    ),
    "method.build": ("Build of this release", "Сборка этого выпуска"),
    "method.tests": ("Tests passed", "Пройдено тестов"),
    "method.built_at": ("Built", "Собран"),
    "method.duration": ("Build time", "Время сборки"),
    "method.build_details": ("Build details", "Подробности сборки"),
    "method.inputs": (
        "Input files (with checksums)",
        "Входные файлы (с контрольными суммами)",
    ),
    "method.n_total": (
        "{n} interviews in all waves of this release.",
        "Всего интервью во всех волнах выпуска: {n}.",
    ),
    "build.build_id": ("Release id", "Идентификатор выпуска"),
    "build.built_at": ("Built at", "Время сборки"),
    "build.git_commit": ("Code version (git commit)", "Версия кода (git commit)"),
    "build.dbt_version": ("dbt version", "Версия dbt"),
    "build.duckdb_version": ("DuckDB version", "Версия DuckDB"),
    "build.storage_version": ("DuckDB file format", "Формат файла DuckDB"),
    "build.tests_passed": ("Tests passed", "Тестов пройдено"),
    "build.tests_failed": ("Tests failed", "Тестов не пройдено"),
    "build.tests_total": ("Tests in all", "Всего тестов"),
    "build.models_built": ("Models built", "Построено моделей"),
    "build.duration_seconds": ("Build time, s", "Время сборки, с"),
    "build.methodology_versions": ("Methodology versions", "Версии методологии"),
}


STRINGS.update(STATS_STRINGS)


def lang() -> str:
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def has(key: str) -> bool:
    return key in STRINGS


def t(key: str, **fmt: object) -> str:
    """Translated UI string; unknown keys fall back to the key itself (visible, never crashes)."""
    entry = STRINGS.get(key)
    text = (entry[1] if lang() == "ru" else entry[0]) if entry else key
    return text.format(**fmt) if fmt else text
