"""Answer distributions by social group (``marts.fct_answer_distribution_v2``, one wave, the
reader's weighting) as stacked bars, each share with its 95 % interval in the tooltip.

Used by the factor page (attitude and threat by group), the concerns page and the cross-tab.
"""

from __future__ import annotations

import pandas as pd

from presentation import vl
from release_data import groups as group_data
from release_data import labels as label_data
from streamlit_app import thresholds, uncertainty, weighting
from streamlit_app.common import with_labels
from streamlit_app.db import has_table, release
from streamlit_app.figure import Figure
from streamlit_app.formats import fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import (
    answer_labels,
    group_labels,
    group_order,
    labeller,
    question_text,
)

ITEM_ORDER = ["positive", "neutral", "negative"]
COLORS = {
    "positive": vl.POSITIVE,
    "neutral": vl.NEUTRAL,
    "negative": vl.NEGATIVE,
    "approve": vl.POSITIVE,
    "disapprove": vl.NEGATIVE,
    "unsure": "#e0e0e0",
    "agree": vl.POSITIVE,
    "disagree": vl.NEGATIVE,
    "dont_know": vl.NEUTRAL,
    "yes": vl.POSITIVE,
    "no": vl.NEGATIVE,
}
OVERRIDES = {"china_threat": {"yes": vl.NEGATIVE, "no": vl.POSITIVE}}


def answer_order(question: str, role: str) -> list[str]:
    if role == "item":
        return ITEM_ORDER
    if not has_table("ref_question_options", "reference"):
        return []
    df = label_data.answer_order(release(), question)
    return df["option_code"].tolist()


def colors_for(question: str, answers: list[str]) -> list[str]:
    special = OVERRIDES.get(question, {})
    fallback = iter(vl.SERIES)
    return [special.get(a) or COLORS.get(a) or next(fallback) for a in answers]


def distribution(wave_id: str, question: str, factor: str, subject: str = "") -> pd.DataFrame:
    """Rows of one question × factor × wave, labelled, groups and answers in their natural order.

    Respondents without a known value of the factor (group ``missing``) are left out of the
    picture; ``missing_n`` (in ``df.attrs``) says how many there were."""
    df = group_data.distribution(release(), wave_id, weighting.current(), question, subject, factor)
    missing = df[df["group_code"] == "missing"]
    df = df[df["group_code"] != "missing"].copy()
    df.attrs["missing_n"] = int(missing["n_base"].max()) if len(missing) else 0
    if df.empty:
        return df
    role = str(df["variable_role"].iloc[0])
    answers = [a for a in answer_order(question, role) if a in set(df["answer_code"])]
    answers += sorted(set(df["answer_code"]) - set(answers))
    groups = [g for g in group_order(factor) if g in set(df["group_code"])]
    groups += sorted(set(df["group_code"]) - set(groups))
    df["porder"] = df["answer_code"].map({a: k for k, a in enumerate(answers)})
    df["gorder"] = df["group_code"].map({g: k for k, g in enumerate(groups)})
    df = df.sort_values(["gorder", "porder"]).reset_index(drop=True)
    df["answer"] = df["answer_code"].map(labeller(answer_labels(question, role)))
    df["group"] = df["group_code"].map(labeller(group_labels(factor)))
    df["small"] = df["is_small_base"].astype(bool)
    df["small_cell"] = df["is_small_cell"].astype(bool)
    df = df.drop(columns=["is_small_base", "is_small_cell"])
    return uncertainty.with_interval(df, "share")


def missing_note(df: pd.DataFrame) -> list[str]:
    n = df.attrs.get("missing_n", 0)
    return [t("group.missing_note", n=fmt_count(n))] if n else []


def answers_by_group(
    *,
    wave_id: str,
    question: str,
    factor: str,
    key: str,
    title: str,
    fieldwork: str,
    source: str,
    report: str | None = None,
    subject: str = "",
) -> Figure | None:
    df = distribution(wave_id, question, factor, subject)
    if df.empty:
        return None
    df = df.drop(columns="small_cell")  # stacked bars show every answer of a group together
    parts = list(dict.fromkeys(df["answer"]))
    codes = list(dict.fromkeys(df["answer_code"]))
    small = df["small"].any()
    df["cat"] = [
        f"{g} (n = {fmt_count(n)}{' ⚠' if s else ''})" for g, n, s in zip(df["group"], df["n_base"], df["small"])
    ]
    long = with_labels(df.assign(part=df["answer"], value=df["pct"]), "value", "share")
    return Figure(
        key=key,
        report=report,
        title=title,
        spec=vl.stacked(
            long,
            parts=parts,
            colors=colors_for(question, codes),
            cat_title="",
            value_title=t("axis.pct_group"),
            part_title=t("answer"),
            tooltip=[*uncertainty.tips()],
        ),
        table=uncertainty.table_interval(df, "share")[
            [
                "group",
                "group_code",
                "answer",
                "answer_code",
                "pct",
                "pct_low",
                "pct_high",
                "n",
                "n_base",
            ]
        ],
        question=question_text(question),
        base=t("base.groups"),
        fieldwork=fieldwork,
        source=source,
        notes=([thresholds.text("small.base")] if small else []) + missing_note(df),
    )
