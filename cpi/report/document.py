"""The report's structure: title page, about the study, what changed, the 2023 report's chapters
in order (presentation/report_contents.csv), annex. Everything from the release alone."""

from __future__ import annotations

import csv
import dataclasses
import logging
from pathlib import Path

import pandas as pd
from babel.dates import format_date

from cpi.report import figures, narrative, tables
from cpi.report.blocks import Document, Figure, Heading, Para, Table
from cpi.report.context import Context
from presentation.i18n import HERE as PRESENTATION
from presentation.report_refs import row_key

log = logging.getLogger(__name__)
CONTENTS = PRESENTATION / "report_contents.csv"
CHAPTERS = ("information", "baseline", "dynamics", "factors", "regions", "positioning")


def contents(path: Path = CONTENTS) -> list[dict[str, str]]:
    """The report's tables and figures in order: chapter, kind, number, builder, params."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _params(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(";") if part)


def artefact(ctx: Context, row: dict[str, str]) -> Table | Figure:
    """The table or figure of a contents row, keyed by its place in the contents (the anchor the
    dashboard links to)."""
    return dataclasses.replace(_artefact(ctx, row), key=row_key(row))


def _artefact(ctx: Context, row: dict[str, str]) -> Table | Figure:
    """The table or figure of a contents row; when the release lacks its data (a partial
    questionnaire, a monthly omnibus) its caption stays, with "no data in this release"."""
    registry = tables.BUILDERS if row["kind"] == "table" else figures.BUILDERS
    number = int(row["number"]) if row["number"] else None
    try:
        made = registry[row["builder"]](ctx, number, **_params(row["params"]))
    except (KeyError, IndexError, ValueError) as exc:
        log.warning(
            "report %s %s (%s): no data in this release (%s: %s)",
            row["kind"],
            number,
            row["builder"],
            type(exc).__name__,
            exc,
        )
        made = None
    if isinstance(made, Table) and made.rows:
        return made
    if isinstance(made, Figure) and _has_data(made.spec):
        return made
    title = ctx.t(f"report.{row['kind']}.{number}") if number else (made.title if made else row["builder"])
    if row["kind"] == "table":
        return Table(number, title, [], [], ctx.t("report.no_data"))
    return Figure(number, title, {}, ctx.t("report.no_data"))


def _has_data(spec: dict) -> bool:
    values = spec.get("data", {}).get("values") if isinstance(spec.get("data"), dict) else None
    return bool(spec) and (values is None or len(values) > 0)


def _date(ctx: Context, value: object) -> str:
    return format_date(pd.Timestamp(value).date(), format="long", locale=ctx.lang)


def _about(ctx: Context) -> list:
    waves = ctx.waves
    annual = ctx.annual_waves
    annual = annual[annual["year"].isin(ctx.annual_years)]
    rows = [
        [
            str(r.wave_id),
            str(int(r.year)),
            f"{_date(ctx, r.fieldwork_start)} – {_date(ctx, r.fieldwork_end)}",
            ctx.f(r.n_respondents, "count"),
        ]
        for r in waves.itertuples()
    ]
    blocks: list = [Heading(ctx.t("report.chapter.about")), Heading(ctx.t("report.section.sample"), 2)]
    blocks.append(
        Para(
            ctx.t(
                "report.s.sample",
                years=", ".join(str(y) for y in ctx.annual_years),
                year=ctx.year,
                n=ctx.f(annual["n_respondents"].iloc[-1], "count"),
            )
        )
    )
    blocks.append(
        Table(
            None,
            ctx.t("report.waves"),
            [ctx.t("report.col.wave"), ctx.t("report.col.year"), ctx.t("report.col.fieldwork"), ctx.t("report.col.n")],
            rows,
        )
    )
    blocks.append(Heading(ctx.t("report.section.weighting"), 2))
    blocks.append(Para(ctx.t(f"report.weighting.{ctx.weighting}"), generated=False))
    ws = ctx.read("weighting_summary")
    blocks.append(
        Table(
            None,
            ctx.t("report.weights"),
            [
                ctx.t("report.col.wave"),
                ctx.t("report.col.n"),
                ctx.t("report.col.n_effective"),
                ctx.t("report.col.efficiency"),
            ],
            [
                [
                    str(r.wave_id),
                    ctx.f(r.n_respondents, "count"),
                    ctx.f(r.n_effective, "count"),
                    ctx.f(r.weighting_efficiency, "ratio"),
                ]
                for r in ws.itertuples()
            ],
        )
    )
    blocks.append(Heading(ctx.t("report.section.methods"), 2))
    blocks.append(Para(ctx.t("report.methods"), generated=False))
    blocks.append(Heading(ctx.t("report.section.methodology_changes"), 2))
    ind = ctx.read("indicators")
    counts = ind[~ind["is_interpolated"].astype(bool)].pivot_table(
        index="year", columns="indicator_code", values="n_items", aggfunc="first"
    )
    codes = [c for c in ctx.order("indicator") if c in counts.columns]
    blocks.append(
        Table(
            None,
            ctx.t("report.membership"),
            [ctx.t("report.col.year"), *(ctx.label("indicator", c) for c in codes)],
            [[str(int(y)), *(ctx.f(counts.loc[y, c], "count") for c in codes)] for y in counts.index],
        )
    )
    interpolated = sorted({int(y) for y in ind.loc[ind["is_interpolated"].astype(bool), "year"]})
    years = ", ".join(map(str, interpolated)) or "—"  # the years come from the data
    blocks.append(Para(ctx.t("report.methodology_note", years=years), generated=False))
    return blocks


def _changes(ctx: Context, revisions: list[str]) -> list:
    blocks: list = [Heading(ctx.t("report.chapter.changes"))]
    if ctx.previous_year is None:
        return [*blocks, Para(ctx.t("report.s.first_wave"))]
    blocks += [Para(s) for s in narrative.indicator_changes(ctx)]
    items = narrative.significant_items(ctx)
    blocks.append(Para(ctx.t("report.s.items_moved", previous_year=ctx.previous_year, year=ctx.year)))
    blocks.append(
        Table(
            None,
            ctx.t("report.items_moved"),
            [
                ctx.t("report.col.item"),
                str(ctx.previous_year),
                str(ctx.year),
                ctx.t("report.col.change"),
                ctx.t("report.col.ci"),
                ctx.t("report.col.p"),
            ],
            [
                [
                    ctx.label("item", r.item_code),
                    ctx.f(r.previous_score, "score"),
                    ctx.f(r.score, "score"),
                    ctx.f(r.change, "points"),
                    f"{ctx.f(r.ci_low, 'points')} … {ctx.f(r.ci_high, 'points')}",
                    ctx.f(r.p_value, "p"),
                ]
                for r in items.itertuples()
            ],
        )
    )
    blocks.append(Heading(ctx.t("report.section.revisions"), 2))
    blocks += [Para(s) for s in revisions] or [Para(ctx.t("report.s.no_revisions"))]
    return blocks


def _annex(ctx: Context, rows: list[dict[str, str]]) -> list:
    blocks: list = [
        Heading(ctx.t("report.chapter.annex")),
        Heading(ctx.t("report.section.methodology"), 2),
        Para(ctx.t("report.methods_annex"), generated=False),
        Heading(ctx.t("report.section.items"), 2),
    ]
    items = ctx.read_reference("items")
    blocks.append(
        Table(
            None,
            ctx.t("report.item_wordings"),
            [ctx.t("report.col.code"), ctx.t("report.col.indicator"), ctx.t("report.col.wording")],
            [
                [
                    str(r.item_code),
                    ctx.label("indicator", r.indicator_code) if isinstance(r.indicator_code, str) else "—",
                    ctx.label("item", r.item_code),
                ]
                for r in items.itertuples()
            ],
            align="lll",
        )
    )
    blocks.append(Heading(ctx.t("report.section.sample_profile"), 2))
    blocks += [artefact(ctx, row) for row in rows if row["chapter"] == "annex"]
    return blocks


def build(ctx: Context, revisions: list[str] | None = None) -> Document:
    info = ctx.info
    annual = ctx.annual_waves
    wave = annual[annual["year"] == ctx.year].iloc[-1]
    synthetic = bool(ctx.waves["is_synthetic"].any())
    doc = Document(
        lang=ctx.lang,
        title=ctx.t("report.title"),
        subtitle=ctx.t("report.subtitle", year=ctx.year),
        facts=[
            (ctx.t("report.fact.wave"), f"{wave['wave_id']} ({ctx.year})"),
            (
                ctx.t("report.fact.fieldwork"),
                f"{_date(ctx, wave['fieldwork_start'])} – {_date(ctx, wave['fieldwork_end'])}",
            ),
            (ctx.t("report.fact.release"), str(info.get("build_id", ""))),
            (ctx.t("report.fact.built_at"), str(info.get("built_at", ""))[:19]),
            (ctx.t("report.fact.weighting"), ctx.t(f"report.weighting_short.{ctx.weighting}")),
        ],
        warning=ctx.t("report.synthetic") if synthetic else "",
        contents_title=ctx.t("report.contents"),
    )
    rows = contents()
    doc.blocks += _about(ctx)
    doc.blocks += _changes(ctx, revisions or [])
    for chapter in CHAPTERS:
        doc.blocks.append(Heading(ctx.t(f"report.chapter.{chapter}")))
        doc.blocks += [Para(s) for s in narrative.intro(ctx, chapter)]
        doc.blocks += [artefact(ctx, row) for row in rows if row["chapter"] == chapter]
    doc.blocks += _annex(ctx, rows)
    return doc
