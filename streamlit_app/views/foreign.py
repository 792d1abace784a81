"""Foreign-policy map: friendly-countries network (top-3 links, one-way and two-way)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import humanise, option_labels
from streamlit_app.ui import table, year_select

st.title(t("page.foreign"))
years = query("select distinct year from marts.fct_friendly_country_pairs")["year"]
year = year_select(years.tolist(), "fp_year")
if year is None:
    st.stop()
names = option_labels("friendly_countries")
pairs = query(
    "select chosen, also_chosen, n_chosen, n_both, conditional_pct, rank_within_chosen, is_top3 "
    "from marts.fct_friendly_country_pairs where year = ? order by chosen, rank_within_chosen",
    (year,),
)
links = query(
    "select country_code, links_one_way, links_two_way, links_total from marts.fct_friendly_country_links "
    "where year = ? order by links_total desc, country_code",
    (year,),
)
top = pairs[pairs["is_top3"]]
keys = set(zip(top["chosen"], top["also_chosen"]))
edges = pd.DataFrame(
    [
        {"source": a, "target": b, "two_way": (b, a) in keys}
        for a, b in sorted(keys)
        if not ((b, a) in keys and b < a)
    ],
    columns=["source", "target", "two_way"],
)
nodes = sorted(set(pairs["chosen"]) | set(pairs["also_chosen"]))
label_of = {c: names.get(c, humanise(c)) for c in nodes}

st.subheader(t("foreign.network"))
if nodes:
    st.plotly_chart(
        charts.network(
            nodes,
            label_of,
            edges,
            two_way_name=t("foreign.two_way"),
            one_way_name=t("foreign.one_way"),
        ),
        width="stretch",
        key="fp_net",
    )
st.subheader(t("foreign.links"))
links.insert(
    0, "country", links["country_code"].map(label_of).fillna(links["country_code"])
)
table(links, f"friendly_country_links_{year}")
st.subheader(t("foreign.pairs"))
wide = pairs.pivot(
    index="also_chosen", columns="chosen", values="conditional_pct"
).reset_index()
table(wide, f"friendly_country_pairs_{year}")
