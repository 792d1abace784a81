"""Information space: sources of information, the two ratios per source, the funnel (F1, F2, T1–T3)."""

from __future__ import annotations

import streamlit as st

from streamlit_app import meta, vl
from streamlit_app.common import base_text, pick_year, with_labels, years_in
from streamlit_app.db import query
from streamlit_app.figure import Figure, show
from streamlit_app.i18n import t
from streamlit_app.labels import funnel_labels, labeller, option_labels, question_text

st.title(t("page.information"))
year = pick_year(
    years_in(
        "select year from marts.fct_information_funnel union select year from marts.fct_information_sources"
    )
)
if year is None:
    st.stop()
note = meta.source_note([year])
fieldwork = meta.describe([year])

sources = query(
    "select source_code, n_users, pct_users, ratio_often_to_rarely, ratio_positive_to_negative, n_base "
    "from marts.fct_information_sources where year = ? order by pct_users desc",
    (year,),
)
sources.insert(
    0,
    "source",
    sources["source_code"].map(labeller(option_labels("information_sources"))),
)
base = int(sources["n_base"].max()) if not sources.empty else 0
users = with_labels(
    sources.assign(cat=sources["source"], value=sources["pct_users"]), "value", "share"
)
show(
    Figure(
        key="sources",
        report="Figure 1, Table 1",
        title=t("info.sources"),
        spec=vl.hbar(
            users, kind="share", value_title=t("axis.pct_respondents"), cat_title=""
        ),
        table=sources[["source", "source_code", "pct_users", "n_users", "n_base"]],
        question=question_text("information_sources"),
        base=base_text(base),
        fieldwork=fieldwork,
        source=note,
    )
)

for key, column, report in (
    ("often", "ratio_often_to_rarely", "Table 2"),
    ("tone", "ratio_positive_to_negative", "Table 3"),
):
    ratio = sources.sort_values(column, ascending=False)
    ratio = with_labels(
        ratio.assign(cat=ratio["source"], value=ratio[column]), "value", "ratio"
    )
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

funnel = query(
    "select level_code, level_order, pct, n_level, n_base from marts.fct_information_funnel "
    "where year = ? order by level_order",
    (year,),
)
funnel.insert(0, "level", funnel["level_code"].map(labeller(funnel_labels())))
shaped = with_labels(
    funnel.assign(cat=funnel["level"], value=funnel["pct"]), "value", "share"
)
show(
    Figure(
        key="funnel",
        report="Figure 2",
        title=t("info.funnel"),
        spec=vl.funnel(shaped, value_title=t("axis.pct_respondents"), cat_title=""),
        table=funnel[["level", "level_code", "pct", "n_level", "n_base"]],
        question=question_text("funnel"),
        base=base_text(int(funnel["n_base"].max()) if not funnel.empty else 0),
        fieldwork=fieldwork,
        source=note,
    )
)
