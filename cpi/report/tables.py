"""The report's tables: each builder reads the release (through the context) and returns a
typeset-ready :class:`Table` of formatted cells. Every number is a mart's value as printed."""

from __future__ import annotations

import pandas as pd

from cpi.report.blocks import Table
from cpi.report.context import Context
from presentation.p_values import adjusted_p


def latest(df: pd.DataFrame, **where: object) -> pd.DataFrame:
    """Rows of the latest surveyed year that has data (interpolated years never count)."""
    for col, value in where.items():
        df = df[df[col] == value]
    if "is_interpolated" in df.columns:
        df = df[~df["is_interpolated"].astype(bool)]
    if df.empty:
        return df
    if "wave_id" in df.columns and "fieldwork_end" in df.columns:  # two waves in a year: the later
        return df[df["wave_id"] == df.loc[df["fieldwork_end"].idxmax(), "wave_id"]]
    return df[df["year"] == df["year"].max()]


def _table(ctx: Context, number: int, columns: list[str], rows: list[list[str]], note: str = "") -> Table:
    return Table(number, ctx.t(f"report.table.{number}"), columns, rows, note)


def _year_note(ctx: Context, df: pd.DataFrame, base: str = "n_base") -> str:
    if df.empty:
        return ctx.t("report.no_data")
    year = int(df["year"].max())
    parts = [ctx.t("report.note.year", year=year)]
    if base in df.columns:
        parts.append(ctx.t("report.note.base", n=ctx.f(df[base].max(), "count")))
    return " ".join(parts)


def sources(ctx: Context, number: int) -> Table:
    df = latest(ctx.read("information_sources"))
    rows = [
        [
            ctx.label("option", "information_sources", r.source_code),
            ctx.f(r.pct_users, "share"),
            f"{ctx.f(r.ci_low, 'share')} … {ctx.f(r.ci_high, 'share')}",
        ]
        for r in df.itertuples()
    ]
    cols = [ctx.t("report.col.source"), ctx.t("report.col.pct_users"), ctx.t("report.col.ci")]
    return _table(ctx, number, cols, rows, _year_note(ctx, df))


def _ratio_table(ctx: Context, number: int, column: str, header: str) -> Table:
    df = latest(ctx.read("information_sources")).sort_values(column, ascending=False, kind="stable")
    rows = [
        [ctx.label("option", "information_sources", r.source_code), ctx.f(getattr(r, column), "ratio")]
        for r in df.itertuples()
    ]
    return _table(ctx, number, [ctx.t("report.col.source"), ctx.t(header)], rows, _year_note(ctx, df))


def sources_often(ctx: Context, number: int) -> Table:
    return _ratio_table(ctx, number, "ratio_often_to_rarely", "report.col.ratio_often")


def sources_tone(ctx: Context, number: int) -> Table:
    return _ratio_table(ctx, number, "ratio_positive_to_negative", "report.col.ratio_tone")


def indicator_overview(ctx: Context, number: int) -> Table:
    df = latest(ctx.read("indicators"))
    order = ctx.order("indicator")
    df = df.set_index("indicator_code").reindex([c for c in order if c in set(df["indicator_code"])])
    rows = [
        [
            ctx.label("indicator", code),
            ctx.t(f"report.indicator_about.{code}"),
            ctx.f(r["n_items"], "count"),
            ctx.f(r["value"], "score"),
            f"{ctx.f(r['ci_low'], 'score')} … {ctx.f(r['ci_high'], 'score')}",
        ]
        for code, r in df.iterrows()
    ]
    cols = [
        ctx.t("report.col.indicator"),
        ctx.t("report.col.description"),
        ctx.t("report.col.n_items"),
        ctx.t("report.col.value"),
        ctx.t("report.col.ci"),
    ]
    return _table(ctx, number, cols, rows, _year_note(ctx, df.reset_index(), "n_respondents"))


def _items(ctx: Context, indicator: str) -> pd.DataFrame:
    return latest(ctx.read("item_scores"), indicator_code=indicator)


