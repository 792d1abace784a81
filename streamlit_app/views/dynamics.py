"""Dynamics: each indicator and its questions over the waves, ranks, change in points, groups over
time (report Figures 9–12, 15, 18; Tables 11–14)."""

from __future__ import annotations

import streamlit as st

from streamlit_app import meta, vl, vl_lines
from streamlit_app.common import INDICATORS, pick_factor, pick_indicator, with_labels
from streamlit_app.db import query
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import (
    factor_labels,
    group_labels,
    group_order,
    indicator_labels,
    item_labels,
    labeller,
)

REPORT = {
    "general": ("Figure 9", None),
    "geopolitical": ("Figure 11", "Table 11"),
    "economic": ("Figure 12", "Tables 12, 13"),
    "cultural": ("Figure 15", "Table 14"),
}

st.title(t("page.dynamics"))
name = labeller(indicator_labels())
items_name = item_labels()
ind = query(
    "select year, indicator_code, value, is_interpolated, n_items from marts.fct_indicators order by year"
)
ind["interp"] = ind["is_interpolated"].astype(bool)
ind["indicator"] = ind["indicator_code"].map(name)
ind["interpolated"] = ind["interp"].map(
    lambda f: t("interpolated") if f else t("observed")
)
observed = sorted(int(y) for y in ind.loc[~ind["interp"], "year"].unique())
if not observed:
    st.info(t("no.data"))
    st.stop()
note = meta.source_note(observed)
fieldwork = meta.describe(observed)

code = pick_indicator(INDICATORS, default="general")
one = with_labels(ind[ind["indicator_code"] == code], "value", "score")
fig_no, table_no = REPORT.get(code, ("Figure 16", None))
show(
    Figure(
        key="indicator_trend",
        report=fig_no,
        title=t("dynamics.indicator", indicator=name(code)),
        spec=vl_lines.lines(one, y_title=t("axis.score")),
        table=one[["year", "indicator", "value", "interpolated", "n_items"]],
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.interpolated")],
    )
)

if code != "composite":
    scores = query(
        "select year, item_code, score, pct_positive, rank_by_positive, is_interpolated "
        "from marts.fct_item_scores where indicator_code = ? order by year, item_code",
        (code,),
    )
    scores["interp"] = scores["is_interpolated"].astype(bool)
    scores["item"] = scores["item_code"].map(items_name)
    scores["interpolated"] = scores["interp"].map(
        lambda f: t("interpolated") if f else t("observed")
    )
    latest = scores[scores["year"] == scores["year"].max()].sort_values(
        "score", ascending=False
    )
    order = {c: k for k, c in enumerate(latest["item_code"])}
    scores = scores.sort_values(
        ["item_code", "year"],
        key=lambda s: s.map(order) if s.name == "item_code" else s,
    )
    trend = with_labels(
        scores.assign(series=scores["item"], value=scores["score"]), "value", "score"
    )
    show(
        Figure(
            key="item_trends",
            report=table_no,
            title=t("dynamics.items", indicator=name(code)),
            spec=vl_lines.lines(
                trend, y_title=t("axis.score"), facet=len(order) > 1, columns=3
            ),
            table=trend[
                ["year", "item", "item_code", "score", "pct_positive", "interpolated"]
            ],
            fieldwork=fieldwork,
            source=note,
            notes=[t("note.interpolated"), t("dynamics.items_note")],
        )
    )

    ranks = scores[~scores["interp"]].copy()
    ranks = ranks.assign(
        cat=ranks["item"], x=ranks["year"].astype(str), value=ranks["pct_positive"]
    )
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
            table=ranks[
                ["year", "item", "item_code", "rank_by_positive", "pct_positive"]
            ],
            fieldwork=fieldwork,
            source=note,
            notes=[t("dynamics.ranks_note")],
        )
    )

    if len(observed) > 1:
        last, prev = observed[-1], observed[-2]
        wide = scores[scores["year"].isin([last, prev])].pivot(
            index="item_code", columns="year", values="score"
        )
        wide.columns = [f"score_{y}" for y in wide.columns]
        wide = wide.dropna().reset_index()
        wide["change"] = wide[f"score_{last}"] - wide[f"score_{prev}"]
        wide["item"] = wide["item_code"].map(items_name)
        wide = wide.sort_values("change", ascending=False)
        change = with_labels(
            wide.assign(cat=wide["item"], value=wide["change"]), "value", "points"
        )
        table = change[
            ["item", "item_code", f"score_{prev}", f"score_{last}", "change"]
        ]
        show(
            Figure(
                key="item_change",
                report="Table 12" if code == "economic" else None,
                title=t("dynamics.change", indicator=name(code), prev=prev, last=last),
                spec=vl.hbar(
                    change,
                    kind="points",
                    value_title=t("axis.change"),
                    cat_title="",
                    zero_rule=0.0,
                ),
                table=table,
                fieldwork=meta.describe([prev, last]),
                source=meta.source_note([prev, last]),
                notes=[t("dynamics.change_note")],
            )
        )

structure = ind[ind["indicator_code"].isin(INDICATORS[1:])].copy()
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
        ),
        table=structure[["year", "indicator", "value", "interpolated"]],
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.interpolated")],
    )
)

st.subheader(t("dynamics.groups"))
factors = query(
    "select distinct factor from marts.fct_item_scores_by_group order by factor"
)["factor"].tolist()
factor = pick_factor(
    [f for f in factors if not f.startswith("region")], default="home_language"
)
groups = query(
    "select year, group_code, pct_positive, n_valid, is_small_base from marts.fct_item_scores_by_group "
    "where factor = ? and item_code = 'gen_attitude' order by year",
    (factor,),
)
gname = labeller(group_labels(factor))
rank = {g: k for k, g in enumerate(group_order(factor))}
groups = groups.sort_values(
    ["group_code", "year"], key=lambda s: s.map(rank) if s.name == "group_code" else s
)
groups["group"] = groups["group_code"].map(gname)
groups = with_labels(
    groups.assign(series=groups["group"], value=groups["pct_positive"]),
    "value",
    "share",
)
groups["interp"] = False
groups["small"] = groups["is_small_base"].astype(bool)
show(
    Figure(
        key="attitude_groups_trend",
        report="Figure 10" if factor == "home_language" else None,
        title=t(
            "dynamics.groups_title", factor=labeller(factor_labels())(factor).lower()
        ),
        spec=vl_lines.lines(
            groups,
            y_title=t("axis.pct_good"),
            kind="share",
            series_title=t("group"),
            labels="last",
        ),
        table=groups[
            ["year", "group", "group_code", "pct_positive", "n_valid", "is_small_base"]
        ],
        question=items_name.get("gen_attitude"),
        fieldwork=fieldwork,
        source=note,
    )
)
