"""Methodology & data: formulas, the indicators and their questions per wave (Table 4), the survey
waves, the release's build."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from release_data import indicators as indicator_data
from release_data import meta as meta_data
from streamlit_app import catalog, meta, report_links, weights_view
from streamlit_app.common import INDICATORS, one_wave_per_year
from streamlit_app.db import release
from streamlit_app.figure import show_table, translate_ref
from streamlit_app.formats import fmt_count
from streamlit_app.i18n import has, lang, t
from streamlit_app.labels import humanise, indicator_labels, item_labels, labeller
from streamlit_app.plain_text import plain

st.title(t("page.methodology"))
synthetic = meta.any_synthetic()
if synthetic:
    st.error(
        t("method.synthetic", waves=plain(", ".join(synthetic))),
        icon=":material/science:",
    )

report_links.show()

st.subheader(t("method.formulas"))
st.markdown(f"**{t('method.score')}**")
st.latex(r"s = \frac{n_{+} - n_{-}}{n_{valid}} = \frac{\%_{+} - \%_{-}}{100} \in [-1, 1]")
st.markdown(f"**{t('method.ratio')}**")
st.latex(r"r = \frac{\%_{+}}{\%_{-}}")
st.markdown(f"**{t('method.indicator')}**")
st.latex(r"I_k = \frac{1}{|M_k|}\sum_{i \in M_k} s_i")
st.markdown(f"**{t('method.composite')}**")
st.latex(r"CPI = \tfrac{1}{4}(I_{1} + I_{2} + I_{3} + I_{4})")
for interpolation in meta.interpolation_notes(
    one_wave_per_year(indicator_data.methodology_versions(release())), "method.interp"
):
    st.caption(interpolation)

st.subheader(t("method.indicators"))
iname = labeller(indicator_labels())
for code in INDICATORS[1:]:
    st.markdown(f"**{plain(iname(code))}.** {t(f'indicators.about.{code}')}")

st.subheader(t("method.versions"))
versions = indicator_data.methodology_versions(release())
versions = one_wave_per_year(versions)
names = item_labels()
versions = versions[~versions["is_interpolated"].astype(bool)].copy()
versions["indicator"] = versions["indicator_code"].map(iname)
versions["items"] = (
    versions["item_codes"]
    .fillna("")
    .map(lambda s: "; ".join(names.get(c.strip(), c.strip()) for c in s.split(",") if c.strip()))
)
for year, part in versions.groupby("year"):
    counts = ", ".join(f"{iname(c)} {n}" for c, n in zip(part["indicator_code"], part["n_items"]))
    st.markdown(t("method.version_line", year=year, counts=plain(counts)))
with st.expander(t("method.items_per_year"), icon=":material/table:"):
    show_table(
        versions[
            [
                "year",
                "indicator",
                "indicator_code",
                "n_items",
                "items",
                "methodology_version",
            ]
        ],
        "methodology",
    )


with st.expander(t("method.report_index"), icon=":material/link:"):
    st.markdown(
        "\n".join(
            f"- {translate_ref(ref)} → [{t(f'page.{page}')}]({catalog.link(page, params, lang())})"
            for ref, page, _key, params in catalog.REPORT
        )
    )

st.subheader(t("method.waves"))
waves = meta_data.waves(release())
w = meta.waves()
table = pd.DataFrame(
    {
        "wave": [meta.wave_name(x) for x in w],
        "year": [x.year for x in w],
        "fieldwork": [meta.fieldwork(x) for x in w],
        "n_respondents": [x.n for x in w],
        "synthetic": [t("method.synthetic_yes") if x.synthetic else t("method.synthetic_no") for x in w],
        "sample_note": waves["sample_note"].tolist(),
    }
)
if lang() != "en":  # the codebooks' sample notes are written in English only
    table = table.drop(columns="sample_note")
    st.caption(t("method.sample_note_en"))
show_table(table, "waves")

weights_view.show_section()

st.subheader(t("method.build"))
info = meta_data.build_info(release())
if info.empty:
    st.info(t("no.data"))
else:
    row = info.iloc[0]
    cols = st.columns([4, 2, 3, 2])
    cols[0].metric(t("release"), str(row["build_id"]))
    cols[1].metric(t("method.tests"), f"{int(row['tests_passed'])} / {int(row['tests_total'])}")
    cols[2].metric(
        t("method.built_at"),
        str(pd.Timestamp(row["built_at"]).strftime("%Y-%m-%d %H:%M")),
    )
    cols[3].metric(t("method.duration"), f"{float(row['duration_seconds']):.0f} s")
    fields = [c for c in info.columns if c != "inputs"]
    details = pd.DataFrame(
        {
            "field": [t(f"build.{c}") if has(f"build.{c}") else humanise(c) for c in fields],
            "description": [str(row[c]) for c in fields],
        }
    )
    with st.expander(t("method.build_details"), icon=":material/table:"):
        show_table(details, "build_info")
    raw = row["inputs"]
    inputs = pd.DataFrame(json.loads(raw) if isinstance(raw, str) else list(raw or []))
    if not inputs.empty:
        st.markdown(f"**{t('method.inputs')}**")
        shown = pd.DataFrame(
            {
                "wave": inputs.get("wave_id", pd.Series(dtype=str)).map(
                    lambda v: next((meta.wave_name(x) for x in w if x.wave_id == v), v)
                ),
                "file": inputs.get("file", pd.Series(dtype=str)),
                "checksum": inputs.get("sha256", pd.Series(dtype=str)),
            }
        )
        show_table(shown, "build_inputs")
    st.caption(t("method.n_total", n=fmt_count(sum(x.n for x in w))))

st.subheader(t("method.revisions"))
revised = meta_data.revisions(release())
if revised.empty:
    st.caption(t("method.revisions_none"))
else:
    show_table(
        revised.rename(columns={"wave_id": "wave", "change": "revision", "previous_build_id": "previous_release"}),
        "revisions",
    )
    moved = meta_data.figure_revisions(release())
    st.caption(t("method.figures_moved", n=fmt_count(len(moved))))
    if not moved.empty:
        with st.expander(t("method.figures_moved_table"), icon=":material/table:"):
            show_table(moved, "figure_revisions")
