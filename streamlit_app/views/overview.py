"""Overview: the composite index and the four indicators of the latest wave (report Figures 16, 17)."""

from __future__ import annotations

import streamlit as st

from streamlit_app import meta, vl_lines
from streamlit_app.common import INDICATORS, with_labels
from streamlit_app.db import query
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, labeller

st.title(t("app.title"))
ind = query(
    "select year, indicator_code, value, is_interpolated, n_items, n_respondents, methodology_version "
    "from marts.fct_indicators order by year, indicator_code"
)
observed = sorted(int(y) for y in ind.loc[~ind["is_interpolated"], "year"].unique())
if not observed:
    st.info(t("no.data"))
    st.stop()
latest = observed[-1]
previous = observed[-2] if len(observed) > 1 else None
name = labeller(indicator_labels())
wave = meta.wave_for(latest)

st.subheader(t("overview.latest", year=latest))
if wave:
    st.caption(f"{meta.fieldwork(wave)} · {t('base.all', n=fmt(wave.n, 'count'))}")
values = ind.set_index(["year", "indicator_code"])["value"]
for col, code in zip(st.columns(len(INDICATORS)), INDICATORS):
    current = values.get((latest, code))
    before = values.get((previous, code)) if previous else None
    change = None if current is None or before is None else current - before
    col.metric(
        name(code),
        fmt(current, "score"),
        delta=None
        if change is None
        else t("overview.change", change=fmt(change, "points")),
        delta_color="off" if change is not None and abs(change) < 0.005 else "normal",
        help=t("overview.delta", year=previous) if previous else None,
    )

ind["interp"] = ind["is_interpolated"].astype(bool)
ind["indicator"] = ind["indicator_code"].map(name)
ind["interpolated"] = ind["interp"].map(
    lambda f: t("interpolated") if f else t("observed")
)
years = observed
table_cols = [
    "year",
    "indicator",
    "indicator_code",
    "value",
    "interpolated",
    "n_items",
    "n_respondents",
]

composite = with_labels(ind[ind["indicator_code"] == "composite"], "value", "score")
show(
    Figure(
        key="composite_trend",
        report="Figure 16",
        title=t("overview.trend", start=years[0], end=latest),
        spec=vl_lines.lines(composite, y_title=t("axis.score")),
        table=composite[table_cols],
        fieldwork=meta.describe(years),
        source=meta.source_note(years),
        notes=[t("overview.composite_def") + ".", t("note.interpolated")],
    )
)

four = ind[ind["indicator_code"].isin(INDICATORS)].copy()
four["series"] = four["indicator"]
four = with_labels(four.sort_values(["indicator_code", "year"]), "value", "score")
order = {c: k for k, c in enumerate(INDICATORS)}
four = four.sort_values(["indicator_code"], key=lambda s: s.map(order))
show(
    Figure(
        key="indicators_trend",
        report="Figure 17",
        title=t("overview.all", start=years[0], end=latest),
        spec=vl_lines.lines(
            four, y_title=t("axis.score"), series_title=t("indicator"), labels="last"
        ),
        table=four[table_cols],
        fieldwork=meta.describe(years),
        source=meta.source_note(years),
        notes=[t("note.interpolated")],
    )
)
