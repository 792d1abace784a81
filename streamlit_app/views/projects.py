"""Chinese projects in Kazakhstan: awareness, attitude, approval by macro-region, attitude over the
years (report Figures 7, 8, 13, 14 and Table 8)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import maps, vl
from release_data import projects as project_data
from release_data import regions as region_data
from streamlit_app import meta, state, uncertainty, weighting
from streamlit_app.common import (
    annual_years,
    base_text,
    grey_small_cells,
    one_wave_per_year,
    pick_wave,
    with_labels,
)
from streamlit_app.db import release
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
# fct_projects_v2 measure -> the wide columns of a project row
MEASURES = {
    "aware": "pct_aware",
    "approve": "pct_positive",
    "neutral": "pct_neutral",
    "disapprove": "pct_negative",
    "unsure": "pct_unsure",
}


def wide_projects(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per project from the long ``fct_projects_v2``: each measure's share and interval,
    the bases, and the ratio approve ÷ disapprove (as in version 1)."""
    out = rows.pivot(index="project_code", columns="measure_code", values="pct")
    out = out.rename(columns=MEASURES)
    for part in ("ci_low", "ci_high"):
        extra = rows.pivot(index="project_code", columns="measure_code", values=part)
        suffix = "_low" if part == "ci_low" else "_high"
        out = out.join(extra.rename(columns={m: c + suffix for m, c in MEASURES.items()}))
    aware = rows[rows["measure_code"] == "aware"].set_index("project_code")
    out["n_aware"] = aware["n"]
    out["n_respondents"] = aware["n_base"]
    out["ci_low"], out["ci_high"] = out["pct_aware_low"], out["pct_aware_high"]
    approve = rows[rows["measure_code"] == "approve"].set_index("project_code")
    out["n_attitude_base"] = approve["n_base"]
    out["ratio"] = out["pct_positive"] / out["pct_negative"].where(out["pct_negative"] > 0)
    return out.reset_index().sort_values("pct_aware", ascending=False)


COLORS = [vl.POSITIVE, vl.NEUTRAL, vl.NEGATIVE, "#e0e0e0"]

st.title(t("page.projects"))
left, right = st.columns([2, 3])
wave = pick_wave("fct_projects_v2", widget_where=left)
if wave is None:
    st.stop()
year = wave.year
w = weighting.current()
long_rows = project_data.projects(release(), wave.wave_id, w)
projects = wide_projects(long_rows)
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
note = meta.source_note([wave.wave_id])
fieldwork = meta.describe([wave.wave_id])
answer_name = labeller(option_labels("project_attitude", "answer"))
parts = [answer_name(a) for a in ANSWERS]

aware = uncertainty.with_interval(
    with_labels(
        projects.assign(cat=projects["project"], value=projects["pct_aware"]),
        "value",
        "share",
    ),
    "share",
)
show(
    Figure(
        key="project_awareness",
        report="Figure 7",
        title=t("projects.awareness", year=year),
        spec=vl.hbar(
            aware,
            kind="share",
            value_title=t("axis.pct_respondents"),
            cat_title="",
            tooltip=[uncertainty.tip("ci.tip")],
        ),
        table=uncertainty.table_interval(projects, "share")[
            [
                "project",
                "project_code",
                "pct_aware",
                "pct_low",
                "pct_high",
                "n_aware",
                "n_respondents",
            ]
        ],
        question=question_text("project_awareness"),
        base=base_text(int(projects["n_respondents"].max()) if not projects.empty else 0),
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.intervals.share")],
    )
)

cols = ("pct_positive", "pct_neutral", "pct_negative", "pct_unsure")
long = pd.concat(
    [
        projects.assign(
            cat=projects["project"] + " (n = " + projects["n_attitude_base"].map(fmt_count) + ")",
            part=part,
            value=projects[col],
            porder=k,
            citext=[
                uncertainty.interval_text(lo, hi, "share")
                for lo, hi in zip(projects[f"{col}_low"], projects[f"{col}_high"])
            ],
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
            tooltip=[uncertainty.tip("ci.tip")],
        ),
        table=projects[["project", "project_code", *cols, "ratio", "n_attitude_base"]],
        question=question_text("project_attitude"),
        base=t("base.aware"),
        fieldwork=fieldwork,
        source=note,
    )
)

dist = region_data.answer_by_area(
    release(), wave.wave_id, w, "project_attitude", "macro_region", "approve", project
).rename(columns={"geo_code": "group_code"})
geo = dist[["group_code", "n", "n_base", "pct", "ci_low", "ci_high"]].assign(
    geo_code=dist["group_code"],
    name=dist["group_code"].map(macro_region_labels()),
    value=dist["pct"],
    ntext=dist["n_base"].map(lambda n: f"n = {fmt_count(n)}"),
    small=dist["is_small_base"].astype(bool),
    small_cell=dist["is_small_cell"].astype(bool),
)
geo = uncertainty.with_interval(grey_small_cells(with_labels(geo, "value", "share")), "share")
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
            tooltip=[("ntext", t("base")), uncertainty.tip("ci.tip")],
        ),
        table=uncertainty.table_interval(geo, "share")[
            ["name", "geo_code", "pct", "pct_low", "pct_high", "n", "n_base"]
        ].rename(columns={"name": "macro_region"}),
        question=f"{question_text('project_attitude')} — {pname(project)}",
        base=t("base.aware_group"),
        fieldwork=fieldwork,
        source=note,
        notes=[t("note.map_scale_share")] + ([t("small.cell")] if geo["small_cell"].any() else []),
    )
)

trend = project_data.attitude_series(release(), w, ("wewc_corridor", "belt_and_road"))
trend = one_wave_per_year(trend)
annual = annual_years()
for subject, report in (("wewc_corridor", "Figure 13"), ("belt_and_road", "Figure 14")):
    part = trend[trend["subject"] == subject].copy()
    part["answer"] = part["answer_code"].map(answer_name)
    part["porder"] = part["answer_code"].map({a: k for k, a in enumerate(ANSWERS)})
    part["cat"] = part["year"].astype(str) + " (n = " + part["n_base"].map(fmt_count) + ")"
    part = uncertainty.with_interval(
        with_labels(part.assign(part=part["answer"], value=part["pct"]), "value", "share"),
        "share",
    )
    asked = sorted(part["year"].unique().tolist())
    asked_waves = part["wave_id"].unique().tolist()
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
                tooltip=[uncertainty.tip("ci.tip")],
            ),
            table=uncertainty.table_interval(part, "share")[
                [
                    "year",
                    "answer",
                    "answer_code",
                    "pct",
                    "pct_low",
                    "pct_high",
                    "n",
                    "n_base",
                ]
            ],
            question=question_text("project_attitude"),
            base=t("base.aware"),
            fieldwork=meta.describe(asked_waves) if asked else None,
            source=meta.source_note(asked_waves),
            notes=[t("projects.trend_note", years=", ".join(map(str, asked)))] if len(asked) < len(annual) else [],
        )
    )
