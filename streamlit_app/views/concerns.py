"""Concerns & reasons: reasons for a good / bad attitude, concerns, China as a threat, labour
statements (report Figures 3, 4, 35; Table 6)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import vl
from release_data import groups as group_data
from release_data import information as info_data
from release_data import meta as meta_data
from streamlit_app import meta, uncertainty, weighting
from streamlit_app.answers import answers_by_group, colors_for, distribution
from streamlit_app.common import base_text, with_labels
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.i18n import t
from streamlit_app.labels import labeller, option_labels, question_text

MULTI = (
    ("reasons_positive", "Figure 3"),
    ("reasons_negative", "Figure 4"),
    ("concerns", "Table 6"),
)


def latest_wave(table: str, question: str) -> meta.Wave | None:
    """The wave shown for the latest year that asked the question (``meta.choose``)."""
    ids = meta_data.wave_ids(release(), table, question_code=question)["wave_id"]
    known = meta.by_id()
    chosen = meta.choose([known[w] for w in ids if w in known])
    return chosen[max(chosen)] if chosen else None


st.title(t("page.concerns"))
w = weighting.current()
for question, report in MULTI:
    wave = latest_wave("fct_multi_response_v2", question)
    if wave is None:
        continue
    year = wave.year
    data = info_data.multi_response(release(), wave.wave_id, w, question)
    data.insert(0, "option", data["option_code"].map(labeller(option_labels(question))))
    bars = uncertainty.with_interval(
        with_labels(data.assign(cat=data["option"], value=data["pct"]), "value", "share"),
        "share",
    )
    who = {"reasons_positive": "good", "reasons_negative": "bad"}.get(question, "all")
    show(
        Figure(
            key=question,
            report=report,
            title=t(f"concerns.{question}", year=year),
            spec=vl.hbar(
                bars,
                kind="share",
                value_title=t(f"axis.pct_{who}"),
                cat_title="",
                tooltip=[*uncertainty.tips()],
            ),
            table=uncertainty.table_interval(data, "share")[
                [
                    "option",
                    "option_code",
                    "pct",
                    "pct_low",
                    "pct_high",
                    "n_selected",
                    "n_base",
                ]
            ],
            question=question_text(question),
            base=base_text(int(data["n_base"].max()) if not data.empty else 0, who),
            fieldwork=meta.describe([wave.wave_id]),
            source=meta.source_note([wave.wave_id]),
            notes=[t("concerns.multi_note"), t("note.intervals.share")],
        )
    )

wave = latest_wave("fct_answer_distribution_v2", "china_threat")
if wave is not None:
    fig = answers_by_group(
        wave_id=wave.wave_id,
        question="china_threat",
        factor="total",
        key="threat_total",
        title=t("concerns.threat", year=wave.year),
        fieldwork=meta.describe([wave.wave_id]),
        source=meta.source_note([wave.wave_id]),
    )
    if fig is not None:
        fig.base = base_text(int(fig.table["n_base"].max()))
        show(fig)

wave = latest_wave("fct_answer_distribution_v2", "labour_statement")
if wave is not None:
    year = wave.year
    subjects = labeller(option_labels("labour_statement", "subject"))
    parts = []
    for subject in group_data.distribution_subjects(release(), "labour_statement", wave.wave_id)["subject"]:
        d = distribution(wave.wave_id, "labour_statement", "total", subject)
        parts.append(d.assign(statement=subjects(subject), subject=subject))
    labour = pd.concat(parts, ignore_index=True)
    labour = labour.sort_values(["porder"]).sort_values(
        "statement",
        key=lambda s: s.map(
            labour[labour["answer_code"] == "agree"].set_index("statement")["pct"].rank(ascending=False)
        ),
        kind="stable",
    )
    answers = list(dict.fromkeys(labour.sort_values("porder")["answer"]))
    codes = list(dict.fromkeys(labour.sort_values("porder")["answer_code"]))
    long = with_labels(
        labour.assign(cat=labour["statement"], part=labour["answer"], value=labour["pct"]),
        "value",
        "share",
    )
    show(
        Figure(
            key="labour_statements",
            report="Figure 35",
            title=t("concerns.labour", year=year),
            spec=vl.stacked(
                long,
                parts=answers,
                colors=colors_for("labour_statement", codes),
                cat_title="",
                value_title=t("axis.pct_respondents"),
                part_title=t("answer"),
                tooltip=[*uncertainty.tips()],
            ),
            table=uncertainty.table_interval(labour, "share")[
                [
                    "statement",
                    "subject",
                    "answer",
                    "answer_code",
                    "pct",
                    "pct_low",
                    "pct_high",
                    "n",
                    "n_base",
                ]
            ],
            question=question_text("labour_statement"),
            base=base_text(int(labour["n_base"].max())),
            fieldwork=meta.describe([wave.wave_id]),
            source=meta.source_note([wave.wave_id]),
        )
    )
