"""Cross-tab: any question × any factor × year, row or column shares, base n per cell, CSV."""

from __future__ import annotations

import streamlit as st

from presentation import vl
from release_data import groups as group_data
from streamlit_app import meta, state, thresholds, uncertainty, weighting
from streamlit_app.answers import distribution, missing_note
from streamlit_app.common import grey_small_cells, pick_factor, pick_wave, with_labels
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import factor_labels, labeller, question_text, subject_labels

st.title(t("page.crosstab"))
st.caption(t("crosstab.intro"))
catalogue = group_data.distribution_catalogue(release())
keys = [f"{q}.{s}" if s else q for q, s in zip(catalogue["question_code"], catalogue["subject"])]


def question_name(key: object) -> str:
    code, _, subject = str(key).partition(".")
    text = question_text(code)
    if subject:
        text = f"{text} — {labeller(subject_labels(code))(subject)}"
    return text


key = str(
    state.choice(
        "q",
        keys,
        label=t("crosstab.question"),
        format_func={k: question_name(k) for k in keys}.get,
        default="china_threat",
    )
)
code, _, subject = key.partition(".")
c1, c2, c3 = st.columns([2, 3, 2])
wave = pick_wave(
    "fct_answer_distribution_v2",
    widget_where=c1,
    question_code=code,
    subject=subject,
)
factors = group_data.distribution_factors(release(), code, subject)["factor"].tolist()
fname = labeller(factor_labels())
factors = sorted(factors, key=fname)
with c2:
    factor = pick_factor(factors, default="age_group")
with c3:
    share = str(
        state.choice(
            "share",
            ["row", "col"],
            label=t("crosstab.share"),
            format_func={v: t(f"crosstab.share.{v}") for v in ("row", "col")}.get,
            widget="radio",
        )
    )
if wave is None:
    st.stop()
year = wave.year

df = distribution(wave.wave_id, code, factor, subject)
if df.empty:
    st.info(t("no.data"))
    st.stop()
df["row_pct"] = df["pct"]
totals = df.groupby("answer_code")["n"].transform("sum")
df["col_pct"] = 100 * df["n"] / totals.where(totals > 0)
value = "row_pct" if share == "row" else "col_pct"
df["cat"] = [f"{g} (n = {fmt_count(n)}{' ⚠' if s else ''})" for g, n, s in zip(df["group"], df["n_base"], df["small"])]
df["x"] = df["answer"]
df["ntext"] = df["n"].map(fmt_count)
cells = grey_small_cells(with_labels(df.assign(value=df[value]), "value", "share"))
df["is_small_cell"] = df["small_cell"]
tips = [("ntext", t("crosstab.cell_n"))]
if share == "row":
    tips += uncertainty.tips()
show(
    Figure(
        key="crosstab",
        title=t("crosstab.title", factor=fname(factor).lower(), year=year),
        spec=vl.heatmap(
            cells,
            kind="share",
            x_title=t("answer"),
            y_title=fname(factor),
            value_title=t(f"crosstab.share.{share}"),
            x_order=list(dict.fromkeys(df["answer"])),
            tooltip=tips,
        ),
        table=uncertainty.table_interval(df, "share")[
            [
                "group",
                "group_code",
                "answer",
                "answer_code",
                "n",
                "n_base",
                "row_pct",
                "pct_low",
                "pct_high",
                "col_pct",
                "is_small_cell",
            ]
        ],
        question=question_name(key),
        base=t("base.groups"),
        fieldwork=meta.describe([wave.wave_id]),
        source=meta.source_note([wave.wave_id]),
        notes=[t(f"crosstab.note.{share}")]
        + ([t("crosstab.col_unweighted")] if weighting.is_weighted() else [])
        + ([thresholds.text("small.base")] if df["small"].any() else [])
        + ([t("small.cell")] if df["small_cell"].any() else [])
        + missing_note(df),
    )
)
