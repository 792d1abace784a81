"""Chinese projects in Kazakhstan: awareness, attitude, approval by macro-region, attitude over the
years (report Figures 7, 8, 13, 14 and Table 8)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import maps, meta, state, vl
from streamlit_app.common import (
    SMALL_BASE_N,
    base_text,
    pick_year,
    with_labels,
    years_in,
)
from streamlit_app.db import query
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import (
    labeller,
    macro_region_labels,
    option_labels,
    project_labels,
    question_text,
)

ANSWERS = ("approve", "neutral", "disapprove", "unsure")
COLORS = [vl.POSITIVE, vl.NEUTRAL, vl.NEGATIVE, "#e0e0e0"]

st.title(t("page.projects"))
years = years_in("select distinct year from marts.fct_projects")
left, right = st.columns([2, 3])
with left:
    year = pick_year(years)
if year is None:
    st.stop()
projects = query(
    "select project_code, n_respondents, n_aware, pct_aware, pct_positive, pct_neutral, pct_negative, "
    "pct_unsure, ratio, n_attitude_base from marts.fct_projects where year = ? order by pct_aware desc",
    (year,),
)
pname = labeller(project_labels())
projects.insert(0, "project", projects["project_code"].map(pname))
with right:
    project = str(
        state.choice(
            "project",
            projects["project_code"].tolist(),
            label=t("project"),
            format_func=pname,
            default="wewc_corridor",
        )
    )
note = meta.source_note([year])
fieldwork = meta.describe([year])
answer_name = labeller(option_labels("project_attitude", "answer"))
parts = [answer_name(a) for a in ANSWERS]

aware = with_labels(
    projects.assign(cat=projects["project"], value=projects["pct_aware"]),
    "value",
    "share",
)
show(
    Figure(
        key="project_awareness",
        report="Figure 7",
        title=t("projects.awareness", year=year),
        spec=vl.hbar(
            aware, kind="share", value_title=t("axis.pct_respondents"), cat_title=""
        ),
        table=projects[
            ["project", "project_code", "pct_aware", "n_aware", "n_respondents"]
        ],
        question=question_text("project_awareness"),
        base=base_text(
            int(projects["n_respondents"].max()) if not projects.empty else 0
        ),
        fieldwork=fieldwork,
        source=note,
    )
)

cols = ("pct_positive", "pct_neutral", "pct_negative", "pct_unsure")
long = pd.concat(
    [
        projects.assign(
            cat=projects["project"]
            + " (n = "
            + projects["n_attitude_base"].map(fmt_count)
            + ")",
            part=part,
            value=projects[col],
            porder=k,
        )
        for k, (col, part) in enumerate(zip(cols, parts))
    ],
    ignore_index=True,
)
show(
    Figure(
        key="project_attitude",
        report="Table 8",
        title=t("projects.attitude", year=year),
        spec=vl.stacked(
            with_labels(long, "value", "share"),
            parts=parts,
            colors=COLORS,
            cat_title="",
            value_title=t("axis.pct_aware"),
            part_title=t("answer"),
        ),
        table=projects[["project", "project_code", *cols, "ratio", "n_attitude_base"]],
        question=question_text("project_attitude"),
        base=t("base.aware"),
        fieldwork=fieldwork,
        source=note,
    )
)

dist = query(
    "select group_code, n, n_base, pct from marts.fct_answer_distribution where year = ? "
    "and question_code = 'project_attitude' and subject = ? and factor = 'macro_region' and answer_code = 'approve'",
    (year, project),
)
geo = dist.assign(
    geo_code=dist["group_code"],
    name=dist["group_code"].map(macro_region_labels()),
    value=dist["pct"],
    ntext=dist["n_base"].map(lambda n: f"n = {fmt_count(n)}"),
    small=dist["n_base"] < SMALL_BASE_N,
)
geo = with_labels(geo, "value", "share")
show(
    Figure(
        key="project_map",
        report="Figure 8" if project == "wewc_corridor" else None,
        title=t("projects.map", project=pname(project), year=year),
        spec=maps.choropleth(
            geo,
            level="macro_region",
            kind="share",
            value_title=t("axis.pct_approve"),
            name_title=t("macro_region"),
            tooltip=[("ntext", t("base"))],
        ),
        table=geo[["name", "geo_code", "pct", "n", "n_base"]].rename(
            columns={"name": "macro_region"}
        ),
        question=f"{question_text('project_attitude')} — {pname(project)}",
        base=t("base.aware_group"),
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.map_scale_share")],
    )
)

trend = query(
    "select year, subject, answer_code, n, n_base, pct from marts.fct_answer_distribution "
    "where question_code = 'project_attitude' and factor = 'total' and subject in ('wewc_corridor', 'belt_and_road') "
    "order by year",
)
annual_years = years_in("select year from marts.dim_waves where survey_kind = 'annual'")
for subject, report in (("wewc_corridor", "Figure 13"), ("belt_and_road", "Figure 14")):
    part = trend[trend["subject"] == subject].copy()
    part["answer"] = part["answer_code"].map(answer_name)
    part["porder"] = part["answer_code"].map({a: k for k, a in enumerate(ANSWERS)})
    part["cat"] = (
        part["year"].astype(str) + " (n = " + part["n_base"].map(fmt_count) + ")"
    )
    part = with_labels(
        part.assign(part=part["answer"], value=part["pct"]), "value", "share"
    )
    asked = sorted(part["year"].unique().tolist())
    show(
        Figure(
            key=f"project_trend_{subject}",
            report=report,
            title=t("projects.trend", project=pname(subject)),
            spec=vl.stacked(
                part,
                parts=parts,
                colors=COLORS,
                cat_title="",
                value_title=t("axis.pct_aware"),
                part_title=t("answer"),
            ),
            table=part[["year", "answer", "answer_code", "pct", "n", "n_base"]],
            question=question_text("project_attitude"),
            base=t("base.aware"),
            fieldwork=meta.describe(asked) if asked else None,
            source=meta.source_note(asked),
            notes=[t("projects.trend_note", years=", ".join(map(str, asked)))]
            if len(asked) < len(annual_years)
            else [],
        )
    )
