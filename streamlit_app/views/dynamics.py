"""Dynamics: each indicator and its questions over the waves with 95 % intervals and significant
changes marked, ranks, what changed between two waves and which questions drove it, groups over
time (report Figures 9–12, 15, 18; Tables 11–14)."""

from __future__ import annotations

import streamlit as st

from presentation import vl, vl_lines
from release_data import groups as group_data
from streamlit_app import changes, meta, state, thresholds, uncertainty, weighting
from streamlit_app.common import (
    INDICATORS,
    one_wave_per_year,
    pick_factor,
    pick_indicator,
    with_labels,
)
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt, fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import (
    factor_labels,
    group_labels,
    group_order,
    indicator_labels,
    item_labels,
    labeller,
)
from streamlit_app.plain_text import plain
from streamlit_app.series import (
    indicator_series,
    item_series,
    membership_note,
    monthly_item_scores,
)

REPORT = {
    "general": ("Figure 9", None),
    "geopolitical": ("Figure 11", "Table 11"),
    "economic": ("Figure 12", "Tables 12, 13"),
    "cultural": ("Figure 15", "Table 14"),
}
TIPS = [
    ("ntext", "n"),
    ("changetext", "change.tip"),
    ("sigtext", "sig.tip"),
]

st.title(t("page.dynamics"))
name = labeller(indicator_labels())
items_name = item_labels()
ind = indicator_series()
if ind.empty or (~ind["interp"]).sum() == 0:
    st.info(t("no.data"))
    st.stop()
waves = ind["wave_id"].unique().tolist()
note = meta.source_note(waves)
fieldwork = meta.describe(waves)
tips = uncertainty.tips() + [(f, t(k) if k != "n" else t("base")) for f, k in TIPS]
trend_notes = [
    *meta.interpolation_notes(ind),
    t("note.intervals.bootstrap"),
    thresholds.text("note.sig_ring"),
    *meta.interpolated_note(ind),
]

code = pick_indicator(INDICATORS, default="general")
one = with_labels(ind[ind["indicator_code"] == code], "value", "score")
fig_no, table_no = REPORT.get(code, ("Figure 16", None))
show(
    Figure(
        key="indicator_trend",
        report=fig_no,
        title=t("dynamics.indicator", indicator=name(code)),
        spec=vl_lines.lines(one, y_title=t("axis.score"), tooltip=tips),
        table=uncertainty.table_interval(one, "score")[
            [
                "year",
                "indicator",
                "value",
                "ci_low",
                "ci_high",
                "change",
                "change_p_value",
                "significant",
                "interpolated",
                "n_items",
                "n_effective",
            ]
        ],
        fieldwork=fieldwork,
        source=note,
        notes=trend_notes,
    )
)
for _, step in one[~one["interp"]].iterrows():
    if text := membership_note(step):
        st.caption(f"{int(step['year'])}: {text}")

if code != "composite" and not (monthly := monthly_item_scores(code)).empty:
    st.subheader(t("monthly.title", indicator=plain(name(code))))
    st.line_chart(monthly.pivot_table(index="fieldwork_end", columns="item", values="score"))
    st.caption(t("monthly.note"))

if code != "composite":
    scores = item_series(code)
    latest = scores[scores["year"] == scores["year"].max()].sort_values("score", ascending=False)
    order = {c: k for k, c in enumerate(latest["item_code"])}
    scores = scores.sort_values(
        ["item_code", "year"],
        key=lambda s: s.map(order) if s.name == "item_code" else s,
    )
    trend = with_labels(scores.assign(series=scores["item"]), "value", "score")
    show(
        Figure(
            key="item_trends",
            report=table_no,
            title=t("dynamics.items", indicator=name(code)),
            spec=vl_lines.lines(
                trend,
                y_title=t("axis.score"),
                facet=len(order) > 1,
                columns=3,
                tooltip=tips,
                labels="last",  # small multiples: the latest value printed, the rest on hover
            ),
            table=trend[
                [
                    "year",
                    "item",
                    "item_code",
                    "score",
                    "ci_low",
                    "ci_high",
                    "change",
                    "change_p_value",
                    "significant",
                    "pct_positive",
                    "n_valid",
                    "interpolated",
                ]
            ],
            fieldwork=fieldwork,
            source=note,
            notes=[t("dynamics.items_note"), *trend_notes],
        )
    )

    ranks = scores[~scores["interp"]].copy()
    ranks = ranks.assign(cat=ranks["item"], x=ranks["year"].astype(str), value=ranks["pct_positive"])
    ranks["lbl"] = ranks["rank_by_positive"].map(lambda v: fmt(v, "rank"))
    ranks["share"] = ranks["pct_positive"].map(lambda v: fmt(v, "share"))
    show(
        Figure(
            key="item_ranks",
            report="Table 13" if code == "economic" else None,
            title=t("dynamics.ranks", indicator=name(code)),
            spec=vl.heatmap(
                ranks,
                kind="share",
                x_title="",
                y_title="",
                value_title=t("axis.pct_positive"),
                tooltip=[("share", t("axis.pct_positive"))],
            ),
            table=ranks[["year", "item", "item_code", "rank_by_positive", "pct_positive"]],
            fieldwork=fieldwork,
            source=note,
            notes=[t("dynamics.ranks_note")],
        )
    )

