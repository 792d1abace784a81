"""Foreign-policy map: which countries people want friendship with, and how those choices link
(report Figures 33, 34; Tables 37, 38)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import vl
from presentation.vl_graphs import network
from release_data import information as info_data
from streamlit_app import meta, uncertainty, weighting
from streamlit_app.common import base_text, pick_wave, with_labels
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import labeller, option_labels, question_text

st.title(t("page.foreign"))
wave = pick_wave("fct_multi_response_v2", question_code="friendly_countries")
if wave is None:
    st.stop()
year = wave.year
cname = labeller(option_labels("friendly_countries"))
note = meta.source_note([wave.wave_id])
unweighted_source = meta.source_note([wave.wave_id], weighted=False)
fieldwork = meta.describe([wave.wave_id])
wording = question_text("friendly_countries")

shares = info_data.multi_response(release(), wave.wave_id, weighting.current(), "friendly_countries")
shares.insert(0, "country", shares["option_code"].map(cname))
bars = uncertainty.with_interval(
    with_labels(shares.assign(cat=shares["country"], value=shares["pct"]), "value", "share"),
    "share",
)
show(
    Figure(
        key="friendly_shares",
        report="Figure 33",
        title=t("foreign.shares", year=year),
        spec=vl.hbar(
            bars,
            kind="share",
            value_title=t("axis.pct_respondents"),
            cat_title="",
            tooltip=[*uncertainty.tips()],
        ),
        table=uncertainty.table_interval(shares, "share")[
            [
                "country",
                "option_code",
                "pct",
                "pct_low",
                "pct_high",
                "n_selected",
                "n_base",
            ]
        ],
        question=wording,
        base=base_text(int(shares["n_base"].max()) if not shares.empty else 0),
        fieldwork=fieldwork,
        source=note,
        notes=[t("foreign.shares_note"), t("note.intervals.share")],
    )
)

pairs = info_data.friendly_pairs(release(), year)
links = info_data.friendly_links(release(), year)
top = pairs[pairs["is_top3"].astype(bool)]
keys = set(zip(top["chosen"], top["also_chosen"]))
pct = {(a, b): p for a, b, p in zip(pairs["chosen"], pairs["also_chosen"], pairs["conditional_pct"])}
edges = pd.DataFrame(
    [
        {
            "source": a,
            "target": b,
            "two_way": (b, a) in keys,
            "tip": t(
                "foreign.edge_tip",
                a=cname(a),
                b=cname(b),
                p=fmt(pct.get((a, b)), "share"),
            )
            + (
                ""
                if (b, a) not in keys
                else f"; {t('foreign.edge_tip', a=cname(b), b=cname(a), p=fmt(pct.get((b, a)), 'share'))}"
            ),
        }
        for a, b in sorted(keys)
        if not ((b, a) in keys and b < a)
    ],
    columns=["source", "target", "two_way", "tip"],
)
order = shares["option_code"].tolist()
nodes_codes = [c for c in order if c in set(pairs["chosen"]) | set(pairs["also_chosen"])]
nodes = pd.DataFrame(
    {
        "code": nodes_codes,
        "name": [cname(c) for c in nodes_codes],
        "tip": [f"{cname(c)}: {fmt(shares.set_index('option_code')['pct'].get(c), 'share')}" for c in nodes_codes],
    }
)
table = links.assign(country=links["country_code"].map(cname))[
    ["country", "country_code", "links_two_way", "links_one_way", "links_total"]
]
show(
    Figure(
        key="friendly_network",
        report="Figure 34, Table 38",
        title=t("foreign.network", year=year),
        spec=network(
            nodes,
            edges,
            two_way=t("foreign.two_way"),
            one_way=t("foreign.one_way"),
            link_title=t("foreign.link"),
            node_title=t("country"),
        ),
        table=table,
        question=wording,
        base=base_text(int(shares["n_base"].max()) if not shares.empty else 0),
        fieldwork=fieldwork,
        source=unweighted_source,
        notes=[t("foreign.network_note"), *weighting.unweighted_note()],
    )
)

grid = pairs.assign(
    x=pairs["chosen"].map(cname),
    cat=pairs["also_chosen"].map(cname),
    value=pairs["conditional_pct"],
    bold=pairs["is_top3"].astype(bool),
)
grid = with_labels(grid, "value", "share")
show(
    Figure(
        key="friendly_pairs",
        report="Table 37",
        title=t("foreign.pairs", year=year),
        spec=vl.heatmap(
            grid,
            kind="share",
            x_title=t("foreign.pairs_x"),
            y_title=t("foreign.pairs_y"),
            value_title=t("axis.pct_also"),
            x_order=[cname(c) for c in order],
        ),
        table=grid.assign(country=grid["x"], also_chosen=grid["cat"])[
            ["country", "also_chosen", "conditional_pct", "n_both", "n_chosen"]
        ],
        question=wording,
        base=t("base.chose_country"),
        fieldwork=fieldwork,
        source=unweighted_source,
        notes=[t("foreign.pairs_note"), *weighting.unweighted_note()],
    )
)
