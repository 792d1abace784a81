"""``cpi bench``: the command (registered by ``cpi.cli.main``; the work happens in ``cpi_bench.run``)."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

log = logging.getLogger(__name__)
DEFAULT_ROOT = Path(".bench")


def _ints(text: str, option: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter(
            f"'{text}' is not a comma list of whole numbers (e.g. 1,10,100)", param_hint=option
        ) from None
    if not values or any(v < 1 for v in values):
        raise typer.BadParameter(f"'{text}': give at least one factor, each 1 or more", param_hint=option)
    return values


class Engine(StrEnum):
    """``cpi bench --engine`` (the build's ``--engine``)."""

    duckdb = "duckdb"
    spark = "spark"


def _runs(text: str | None, engine: str) -> tuple[str, ...]:
    """The builds per scenario; ``None``: the engine's default (``cpi_bench.run.DEFAULT_RUNS``)."""
    from cpi_bench.run import DEFAULT_RUNS, RUN_KINDS

    if text is None:
        return DEFAULT_RUNS[engine]
    runs = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [r for r in runs if r not in RUN_KINDS]
    if unknown or "cold" not in runs:
        raise typer.BadParameter(
            f"'{text}': choose from {', '.join(RUN_KINDS)} (cold is required)", param_hint="--runs"
        )
    if "forced_after_add" in runs and "add_wave" not in runs:
        raise typer.BadParameter(
            f"'{text}': forced_after_add checks the add_wave build, add add_wave too", param_hint="--runs"
        )
    return runs


def _spark_cluster() -> dict[str, str | None]:
    """The master and shared storage the spark builds will use (from CPI_SPARK_MASTER /
    CPI_SPARK_SHARED), checked before anything is generated or built."""
    from cpi.engines.spark.settings import SparkCluster

    cluster = SparkCluster.current()
    cluster.check()
    return cluster.components()


def bench(
    scale: Annotated[
        str, typer.Option(help="factors for the 2023 wave's respondents (1 = the demo data)")
    ] = "1,10,100,1000",
    monthly: Annotated[int, typer.Option(min=0, help="scenario with this many extra monthly waves (0 = none)")] = 36,
    repeat: Annotated[int, typer.Option(min=1, help="runs per measurement; the tables show the median")] = 1,
    out: Annotated[
        Path, typer.Option(help="work folder: raw folders, warehouses (deleted after use), logs")
    ] = DEFAULT_ROOT / "runs",
    json_path: Annotated[Path, typer.Option("--json", help="where to write the results (JSON)")] = DEFAULT_ROOT
    / "results"
    / "bench.json",
    markdown: Annotated[Path | None, typer.Option(help="also write the tables here (default: beside the JSON)")] = None,
    cache: Annotated[Path, typer.Option(help="generated waves, made once and reused")] = DEFAULT_ROOT / "cache",
    runs: Annotated[
        str | None,
        typer.Option(
            help="builds per scenario: cold, unchanged, add_wave, forced_after_add (add_wave's inputs "
            "built forced into a fresh folder, its marts compared bit for bit); default: all four "
            "(duckdb), cold,unchanged (spark)",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(
            help="what builds the marts (cpi build --engine); spark takes its master and shared storage "
            "from CPI_SPARK_MASTER / CPI_SPARK_SHARED (docs/benchmarks.md)"
        ),
    ] = Engine.duckdb,
    memory_limit_gb: Annotated[
        float, typer.Option(help="stop a run whose processes exceed this (0 = 80% of RAM)")
    ] = 0.0,
    keep_warehouses: Annotated[bool, typer.Option(help="keep each scenario's warehouse folder")] = False,
    note: Annotated[str, typer.Option(help="free text stored with the results (e.g. 'idle machine')")] = "",
) -> None:
    """Benchmark the build on scaled synthetic waves against a DuckDB floor and a pandas script."""
    import psutil

    from cpi_bench.report import markdown as render
    from cpi_bench.run import BenchOptions, identity_failures, run_bench, write_json
    from cpi_bench.scenarios import DEMO_RAW, SCALED_WAVE

    if not (DEMO_RAW / SCALED_WAVE / "codebook.yml").is_file():
        typer.secho(
            f"error: {DEMO_RAW} has no demo waves to scale (cpi_2023_12 is needed). Fix: run `cpi demo-data`.",
            err=True,
            fg="red",
        )
        raise typer.Exit(1)
    from cpi.errors import CpiError

    try:
        spark = _spark_cluster() if engine is Engine.spark else None
    except CpiError as exc:
        typer.secho(f"error: {exc}", err=True, fg="red")
        raise typer.Exit(1) from None
    limit = int(memory_limit_gb * 1e9) if memory_limit_gb > 0 else int(psutil.virtual_memory().total * 0.8)
    opts = BenchOptions(
        scales=_ints(scale, "--scale"),
        monthly=monthly,
        repeat=repeat,
        runs=_runs(runs, engine.value),
        work=out,
        cache=cache,
        memory_limit=limit,
        keep_warehouses=keep_warehouses,
        note=note,
        engine=engine.value,
        spark=spark,
    )
    _log_to(json_path.with_suffix(".log"))
    try:
        record = run_bench(opts, say=lambda text: typer.echo(text))
    except RuntimeError as exc:
        typer.secho(f"error: {exc}", err=True, fg="red")
        raise typer.Exit(1) from None
    write_json(record, json_path)
    text = render(record)
    md_path = markdown or json_path.with_suffix(".md")
    md_path.write_text(text, encoding="utf-8")
    typer.echo("\n" + text)
    typer.echo(f"results: {json_path} and {md_path}")
    disagree = [s["name"] for s in record["scenarios"] if not s["agreement"]["agree"]]
    if disagree:
        typer.secho(
            f"the computations disagree in {', '.join(disagree)}: see 'agreement' in {json_path}", err=True, fg="red"
        )
    differ = identity_failures(record)
    if differ:
        typer.secho(
            f"add_wave != forced in {', '.join(differ)}: the incremental release's marts differ from a forced "
            f"build of the same inputs; see 'add_wave_identity' in {json_path}",
            err=True,
            fg="red",
        )
    if disagree or differ:
        raise typer.Exit(1)


def _log_to(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
