"""Information space: sources of information, the two ratios per source, the funnel (F1, F2, T1–T3)."""

from __future__ import annotations

import streamlit as st

from presentation import vl
from release_data import information as info_data
from streamlit_app import meta, uncertainty, weighting
from streamlit_app.common import base_text, pick_wave, with_labels
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.i18n import t
from streamlit_app.labels import funnel_labels, labeller, option_labels, question_text

st.title(t("page.information"))
wave = pick_wave("fct_information_sources_v2")
if wave is None:
    st.stop()
note = meta.source_note([wave.wave_id])
fieldwork = meta.describe([wave.wave_id])
w = weighting.current()

sources = info_data.sources(release(), wave.wave_id, w)
sources.insert(
    0,
    "source",
    sources["source_code"].map(labeller(option_labels("information_sources"))),
)
base = int(sources["n_base"].max()) if not sources.empty else 0
users = uncertainty.with_interval(
    with_labels(
        sources.assign(cat=sources["source"], value=sources["pct_users"]),
        "value",
        "share",
    ),
    "share",
)
show(
    Figure(
        key="sources",
        report="Figure 1, Table 1",
        title=t("info.sources"),
        spec=vl.hbar(
            users,
            kind="share",
            value_title=t("axis.pct_respondents"),
            cat_title="",
            tooltip=[*uncertainty.tips()],
        ),
        table=uncertainty.table_interval(sources, "share")[
            [
                "source",
                "source_code",
                "pct_users",
                "pct_low",
                "pct_high",
                "n_users",
                "n_base",
                "n_effective",
            ]
        ],
        question=question_text("information_sources"),
        base=base_text(base),
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.intervals.share")],
    )
)

for key, column, report in (
    ("often", "ratio_often_to_rarely", "Table 2"),
    ("tone", "ratio_positive_to_negative", "Table 3"),
):
    ratio = sources.drop(columns=["ci_low", "ci_high"]).sort_values(column, ascending=False)
    ratio = with_labels(ratio.assign(cat=ratio["source"], value=ratio[column]), "value", "ratio")
    show(
        Figure(
            key=f"ratio_{key}",
            report=report,
            title=t(f"info.ratio_{key}"),
            spec=vl.hbar(
                ratio,
                kind="ratio",
                value_title=t(f"axis.ratio_{key}"),
                cat_title="",
                zero_rule=1.0,
            ),
            table=ratio[["source", "source_code", column, "n_users"]],
            question=question_text("news_frequency" if key == "often" else "news_tone"),
            base=t("base.users_of_source"),
            fieldwork=fieldwork,
            source=note,
            notes=[t(f"info.ratio_{key}_note")],
        )
    )

funnel = info_data.funnel(release(), wave.wave_id, w)
funnel.insert(0, "level", funnel["level_code"].map(labeller(funnel_labels())))
shaped = uncertainty.with_interval(
    with_labels(funnel.assign(cat=funnel["level"], value=funnel["pct"]), "value", "share"),
    "share",
)
show(
    Figure(
        key="funnel",
        report="Figure 2",
        title=t("info.funnel"),
        spec=vl.funnel(
            shaped,
            value_title=t("axis.pct_respondents"),
            cat_title="",
            tooltip=[*uncertainty.tips()],
        ),
        table=uncertainty.table_interval(funnel, "share")[
            ["level", "level_code", "pct", "pct_low", "pct_high", "n_level", "n_base"]
        ],
        question=question_text("funnel"),
        base=base_text(int(funnel["n_base"].max()) if not funnel.empty else 0),
        fieldwork=fieldwork,
        source=note,
    )
)
