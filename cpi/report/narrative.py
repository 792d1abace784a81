"""Sentence rules: the few sentences that open each chapter, written from the release's numbers.

Each rule picks numbers from a mart (through the context) and a sentence template from the
catalogue (``report.s.*`` keys in presentation/locales/<lang>/LC_MESSAGES/report.po). Words
that judge a number come from thresholds here, never from the template:

* a score's level: LEVELS (−1…+1 scale);
* a change is "unchanged" when the mart says it is not significant (its 95 % interval holds 0),
  whatever its size; otherwise it "rose" / "fell" by its magnitude, with the interval and p;
* a group gap is named only when the integral table marks it influential (the test adjusted by the
  release's method, Holm or Benjamini–Hochberg: presentation.p_values.adjusted_p).
"""

from __future__ import annotations

import pandas as pd

from cpi.report.context import Context
from cpi.report.tables import latest
from presentation.p_values import adjusted_p

# lower bounds of the level words on the −1…+1 score scale, highest first
NOT_A_COUNTRY = ("other", "none", "dont_know")  # answer options that name no country
LEVELS = ((0.5, "very_positive"), (0.2, "positive"), (-0.2, "neutral"), (-0.5, "negative"))


def level(ctx: Context, value: float) -> str:
    for bound, name in LEVELS:
        if value >= bound:
            return ctx.t(f"report.level.{name}")
    return ctx.t("report.level.very_negative")


def change(ctx: Context, what: str, row: pd.Series, kind: str = "score") -> str:
    """One sentence on a change between two waves (a mart row of *_changes)."""
    values = {
        "what": what,
        "year": int(row["year"]),
        "previous_year": int(row["previous_year"]),
        "value": ctx.f(row["value"] if "value" in row else row["score"], kind),
        "previous_value": ctx.f(row["previous_value"] if "previous_value" in row else row["previous_score"], kind),
        "by": ctx.fa(row["change"], "points"),
        "low": ctx.f(row["ci_low"], "points"),
        "high": ctx.f(row["ci_high"], "points"),
        "p": ctx.f(row["p_value"], "p"),
    }
    if not bool(row["is_significant"]):
        return ctx.t("report.s.unchanged", **values)
    return ctx.t("report.s.rose" if float(row["change"]) > 0 else "report.s.fell", **values)


def indicator_levels(ctx: Context) -> list[str]:
    df = latest(ctx.read("indicators")).set_index("indicator_code")
    out = []
    for code in [c for c in ctx.order("indicator") if c in df.index]:
        r = df.loc[code]
        if pd.isna(r["value"]):  # not computed (incomplete items): no sentence, the table says —
            continue
        out.append(
            ctx.t(
                "report.s.level",
                what=ctx.label("indicator", code),
                year=int(r["year"]),
                value=ctx.f(r["value"], "score"),
                level=level(ctx, float(r["value"])),
                low=ctx.f(r["ci_low"], "score"),
                high=ctx.f(r["ci_high"], "score"),
            )
        )
    return out


def item_extremes(ctx: Context, indicator: str) -> list[str]:
    df = latest(ctx.read("item_scores"), indicator_code=indicator).dropna(subset=["score"])
    df = df.sort_values("score", kind="stable")
    if df.empty:
        return []
    top, bottom = df.iloc[-1], df.iloc[0]
    return [
        ctx.t(
            "report.s.extremes",
            indicator=ctx.label("indicator", indicator),
            top=ctx.label("item", top["item_code"]),
            top_value=ctx.f(top["score"], "score"),
            bottom=ctx.label("item", bottom["item_code"]),
            bottom_value=ctx.f(bottom["score"], "score"),
        )
    ]


def indicator_changes(ctx: Context) -> list[str]:
    df = ctx.read("indicator_changes")
    df = df[df["year"] == ctx.year].set_index("indicator_code")
    return [change(ctx, ctx.label("indicator", c), df.loc[c]) for c in ctx.order("indicator") if c in df.index]


def main_driver(ctx: Context) -> list[str]:
    df = ctx.read("change_contributions")
    df = df[(df["year"] == ctx.year) & (df["indicator_code"] == "composite")]
    if df.empty:
        return []
    r = df.loc[df["contribution"].abs().idxmax()]
    return [
        ctx.t(
            "report.s.driver",
            what=ctx.label("indicator", r["component_code"]),
            contribution=ctx.f(r["contribution"], "contribution"),
            change=ctx.f(r["change"], "points"),
            previous_year=int(r["previous_year"]),
            year=int(r["year"]),
        )
    ]


