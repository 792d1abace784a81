"""The report's figures: data from the release (through the context), drawn by the dashboard's
own chart definitions (:mod:`presentation.vl`, ``vl_lines``, ``vl_graphs``, ``maps``)."""

from __future__ import annotations

import pandas as pd

from cpi.report.blocks import Figure
from cpi.report.context import Context
from cpi.report.tables import latest
from presentation import maps, vl, vl_graphs, vl_lines


def _figure(ctx: Context, number: int | None, spec: dict, key: str | None = None) -> Figure:
    title = ctx.t(key or f"report.figure.{number}")
    return Figure(number, title, spec)


def _bars(ctx: Context, cats: list[str], values: list[float], kind: str, lows=None, highs=None) -> pd.DataFrame:
    df = pd.DataFrame({"cat": cats, "value": values})
    df["lbl"] = [ctx.f(v, kind) for v in values]
    if lows is not None and highs is not None:
        df["ci_low"], df["ci_high"] = list(lows), list(highs)
    return df


def _hbar(ctx: Context, df: pd.DataFrame, kind: str, value_key: str, cat_key: str) -> dict:
    return vl.hbar(df, kind=kind, value_title=ctx.t(value_key), cat_title=ctx.t(cat_key))


def sources_bars(ctx: Context, number: int) -> Figure:
    df = latest(ctx.read("information_sources"))
    cats = [ctx.label("option", "information_sources", c) for c in df["source_code"]]
    data = _bars(ctx, cats, list(df["pct_users"]), "share", df["ci_low"], df["ci_high"])
    return _figure(ctx, number, _hbar(ctx, data, "share", "report.col.pct_users", "report.col.source"))


def funnel(ctx: Context, number: int) -> Figure:
    df = latest(ctx.read("information_funnel")).sort_values("level_order")
    cats = [ctx.label("funnel", c) for c in df["level_code"]]
    data = _bars(ctx, cats, list(df["pct"]), "share")
    spec = vl.funnel(data, value_title=ctx.t("report.col.pct"), cat_title="")
    return _figure(ctx, number, spec)


def options_bars(ctx: Context, number: int, question: str) -> Figure:
    df = latest(ctx.read("multi_response"), question_code=question)
    cats = [ctx.label("option", question, c) for c in df["option_code"]]
    data = _bars(ctx, cats, list(df["pct"]), "share", df["ci_low"], df["ci_high"])
    return _figure(ctx, number, _hbar(ctx, data, "share", "report.col.pct", "report.col.answer"))


def item_bars(ctx: Context, number: int, indicator: str) -> Figure:
    df = latest(ctx.read("item_scores"), indicator_code=indicator).sort_values("score", ascending=False)
    cats = [ctx.label("item", c) for c in df["item_code"]]
    data = _bars(ctx, cats, list(df["score"]), "score", df["ci_low"], df["ci_high"])
    return _figure(ctx, number, _hbar(ctx, data, "score", "report.col.score", "report.col.item"))


def items_by_region_heatmap(ctx: Context, number: int, indicator: str) -> Figure:
    df = latest(ctx.read("item_scores_by_group"), factor="macro_region", indicator_code=indicator)
    data = pd.DataFrame(
        {
            "x": [ctx.label("group", "macro_region", g) for g in df["group_code"]],
            "cat": [ctx.label("item", c) for c in df["item_code"]],
            "value": df["pct_positive"].to_numpy(),
        }
    )
    data["lbl"] = [ctx.f(v, "share") for v in data["value"]]
    spec = vl.heatmap(
        data,
        kind="share",
        x_title=ctx.t("report.col.macro_region"),
        y_title=ctx.t("report.col.item"),
        value_title=ctx.t("report.col.positive"),
    )
    return _figure(ctx, number, spec)


def project_awareness(ctx: Context, number: int) -> Figure:
    df = latest(ctx.read("projects"))
    df = df[df["measure_code"] == "aware"].sort_values("pct", ascending=False)
    cats = [ctx.label("option", "project_awareness", c) for c in df["project_code"]]
    data = _bars(ctx, cats, list(df["pct"]), "share", df["ci_low"], df["ci_high"])
    return _figure(ctx, number, _hbar(ctx, data, "share", "report.col.project_aware", "report.col.project"))


def _map(ctx: Context, df: pd.DataFrame, codes: str, kind: str, value_key: str) -> dict:
    data = pd.DataFrame(
        {
            "geo_code": df[codes].to_numpy(),
            "name": [ctx.label("macro_region", c) for c in df[codes]],
            "value": df["value"].to_numpy(),
        }
    )
    data["lbl"] = [ctx.f(v, kind) for v in data["value"]]
    return maps.choropleth(
        data, level="macro_region", kind=kind, value_title=ctx.t(value_key), name_title=ctx.t("report.col.macro_region")
    )


def _question_by_region(ctx: Context, question: str, answer: str, subject: str = "") -> pd.DataFrame:
    df = latest(ctx.read("answer_distribution", question, "macro_region"))
    df = df[(df["answer_code"] == answer) & (df["subject"].fillna("") == subject)]
    return df.rename(columns={"pct": "value"})


