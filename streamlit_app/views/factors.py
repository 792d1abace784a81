"""Factors: attitudes, threat, indicators and questions by social group; group differences and the
integral table; language vs ethnicity (report Figures 19–25, Tables 15–36)."""

from __future__ import annotations

import streamlit as st

from presentation import vl
from release_data import groups as group_data
from streamlit_app import influence, meta, state, thresholds, uncertainty, weighting
from streamlit_app.answers import answers_by_group
from streamlit_app.common import (
    INDICATORS,
    pick_factor,
    pick_indicator,
    pick_wave,
    with_labels,
)
from streamlit_app.db import release
from streamlit_app.figure import Figure, show
from streamlit_app.formats import fmt, fmt_count
from streamlit_app.i18n import t
from streamlit_app.labels import (
    factor_labels,
    group_labels,
    group_order,
    indicator_labels,
    item_labels,
    labeller,
)

FIGURE_OF_FACTOR = {
    "age_group": "Figure 19",
    "welfare": "Figure 20",
    "ethnicity": "Figure 21",
    "home_language": "Figure 22",
}
TABLES = {  # factor -> (indicators table, {indicator: items table})
    "age_group": (
        "Table 18",
        {"geopolitical": "Table 15", "economic": "Table 16", "cultural": "Table 17"},
    ),
    "welfare": (
        "Table 22",
        {"economic": "Table 19", "geopolitical": "Table 20", "cultural": "Table 21"},
    ),
    "ethnicity": (
        "Table 26",
        {"geopolitical": "Table 23", "economic": "Table 24", "cultural": "Table 25"},
    ),
    "home_language": (
        "Table 30",
        {"geopolitical": "Table 27", "economic": "Table 28", "cultural": "Table 29"},
    ),
    "education": ("Table 31", {}),
    "settlement": (
        "Table 35",
        {"geopolitical": "Table 32", "economic": "Table 33", "cultural": "Table 34"},
    ),
}

st.title(t("page.factors"))
left, mid, right = st.columns([2, 2, 2])
wave = pick_wave("fct_indicators_by_group_v2", widget_where=left)
if wave is None:
    st.stop()
year, w = wave.year, weighting.current()
factors = group_data.social_factors(release(), wave.wave_id)["factor"].tolist()
fname = labeller(factor_labels())
with mid:
    factor = pick_factor(factors, default="age_group")
with right:
    code = pick_indicator(default="geopolitical")
gname = labeller(group_labels(factor))
order = group_order(factor)
iname = labeller(indicator_labels())
items_name = item_labels()
furniture = {
    "fieldwork": meta.describe([wave.wave_id]),
    "source": meta.source_note([wave.wave_id]),
}
ind_table, item_tables = TABLES.get(factor, (None, {}))

for key, question, report in (
    ("attitude_by_group", "gen_attitude", FIGURE_OF_FACTOR.get(factor)),
    (
        "threat_by_group",
        "china_threat",
        "Figure 23" if factor == "home_language" else None,
    ),
):
    fig = answers_by_group(
        wave_id=wave.wave_id,
        question=question,
        factor=factor,
        key=key,
        report=report,
        title=t(f"factors.{key}", factor=fname(factor).lower(), year=year),
        **furniture,
    )
    if fig is not None:
        show(fig)

groups = group_data.indicators_by_group(release(), wave.wave_id, w, factor)
missing_n = groups.loc[groups["group_code"] == "missing", "n_respondents"].max()
groups = groups[groups["group_code"] != "missing"]
rank = {g: k for k, g in enumerate(order)}
ind_rank = {c: k for k, c in enumerate(INDICATORS)}
groups = groups.sort_values(
    ["indicator_code", "group_code"],
    key=lambda s: s.map(ind_rank if s.name == "indicator_code" else rank),
)
groups["group"] = [f"{gname(g)} (n = {fmt_count(n)})" for g, n in zip(groups["group_code"], groups["n_respondents"])]
groups["indicator"] = groups["indicator_code"].map(iname)
groups["small"] = groups["is_small_base"].astype(bool)
groups["ntext"] = groups["n_respondents"].map(fmt_count)
groups = uncertainty.with_interval(groups, "score")
dots = with_labels(groups.assign(cat=groups["indicator"]), "value", "score")
missing = [t("group.missing_note", n=fmt_count(missing_n))] if missing_n > 0 else []
show(
    Figure(
        key="indicators_by_group",
        report=ind_table,
        title=t("factors.indicators", factor=fname(factor).lower(), year=year),
        spec=vl.dots(
            dots,
            kind="score",
            value_title=t("axis.score"),
            cat_title="",
            group_title=fname(factor),
            groups=list(dict.fromkeys(dots["group"])),
            tooltip=[("ntext", t("base")), *uncertainty.tips()],
        ),
        table=groups[
            [
                "indicator",
                "indicator_code",
                "group",
                "group_code",
                "value",
                "ci_low",
                "ci_high",
                "n_respondents",
                "n_effective",
                "is_small_base",
            ]
        ],
        **furniture,
        notes=[t("note.intervals.bootstrap_groups")]
        + ([thresholds.text("small.base")] if groups["small"].any() else [])
        + missing,
    )
)

