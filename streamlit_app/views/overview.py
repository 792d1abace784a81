"""Overview: the composite index and the four indicators of the latest wave (report Figures 16, 17),
with their 95 % intervals and whether they changed significantly since the previous wave."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import vl_lines
from streamlit_app import meta, thresholds, uncertainty, weighting
from streamlit_app.common import INDICATORS, with_labels
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, labeller
from streamlit_app.plain_text import plain
from streamlit_app.series import indicator_series, membership_note

st.title(t("app.title"))
ind = indicator_series()
observed = ind[~ind["interp"]]
# the headline is the latest annual wave whose composite is computed (coverage: every item)
headline = observed[(observed["indicator_code"] == "composite") & observed["value"].notna()]
if headline.empty:
    st.info(t("no.data"))
    st.stop()
latest_id = str(headline.sort_values("year")["wave_id"].iloc[-1])
latest = meta.wave(latest_id)
later = observed[
    (observed["indicator_code"] == "composite") & observed["value"].isna() & (observed["year"] > headline["year"].max())
]
for _, skipped in later.iterrows():
    st.caption(t("coverage.not_headline", wave=plain(skipped["wave_id"]), reason=plain(skipped["not_computed_reason"])))
name = labeller(indicator_labels())

st.subheader(t("overview.latest", year=latest.year if latest else ""))
if latest:
    st.caption(
        f"{meta.fieldwork(latest)} · {t('base.all', n=fmt(latest.n, 'count'))} · "
        f"{t('meta.weighted' if weighting.is_weighted() else 'meta.unweighted')}"
    )
now = ind[ind["wave_id"] == latest_id].set_index("indicator_code")
for col, code in zip(st.columns(len(INDICATORS)), INDICATORS):
    if code not in now.index:
        col.metric(plain(name(code)), "—")
        continue
    row = now.loc[code]
    change = row["change"]
    delta = None
    if pd.notna(change):  # there is a previous wave
        delta = t("overview.change", change=fmt(change, "points"))
        delta += " · " + (t("sig.short_yes") if row["sig"] else t("sig.short_no"))
    col.metric(
        plain(name(code)),
        fmt(row["value"], "score"),
        delta=delta,
        delta_color="normal" if row["sig"] else "off",
        help=t(
            "overview.metric_help",
            ci=row["citext"],
            chg=row["changetext"],
            sig=row["sigtext"],
        )
        if pd.notna(change)
        else t("overview.metric_help_first", ci=row["citext"]),
    )

for code in INDICATORS:
    if code in now.index and (text := membership_note(now.loc[code])):
        st.caption(f"{plain(name(code))}: {text}")

years = sorted(int(y) for y in observed["year"].unique())
waves = ind["wave_id"].unique().tolist()
table_cols = [
    "year",
    "indicator",
    "indicator_code",
    "value",
    "ci_low",
    "ci_high",
    "change",
    "change_low",
    "change_high",
    "change_p_value",
    "significant",
    "interpolated",
    "n_items",
    "n_respondents",
    "n_effective",
]
tips = [
    *uncertainty.tips(),
    ("ntext", t("base")),
    ("changetext", t("change.tip")),
    ("sigtext", t("sig.tip")),
]
notes = [
    *meta.interpolation_notes(ind),
    t("note.intervals.bootstrap"),
    thresholds.text("note.sig_ring"),
    *meta.interpolated_note(ind),
]

composite = with_labels(ind[ind["indicator_code"] == "composite"], "value", "score")
show(
    Figure(
        key="composite_trend",
        report="Figure 16",
        title=t("overview.trend", start=years[0], end=years[-1]),
        spec=vl_lines.lines(composite, y_title=t("axis.score"), tooltip=tips),
        table=composite[table_cols],
        fieldwork=meta.describe(waves),
        source=meta.source_note(waves),
        notes=[t("overview.composite_def") + ".", *notes],
    )
)

four = ind[ind["indicator_code"].isin(INDICATORS)].copy()
four["series"] = four["indicator"]
order = {c: k for k, c in enumerate(INDICATORS)}
four = with_labels(
    four.sort_values(
        ["indicator_code", "year"],
        key=lambda s: s.map(order) if s.name == "indicator_code" else s,
    ),
    "value",
    "score",
)
show(
    Figure(
        key="indicators_trend",
        report="Figure 17",
        title=t("overview.all", start=years[0], end=years[-1]),
        spec=vl_lines.lines(
            four,
            y_title=t("axis.score"),
            series_title=t("indicator"),
            labels="last",
            tooltip=tips,
        ),
        table=four[table_cols],
        fieldwork=meta.describe(waves),
        source=meta.source_note(waves),
        notes=notes,
    )
)
