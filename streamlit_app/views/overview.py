"""Overview: composite + four indicators for the latest wave, composite trend."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts
from streamlit_app.common import INDICATORS
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, labeller
from streamlit_app.ui import fmt_score, table

st.title(t("app.title"))
ind = query(
    "select year, indicator_code, value, is_interpolated, n_items, n_respondents, methodology_version "
    "from marts.fct_indicators order by year, indicator_code"
)
observed = sorted(ind.loc[~ind["is_interpolated"], "year"].unique())
if not observed:
    st.info(t("no.data"))
    st.stop()
latest = int(observed[-1])
previous = int(observed[-2]) if len(observed) > 1 else None
name = labeller(indicator_labels())

st.subheader(t("overview.latest", year=latest))
values = ind.set_index(["year", "indicator_code"])["value"]
for col, code in zip(st.columns(len(INDICATORS)), INDICATORS):
    current = values.get((latest, code))
    before = values.get((previous, code)) if previous else None
    change = None if current is None or before is None else current - before
    flat = (
        change is not None and abs(change) < 0.005
    )  # shows as 0.00: no arrow, no colour
    col.metric(
        name(code),
        fmt_score(current),
        delta=None if change is None else ("0.00" if flat else f"{change:+.2f}"),
        delta_color="off" if flat else "normal",
        help=t("overview.delta", year=previous) if previous else None,
    )

composite = ind[ind["indicator_code"] == "composite"]
st.subheader(t("overview.trend", start=int(ind["year"].min()), end=latest))
st.plotly_chart(
    charts.trend(
        composite,
        x="year",
        y="value",
        series=None,
        interpolated="is_interpolated",
        names=(name("composite"), t("interpolated")),
    ),
    width="stretch",
    key="overview_trend",
)
shown = ind.assign(indicator=ind["indicator_code"].map(name))[
    [
        "year",
        "indicator",
        "indicator_code",
        "value",
        "is_interpolated",
        "n_items",
        "n_respondents",
        "methodology_version",
    ]
]
table(shown, "indicators_by_year")
