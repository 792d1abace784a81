"""Indicators: each indicator's questions, answers and ratios (Tables 4, 5, 7, 9, 10; Figure 5)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import vl
from release_data import indicators as indicator_data
from release_data import items as item_data
from streamlit_app import meta, uncertainty, weighting
from streamlit_app.common import base_text, pick_indicator, pick_wave, with_labels
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import ITEM_ANSWERS, indicator_labels, item_labels, labeller
from streamlit_app.plain_text import plain
from streamlit_app.series import membership_note

st.title(t("page.indicators"))
left, right = st.columns([2, 3])
wave = pick_wave("fct_item_scores_v2", widget_where=left, is_interpolated=False, series="annual")
if wave is None:
    st.stop()
year = wave.year
with right:
    code = pick_indicator()
name = labeller(indicator_labels())
note = meta.source_note([wave.wave_id])
fieldwork = meta.describe([wave.wave_id])
w = weighting.current()

value = indicator_data.indicator_value(release(), wave.wave_id, w, code)
change = indicator_data.indicator_change(release(), wave.wave_id, w, code)
if not value.empty and pd.isna(value.iloc[0]["value"]):
    st.metric(plain(name(code)), "—")
    st.caption(t("coverage.not_computed", reason=plain(value.iloc[0]["not_computed_reason"])))
elif not value.empty:
    row = value.iloc[0]
    st.metric(
        plain(name(code)),
        fmt(row["value"], "score"),
        help=t("indicators.metric_help", n=int(row["n_items"]))
        + f" · {t('ci.tip')} {uncertainty.interval_text(row['ci_low'], row['ci_high'], 'score')}",
    )
if not change.empty and (text := membership_note(change.iloc[0])):
    st.caption(text)
st.markdown(t(f"indicators.about.{code}"))

# the general indicator is one question; its two companion questions are shown with it
items = item_data.item_scores(release(), wave.wave_id, w, code)
items = uncertainty.with_interval(items, "score")
items.insert(0, "item", items["item_code"].map(item_labels()))
n_base = int(items["n_valid"].max()) if not items.empty else 0

answers = []
parts = [t(f"item_answer.{k}") for k in ITEM_ANSWERS]
for k, (col, part) in enumerate(zip(("pct_positive", "pct_neutral", "pct_negative"), parts)):
    answers.append(items.assign(cat=items["item"], part=part, value=items[col], porder=k))
long = with_labels(pd.concat(answers, ignore_index=True), "value", "share")
long = long.drop(columns=["ci_low", "ci_high"])  # the score's interval, not the shares'
long["scoretext"] = long["score"].map(lambda v: fmt(v, "score"))
report = {"geopolitical": "Table 5", "economic": "Figure 5", "cultural": "Table 9"}.get(code)
show(
    Figure(
        key="item_answers",
        report=report,
        title=t("indicators.answers", indicator=name(code), year=year),
        spec=vl.stacked(
            long,
            parts=parts,
            colors=[vl.POSITIVE, vl.NEUTRAL, vl.NEGATIVE],
            cat_title="",
            value_title=t("axis.pct_respondents"),
            part_title=t("answer"),
            tooltip=[
                ("scoretext", t("col.score")),
                ("citext", t("ci.score_tip")),
            ],
        ),
        table=items[
            [
                "item",
                "item_code",
                "pct_positive",
                "pct_neutral",
                "pct_negative",
                "score",
                "ci_low",
                "ci_high",
                "n_valid",
                "n_effective",
            ]
        ],
        base=base_text(n_base),
        fieldwork=fieldwork,
        source=note,
        notes=[t("indicators.answers_note")],
    )
)

ratio = items.sort_values("ratio", ascending=False)
ratio = with_labels(
    ratio.drop(columns=["ci_low", "ci_high"]).assign(cat=ratio["item"], value=ratio["ratio"]),
    "value",
    "ratio",
)
ratio["rank_text"] = ratio["rank_change"].map(lambda v: fmt(v, "points").replace(".00", ""))
show(
    Figure(
        key="item_ratios",
        report={
            "geopolitical": "Table 5",
            "economic": "Table 7",
            "cultural": "Table 10",
        }.get(code),
        title=t("indicators.ratios", indicator=name(code), year=year),
        spec=vl.hbar(
            ratio,
            kind="ratio",
            value_title=t("axis.ratio"),
            cat_title="",
            zero_rule=1.0,
            tooltip=[("rank_text", t("indicators.rank_change"))],
        ),
        table=ratio[
            [
                "item",
                "item_code",
                "ratio",
                "rank_by_positive",
                "rank_by_ratio",
                "rank_change",
            ]
        ],
        base=base_text(n_base),
        fieldwork=fieldwork,
        source=note,
        notes=[t("indicators.ratio_note")],
    )
)
