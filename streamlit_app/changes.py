"""What changed between two waves: each question's change with its test, and which questions (or, for
the composite, which indicators) drove an indicator's change (``fct_item_score_changes_v1``,
``fct_indicator_change_contributions_v1``). Used by the Dynamics page."""

from __future__ import annotations

import pandas as pd

from presentation import vl
from release_data import indicators as indicator_data
from release_data import items as item_data
from streamlit_app import meta, thresholds, uncertainty, weighting
from streamlit_app.db import release
from streamlit_app.figure import Figure
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import indicator_labels, item_labels, labeller

TONE_COLORS = ("#333333", vl.POSITIVE, vl.NEGATIVE, "#1b9e77", "#9e9e9e")


def steps(indicator: str) -> dict[str, tuple[int, int, str]]:
    """Later wave -> (previous year, year, previous wave) of each decomposed change."""
    df = indicator_data.change_waves(release(), weighting.current(), indicator)
    return {r.wave_id: (int(r.previous_year), int(r.year), r.previous_wave_id) for r in df.itertuples()}


def item_change_figure(indicator: str, wave_id: str, step: tuple) -> Figure:
    """Change of each question's score between the two waves, its interval and its test."""
    prev_year, year, prev_wave = step
    df = item_data.item_changes(release(), weighting.current(), indicator, wave_id)
    df["item"] = df["item_code"].map(item_labels())
    df["sig"] = df["is_significant"].astype(bool)
    df["significant"] = df["sig"].map(lambda f: t("yes") if f else "")
    df["sigtext"] = [uncertainty.significance_text(p, s) for p, s in zip(df["p_value"], df["sig"])]
    df = uncertainty.with_interval(df, "points")
    bars = df.assign(cat=df["item"], value=df["change"])
    bars["lbl"] = bars["value"].map(lambda v: fmt(v, "points"))
    table = uncertainty.table_interval(
        df.rename(
            columns={
                "previous_score": f"score_{prev_year}",
                "score": f"score_{year}",
                "p_value": "change_p_value",
            }
        ),
        "points",
    )
    name = labeller(indicator_labels())(indicator)
    return Figure(
        key="item_change",
        report="Table 12" if indicator == "economic" else None,
        title=t("dynamics.change", indicator=name, prev=prev_year, last=year),
        spec=vl.hbar(
            bars,
            kind="points",
            value_title=t("axis.change"),
            cat_title="",
            zero_rule=0.0,
            tooltip=[uncertainty.tip("ci.tip"), ("sigtext", t("sig.tip"))],
        ),
        table=table[
            [
                "item",
                "item_code",
                f"score_{prev_year}",
                f"score_{year}",
                "change",
                "change_low",
                "change_high",
                "change_p_value",
                "significant",
                "n_valid",
            ]
        ],
        fieldwork=meta.describe([prev_wave, wave_id]),
        source=meta.source_note([prev_wave, wave_id]),
        notes=[t("dynamics.change_note"), thresholds.text("dynamics.change_sig_note")],
    )


def contributions_figure(indicator: str, wave_id: str, step: tuple) -> Figure:
    """Which questions (indicators, for the composite) drove the change: contributions that add
    up exactly to the change, the change itself on top."""
    prev_year, year, prev_wave = step
    df = indicator_data.change_contributions(release(), weighting.current(), indicator, wave_id)
    iname = labeller(indicator_labels())
    is_composite = (df["component_kind"] == "indicator").any()
    names = iname if is_composite else labeller(item_labels())
    df["component"] = df["component_code"].map(names)
    df["membership_text"] = df["membership"].map(lambda m: t(f"decomp.member.{m}"))
    tones = {
        key: color
        for key, color in zip(
            [t(f"decomp.tone.{k}") for k in ("total", "up", "down", "added", "dropped")],
            TONE_COLORS,
        )
    }
    df["tone"] = [
        t(f"decomp.tone.{m}") if m in ("added", "dropped") else t("decomp.tone.up" if c >= 0 else "decomp.tone.down")
        for m, c in zip(df["membership"], df["contribution"])
    ]
    df["cat"] = [
        f"{c} ({m})" if mem != "kept" else c
        for c, m, mem in zip(df["component"], df["membership_text"], df["membership"])
    ]
    change = float(df["change"].iloc[0]) if len(df) else float("nan")
    total = pd.DataFrame(
        {
            "cat": [t("decomp.total", prev=prev_year, last=year)],
            "value": [change],
            "tone": [t("decomp.tone.total")],
        }
    )
    bars = pd.concat(
        [total, df.assign(value=df["contribution"])[["cat", "value", "tone"]]],
        ignore_index=True,
    )
    bars["lbl"] = bars["value"].map(lambda v: fmt(v, "contribution"))
    table = df.rename(
        columns={
            "previous_component_value": f"score_{prev_year}",
            "component_value": f"score_{year}",
            "membership_text": "membership",
            "membership": "membership_code",
        }
    )
    return Figure(
        key="change_contributions",
        title=t(
            "decomp.title_composite" if is_composite else "decomp.title",
            indicator=iname(indicator),
            prev=prev_year,
            last=year,
        ),
        spec=vl.hbar(
            bars,
            kind="contribution",
            value_title=t("axis.contribution"),
            cat_title="",
            zero_rule=0.0,
            tones=tones,
        ),
        table=table[
            [
                "component",
                "component_code",
                "membership",
                f"score_{prev_year}",
                f"score_{year}",
                "contribution",
                "change",
            ]
        ],
        fieldwork=meta.describe([prev_wave, wave_id]),
        source=meta.source_note([prev_wave, wave_id]),
        notes=[t("decomp.note_composite" if is_composite else "decomp.note")],
    )
