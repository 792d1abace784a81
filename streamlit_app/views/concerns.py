"""Concerns & reasons: multi-response questions (share of respondents choosing each option)."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import labeller, option_labels
from streamlit_app.ui import table, year_select

QUESTIONS = ("concerns", "reasons_positive", "reasons_negative")

st.title(t("page.concerns"))
years = query(
    "select distinct year from marts.fct_multi_response where question_code in (?, ?, ?)",
    QUESTIONS,
)["year"]
year = year_select(years.tolist(), "conc_year")
if year is None:
    st.stop()
q_names = {q: t(f"question.{q}") for q in QUESTIONS}
q_name = q_names.get
present = query(
    "select distinct question_code from marts.fct_multi_response where year = ? and question_code in (?, ?, ?)",
    (year, *QUESTIONS),
)["question_code"].tolist()
question = st.radio(
    t("concerns.question"),
    [q for q in QUESTIONS if q in present],
    format_func=q_name,
    horizontal=True,
    key="conc_q",
)
if question is None:
    st.info(t("no.data"))
    st.stop()
data = query(
    "select option_code, n_base, n_selected, pct from marts.fct_multi_response "
    "where year = ? and question_code = ? order by pct desc",
    (year, question),
)
data.insert(0, "option", data["option_code"].map(labeller(option_labels(question))))
st.plotly_chart(
    charts.hbar(data["option"].tolist(), data["pct"].tolist()),
    width="stretch",
    key="conc_bar",
)
table(data, f"{question}_{year}")