items = group_data.item_scores_by_group(release(), wave.wave_id, w, factor, code)
items["item"] = items["item_code"].map(items_name)
items = items.sort_values(
    ["item_code", "group_code"],
    key=lambda s: s.map(rank) if s.name == "group_code" else s,
)
items["group"] = items["group_code"].map(gname)
items["small"] = items["is_small_base"].astype(bool)
items["ntext"] = items["n_valid"].map(fmt_count)
items["scoretext"] = items["score"].map(lambda v: fmt(v, "score"))
items = uncertainty.with_interval(items, "score")
cells = with_labels(
    items.assign(cat=items["item"], x=items["group"], value=items["pct_positive"]),
    "value",
    "share",
)
show(
    Figure(
        key="items_by_group",
        report=item_tables.get(code),
        title=t(
            "factors.items",
            indicator=iname(code),
            factor=fname(factor).lower(),
            year=year,
        ),
        spec=vl.heatmap(
            cells,
            kind="share",
            x_title=fname(factor),
            y_title="",
            value_title=t("axis.pct_positive"),
            x_order=[gname(g) for g in order if g in set(items["group_code"])],
            tooltip=[
                ("ntext", t("base")),
                ("scoretext", t("col.score")),
                ("citext", t("ci.score_tip")),
            ],
        ),
        table=items[
            [
                "item",
                "item_code",
                "group",
                "group_code",
                "pct_positive",
                "pct_neutral",
                "pct_negative",
                "score",
                "ci_low",
                "ci_high",
                "n_valid",
                "is_small_base",
            ]
        ],
        **furniture,
        notes=[thresholds.text("small.base")] if items["small"].any() else [],
    )
)

diff = influence.differences(wave.wave_id, w)
if not diff.empty:
    if factor in set(diff["factor"]):
        show(influence.gaps_figure(diff, factor, year=year, furniture=furniture))
    show(influence.integral_figure(diff, year=year, furniture=furniture))
    agreement = influence.agreement_figure(diff, year=year, furniture=furniture)
    if agreement is not None:
        show(agreement)

st.subheader(t("factors.language_vs_ethnicity"))
pair = str(
    state.choice(
        "pair",
        ["kazakh", "russian"],
        label=t("factors.pair"),
        format_func={p: t(f"factors.pair.{p}") for p in ("kazakh", "russian")}.get,
        widget="radio",
    )
)
both = group_data.item_scores_by_language_and_ethnicity(release(), wave.wave_id, w, code, pair)
wide = both.pivot(index="item_code", columns="factor", values="pct_positive").dropna()
if not wide.empty and {"home_language", "ethnicity"} <= set(wide.columns):
    wide = wide.reset_index()
    wide["diff_pct"] = wide["home_language"] - wide["ethnicity"]
    wide["item"] = wide["item_code"].map(items_name)
    wide = wide.sort_values("diff_pct", ascending=False)
    bars = with_labels(wide.assign(cat=wide["item"], value=wide["diff_pct"]), "value", "pp")
    ns = both.groupby("factor")["n_valid"].max()
    show(
        Figure(
            key=f"language_vs_ethnicity_{pair}",
            report="Figure 24" if pair == "kazakh" else "Figure 25",
            title=t(f"factors.pair_title.{pair}", indicator=iname(code), year=year),
            spec=vl.hbar(
                bars,
                kind="pp",
                value_title=t("axis.diff_pct"),
                cat_title="",
                zero_rule=0.0,
            ),
            table=wide.rename(columns={"home_language": "pct_language", "ethnicity": "pct_ethnicity"})[
                ["item", "item_code", "pct_language", "pct_ethnicity", "diff_pct"]
            ],
            base=t(
                "factors.pair_base",
                a=fmt_count(ns.get("home_language", 0)),
                b=fmt_count(ns.get("ethnicity", 0)),
            ),
            **furniture,
            notes=[t("factors.pair_note")],
        )
    )
else:
    st.info(t("no.data"))