def item_answers(ctx: Context, number: int, indicator: str) -> Table:
    df = _items(ctx, indicator).sort_values("pct_positive", ascending=False, kind="stable")
    rows = [
        [
            ctx.label("item", r.item_code),
            ctx.f(r.pct_positive, "share"),
            ctx.f(r.pct_neutral, "share"),
            ctx.f(r.pct_negative, "share"),
            ctx.f(r.score, "score"),
        ]
        for r in df.itertuples()
    ]
    cols = [
        ctx.t("report.col.item"),
        ctx.t("report.col.positive"),
        ctx.t("report.col.neutral"),
        ctx.t("report.col.negative"),
        ctx.t("report.col.score"),
    ]
    return _table(ctx, number, cols, rows, _year_note(ctx, df, "n_valid"))


def item_ratios(ctx: Context, number: int, indicator: str) -> Table:
    df = _items(ctx, indicator).sort_values("rank_by_ratio", kind="stable")
    rows = [
        [ctx.label("item", r.item_code), ctx.f(r.ratio, "ratio"), ctx.f(r.rank_by_ratio, "rank")]
        for r in df.itertuples()
    ]
    cols = [ctx.t("report.col.item"), ctx.t("report.col.ratio"), ctx.t("report.col.rank")]
    return _table(ctx, number, cols, rows, _year_note(ctx, df, "n_valid"))


def options_table(ctx: Context, number: int, question: str) -> Table:
    df = latest(ctx.read("multi_response"), question_code=question)
    rows = [[ctx.label("option", question, r.option_code), ctx.f(r.pct, "share")] for r in df.itertuples()]
    return _table(ctx, number, [ctx.t("report.col.answer"), ctx.t("report.col.pct")], rows, _year_note(ctx, df))


def project_attitude(ctx: Context, number: int) -> Table:
    df = latest(ctx.read("projects"))
    wide = df.pivot_table(index="project_code", columns="measure_code", values="pct", aggfunc="first")
    measures = [m for m in ("aware", "approve", "neutral", "disapprove", "unsure") if m in wide.columns]
    rows = [
        [ctx.label("option", "project_awareness", code), *(ctx.f(wide.loc[code, m], "share") for m in measures)]
        for code in ctx.order("option")
        if code in wide.index
    ]
    cols = [ctx.t("report.col.project"), *(ctx.t(f"report.col.project_{m}") for m in measures)]
    return _table(ctx, number, cols, rows, _year_note(ctx, df))


def item_trends(ctx: Context, number: int, indicator: str) -> Table:
    df = ctx.read("item_scores")
    df = df[(df["indicator_code"] == indicator) & ~df["is_interpolated"].astype(bool)]
    years = sorted(int(y) for y in df["year"].unique())
    wide = df.pivot_table(index="item_code", columns="year", values="score", aggfunc="first")
    last = wide[years[-1]].sort_values(ascending=False, na_position="last").index if years else []
    rows = [[ctx.label("item", code), *(ctx.f(wide.loc[code, y], "score") for y in years)] for code in last]
    return _table(ctx, number, [ctx.t("report.col.item"), *(str(y) for y in years)], rows, ctx.t("report.note.scores"))


def item_ranks(ctx: Context, number: int, indicator: str) -> Table:
    df = ctx.read("item_scores")
    df = df[(df["indicator_code"] == indicator) & ~df["is_interpolated"].astype(bool)]
    years = sorted(int(y) for y in df["year"].unique())
    wide = df.pivot_table(index="item_code", columns="year", values="rank_by_positive", aggfunc="first")
    order = wide[years[-1]].sort_values(na_position="last").index if years else []
    rows = [[ctx.label("item", code), *(ctx.f(wide.loc[code, y], "rank") for y in years)] for code in order]
    return _table(ctx, number, [ctx.t("report.col.item"), *(str(y) for y in years)], rows, ctx.t("report.note.ranks"))


def _groups(ctx: Context, factor: str, present: set) -> list:
    return [g for g in ctx.order("group", factor) if g in present]