def project_map(ctx: Context, number: int, project: str) -> Figure:
    df = _question_by_region(ctx, "project_attitude", "approve", project)
    return _figure(ctx, number, _map(ctx, df, "group_code", "share", "report.col.project_approve"))


def question_map(ctx: Context, number: int | None, question: str, answer: str) -> Figure:
    df = _question_by_region(ctx, question, answer)
    spec = _map(ctx, df, "group_code", "share", "report.col.pct")
    return _figure(ctx, number, spec, None if number else f"report.map.{question}")


def indicator_map(ctx: Context, number: int, indicator: str) -> Figure:
    df = latest(ctx.read("indicators_by_region"), geo_level="macro_region", indicator_code=indicator)
    return _figure(ctx, number, _map(ctx, df, "geo_code", "score", "report.col.value"))


def macro_region_map(ctx: Context, number: int) -> Figure:
    codes = ctx.order("macro_region")
    data = pd.DataFrame({"geo_code": codes, "name": [ctx.label("macro_region", c) for c in codes]})
    data["value"], data["cluster"], data["lbl"] = 0.0, data["name"], ""
    spec = maps.choropleth(
        data, level="macro_region", kind="category", value_title="", name_title=ctx.t("report.col.macro_region")
    )
    return _figure(ctx, number, spec)


def cluster_map(ctx: Context, number: int) -> Figure:
    df = latest(ctx.read("region_clusters"))
    level = 3  # the cut the 2023 report reads (clusters of regions at the third level)
    data = pd.DataFrame(
        {
            "geo_code": df["region_code"].to_numpy(),
            "name": [ctx.label("region", c) for c in df["region_code"]],
            "cluster": df[f"cluster_level_{level}"].astype(str).to_numpy(),
            "value": 0.0,
        }
    )
    data["lbl"] = data["cluster"]
    spec = maps.choropleth(
        data,
        level="region",
        kind="cluster",
        value_title=ctx.t("report.col.cluster"),
        name_title=ctx.t("report.col.region"),
    )
    return _figure(ctx, number, spec)


def _trend(ctx: Context, df: pd.DataFrame, kind: str, series: pd.Series | None = None) -> pd.DataFrame:
    data = pd.DataFrame(
        {
            "year": df["year"].astype(int).to_numpy(),
            "value": df["value"].to_numpy(),
            "interp": df["is_interpolated"].astype(bool).to_numpy() if "is_interpolated" in df else False,
        }
    )
    data["lbl"] = [ctx.f(v, kind) for v in data["value"]]
    if series is not None:
        data["series"] = series.to_numpy()
    return data


def indicator_trend(ctx: Context, number: int, indicator: str) -> Figure:
    df = ctx.read("indicators")
    df = df[df["indicator_code"] == indicator]
    spec = vl_lines.lines(_trend(ctx, df, "score"), y_title=ctx.t("report.col.value"))
    return _figure(ctx, number, spec)


def indicators_trend(ctx: Context, number: int) -> Figure:
    df = ctx.read("indicators")
    df = df[df["indicator_code"] != "composite"]
    series = df["indicator_code"].map(lambda c: ctx.label("indicator", c))
    spec = vl_lines.lines(
        _trend(ctx, df, "score", series), y_title=ctx.t("report.col.value"), series_title=ctx.t("report.col.indicator")
    )
    return _figure(ctx, number, spec)


def attitude_trend_by_group(ctx: Context, number: int, factor: str) -> Figure:
    df = ctx.read("item_scores_by_group")
    df = df[(df["factor"] == factor) & (df["item_code"] == "gen_attitude")].rename(columns={"pct_positive": "value"})
    series = df["group_code"].map(lambda g: ctx.label("group", factor, g))
    spec = vl_lines.lines(
        _trend(ctx, df, "share", series),
        y_title=ctx.t("report.col.positive"),
        kind="share",
        series_title=ctx.label("factor", factor),
    )
    return _figure(ctx, number, spec)


def project_trend(ctx: Context, number: int, project: str) -> Figure:
    df = ctx.read("projects")
    df = df[(df["project_code"] == project) & (df["measure_code"] == "approve")].rename(columns={"pct": "value"})
    spec = vl_lines.lines(_trend(ctx, df, "share"), y_title=ctx.t("report.col.project_approve"), kind="share")
    return _figure(ctx, number, spec)


def change_structure(ctx: Context, number: int) -> Figure:
    df = ctx.read("change_contributions")
    df = df[(df["indicator_code"] == "composite") & (df["year"] == ctx.year)]
    cats = [ctx.label("indicator", c) for c in df["component_code"]]
    data = _bars(ctx, cats, list(df["contribution"]), "contribution")
    spec = vl.hbar(
        data,
        kind="contribution",
        value_title=ctx.t("report.col.contribution"),
        cat_title=ctx.t("report.col.indicator"),
        zero_rule=0.0,
    )
    return _figure(ctx, number, spec)


