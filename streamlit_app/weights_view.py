"""Methodology & data: how the weighted numbers are made and how sure any number is.

Reads ``marts.fct_weighting_summary_v1`` (one row per wave: weight source, range, Kish effective
n, efficiency) and the population figures the weights are fitted to (the seed
``reference.ref_population_margins``), and explains intervals and tests in people's words.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from release_data import meta as meta_data
from streamlit_app import meta
from streamlit_app.db import has_table, release
from streamlit_app.figure import show_table
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import group_labels, humanise, region_labels

DIMENSIONS = ("region", "settlement", "gender", "age_band")


JOINED = re.compile(r"\+(?=[a-z])")  # "turkestan+ulytau" is two units; "60+" is one band


def _codes(category: object) -> list[str]:
    return JOINED.split(str(category))


def _category(dimension: str, code: str) -> str:
    names = region_labels() if dimension == "region" else group_labels(dimension)
    return " + ".join(names.get(part, humanise(part)) for part in _codes(code))


def summary_table() -> pd.DataFrame:
    df = meta_data.weighting_summary(release())
    known = meta.by_id()
    df = df[df["wave_id"].isin(known)].copy()
    df["order"] = df["wave_id"].map(lambda w: known[w].start)
    df = df.sort_values("order")
    df.insert(0, "wave", df["wave_id"].map(lambda w: meta.wave_name(known[w])))
    df["weight_source"] = df["weight_source"].map(lambda s: t(f"weights.source.{s}"))
    return df.drop(columns=["order", "wave_id"])


def margins_table() -> pd.DataFrame:
    """One row per population margin (reference year × dimension × basis): which groups have a
    figure, which are not available, the date and the source."""
    df = meta_data.population_margins(release())
    rows = []
    keys = ["reference_year", "dimension", "population_basis"]
    for (year, dimension, basis), part in df.groupby(keys, sort=True):
        given = part[part["value"].notna()]
        covered = {c for code in given["category"] for c in _codes(code)}
        wanted = {c for code in part["category"] for c in _codes(code)}
        missing = sorted(wanted - covered)
        rows.append(
            {
                "reference_year": int(year),
                "dimension": t(f"weights.dim.{dimension}") if dimension in DIMENSIONS else humanise(dimension),
                "population_basis": t(f"weights.basis.{basis}"),
                "groups_given": ", ".join(_category(dimension, c) for c in given["category"]),
                "groups_missing": ", ".join(_category(dimension, c) for c in missing),
                "complete": t("yes") if not missing else "",
                "reference_date": ", ".join(sorted(set(part["reference_date"]))),
                "source_publisher": ", ".join(sorted(set(part["source_publisher"]))),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["reference_year", "dimension"], ascending=[False, True])


def show_section() -> None:
    st.subheader(t("weights.title"))
    st.markdown(t("weights.intro"))
    if has_table("fct_weighting_summary_v1"):
        table = summary_table()
        if not table.empty:
            best = table["weighting_efficiency"].min()
            st.markdown(t("weights.reading", eff=fmt(100 * best, "share")) if pd.notna(best) else "")
            show_table(table, "weighting_summary")
    st.markdown(f"**{t('weights.margins')}**")
    st.markdown(t("weights.margins_intro"))
    if has_table("ref_population_margins", "reference"):
        show_table(margins_table(), "population_margins")
    st.subheader(t("uncert.title"))
    st.markdown(t("uncert.body"))
    st.caption(t("uncert.method"))
