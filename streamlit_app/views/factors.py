"""Factors: indicators and items by group, group differences, the integral table."""

from __future__ import annotations

import streamlit as st

from streamlit_app.common import INDICATORS
from streamlit_app.db import query
from streamlit_app.i18n import t
from streamlit_app.labels import (
    factor_labels,
    group_labels,
    indicator_labels,
    item_labels,
    labeller,
)
from streamlit_app.ui import flag_small_base, table, year_select

st.title(t("page.factors"))
years = query("select distinct year from marts.fct_indicators_by_group")["year"]
year = year_select(years.tolist(), "fac_year")
if year is None:
    st.stop()
factors = query(
    "select distinct factor from marts.fct_indicators_by_group where year = ? order by factor",
    (year,),
)["factor"].tolist()
factor_name = labeller(factor_labels())
ind_name = labeller(indicator_labels())
factor = st.selectbox(t("factor"), factors, format_func=factor_name, key="fac_factor")
group_name = labeller(group_labels(factor))

st.subheader(t("factors.indicators"))
groups = query(
    "select group_code, indicator_code, value, n_respondents, is_small_base "
    "from marts.fct_indicators_by_group where year = ? and factor = ? order by group_code",
    (year, factor),
)
order = [c for c in INDICATORS if c in set(groups["indicator_code"])]
values = groups.pivot(index="group_code", columns="indicator_code", values="value")[
    order
]
small = groups.pivot(
    index="group_code", columns="indicator_code", values="is_small_base"
)[order]
wide = values.reset_index()
wide.insert(1, "group", wide["group_code"].map(group_name))
wide.insert(
    2,
    "n_respondents",
    wide["group_code"].map(groups.groupby("group_code")["n_respondents"].max()),
)
mask = wide.map(lambda _: False)
mask[order] = small.fillna(False).astype(bool).to_numpy()
table(
    wide,
    f"indicators_by_{factor}_{year}",
    styler=flag_small_base(wide, mask),
    caption=t("small.base") if mask.to_numpy().any() else None,
)

st.subheader(t("factors.items"))
code = st.selectbox(t("indicator"), INDICATORS[1:], format_func=ind_name, key="fac_ind")
items = query(
    "select item_code, group_code, n_valid, pct_positive, pct_negative, pct_neutral, score, is_small_base "
    "from marts.fct_item_scores_by_group where year = ? and factor = ? and indicator_code = ? "
    "order by item_code, group_code",
    (year, factor, code),
)
items.insert(0, "item", items["item_code"].map(item_labels()))
items.insert(2, "group", items["group_code"].map(group_name))
item_mask = items.map(lambda _: False)
item_mask[["pct_positive", "pct_negative", "pct_neutral", "score"]] = items[
    ["is_small_base"] * 4
].to_numpy()
table(
    items,
    f"items_by_{factor}_{code}_{year}",
    styler=flag_small_base(items, item_mask),
    caption=t("small.base") if items["is_small_base"].any() else None,
)

st.subheader(t("factors.differences"))
diff = query(
    "select indicator_code, high_group, low_group, high_value, low_value, difference, statistic_name, "
    "statistic_value, p_value, is_influential, rule from marts.fct_factor_differences "
    "where year = ? and factor = ? order by indicator_code",
    (year, factor),
)
diff.insert(0, "indicator", diff["indicator_code"].map(ind_name))
table(diff, f"differences_{factor}_{year}")

st.subheader(t("factors.integral"))
integral = query(
    "select factor, indicator_code, is_influential from marts.fct_factor_differences where year = ?",
    (year,),
)
if not integral.empty:
    grid = integral.pivot(
        index="factor", columns="indicator_code", values="is_influential"
    )
    grid = grid[[c for c in INDICATORS if c in grid.columns]].map(
        lambda v: "✓" if v else ""
    )
    grid.insert(0, "factor_label", [factor_name(f) for f in grid.index])
    table(grid.reset_index(), f"integral_table_{year}")
else:
    st.info(t("no.data"))
