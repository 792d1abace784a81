"""Sample: respondents by region and by social group (report Figures 39–41)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import vl
from release_data import groups as group_data
from streamlit_app import meta, weighting
from streamlit_app.common import base_text, pick_wave, with_labels
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.i18n import t
from streamlit_app.labels import factor_labels, group_labels, group_order, labeller

PROFILE = (
    (
        "profile_people",
        "Figure 40",
        ("gender", "age_group", "ethnicity", "home_language"),
    ),
    (
        "profile_status",
        "Figure 41",
        ("education", "welfare", "marital_status", "occupation", "settlement"),
    ),
)

st.title(t("page.sample"))
wave = pick_wave("fct_sample_profile_v2", survey_kind="annual")
if wave is None:
    st.stop()
year, n, w = wave.year, wave.n, weighting.current()
note = meta.source_note([wave.wave_id])
fieldwork = meta.describe([wave.wave_id])
fname = labeller(factor_labels())

regions = group_data.sample_by_region(release(), wave.wave_id, w)
regions.insert(0, "region", regions["group_code"].map(labeller(group_labels("region"))))
bars = with_labels(regions.assign(cat=regions["region"], value=regions["pct"]), "value", "share")
show(
    Figure(
        key="sample_regions",
        report="Figure 39",
        title=t("sample.regions", year=year),
        spec=vl.hbar(bars, kind="share", value_title=t("axis.pct_sample"), cat_title=""),
        table=regions[["region", "group_code", "pct", "n_respondents"]],
        base=base_text(n),
        fieldwork=fieldwork,
        source=note,
        notes=[t("sample.weighted_note")] if weighting.is_weighted() else [],
    )
)

profile = group_data.sample_profile(release(), wave.wave_id, w)
for key, report, factors in PROFILE:
    frames = []
    for factor in factors:
        part = profile[profile["factor"] == factor].copy()
        if part.empty:
            continue
        rank = {g: k for k, g in enumerate(group_order(factor))}
        part = part.sort_values("group_code", key=lambda s: s.map(rank))
        part["group"] = part["group_code"].map(labeller(group_labels(factor)))
        part["factor_name"] = fname(factor)
        frames.append(part.assign(cat=part["group"], value=part["pct"], panel=fname(factor)))
    if not frames:
        continue
    table = with_labels(pd.concat(frames, ignore_index=True), "value", "share")
    table = table.drop(columns="factor").rename(columns={"factor_name": "factor"})
    show(
        Figure(
            key=key,
            report=report,
            title=t(f"sample.{key}", year=year),
            spec=vl.panel_bars(table, value_title=t("axis.pct_sample")),
            table=table[["factor", "group", "group_code", "pct", "n_respondents"]],
            base=base_text(n),
            fieldwork=fieldwork,
            source=note,
            notes=[t("sample.profile_note")] + ([t("sample.weighted_note")] if weighting.is_weighted() else []),
        )
    )
