"""Regions: macro-regions, indicator maps, cooperation priorities, question maps, clustering
(report Figures 6, 26–32, 36–38 and the threat map)."""

from __future__ import annotations

import streamlit as st
from babel.numbers import format_decimal

from presentation import maps, vl
from presentation.vl_graphs import DOUBTFUL, STABLE, dendrogram, trust
from release_data import groups as group_data
from release_data import regions as region_data
from streamlit_app import meta, state, thresholds, uncertainty, weighting
from streamlit_app.common import (
    INDICATORS,
    grey_small_cells,
    pick_indicator,
    pick_wave,
    with_labels,
)
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt, fmt_count
from streamlit_app.i18n import lang, t
from streamlit_app.labels import (
    indicator_labels,
    item_labels,
    labeller,
    macro_region_labels,
    question_text,
    region_labels,
)

MAP_FIGURES = {
    "composite": "Figure 27",
    "general": "Figure 28",
    "geopolitical": "Figure 29",
    "economic": "Figure 30",
    "cultural": "Figure 31",
}
QUESTION_FIGURES = {
    "geo_influence_growing": "Figure 36",
    "geo_friendly": "Figure 37",
    "geo_more_than_russia": "Figure 38",
    "china_threat": "Threat map",
}

st.title(t("page.regions"))
c1, c2, c3 = st.columns([2, 2, 2])
wave = pick_wave("fct_indicators_by_region_v2", widget_where=c1)
if wave is None:
    st.stop()
year, w = wave.year, weighting.current()
with c2:
    code = pick_indicator(INDICATORS, default="composite")
levels = region_data.geo_levels(release(), wave.wave_id)["geo_level"]
borders = region_data.border_change(release())  # the year and units of the redrawing: data
level_names = {
    v: t(f"regions.level.{v}", n=borders.n_old_units, year=borders.year)
    for v in ("macro_region", "region", "region_2020_borders")
    if v in set(levels)
}
with c3:
    level = str(
        state.choice(
            "level",
            list(level_names),
            label=t("regions.level"),
            format_func=level_names.get,
        )
    )
iname = labeller(indicator_labels())
note = meta.source_note([wave.wave_id])
fieldwork = meta.describe([wave.wave_id])
macro = level == "macro_region"
names = macro_region_labels() if macro else region_labels()
geometry = level
if level == "region":
    present = set(region_data.region_codes(release(), wave.wave_id, "region")["geo_code"])
    if not borders.new_units & present:
        geometry = "region_2020_borders"
place = t("macro_region") if macro else t("region")
by_place = t("regions.by.macro_region" if macro else "regions.by.region")


def bases_note(df):
    """The interval note with the map's own smallest and largest base (from the data)."""
    return t("regions.ci_note", n_low=fmt_count(df["n_base"].min()), n_high=fmt_count(df["n_base"].max()))


def unit_frame(df):
    df = df.assign(
        name=df["geo_code"].map(labeller(names)),
        ntext=df["n_base"].map(lambda n: f"n = {fmt_count(n)}"),
    )
    return df


# Figure 26: which region belongs to which macro-region
ref = region_data.regions(release())[["region_code", "macro_region", "is_city"]]
ref = ref.assign(
    geo_code=ref["region_code"],
    name=ref["region_code"].map(region_labels()),
    cluster=ref["macro_region"].map(macro_region_labels()),
    lbl="",
)
show(
    Figure(
        key="macro_regions",
        report="Figure 26",
        title=t("regions.macro_map"),
        spec=maps.choropleth(
            ref,
            level="region",
            kind="category",
            value_title=t("macro_region"),
            name_title=t("region"),
        ),
        table=ref.drop(columns="macro_region").rename(columns={"cluster": "macro_region", "name": "region"})[
            ["region", "region_code", "macro_region"]
        ],
        source=t("regions.macro_source"),
    )
)

data = region_data.indicators_by_region(release(), wave.wave_id, w, level, code)
data = with_labels(unit_frame(data).assign(small=data["is_small_base"].astype(bool)), "value", "score")
data = uncertainty.with_interval(data, "score")
show(
    Figure(
        key="indicator_map",
        report=MAP_FIGURES.get(code) if macro else None,
        title=t(
            "regions.indicator_map",
            indicator=iname(code),
            by=by_place,
            year=year,
        ),
        spec=maps.choropleth(
            data,
            level=geometry,
            kind="score",
            value_title=t("axis.score"),
            name_title=place,
            tooltip=[("ntext", t("base")), *uncertainty.tips()],
        ),
        table=data.rename(columns={"name": "region" if not macro else "macro_region"})[
            [
                "region" if not macro else "macro_region",
                "geo_code",
                "value",
                "ci_low",
                "ci_high",
                "n_base",
                "n_effective",
                "is_small_base",
            ]
        ],
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.map_scale_score"), bases_note(data)]
        + (
            [
                t(
                    "regions.borders2020",
                    year=borders.year,
                    regions=", ".join(sorted(names.get(c, c) for c in borders.new_units)),
                )
            ]
            if geometry == "region_2020_borders"
            else []
        )
        + ([thresholds.text("small.base")] if data["small"].any() else []),
    )
)

