"""Regions: choropleths of the 20 regions / macro-regions, cluster dendrogram and cluster map."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts
from streamlit_app.common import INDICATORS
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import (
    indicator_labels,
    labeller,
    macro_region_labels,
    region_labels,
)
from streamlit_app.ui import table, year_select

st.title(t("page.regions"))
years = query("select distinct year from marts.fct_indicators_by_region")["year"]
year = year_select(years.tolist(), "reg_year")
if year is None:
    st.stop()
ind_name = labeller(indicator_labels())
left, right = st.columns(2)
code = left.selectbox(t("indicator"), INDICATORS, format_func=ind_name, key="reg_ind")
level_names = {v: t(f"regions.level.{v}") for v in ("region", "macro_region")}
macro = (
    right.radio(
        t("regions.level"),
        tuple(level_names),
        horizontal=True,
        key="reg_level",
        format_func=level_names.get,
    )
    == "macro_region"
)

levels = set(
    query(
        "select distinct geo_level from marts.fct_indicators_by_region where year = ?",
        (year,),
    )["geo_level"]
)
level = (
    "macro_region"
    if macro
    else ("region" if "region" in levels else "region_2020_borders")
)
if level == "region_2020_borders":
    st.caption(t("regions.borders2020"))
data = query(
    "select geo_code, value, n_respondents, is_small_base from marts.fct_indicators_by_region "
    "where year = ? and geo_level = ? and indicator_code = ? order by value desc",
    (year, level, code),
)
names = macro_region_labels() if macro else region_labels()
data.insert(1, "name", data["geo_code"].map(names))
if data.empty:
    st.info(t("no.data"))
else:
    st.vega_lite_chart(
        spec=charts.choropleth(
            data,
            level=level,
            value="value",
            name="name",
            title=ind_name(code),
            tooltip_extra=["n_respondents"],
        ),
        width="stretch",
        key="reg_map",
    )
table(
    data,
    f"{code}_by_{level}_{year}",
    caption=t("small.base") if data["is_small_base"].any() else None,
)

clusters = query(
    "select * from marts.fct_region_clusters where year = ? order by dendrogram_order",
    (year,),
)
link = query(
    "select * from marts.fct_region_linkage where year = ? order by step", (year,)
)
if not clusters.empty and not link.empty:
    st.subheader(t("regions.dendrogram"))
    leaves = (
        clusters["region_code"]
        .map(region_labels())
        .fillna(clusters["region_code"])
        .tolist()
    )
    st.plotly_chart(charts.dendrogram(link, leaves), width="stretch", key="reg_dendro")
    st.subheader(t("regions.clusters"))
    k = st.slider(t("regions.nclusters"), 2, 6, 4, key="reg_k")
    cmap = clusters.rename(columns={"region_code": "geo_code"})[
        ["geo_code", f"cluster_level_{k - 1}"]
    ]
    cmap = cmap.rename(columns={f"cluster_level_{k - 1}": "cluster"})
    cmap["name"] = cmap["geo_code"].map(region_labels())
    cluster_level = "region" if len(cmap) > 17 else "region_2020_borders"
    st.vega_lite_chart(
        spec=charts.choropleth(
            cmap,
            level=cluster_level,
            value="cluster",
            name="name",
            title=t("regions.clusters"),
            categorical=True,
        ),
        width="stretch",
        key="reg_cmap",
    )
    table(clusters, f"region_clusters_{year}")
