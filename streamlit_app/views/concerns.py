"""Concerns & reasons: multi-response questions, and the threat / labour statements."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import labeller, option_labels
from streamlit_app.ui import table, year_select

MULTI = ("concerns", "reasons_positive", "reasons_negative")
SINGLE = ("china_threat", "labour_statement")


def multi_response() -> None:
    years = query(
        "select distinct year from marts.fct_multi_response where question_code in (?, ?, ?)",
        MULTI,
    )["year"]
    year = year_select(years.tolist(), "conc_year")
    if year is None:
        return
    present = set(
        query(
            "select distinct question_code from marts.fct_multi_response "
            "where year = ? and question_code in (?, ?, ?)",
            (year, *MULTI),
        )["question_code"]
    )
    names = {q: t(f"question.{q}") for q in MULTI}
    question = st.radio(
        t("concerns.question"),
        [q for q in MULTI if q in present],
        format_func=names.get,
        horizontal=True,
        key="conc_q",
    )
    data = query(
        "select option_code, n_base, n_selected, pct from marts.fct_multi_response "
        "where year = ? and question_code = ? order by pct desc",
        (year, question),
    )
    data.insert(0, "option", data["option_code"].map(labeller(option_labels(question))))
    if not data.empty:
        st.plotly_chart(
            charts.hbar(data["option"].tolist(), data["pct"].tolist()),
            width="stretch",
            key="conc_bar",
        )
    table(data, f"{question}_{year}")


def statements() -> None:
    data = query(
        "select year, question_code, subject, answer_code, n, n_base, pct "
        "from marts.fct_answer_distribution where factor = 'total' and question_code in (?, ?) "
        "order by year desc, question_code, subject, pct desc",
        SINGLE,
    )
    if data.empty:
        return
    st.subheader(t("concerns.statements"))
    subjects = {q: option_labels(q, "subject") for q in SINGLE}
    answers = {q: option_labels(q, "answer") for q in SINGLE}
    data.insert(1, "question", data["question_code"].map(lambda q: t(f"question.{q}")))
    data.insert(
        3,
        "statement",
        [
            labeller(subjects[q])(s) if s else ""
            for q, s in zip(data["question_code"], data["subject"])
        ],
    )
    data.insert(
        5,
        "answer",
        [
            labeller(answers[q])(a)
            for q, a in zip(data["question_code"], data["answer_code"])
        ],
    )
    table(data, "statements")


st.title(t("page.concerns"))
multi_response()
statements()