def items_by_group(ctx: Context, number: int, factor: str, indicator: str) -> Table:
    df = latest(ctx.read("item_scores_by_group"), factor=factor, indicator_code=indicator)
    groups = _groups(ctx, factor, set(df["group_code"]))
    wide = df.pivot_table(index="item_code", columns="group_code", values="score", aggfunc="first")
    rows = [[ctx.label("item", code), *(ctx.f(wide.loc[code].get(g), "score") for g in groups)] for code in wide.index]
    cols = [ctx.t("report.col.item"), *(ctx.label("group", factor, g) for g in groups)]
    return _table(ctx, number, cols, rows, _year_note(ctx, df) + " " + ctx.t("report.note.scores"))


def indicators_by_group(ctx: Context, number: int, factor: str) -> Table:
    df = latest(ctx.read("indicators_by_group"), factor=factor)
    groups = _groups(ctx, factor, set(df["group_code"]))
    wide = df.pivot_table(index="indicator_code", columns="group_code", values="value", aggfunc="first")
    codes = [c for c in ctx.order("indicator") if c in wide.index]
    rows = [[ctx.label("indicator", c), *(ctx.f(wide.loc[c].get(g), "score") for g in groups)] for c in codes]
    cols = [ctx.t("report.col.indicator"), *(ctx.label("group", factor, g) for g in groups)]
    return _table(ctx, number, cols, rows, _year_note(ctx, df))


def integral(ctx: Context, number: int) -> Table:
    df = latest(ctx.read("factor_differences"))
    df = df.assign(p_adjusted=adjusted_p(df))
    factors = [f for f in ctx.order("factor") if f in set(df["factor"])]
    rows = []
    for fac in factors:
        part = df[df["factor"] == fac].set_index("indicator_code")
        for code in [c for c in ctx.order("indicator") if c in part.index]:
            r = part.loc[code]
            rows.append(
                [
                    ctx.label("factor", fac),
                    ctx.label("indicator", code),
                    ctx.f(r["difference"], "points"),
                    ctx.f(r["p_adjusted"], "p"),
                    ctx.t("report.yes") if bool(r["is_influential"]) else "—",
                ]
            )
    cols = [
        ctx.t("report.col.factor"),
        ctx.t("report.col.indicator"),
        ctx.t("report.col.difference"),
        ctx.t("report.col.p_adjusted"),
        ctx.t("report.col.influential"),
    ]
    return _table(ctx, number, cols, rows, _year_note(ctx, df) + " " + ctx.t("report.note.integral"))


def friendly_pairs(ctx: Context, number: int) -> Table:
    df = latest(ctx.read("friendly_pairs"))
    df = df[df["is_top3"].astype(bool)]
    rows = [
        [
            ctx.label("option", "friendly_countries", r.chosen),
            ctx.label("option", "friendly_countries", r.also_chosen),
            ctx.f(r.conditional_pct, "share"),
            ctx.f(r.rank_within_chosen, "rank"),
        ]
        for r in df.itertuples()
    ]
    cols = [
        ctx.t("report.col.chosen"),
        ctx.t("report.col.also_chosen"),
        ctx.t("report.col.pct"),
        ctx.t("report.col.rank"),
    ]
    return _table(ctx, number, cols, rows, _year_note(ctx, df) + " " + ctx.t("report.note.pairs"))


def friendly_links(ctx: Context, number: int) -> Table:
    df = latest(ctx.read("friendly_links"))
    rows = [
        [
            ctx.label("option", "friendly_countries", r.country_code),
            ctx.f(r.links_two_way, "count"),
            ctx.f(r.links_one_way, "count"),
            ctx.f(r.links_total, "count"),
        ]
        for r in df.itertuples()
    ]
    cols = [
        ctx.t("report.col.country"),
        ctx.t("report.col.two_way"),
        ctx.t("report.col.one_way"),
        ctx.t("report.col.total"),
    ]
    return _table(ctx, number, cols, rows, _year_note(ctx, df))


BUILDERS = {
    name: fn
    for name, fn in globals().items()
    if callable(fn)
    and getattr(fn, "__module__", "") == __name__
    and not name.startswith("_")
    and name not in {"latest"}
}
