"""Information space: funnel, sources, ratios per source."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import funnel_labels, labeller, option_labels
from streamlit_app.ui import table, year_select

st.title(t("page.information"))
years = query(
    "select year from marts.fct_information_funnel union select year from marts.fct_information_sources"
)["year"]
year = year_select(years.tolist(), "info_year")
if year is None:
    st.stop()

st.subheader(t("info.funnel"))
funnel = query(
    "select level_code, level_order, pct from marts.fct_information_funnel where year = ? order by level_order",
    (year,),
)
level_name = labeller(funnel_labels())
funnel.insert(0, "level", funnel["level_code"].map(level_name))
if not funnel.empty:
    st.plotly_chart(
        charts.funnel(funnel["level"].tolist(), funnel["pct"].tolist()),
        width="stretch",
        key="info_funnel",
    )
table(funnel, f"information_funnel_{year}")

st.subheader(t("info.sources"))
sources = query(
    "select source_code, n_users, pct_users, ratio_often_to_rarely, ratio_positive_to_negative "
    "from marts.fct_information_sources where year = ? order by pct_users desc",
    (year,),
)
sources.insert(
    0,
    "source",
    sources["source_code"].map(labeller(option_labels("information_sources"))),
)
if not sources.empty:
    st.plotly_chart(
        charts.hbar(sources["source"].tolist(), sources["pct_users"].tolist()),
        width="stretch",
        key="info_sources",
    )
table(sources, f"information_sources_{year}")
