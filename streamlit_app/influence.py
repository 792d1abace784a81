"""Which factor shapes which indicator (report Table 36) from ``fct_factor_differences_v2``: the
extreme-group gaps with their intervals and the adjusted test, the integral table with the
warehouse's marks, and how those marks agree with the ones printed in the report.

The printed marks are reference data copied from the report (``assets/report_table36.csv``, the
24 cells of Table 36; tested against ``reference/published_tables.csv``): no mart holds them.
"""

from __future__ import annotations

import pandas as pd

from presentation import vl
from presentation.p_values import adjusted_p
from release_data import groups as group_data
from streamlit_app import uncertainty
from streamlit_app.common import INDICATORS
from streamlit_app.db import release
from streamlit_app.figure import Figure
from streamlit_app.formats import fmt
from streamlit_app.i18n import t
from streamlit_app.labels import factor_labels, group_labels, indicator_labels, labeller
from streamlit_app.settings import ASSETS

PRINTED = ASSETS / "report_table36.csv"
AGREEMENT_TONES = ("both", "report_only", "warehouse_only", "neither")
# rows of the integral table in the report's order, the factors it does not print after them
FACTOR_ORDER = (
    "age_group",
    "welfare",
    "ethnicity",
    "home_language",
    "education",
    "settlement",
    "gender",
    "marital_status",
)
AGREEMENT_COLORS = ("#1a9850", "#fdae61", "#74add1", "#f0f0f0")


def differences(wave_id: str, weighting: str) -> pd.DataFrame:
    """The wave's tested factor × indicator cells (geography is descriptive: no test)."""
    df = group_data.factor_differences(release(), wave_id, weighting)
    method = str(df["adjustment_method"].iloc[0]) if len(df) else "holm"
    df["p_adjusted"] = adjusted_p(df)
    rank = {f: k for k, f in enumerate(FACTOR_ORDER)}
    df = df.sort_values(
        ["factor", "indicator_code"],
        key=lambda s: s.map(lambda v: rank.get(v, len(rank))) if s.name == "factor" else s,
    ).reset_index(drop=True)
    df.attrs["method"] = method
    return df


def method_name(df: pd.DataFrame) -> str:
    return t(f"adjust.{df.attrs.get('method', 'holm')}")


def gaps_figure(df: pd.DataFrame, factor: str, *, year: int, furniture: dict) -> Figure:
    """Extreme-group difference per indicator with its 95 % interval; pale when the factor's
    groups do not differ significantly after the multiple-comparison adjustment."""
    gname = labeller(group_labels(factor))
    iname = labeller(indicator_labels())
    rank = {c: k for k, c in enumerate(INDICATORS)}
    one = df[df["factor"] == factor].sort_values("indicator_code", key=lambda s: s.map(rank))
    one = one.assign(
        indicator=one["indicator_code"].map(iname),
        high_group=one["high_group"].map(gname),
        low_group=one["low_group"].map(gname),
        test=t("test.kruskal_wallis_epsilon_squared"),
        influential=one["is_influential"].map(lambda f: "✓" if f else ""),
        ptext=one["p_adjusted"].map(lambda v: fmt(v, "p")),
        sig=one["p_adjusted"] < 0.05,
        ci_low=one["difference_ci_low"],
        ci_high=one["difference_ci_high"],
    )
    one = uncertainty.with_interval(one, "points")
    bars = one.assign(cat=one["indicator"], value=one["difference"])
    bars["lbl"] = bars["value"].map(lambda v: fmt(v, "points"))
    pair = f"{one['high_group'].iloc[0]} − {one['low_group'].iloc[0]}" if len(one) else ""
    n_tests = len(df)
    return Figure(
        key="group_differences",
        title=t("factors.differences", pair=pair, year=year),
        spec=vl.hbar(
            bars,
            kind="points",
            value_title=t("axis.difference"),
            cat_title="",
            zero_rule=0.0,
            tooltip=[
                uncertainty.tip("ci.tip"),
                ("ptext", t("p.adjusted", method=method_name(df))),
                ("influential", t("col.influential")),
            ],
        ),
        table=one.rename(columns={"ci_low": "difference_low", "ci_high": "difference_high"})[
            [
                "indicator",
                "indicator_code",
                "high_group",
                "low_group",
                "difference",
                "difference_low",
                "difference_high",
                "test",
                "statistic_value",
                "p_value",
                "p_adjusted",
                "influential",
            ]
        ],
        **furniture,
        notes=[t("factors.differences_note_v2", method=method_name(df), n=n_tests)],
    )


