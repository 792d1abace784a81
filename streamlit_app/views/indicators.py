"""Indicators: items with % positive/negative/neutral, score, ratio, ranks; projects."""

from __future__ import annotations

import streamlit as st

from streamlit_app.common import INDICATORS
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, item_labels, labeller, project_labels
from streamlit_app.ui import fmt_score, table, year_select

st.title(t("page.indicators"))
years = query(
    "select distinct year from marts.fct_item_scores where not is_interpolated"
)["year"]
year = year_select(years.tolist(), "ind_year")
if year is None:
    st.stop()
name = labeller(indicator_labels())
code = st.selectbox(t("indicator"), INDICATORS[1:], format_func=name, key="ind_code")

value = query(
    "select value, n_items, methodology_version from marts.fct_indicators where year = ? and indicator_code = ?",
    (year, code),
)
if not value.empty:
    row = value.iloc[0]
    st.metric(
        name(code),
        fmt_score(row["value"]),
        help=f"n_items = {row['n_items']}, {row['methodology_version']}",
    )

st.subheader(t("indicators.items"))
items = query(
    "select item_code, n_valid, pct_positive, pct_negative, pct_neutral, score, ratio, "
    "rank_by_positive, rank_by_ratio, rank_change, methodology_version "
    "from marts.fct_item_scores where year = ? and indicator_code = ? order by rank_by_positive",
    (year, code),
)
items.insert(0, "item", items["item_code"].map(item_labels()))
table(items, f"items_{code}_{year}")

st.subheader(t("indicators.projects"))
projects = query(
    "select project_code, n_respondents, n_aware, pct_aware, pct_positive, pct_neutral, pct_negative, "
    "pct_unsure, ratio from marts.fct_projects where year = ? order by pct_aware desc",
    (year,),
)
projects.insert(0, "project", projects["project_code"].map(labeller(project_labels())))
table(projects, f"projects_{year}")
