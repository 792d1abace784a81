"""Regions: choropleths of the 20 regions / macro-regions, cluster dendrogram and cluster map."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts, maps
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
levels = query(
    "select distinct geo_level from marts.fct_indicators_by_region where year = ?",
    (year,),
)["geo_level"].tolist()
level_names = {
    v: t(f"regions.level.{v}")
    for v in ("region", "region_2020_borders", "macro_region")
    if v in levels
}
level = right.radio(
    t("regions.level"),
    tuple(level_names),
    horizontal=True,
    key="reg_level",
    format_func=level_names.get,
)
data = query(
    "select geo_code, value, n_respondents, is_small_base from marts.fct_indicators_by_region "
    "where year = ? and geo_level = ? and indicator_code = ? order by value desc",
    (year, level, code),
)
macro = level == "macro_region"
# regions created in 2022 (abai, zhetysu, ulytau): absent from the data -> pre-2022 borders map
new_units = set(
    query("select region_code from marts.dim_regions where exists_from_year >= 2022")[
        "region_code"
    ]
)
geometry = level
if level == "region" and not new_units & set(data["geo_code"]):
    geometry = "region_2020_borders"
if geometry == "region_2020_borders":
    st.caption(t("regions.borders2020"))
names = macro_region_labels() if macro else region_labels()
data.insert(1, "name", data["geo_code"].map(names))
if data.empty:
    st.info(t("no.data"))
else:
    st.vega_lite_chart(
        spec=maps.choropleth(
            data,
            level=geometry,
            value="value",
            name="name",
            title=ind_name(code),
            tooltip_extra=["n_respondents"],
            flag="is_small_base",
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
        spec=maps.choropleth(
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