# what changed between two waves, and what drove it
available = changes.steps(code)
if available:
    st.subheader(t("dynamics.what_changed"))
    step_id = str(
        state.choice(
            "change",
            list(reversed(list(available))),
            label=t("dynamics.step"),
            format_func=lambda w: f"{available[w][0]} → {available[w][1]}",
            widget="segmented",
        )
    )
    step = available[step_id]
    if code != "composite":
        show(changes.item_change_figure(code, step_id, step))
    if code == "composite" or len(scores["item_code"].unique()) > 1:
        show(changes.contributions_figure(code, step_id, step))

structure = ind[ind["indicator_code"].isin(INDICATORS[1:])].copy()
structure = structure.sort_values(  # rows in the indicators' order, not alphabetical
    "indicator_code",
    key=lambda s: s.map({c: k for k, c in enumerate(INDICATORS)}),
    kind="stable",
)
structure = structure.assign(
    cat=structure["indicator"],
    x=structure["year"].astype(str),
    value=structure["value"],
)
structure = with_labels(structure, "value", "score")
show(
    Figure(
        key="structure",
        report="Figure 18",
        title=t("dynamics.structure"),
        spec=vl.heatmap(
            structure,
            kind="score",
            x_title="",
            y_title="",
            value_title=t("axis.score"),
            scheme="redblue",
            tooltip=[uncertainty.tip("ci.tip")],
        ),
        table=uncertainty.table_interval(structure, "score")[
            ["year", "indicator", "value", "ci_low", "ci_high", "interpolated"]
        ],
        fieldwork=fieldwork,
        source=note,
        notes=meta.interpolation_notes(structure),
    )
)

st.subheader(t("dynamics.groups"))
factors = group_data.distribution_factors(release(), "gen_attitude")["factor"].tolist()
factor = pick_factor([f for f in factors if not f.startswith("region")], default="home_language")
groups = group_data.answer_share_series(release(), weighting.current(), "gen_attitude", "positive", factor).drop(
    columns="is_small_cell"
)
groups = one_wave_per_year(groups)
gname = labeller(group_labels(factor))
rank = {g: k for k, g in enumerate(group_order(factor))}
groups = groups.sort_values(["group_code", "year"], key=lambda s: s.map(rank) if s.name == "group_code" else s)
groups["group"] = groups["group_code"].map(gname)
groups = with_labels(groups.assign(series=groups["group"], value=groups["pct"]), "value", "share")
groups = uncertainty.with_interval(groups, "share")
groups["interp"] = False
groups["small"] = groups["is_small_base"].astype(bool)
groups["ntext"] = groups["n_base"].map(fmt_count)
group_waves = groups["wave_id"].unique().tolist()
show(
    Figure(
        key="attitude_groups_trend",
        report="Figure 10" if factor == "home_language" else None,
        title=t("dynamics.groups_title", factor=labeller(factor_labels())(factor).lower()),
        spec=vl_lines.lines(
            groups,
            y_title=t("axis.pct_good"),
            kind="share",
            series_title=t("group"),
            labels="last",
            tooltip=[*uncertainty.tips(), ("ntext", t("base"))],
        ),
        table=uncertainty.table_interval(groups, "share")[
            [
                "year",
                "group",
                "group_code",
                "pct",
                "pct_low",
                "pct_high",
                "n_base",
                "n_effective",
                "is_small_base",
            ]
        ],
        question=items_name.get("gen_attitude"),
        fieldwork=meta.describe(group_waves),
        source=meta.source_note(group_waves),
        notes=[t("note.intervals.share")],
    )
)