def group_gaps(ctx: Context) -> list[str]:
    df = latest(ctx.read("factor_differences"))
    df = df[(df["indicator_code"] == "composite") & df["difference"].notna()]
    df = df.assign(p_adjusted=adjusted_p(df))
    out = []
    for r in df[df["is_influential"].astype(bool)].sort_values("difference", key=abs, ascending=False).itertuples():
        out.append(
            ctx.t(
                "report.s.gap",
                factor=ctx.label("factor", r.factor),
                high=ctx.label("group", r.factor, r.high_group),
                high_value=ctx.f(r.high_value, "score"),
                low=ctx.label("group", r.factor, r.low_group),
                low_value=ctx.f(r.low_value, "score"),
                difference=ctx.f(r.difference, "points"),
                p=ctx.f(r.p_adjusted, "p"),
            )
        )
    quiet = [ctx.label("factor", f) for f in df.loc[~df["is_influential"].astype(bool), "factor"]]
    if quiet:
        out.append(ctx.t("report.s.no_gap", factors=", ".join(quiet)))
    return out


def top_source(ctx: Context) -> list[str]:
    df = latest(ctx.read("information_sources"))
    funnel = latest(ctx.read("information_funnel")).sort_values("level_order")
    out = []
    if not df.empty:
        r = df.iloc[0]
        out.append(
            ctx.t(
                "report.s.top_source",
                source=ctx.label("option", "information_sources", r["source_code"]),
                value=ctx.f(r["pct_users"], "share"),
                year=int(r["year"]),
            )
        )
    if not funnel.empty:
        first, last = funnel.iloc[0], funnel.iloc[-1]
        out.append(
            ctx.t(
                "report.s.funnel",
                first=ctx.label("funnel", first["level_code"]),
                first_value=ctx.f(first["pct"], "share"),
                last=ctx.label("funnel", last["level_code"]),
                last_value=ctx.f(last["pct"], "share"),
            )
        )
    return out


def region_extremes(ctx: Context) -> list[str]:
    df = latest(ctx.read("indicators_by_region"), geo_level="macro_region", indicator_code="composite")
    df = df.dropna(subset=["value"])
    if df.empty:
        return []
    df = df.sort_values("value", kind="stable")
    hi, lo = df.iloc[-1], df.iloc[0]
    return [
        ctx.t(
            "report.s.regions",
            high=ctx.label("macro_region", hi["geo_code"]),
            high_value=ctx.f(hi["value"], "score"),
            low=ctx.label("macro_region", lo["geo_code"]),
            low_value=ctx.f(lo["value"], "score"),
            year=int(hi["year"]),
        )
    ]


def friends(ctx: Context) -> list[str]:
    df = latest(ctx.read("multi_response"), question_code="friendly_countries")
    df = df[~df["option_code"].isin(NOT_A_COUNTRY)]
    out = []
    if not df.empty:
        r = df.iloc[0]
        out.append(
            ctx.t(
                "report.s.friend",
                country=ctx.label("option", "friendly_countries", r["option_code"]),
                value=ctx.f(r["pct"], "share"),
                year=int(r["year"]),
            )
        )
    lab = latest(ctx.read("answer_distribution", "labour_statement", "total"))
    lab = lab[lab["answer_code"] == "agree"].sort_values("pct", kind="stable")
    if not lab.empty:
        r = lab.iloc[-1]
        out.append(
            ctx.t(
                "report.s.labour",
                statement=ctx.label("option", "labour_statement", r["subject"]),
                value=ctx.f(r["pct"], "share"),
            )
        )
    return out


def significant_items(ctx: Context) -> pd.DataFrame:
    df = ctx.read("item_score_changes")
    return df[(df["year"] == ctx.year) & df["is_significant"].astype(bool)].sort_values("change", kind="stable")


INTROS = {
    "information": [top_source],
    "baseline": [indicator_levels, lambda ctx: item_extremes(ctx, "economic")],
    "dynamics": [indicator_changes, main_driver],
    "factors": [group_gaps],
    "regions": [region_extremes],
    "positioning": [friends],
}


def intro(ctx: Context, chapter: str) -> list[str]:
    return [s for rule in INTROS.get(chapter, []) for s in rule(ctx)]
