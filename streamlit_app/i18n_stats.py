"""UI strings about weights, intervals, significance, change decomposition and cluster trust
(English, Russian). Merged into ``i18n.STRINGS``; kept apart only to keep each file short."""

from __future__ import annotations

STATS_STRINGS: dict[str, tuple[str, str]] = {
    # the weighting control
    "weighting.label": ("Weighting", "Взвешивание"),
    "weighting.unweighted": ("As printed (unweighted)", "Как в отчёте (без весов)"),
    "weighting.weighted": ("Weighted to population", "Взвешено по населению"),
    "weighting.explain": (
        (
            "As printed, every respondent counts once, as in the report; weighted, respondents "
            "count so that the sample matches official population figures (see Methodology & data)."
        ),
        (
            "«Как в отчёте» — каждый респондент учитывается один раз, как в отчёте; «взвешено» — "
            "вес респондентов подобран так, чтобы выборка совпала с официальной статистикой населения "
            "(см. «Методология и данные»)."
        ),
    ),
    "weighting.not_available": (
        "Not weighted: this release holds this figure only as printed (unweighted).",
        "Без весов: в этом выпуске рисунок есть только в варианте «как в отчёте».",
    ),
    "meta.weighted": ("weighted to population", "взвешено по населению"),
    "meta.unweighted": ("unweighted, as printed", "без весов, как в отчёте"),
    "group.missing_note": (
        "Not shown: {n} respondents whose group is unknown.",
        "Не показаны {n} респондентов с неизвестной группой.",
    ),
    # intervals and tests
    "ci.tip": ("95 % interval", "95 % интервал"),
    "neff.tip": ("Effective base (Kish)", "Эффективная база (Киш)"),
    "ci.score_tip": ("Score: 95 % interval", "Оценка: 95 % интервал"),
    "col.score": ("Score", "Оценка"),
    "sig.yes": ("significant at 5 %", "значимо на уровне 5 %"),
    "sig.no": ("within sampling noise", "в пределах случайной ошибки"),
    "sig.short_yes": ("significant", "значимо"),
    "sig.short_no": ("not significant", "незначимо"),
    "sig.tip": ("Test of the change", "Проверка изменения"),
    "change.tip": ("Change since the previous wave", "Изменение с прошлой волны"),
    "change.text": (
        "{change} since {year} (95 % interval {low} … {high})",
        "{change} с {year} г. (95 % интервал {low} … {high})",
    ),
    "note.intervals.bootstrap": (
        "Bars through the points: 95 % intervals (sampling error only).",
        "Отрезки через точки — 95 % интервалы (только ошибка выборки).",
    ),
    "note.intervals.score": (
        "Interval bars: 95 % intervals of the scores (sampling error only).",
        "Отрезки — 95 % интервалы оценок (только ошибка выборки).",
    ),
    "note.intervals.share": (
        "Interval bars: 95 % intervals of the shares (Wilson; sampling error only).",
        "Отрезки — 95 % интервалы долей (по Уилсону; только ошибка выборки).",
    ),
    "note.sig_ring": (
        (
            "A ring marks a significant change since the previous survey wave (p < 0.05); "
            "2022 is interpolated, has no interval and is never compared."
        ),
        (
            "Кольцо — значимое изменение с предыдущей волны опроса (p < 0,05); 2022 год "
            "интерполирован, интервала не имеет и ни с чем не сравнивается."
        ),
    ),
    "overview.metric_help": (
        "95 % interval {ci}. Change: {chg}; {sig}.",
        "95 % интервал {ci}. Изменение: {chg}; {sig}.",
    ),
    "overview.metric_help_first": ("95 % interval {ci}.", "95 % интервал {ci}."),
    # dynamics: what changed and what drove it
    "dynamics.what_changed": (
        "What changed between two waves, and what drove it",
        "Что изменилось между волнами и за счёт чего",
    ),
    "dynamics.step": ("Change", "Изменение"),
    "dynamics.change_sig_note": (
        "Interval bars: 95 % intervals of the change; pale bars: within sampling noise (p ≥ 0.05, no correction for testing many questions).",
        "Отрезки — 95 % интервалы изменения; бледные столбцы — в пределах случайной ошибки (p ≥ 0,05, без поправки на множественные сравнения).",
    ),
    "axis.contribution": (
        "Contribution to the change, points",
        "Вклад в изменение, пунктов",
    ),
    "decomp.title": (
        "{indicator}: which questions drove the change, {prev} → {last}",
        "{indicator}: какие вопросы дали изменение, {prev} → {last}",
    ),
    "decomp.title_composite": (
        "{indicator}: which indicators drove the change, {prev} → {last}",
        "{indicator}: какие индикаторы дали изменение, {prev} → {last}",
    ),
    "decomp.total": (
        "Change of the indicator, {prev} → {last}",
        "Изменение индикатора, {prev} → {last}",
    ),
    "decomp.tone.total": ("Change of the indicator", "Изменение индикатора"),
    "decomp.tone.up": ("Pushed it up", "Повысил"),
    "decomp.tone.down": ("Pulled it down", "Понизил"),
    "decomp.tone.added": ("New in the later wave", "Добавлен в поздней волне"),
    "decomp.tone.dropped": ("No longer asked", "Больше не задавался"),
    "decomp.member.kept": ("in both waves", "в обеих волнах"),
    "decomp.member.added": ("new", "новый"),
    "decomp.member.dropped": ("dropped", "исключён"),
    "decomp.note": (
        "The contributions add up exactly to the change: a question asked in both waves adds its own change divided by the number of questions; a new question adds how far it lies above the old level; a dropped one removes how far it lay above it.",
        "Вклады в сумме дают изменение: вопрос из обеих волн вносит своё изменение, делённое на число вопросов; новый вопрос — насколько он выше прежнего уровня; исключённый — убирает, насколько он был выше него.",
    ),
    "decomp.note_composite": (
        "The composite is the mean of the four indicators, so each indicator contributes a quarter of its own change; the contributions add up exactly to the change.",
        "Сводный индекс — среднее четырёх индикаторов, поэтому каждый вносит четверть своего изменения; вклады в сумме дают изменение.",
    ),
    # factors: gaps, Table 36 and its agreement with the report
    "note.intervals.bootstrap_groups": (
        "Each group on its own row; bars: 95 % intervals (sampling error only).",
        "Каждая группа — на своей строке; отрезки — 95 % интервалы (только ошибка выборки).",
    ),
    "adjust.holm": ("Holm", "Холма"),
    "adjust.bh": ("Benjamini–Hochberg", "Бенджамини–Хохберга"),
    "p.adjusted": ("p, adjusted ({method})", "p с поправкой ({method})"),
    "col.effect": ("Effect size ε²", "Размер эффекта ε²"),
    "factors.differences_note_v2": (
        (
            "Interval bars: 95 % interval of the difference. Pale bars: the factor's groups do "
            "not differ significantly — Kruskal–Wallis test over all groups, p adjusted by {method} "
            "across the wave's {n} factor × indicator tests, p ≥ 0.05. ✓ = influential by the rule below."
        ),
        (
            "Отрезки — 95 % интервал разницы. Бледные столбцы — группы фактора значимо не "
            "различаются: критерий Краскела–Уоллиса по всем группам, p с поправкой {method} на {n} "
            "проверок «фактор × индикатор» этой волны, p ≥ 0,05. ✓ — влияет по правилу ниже."
        ),
    ),
    "factors.rule": (
        (
            "Rule of the marks: ✓ when the effect size ε² ≥ 0.01 and the Kruskal–Wallis p, adjusted by "
            "{method} across the wave's {n} tests, is below 0.05. Printed: the difference between the "
            "extreme groups."
        ),
        (
            "Правило отметок: ✓, если размер эффекта ε² ≥ 0,01 и p критерия Краскела–Уоллиса с поправкой "
            "{method} на {n} проверок волны меньше 0,05. Цифра — разница крайних групп."
        ),
    ),
    "agree.title": (
        "Report's marks and the warehouse's rule agree in {agree} of {total} cells, {year}",
        "Отметки отчёта и правило хранилища совпадают в {agree} из {total} ячеек, {year}",
    ),
    "agree.legend": ("Marks", "Отметки"),
    "agree.both": ("Both mark it", "Отмечено в обоих"),
    "agree.report_only": ("Only the report marks it", "Отмечено только в отчёте"),
    "agree.warehouse_only": ("Only the rule marks it", "Отмечено только правилом"),
    "agree.neither": ("Neither marks it", "Не отмечено нигде"),
    "agree.printed": ("Marked in the report", "Отмечено в отчёте"),
    "agree.ours": ("Marked by the rule", "Отмечено правилом"),
    "agree.note": (
        (
            "Printed in each cell: the report's mark (+) / the rule's mark (✓), · when absent. The report "
            "states no rule for its marks; agreement {agree} of {total} ({pct})."
        ),
        (
            "В ячейке: отметка отчёта (+) / отметка правила (✓), · если нет. Отчёт не называет правила "
            "своих отметок; совпадение {agree} из {total} ({pct})."
        ),
    ),
    # regions: intervals on maps, trust in the clustering
    "regions.ci_note": (
        "The tooltip and the table give each unit's 95 % interval and base: with 50–200 respondents per region, differences of a few points are within sampling noise.",
        "Во всплывающей подсказке и таблице — 95 % интервал и база каждой единицы: при 50–200 респондентах в регионе разница в несколько пунктов — в пределах случайной ошибки.",
    ),
    "regions.stability": ("Stability of the cluster", "Устойчивость кластера"),
    "regions.trust.stable": ("stable", "устойчив"),
    "regions.trust.doubtful": ("doubtful", "сомнителен"),
    "regions.trust.unstable": ("unstable", "неустойчив"),
    "regions.cophenetic": (
        "How faithfully the tree shows the regions' similarity: cophenetic correlation {r} (1 = exactly; below about 0.7 the tree distorts it).",
        "Насколько точно дерево передаёт сходство регионов: кофенетическая корреляция {r} (1 — точно; ниже примерно 0,7 дерево искажает его).",
    ),
    "regions.stability_note": (
        "Faded names and areas: regions whose cluster does not hold up when the respondents are resampled ({n} times): paler = doubtful (stability 0.6–0.75), palest with “?” = unstable (below 0.6; the cluster dissolves). Stability = average overlap (Jaccard) of the cluster with its best match in the resamples.",
        "Бледные названия и области — регионы, чей кластер не сохраняется при повторных выборках респондентов ({n} раз): бледнее — сомнителен (устойчивость 0,6–0,75), самые бледные с «?» — неустойчив (ниже 0,6; кластер распадается). Устойчивость — среднее совпадение (Жаккар) кластера с лучшим соответствием в повторных выборках.",
    ),
    "crosstab.col_unweighted": (
        "Column shares are computed from the unweighted cell counts (the release publishes no weighted counts); row shares are weighted.",
        "Доли по столбцу рассчитаны по невзвешенным числам ответов в ячейках (взвешенных чисел в выпуске нет); доли по строке взвешены.",
    ),
    "sample.weighted_note": (
        "Weighted: the composition after weighting, i.e. close to the population figures the weights were fitted to; the counts n stay the respondents interviewed.",
        "Со взвешиванием: состав после взвешивания, близкий к данным о населении, по которым подобраны веса; n — по-прежнему число опрошенных.",
    ),
    # methodology: weights and uncertainty in people's words
    "weights.title": (
        "Weights: making the sample look like the country",
        "Веса: чтобы выборка была похожа на страну",
    ),
    "weights.intro": (
        (
            "A survey never reaches every kind of person in exactly the right proportion. Weighting "
            "gives each respondent a weight so that the weighted sample has the same shares by "
            "region, type of settlement and gender as the official population figures below "
            "(raking). The report's own numbers are unweighted; choose “Weighted to population” in "
            "the sidebar to see every figure weighted. Weights cost precision: the effective base "
            "(Kish) is the number of unweighted respondents that would give the same precision."
        ),
        (
            "Опрос никогда не охватывает все группы людей точно в нужной пропорции. Взвешивание "
            "придаёт каждому респонденту вес, чтобы взвешенная выборка совпала по долям регионов, "
            "типов поселения и полов с официальной статистикой населения ниже (метод раккинга). "
            "Цифры самого отчёта не взвешены; выберите «Взвешено по населению» на боковой панели, "
            "чтобы увидеть все рисунки со взвешиванием. Веса снижают точность: эффективная база "
            "(по Кишу) — число невзвешенных респондентов, дающее ту же точность."
        ),
    ),
    "weights.reading": (
        "In every wave the weighted sample keeps at least {eff} of its precision (weighting efficiency): the weights are mild, so weighted and printed numbers differ little.",
        "В каждой волне взвешенная выборка сохраняет не меньше {eff} точности (эффективность взвешивания): веса умеренные, поэтому взвешенные и опубликованные цифры различаются мало.",
    ),
    "weights.source.design": ("the wave's own weight", "собственный вес волны"),
    "weights.source.raked": (
        "fitted to population figures",
        "подобран по данным о населении",
    ),
    "weights.source.none": (
        "no weight (no usable figures)",
        "без веса (нет пригодных данных)",
    ),
    "weights.margins": (
        "Population figures the weights are fitted to",
        "Данные о населении, по которым подбираются веса",
    ),
    "weights.margins_intro": (
        "Official figures of the Bureau of National Statistics of Kazakhstan. A wave uses, for each characteristic, the complete set of figures nearest to its year; a set with groups marked “not available” is not used. Where figures for adults are missing, figures for all ages stand in for them.",
        "Официальные данные Бюро национальной статистики Казахстана. Для каждой характеристики волна берёт полный набор данных, ближайший к её году; набор с группами «нет данных» не используется. Где нет данных по взрослым, их заменяют данные по всему населению.",
    ),
    "weights.dim.region": ("Region", "Регион"),
    "weights.dim.settlement": ("Type of settlement", "Тип поселения"),
    "weights.dim.gender": ("Gender", "Пол"),
    "weights.dim.age_band": ("Age band", "Возрастная группа"),
    "weights.basis.all_ages": ("whole population", "всё население"),
    "weights.basis.adults_18_plus": ("adults 18+", "взрослые 18+"),
    "uncert.title": ("How sure is a number?", "Насколько надёжна цифра?"),
    "uncert.body": (
        (
            "Every estimate comes from a sample, so it would come out a little different with other "
            "respondents. The **95 % interval** drawn as a bar through a point or at the end of a bar "
            "is the range that, by the usual convention, holds the population value 19 times out of "
            "20. Shares use the Wilson interval, question scores a formula for the difference of two "
            "shares, indicators and the composite index the same kind of formula carried through "
            "their whole calculation, which also credits the weights for matching the population. A change between two waves is called "
            "**significant** when its p-value is below 0.05; with many questions tested, about one in "
            "twenty such marks can be chance. Group differences in the integral table are adjusted "
            "for testing the whole table at once. The intervals treat the sample as simple random "
            "and show sampling error only: the real uncertainty is larger."
        ),
        (
            "Каждая оценка получена по выборке и с другими респондентами вышла бы немного иной. "
            "**95 % интервал** — отрезок через точку или у конца столбца — диапазон, который по "
            "принятому соглашению содержит значение для всего населения в 19 случаях из 20. Для "
            "долей — интервал Уилсона, для оценок вопросов — формула разности двух долей, для "
            "индикаторов и сводного индекса — та же формула, проведённая через весь расчёт и "
            "учитывающая, что веса выравнивают выборку по населению. Изменение между волнами называется **значимым**, "
            "если его p-значение меньше 0,05; при проверке многих вопросов примерно одна такая "
            "отметка из двадцати может быть случайной. Различия групп в интегральной таблице "
            "скорректированы на проверку всей таблицы сразу. Интервалы считают выборку простой "
            "случайной и показывают только ошибку выборки: реальная неопределённость больше."
        ),
    ),
    "uncert.method": (
        (
            "Indicator intervals: linearised (Taylor) standard errors, with the raking margins taken into "
            "account for weighted figures."
        ),
        (
            "Интервалы индикаторов: линеаризованные (тейлоровские) стандартные ошибки, для взвешенных "
            "оценок — с учётом маргиналов взвешивания."
        ),
    ),
}
