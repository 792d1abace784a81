"""Dynamics: indicator and item trends, ranks over years, growth vs the previous year."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts
from streamlit_app.common import INDICATORS
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, item_labels, labeller
from streamlit_app.ui import table

st.title(t("page.dynamics"))
name = labeller(indicator_labels())
items_name = item_labels()

ind = query(
    "select year, indicator_code, value, is_interpolated from marts.fct_indicators order by year"
)
ind["indicator"] = ind["indicator_code"].map(name)
st.subheader(t("dynamics.indicators"))
st.plotly_chart(
    charts.trend(
        ind,
        x="year",
        y="value",
        series="indicator",
        interpolated="is_interpolated",
        names=("", t("interpolated")),
    ),
    width="stretch",
    key="dyn_ind",
)
wide = (
    ind.pivot(index="indicator_code", columns="year", values="value")
    .reindex(INDICATORS)
    .reset_index()
)
wide.columns = [str(c) for c in wide.columns]
wide.insert(0, "indicator", wide["indicator_code"].map(name))
table(wide, "indicators_over_time")

st.subheader(t("dynamics.items"))
code = st.selectbox(t("indicator"), INDICATORS[1:], format_func=name, key="dyn_code")
scores = query(
    "select year, item_code, score, pct_positive, rank_by_positive, score_growth_ratio, is_interpolated "
    "from marts.fct_item_scores where indicator_code = ? order by year, item_code",
    (code,),
)
scores["item"] = scores["item_code"].map(items_name)
st.plotly_chart(
    charts.trend(
        scores,
        x="year",
        y="score",
        series="item",
        interpolated="is_interpolated",
        names=("", t("interpolated")),
    ),
    width="stretch",
    key="dyn_items",
)

st.subheader(t("dynamics.ranks"))
ranks = (
    scores.pivot(index="item_code", columns="year", values="rank_by_positive")
    .astype("Int64")
    .reset_index()
)
ranks.columns = [str(c) for c in ranks.columns]
ranks.insert(0, "item", ranks["item_code"].map(items_name))
table(ranks, f"ranks_{code}")

latest = int(scores["year"].max()) if not scores.empty else None
if latest is not None:
    st.subheader(t("dynamics.growth", year=latest))
    growth = scores.loc[
        scores["year"] == latest, ["item", "item_code", "score", "score_growth_ratio"]
    ]
    table(
        growth.sort_values("score_growth_ratio", ascending=False),
        f"growth_{code}_{latest}",
    )
