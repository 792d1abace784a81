"""Revisions of earlier waves: indicator values of waves both releases hold that moved."""

from __future__ import annotations

import duckdb

from cpi.report.context import Context
from release_data import report_reads as reads

PRINTED = 0.005  # a revision smaller than half the printed last digit (+0.00) is not one


def revisions(ctx: Context, previous: duckdb.DuckDBPyConnection) -> list[str]:
    now = ctx.read("indicators")
    before = reads.indicators(previous, ctx.weighting)
    both = now.merge(before, on=["wave_id", "indicator_code"], suffixes=("", "_before"))
    moved = both[(both["value"] - both["value_before"]).abs() >= PRINTED]
    build = str(reads.build_info(previous).get("build_id", ""))
    if moved.empty:
        return [ctx.t("report.s.no_revisions_since", release=build)]
    return [
        ctx.t(
            "report.s.revision",
            what=ctx.label("indicator", r.indicator_code),
            year=int(r.year),
            before=ctx.f(r.value_before, "score"),
            value=ctx.f(r.value, "score"),
            release=build,
        )
        for r in moved.itertuples()
    ]
