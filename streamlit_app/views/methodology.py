"""Methodology & data: formulas, methodology versions, waves, the release's build info."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from streamlit_app.db import has_table, query
from streamlit_app.i18n import t
from streamlit_app.ui import table

st.title(t("page.methodology"))
waves = query(
    "select wave_id, year, survey_kind, fieldwork_start, fieldwork_end, n_respondents, is_synthetic, "
    "sample_note, source_sha256 from marts.dim_waves order by year, wave_id"
)
synthetic = waves.loc[waves["is_synthetic"].astype(bool), "wave_id"].tolist()
if synthetic:
    st.error(
        t("method.synthetic", waves=", ".join(synthetic)), icon=":material/science:"
    )

st.subheader(t("method.formulas"))
st.markdown(f"**{t('method.score')}**")
st.latex(
    r"s = \frac{n_{positive} - n_{negative}}{n_{valid}} = \frac{\%pos - \%neg}{100} \in [-1, 1]"
)
st.markdown(f"**{t('method.ratio')}**")
st.latex(r"r = \frac{\%pos}{\%neg}")
st.markdown(f"**{t('method.indicator')}**")
st.latex(r"I_k = \frac{1}{|M_k|}\sum_{i \in M_k} s_i")
st.markdown(f"**{t('method.composite')}**")
st.latex(
    r"CPI = \tfrac{1}{4}(I_{general} + I_{geopolitical} + I_{economic} + I_{cultural})"
)
st.caption(t("method.interp"))

st.subheader(t("method.versions"))
if has_table(
    "ref_methodology_versions", "reference"
):  # the seed's descriptions (English only)
    table(
        query(
            "select * from reference.ref_methodology_versions order by year, methodology_version"
        ),
        "methodology_version_descriptions",
        parquet=False,
    )
versions = query(
    "select year, indicator_code, methodology_version, n_items, item_codes from marts.fct_indicators "
    "order by year, indicator_code"
)
table(versions, "methodology_versions")

st.subheader(t("method.waves"))
table(waves, "waves")

st.subheader(t("method.build"))
info = query("select * from marts.build_info order by built_at desc limit 1")
if info.empty:
    st.info(t("no.data"))
else:
    row = info.iloc[0]
    cols = st.columns(4)
    cols[0].metric(t("release"), str(row["build_id"]))
    cols[1].metric(
        t("method.tests"), f"{int(row['tests_passed'])} / {int(row['tests_total'])}"
    )
    cols[2].metric("dbt", str(row["dbt_version"]))
    cols[3].metric("DuckDB", str(row["duckdb_version"]))
    details = info.drop(columns=["inputs"]).T.reset_index()
    details.columns = ["field", "value"]
    table(details.astype(str), "build_info", parquet=False)
    st.markdown(f"**{t('method.inputs')}**")
    raw = row["inputs"]
    inputs = pd.DataFrame(json.loads(raw) if isinstance(raw, str) else list(raw or []))
    table(inputs, "build_inputs", parquet=False)
