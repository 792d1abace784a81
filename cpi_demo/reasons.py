"""Reasons for a good or a bad attitude to China (the report's Figures 3 and 4).

Asked in the 2021 wave (the report quotes "a study published in 2022") of those whose general
attitude is positive (reasons_positive) or negative (reasons_negative); up to three answers.
The report's text names the options, ranks the leading ones and prints two shares (12 % each);
the other shares are assumptions that keep the order in which the text lists the options
(docs/demo-data.md). A printed share in ``reference/published_tables.csv`` (item
``<question>:<option>``, measure ``pct``) overrides the assumed one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cpi_demo.solver import CalibrationError
from cpi_demo.targets import Targets

MAX_ANSWERS = 3


@dataclass(frozen=True)
class Option:
    code: str
    label_en: str
    label_ru: str
    pct: float  # assumed % of the question's base (a printed value wins)


REASONS: dict[str, tuple[Option, ...]] = {
    "reasons_positive": (
        Option("cheap_goods", "Cheap goods", "Дешёвые товары", 46.0),
        Option("profitable_trade", "Profitable trade", "Выгодная торговля", 38.0),
        Option(
            "investment",
            "Investment in the economy of Kazakhstan",
            "Инвестиции в экономику Казахстана",
            27.0,
        ),
        Option(
            "study_in_china",
            "Chance to study in China",
            "Возможность учиться в Китае",
            21.0,
        ),
        Option("chinese_culture", "Chinese culture", "Китайская культура", 16.0),
        Option(
            "no_particular_reason",
            "No particular reason: I just like China",
            "Особых причин нет: просто хорошо отношусь",
            12.0,
        ),
        Option(
            "non_interference",
            "China does not meddle in the politics of Kazakhstan",
            "Китай не вмешивается в политику Казахстана",
            12.0,
        ),
        Option("other", "Other", "Другое", 3.0),
    ),
    "reasons_negative": (
        Option("poor_quality_goods", "Poor-quality goods", "Некачественные товары", 41.0),
        Option(
            "treatment_of_workers",
            "How Kazakhstani workers are treated at Chinese companies",
            "Отношение к казахстанским работникам на китайских предприятиях",
            36.0,
        ),
        Option(
            "expansion",
            "Fear of Chinese expansion",
            "Опасения китайской экспансии",
            32.0,
        ),
        Option(
            "history",
            "History of relations with China",
            "История отношений с Китаем",
            22.0,
        ),
        Option(
            "ancestors",
            "What our ancestors said about China",
            "Заветы предков о Китае",
            18.0,
        ),
        Option(
            "media",
            "News and social media",
            "Информация в СМИ и социальных сетях",
            15.0,
        ),
        Option(
            "dislike_of_culture",
            "Dislike of Chinese culture",
            "Неприятие китайской культуры",
            8.0,
        ),
        Option(
            "bad_personal_experience",
            "Bad personal experience with Chinese people",
            "Негативный личный опыт общения с китайцами",
            6.0,
        ),
        Option("other", "Other", "Другое", 3.0),
    ),
}
ASKED_IF = {"reasons_positive": "positive", "reasons_negative": "negative"}


def option_labels() -> dict[tuple[str, str], tuple[str, str]]:
    """(question, option) -> (Russian, English) label, for the file's variable labels."""
    return {(q, o.code): (o.label_ru, o.label_en) for q, opts in REASONS.items() for o in opts}


def answer_counts(question: str, n_base: int, t: Targets) -> list[int]:
    """Respondents choosing each option: printed share if any, else the assumed one."""
    return [round((t.value(f"{question}:{o.code}", "pct") or o.pct) / 100 * n_base) for o in REASONS[question]]


def choose(
    n_base: int,
    counts: list[int],
    rng: np.random.Generator,
    max_answers: int = MAX_ANSWERS,
) -> np.ndarray:
    """A (respondents x options) 0/1 matrix with the given option counts and 1..max answers each.

    Every respondent gives at least one answer. How many (1, 2 or 3) is decided first: a random
    order picks who gives three, then two; then each option, most chosen first, goes to the
    respondents with the most answers still to give (ties broken at random). That greedy fill
    (Ryser's construction) finds a matrix whenever one exists.
    """
    total = sum(counts)
    if not n_base <= total <= max_answers * n_base or max(counts) > n_base:
        raise CalibrationError(
            f"option counts {counts} (sum {total}) do not fit {n_base} respondents giving "
            f"1 to {max_answers} answers each; change the assumed shares in cpi_demo/reasons.py"
        )
    extra = total - n_base
    n3 = max(extra // 4, extra - n_base)  # respondents giving three answers
    n2 = extra - 2 * n3  # ... two
    sizes = np.ones(n_base, dtype=int)
    order = np.argsort(rng.random(n_base), kind="stable")
    sizes[order[:n3]] = 3
    sizes[order[n3 : n3 + n2]] = 2
    left = sizes.copy()
    tie = rng.random((n_base, len(counts)))
    chosen = np.zeros((n_base, len(counts)), dtype=bool)
    for j in sorted(range(len(counts)), key=lambda j: -counts[j]):
        pick = np.lexsort((tie[:, j], -left))[: counts[j]]
        if (left[pick] <= 0).any():
            raise CalibrationError(f"option counts {counts} cannot be spread over {n_base} respondents")
        chosen[pick, j] = True
        left[pick] -= 1
    if left.any():
        raise CalibrationError(f"option counts {counts} leave answers unassigned")
    return chosen


def answer_reasons(general: np.ndarray, t: Targets, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """``question|option`` columns: selected / not_selected, ``None`` where not asked."""
    out: dict[str, np.ndarray] = {}
    for question, options in REASONS.items():
        asked = np.flatnonzero(general == ASKED_IF[question])
        chosen = choose(len(asked), answer_counts(question, len(asked), t), rng)
        for j, option in enumerate(options):
            column = np.full(len(general), None, dtype=object)
            column[asked] = np.where(chosen[:, j], "selected", "not_selected")
            out[f"{question}|{option.code}"] = column
    return out