prio = group_data.item_scores_by_group(release(), wave.wave_id, w, "macro_region", "economic")[
    ["group_code", "item_code", "pct_positive", "n_valid", "is_small_base"]
]
if not prio.empty:
    prio["x"] = prio["group_code"].map(macro_region_labels())
    prio["cat"] = prio["item_code"].map(item_labels())
    top = prio.groupby("group_code")["pct_positive"].transform("max")
    prio["bold"] = prio["pct_positive"] >= top
    prio["small"] = prio["is_small_base"].astype(bool)
    prio = prio.sort_values("pct_positive", ascending=False)
    order = prio.groupby("item_code")["pct_positive"].mean().sort_values(ascending=False).index
    prio = prio.set_index("item_code").loc[order].reset_index()
    show(
        Figure(
            key="priorities_by_macro_region",
            report="Figure 6",
            title=t("regions.priorities", year=year),
            spec=vl.heatmap(
                with_labels(prio.assign(value=prio["pct_positive"]), "value", "share"),
                kind="share",
                x_title="",
                y_title="",
                value_title=t("axis.pct_positive"),
            ),
            table=prio.rename(columns={"x": "macro_region", "cat": "item"})[
                [
                    "item",
                    "item_code",
                    "macro_region",
                    "group_code",
                    "pct_positive",
                    "n_valid",
                ]
            ],
            question=t("regions.priorities_q"),
            fieldwork=fieldwork,
            source=note,
            notes=[t("regions.priorities_note")],
        )
    )

# Figures 36–38 and the threat map: one question's share of "agree" / "yes" on the map
items = item_labels()
choices = [
    "geo_influence_growing",
    "geo_friendly",
    "geo_more_than_russia",
    "china_threat",
] + sorted(c for c in items if c not in QUESTION_FIGURES)
qname = labeller({**items, "china_threat": question_text("china_threat")})
question = str(state.choice("question", choices, label=t("regions.question"), format_func=qname))
q = region_data.answer_by_area(
    release(),
    wave.wave_id,
    w,
    question,
    level,
    "yes" if question == "china_threat" else "positive",
)
q = grey_small_cells(
    with_labels(
        unit_frame(q).assign(value=q["pct"], small=q["is_small_base"], small_cell=q["is_small_cell"]),
        "value",
        "share",
    )
).drop(columns=["is_small_base", "is_small_cell"])
q = uncertainty.with_interval(q, "share")
show(
    Figure(
        key="question_map",
        report=QUESTION_FIGURES.get(question) if macro else None,
        title=t("regions.question_map", by=by_place, year=year),
        spec=maps.choropleth(
            q,
            level=geometry,
            kind="share",
            value_title=t("axis.pct_agree"),
            name_title=place,
            tooltip=[("ntext", t("base")), *uncertainty.tips()],
        ),
        table=uncertainty.table_interval(
            q.rename(columns={"name": "region" if not macro else "macro_region"}),
            "share",
        )[
            [
                "region" if not macro else "macro_region",
                "geo_code",
                "pct",
                "pct_low",
                "pct_high",
                "n_base",
            ]
        ],
        question=qname(question),
        base=t("base.groups"),
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.map_scale_share"), bases_note(q)] + ([t("small.cell")] if q["small_cell"].any() else []),
    )
)

clusters = region_data.clusters(release(), year)
link = region_data.linkage(release(), year)
if not clusters.empty and not link.empty:
    st.subheader(t("regions.clustering"))
    k = state.number("k", label=t("regions.nclusters"), low=2, high=6, default=4)
    clusters["cluster"] = clusters[f"cluster_level_{k - 1}"].astype(str)
    clusters["name"] = clusters["region_code"].map(region_labels())
    clusters["stability"] = clusters[f"stability_level_{k - 1}"]
    clusters["trust"] = clusters["stability"].map(trust)
    clusters["trust_text"] = clusters["trust"].map(lambda v: t(f"regions.trust.{v}"))
    clusters["tip"] = [f"{fmt(s, 'ratio')} ({x})" for s, x in zip(clusters["stability"], clusters["trust_text"])]
    cophenetic = float(clusters["cophenetic_correlation"].iloc[0])
    trust_notes = [
        t("regions.cophenetic", r=fmt(cophenetic, "ratio")),
        t(
            "regions.stability_note",
            n=fmt_count(clusters["n_replicates"].max()),
            stable=format_decimal(STABLE, locale=lang()),
            doubtful=format_decimal(DOUBTFUL, locale=lang()),
        ),
        *weighting.unweighted_note(),
    ]
    tree = dendrogram(
        link,
        clusters[["name", "cluster", "trust", "tip"]],
        distance_title=t("axis.distance"),
        cluster_title=t("cluster"),
        stability_title=t("regions.stability"),
    )
    table = clusters.rename(columns={"name": "region"})[
        ["region", "region_code", "cluster", "stability", "trust_text"]
    ].rename(columns={"trust_text": "cluster_trust"})
    cluster_note = meta.source_note([wave.wave_id], weighted=False)
    show(
        Figure(
            key="dendrogram",
            report="Figure 32",
            title=t("regions.dendrogram", k=k, year=year),
            spec=tree,
            table=table,
            fieldwork=fieldwork,
            source=cluster_note,
            notes=[t("regions.cluster_note"), *trust_notes],
        )
    )
    cmap = clusters.assign(
        geo_code=clusters["region_code"],
        lbl=clusters["cluster"] + clusters["trust"].map({"unstable": "?"}).fillna(""),
    )
    show(
        Figure(
            key="cluster_map",
            report="Figure 32",
            title=t("regions.cluster_map", k=k, year=year),
            spec=maps.choropleth(
                cmap,
                level="region" if borders.new_units & set(cmap["geo_code"]) else "region_2020_borders",
                kind="cluster",
                value_title=t("cluster"),
                name_title=t("region"),
                tooltip=[("tip", t("regions.stability"))],
            ),
            table=table,
            fieldwork=fieldwork,
            source=cluster_note,
            notes=trust_notes[1:],
        )
    )
