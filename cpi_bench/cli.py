"""``cpi bench``: the command (registered by ``cpi.cli.main``; the work happens in ``cpi_bench.run``)."""

from __future__ import annotations

import logging
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


def _runs(text: str) -> tuple[str, ...]:
    from cpi_bench.run import RUN_KINDS

    runs = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [r for r in runs if r not in RUN_KINDS]
    if unknown or "cold" not in runs:
        raise typer.BadParameter(
            f"'{text}': choose from {', '.join(RUN_KINDS)} (cold is required)", param_hint="--runs"
        )
    return runs


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
        str, typer.Option(help="builds per scenario: cold, unchanged, add_wave")
    ] = "cold,unchanged,add_wave",
    memory_limit_gb: Annotated[
        float, typer.Option(help="stop a run whose processes exceed this (0 = 80% of RAM)")
    ] = 0.0,
    keep_warehouses: Annotated[bool, typer.Option(help="keep each scenario's warehouse folder")] = False,
    note: Annotated[str, typer.Option(help="free text stored with the results (e.g. 'idle machine')")] = "",
) -> None:
    """Benchmark the build on scaled synthetic waves against a DuckDB floor and a pandas script."""
    import psutil

    from cpi_bench.report import markdown as render
    from cpi_bench.run import BenchOptions, run_bench, write_json
    from cpi_bench.scenarios import DEMO_RAW, SCALED_WAVE

    if not (DEMO_RAW / SCALED_WAVE / "codebook.yml").is_file():
        typer.secho(
            f"error: {DEMO_RAW} has no demo waves to scale (cpi_2023_12 is needed). Fix: run `cpi demo-data`.",
            err=True,
            fg="red",
        )
        raise typer.Exit(1)
    limit = int(memory_limit_gb * 1e9) if memory_limit_gb > 0 else int(psutil.virtual_memory().total * 0.8)
    opts = BenchOptions(
        scales=_ints(scale, "--scale"),
        monthly=monthly,
        repeat=repeat,
        runs=_runs(runs),
        work=out,
        cache=cache,
        memory_limit=limit,
        keep_warehouses=keep_warehouses,
        note=note,
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
        raise typer.Exit(1)


def _log_to(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