def integral_figure(df: pd.DataFrame, *, year: int, furniture: dict) -> Figure:
    """Table 36: factor × indicator, the extreme-group difference printed, ✓ = the warehouse's
    rule says the factor is influential."""
    fname = labeller(factor_labels())
    iname = labeller(indicator_labels())
    grid = df.assign(
        x=df["indicator_code"].map(iname),
        cat=df["factor"].map(fname),
        value=df["difference"],
        bold=df["is_influential"].astype(bool),
    )
    grid["lbl"] = [("✓ " if f else "") + fmt(d, "points") for f, d in zip(grid["is_influential"], grid["difference"])]
    grid["ptext"] = grid["p_adjusted"].map(lambda v: fmt(v, "p"))
    grid["eps"] = grid["statistic_value"].map(lambda v: fmt(v, "p"))
    return Figure(
        key="integral_table",
        report="Table 36",
        title=t("factors.integral", year=year),
        spec=vl.heatmap(
            grid,
            kind="points",
            x_title="",
            y_title="",
            value_title=t("axis.difference"),
            x_order=[iname(c) for c in INDICATORS if c in set(grid["indicator_code"])],
            scheme="redblue",
            tooltip=[
                ("eps", t("col.effect")),
                ("ptext", t("p.adjusted", method=method_name(df))),
            ],
        ),
        table=grid.assign(factor=grid["cat"], indicator=grid["x"], influential=grid["lbl"])[
            [
                "factor",
                "indicator",
                "difference",
                "statistic_value",
                "p_value",
                "p_adjusted",
                "influential",
            ]
        ],
        **furniture,
        notes=[t("factors.rule", method=method_name(df), n=len(df))],
    )


def printed_marks() -> pd.DataFrame:
    df = pd.read_csv(PRINTED, dtype={"factor": str, "indicator_code": str})
    return df.assign(printed=df["printed_mark"].astype(int) == 1)


def agreement_figure(df: pd.DataFrame, *, year: int, furniture: dict) -> Figure | None:
    """The report's printed marks against the warehouse's, cell by cell, with the agreement."""
    printed = printed_marks()
    printed = printed[printed["year"] == year]
    if printed.empty:
        return None
    cells = printed.merge(df, on=["factor", "indicator_code"], how="inner")
    if cells.empty:
        return None
    fname = labeller(factor_labels())
    iname = labeller(indicator_labels())
    ours = cells["is_influential"].astype(bool)
    theirs = cells["printed"]
    tone_code = [
        "both" if a and b else "report_only" if b else "warehouse_only" if a else "neither"
        for a, b in zip(ours, theirs)
    ]
    tones = {t(f"agree.{k}"): c for k, c in zip(AGREEMENT_TONES, AGREEMENT_COLORS)}
    cells = cells.assign(
        x=cells["indicator_code"].map(iname),
        cat=cells["factor"].map(fname),
        value=cells["difference"],
        tone=[t(f"agree.{k}") for k in tone_code],
        printed_text=[t("yes") if b else "" for b in theirs],
        ours_text=[t("yes") if a else "" for a in ours],
    )
    cells["lbl"] = [(("+" if b else "·") + " / " + ("✓" if a else "·")) for a, b in zip(ours, theirs)]
    agree = int((ours == theirs).sum())
    total = len(cells)
    return Figure(
        key="integral_agreement",
        report="Table 36",
        title=t("agree.title", year=year, agree=agree, total=total),
        spec=vl.heatmap(
            cells,
            kind="points",
            x_title="",
            y_title="",
            value_title=t("agree.legend"),
            x_order=[iname(c) for c in INDICATORS if c in set(cells["indicator_code"])],
            tones=tones,
            tooltip=[
                ("printed_text", t("agree.printed")),
                ("ours_text", t("agree.ours")),
            ],
        ),
        table=cells.assign(factor=cells["cat"], indicator=cells["x"])[
            ["factor", "indicator", "printed_text", "ours_text", "tone"]
        ].rename(
            columns={
                "printed_text": "printed_mark",
                "ours_text": "warehouse_mark",
                "tone": "agreement",
            }
        ),
        **furniture,
        notes=[
            t(
                "agree.note",
                agree=agree,
                total=total,
                pct=fmt(100 * agree / total, "share"),
            )
        ],
    )
