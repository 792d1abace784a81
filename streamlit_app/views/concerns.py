"""Concerns & reasons: reasons for a good / bad attitude, concerns, China as a threat, labour
statements (report Figures 3, 4, 35; Table 6)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import meta, vl
from streamlit_app.answers import answers_by_group, colors_for, distribution
from streamlit_app.common import base_text, with_labels, years_in
from streamlit_app.db import query
from streamlit_app.figure import Figure, show
from streamlit_app.i18n import t
from streamlit_app.labels import labeller, option_labels, question_text

MULTI = (
    ("reasons_positive", "Figure 3"),
    ("reasons_negative", "Figure 4"),
    ("concerns", "Table 6"),
)

st.title(t("page.concerns"))
for question, report in MULTI:
    years = years_in(
        "select distinct year from marts.fct_multi_response where question_code = ?",
        (question,),
    )
    if not years:
        continue
    year = years[-1]
    data = query(
        "select option_code, n_base, n_selected, pct from marts.fct_multi_response "
        "where year = ? and question_code = ? order by pct desc",
        (year, question),
    )
    data.insert(0, "option", data["option_code"].map(labeller(option_labels(question))))
    bars = with_labels(
        data.assign(cat=data["option"], value=data["pct"]), "value", "share"
    )
    who = {"reasons_positive": "good", "reasons_negative": "bad"}.get(question, "all")
    show(
        Figure(
            key=question,
            report=report,
            title=t(f"concerns.{question}", year=year),
            spec=vl.hbar(
                bars, kind="share", value_title=t(f"axis.pct_{who}"), cat_title=""
            ),
            table=data[["option", "option_code", "pct", "n_selected", "n_base"]],
            question=question_text(question),
            base=base_text(int(data["n_base"].max()) if not data.empty else 0, who),
            fieldwork=meta.describe([year]),
            source=meta.source_note([year]),
            notes=[t("concerns.multi_note")],
        )
    )

years = years_in(
    "select distinct year from marts.fct_answer_distribution where question_code = 'china_threat'"
)
if years:
    year = years[-1]
    fig = answers_by_group(
        year=year,
        question="china_threat",
        factor="total",
        key="threat_total",
        title=t("concerns.threat", year=year),
        fieldwork=meta.describe([year]),
        source=meta.source_note([year]),
    )
    if fig is not None:
        fig.base = base_text(int(fig.table["n_base"].max()))
        show(fig)

years = years_in(
    "select distinct year from marts.fct_answer_distribution where question_code = 'labour_statement'"
)
if years:
    year = years[-1]
    subjects = labeller(option_labels("labour_statement", "subject"))
    parts = []
    for subject in query(
        "select distinct subject from marts.fct_answer_distribution where question_code = 'labour_statement' and year = ?",
        (year,),
    )["subject"]:
        d = distribution(year, "labour_statement", "total", subject)
        parts.append(d.assign(statement=subjects(subject), subject=subject))
    labour = pd.concat(parts, ignore_index=True)
    labour = labour.sort_values(["porder"]).sort_values(
        "statement",
        key=lambda s: s.map(
            labour[labour["answer_code"] == "agree"]
            .set_index("statement")["pct"]
            .rank(ascending=False)
        ),
        kind="stable",
    )
    answers = list(dict.fromkeys(labour.sort_values("porder")["answer"]))
    codes = list(dict.fromkeys(labour.sort_values("porder")["answer_code"]))
    long = with_labels(
        labour.assign(
            cat=labour["statement"], part=labour["answer"], value=labour["pct"]
        ),
        "value",
        "share",
    )
    show(
        Figure(
            key="labour_statements",
            report="Figure 35",
            title=t("concerns.labour", year=year),
            spec=vl.stacked(
                long,
                parts=answers,
                colors=colors_for("labour_statement", codes),
                cat_title="",
                value_title=t("axis.pct_respondents"),
                part_title=t("answer"),
            ),
            table=labour[
                ["statement", "subject", "answer", "answer_code", "pct", "n", "n_base"]
            ],
            question=question_text("labour_statement"),
            base=base_text(int(labour["n_base"].max())),
            fieldwork=meta.describe([year]),
            source=meta.source_note([year]),
        )
    )