def attitude_by_group(ctx: Context, number: int, factor: str) -> Figure:
    df = latest(ctx.read("item_scores_by_group"), factor=factor, item_code="gen_attitude")
    df = df.set_index("group_code").reindex([g for g in ctx.order("group", factor) if g in set(df["group_code"])])
    cats = [ctx.label("group", factor, g) for g in df.index]
    data = _bars(ctx, cats, list(df["pct_positive"]), "share")
    return _figure(ctx, number, _hbar(ctx, data, "share", "report.col.positive", "report.col.group"))


def threat_by_group(ctx: Context, number: int, factor: str) -> Figure:
    df = latest(ctx.read("answer_distribution", "china_threat", factor))
    df = df[df["answer_code"] == "yes"].set_index("group_code")
    df = df.reindex([g for g in ctx.order("group", factor) if g in df.index])
    cats = [ctx.label("group", factor, g) for g in df.index]
    data = _bars(ctx, cats, list(df["pct"]), "share", df["ci_low"], df["ci_high"])
    return _figure(ctx, number, _hbar(ctx, data, "share", "report.col.threat_yes", "report.col.group"))


def language_vs_ethnicity(ctx: Context, number: int, group: str) -> Figure:
    df = ctx.read("indicators_by_group")
    df = df[(df["year"] == ctx.year) & (df["group_code"] == group) & df["factor"].isin(["home_language", "ethnicity"])]
    data = pd.DataFrame(
        {
            "cat": [ctx.label("indicator", c) for c in df["indicator_code"]],
            "group": [f"{ctx.label('factor', f)}: {ctx.label('group', f, group)}" for f in df["factor"]],
            "value": df["value"].to_numpy(),
        }
    )
    data["lbl"] = [ctx.f(v, "score") for v in data["value"]]
    spec = vl.dots(
        data,
        kind="score",
        value_title=ctx.t("report.col.value"),
        cat_title=ctx.t("report.col.indicator"),
        group_title=ctx.t("report.col.group"),
        groups=list(dict.fromkeys(data["group"])),
    )
    return _figure(ctx, number, spec)


def friendly_network(ctx: Context, number: int) -> Figure:
    pairs = latest(ctx.read("friendly_pairs"))
    top = pairs[pairs["is_top3"].astype(bool)]
    keys = set(zip(top["chosen"], top["also_chosen"]))
    edges = pd.DataFrame(
        [
            {"source": a, "target": b, "two_way": (b, a) in keys, "tip": ""}
            for a, b in sorted(keys)
            if not ((b, a) in keys and b < a)
        ],
        columns=["source", "target", "two_way", "tip"],
    )
    codes = sorted(set(pairs["chosen"]) | set(pairs["also_chosen"]))
    nodes = pd.DataFrame(
        {"code": codes, "name": [ctx.label("option", "friendly_countries", c) for c in codes], "tip": ""}
    )
    spec = vl_graphs.network(
        nodes,
        edges,
        two_way=ctx.t("report.col.two_way"),
        one_way=ctx.t("report.col.one_way"),
        link_title=ctx.t("report.col.links"),
        node_title=ctx.t("report.col.country"),
    )
    return _figure(ctx, number, spec)


def labour_statements(ctx: Context, number: int) -> Figure:
    df = latest(ctx.read("answer_distribution", "labour_statement", "total"))
    df = df[df["answer_code"] == "agree"]
    cats = [ctx.label("option", "labour_statement", s) for s in df["subject"]]
    data = _bars(ctx, cats, list(df["pct"]), "share", df["ci_low"], df["ci_high"])
    return _figure(ctx, number, _hbar(ctx, data, "share", "report.col.agree", "report.col.statement"))


def sample_regions(ctx: Context, number: int) -> Figure:
    df = latest(ctx.read("sample_profile"), factor="region").sort_values("pct", ascending=False)
    cats = [ctx.label("region", c) for c in df["group_code"]]
    data = _bars(ctx, cats, list(df["pct"]), "share")
    return _figure(ctx, number, _hbar(ctx, data, "share", "report.col.pct", "report.col.region"))


def sample_profile(ctx: Context, number: int, factors: str) -> Figure:
    df = latest(ctx.read("sample_profile"))
    parts = []
    for fac in factors.split("|"):
        sub = df[df["factor"] == fac].set_index("group_code")
        sub = sub.reindex([g for g in ctx.order("group", fac) if g in sub.index])
        parts.append(
            pd.DataFrame(
                {
                    "panel": ctx.label("factor", fac),
                    "cat": [ctx.label("group", fac, g) for g in sub.index],
                    "value": sub["pct"].to_numpy(),
                    "lbl": [ctx.f(v, "share") for v in sub["pct"]],
                }
            )
        )
    spec = vl.panel_bars(pd.concat(parts, ignore_index=True), value_title=ctx.t("report.col.pct"))
    return _figure(ctx, number, spec)


BUILDERS = {
    name: fn
    for name, fn in globals().items()
    if callable(fn) and getattr(fn, "__module__", "") == __name__ and not name.startswith("_")
}
