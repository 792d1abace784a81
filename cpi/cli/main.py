"""``cpi``: build, releases, rollback, validate, docs, demo-data, app, report.

Expected failures (``CpiError``) print their message and exit with the error's code (2 =
validation, 1 = other, 130 = interrupted); anything unexpected prints one line and the log file.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer

from cpi import settings
from cpi.cli import ops as cli_ops
from cpi.cli.console import console, print_build_summary, print_headline, print_reports
from cpi.cli.report_command import report as report_command
from cpi.cli.support import (
    handle_errors,
    interrupt_signals,
    setup_logging,
    user_log,
)
from cpi.errors import CpiError, ValidationFailed

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="China Perception Index warehouse: build, releases, rollback, validate, docs, demo-data, app.",
)


@app.callback()
def _before_any_command() -> None:
    """Runs before every command: no analytics calls home (GX, dbt), settings read once."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    settings.current()


OutOption = Annotated[Path, typer.Option(help="warehouse folder (releases, pointer, logs)")]


class Engine(str, Enum):
    """``cpi build --engine`` (cpi.build.pipeline.ENGINES)."""

    duckdb = "duckdb"
    spark = "spark"


@app.command()
@handle_errors
def build(
    raw: Annotated[Path, typer.Option(help="folder with one sub-folder per wave")] = Path("data/raw"),
    out: OutOption = Path("warehouse"),
    keep: Annotated[int, typer.Option(min=1, help="releases (and their work files, logs) to keep")] = 5,
    force: Annotated[bool, typer.Option("--force", help="rebuild even when nothing changed")] = False,
    on_failure: Annotated[
        str | None,
        typer.Option(
            envvar="CPI_ON_FAILURE",
            help="shell command run when the build fails or is interrupted (message on stdin and in $CPI_MESSAGE)",
        ),
    ] = None,
    storage_version: Annotated[
        str,
        typer.Option(help="DuckDB on-disk format for the release ('latest' = DuckDB 2.0 only)"),
    ] = "",
    engine: Annotated[
        Engine,
        typer.Option(
            envvar="CPI_ENGINE",
            help="what builds the marts: duckdb, or spark (needs `make "
            "setup-spark` and Java 17; docs/scale-out.md); the release is the same",
        ),
    ] = Engine.duckdb,
    report: Annotated[
        bool,
        typer.Option(
            "--report/--no-report",
            envvar="CPI_REPORT",
            help="write the report (PDF, HTML; every language) into the release before publishing it",
        ),
    ] = True,
    spark_shared: Annotated[
        str | None,
        typer.Option(
            envvar="CPI_SPARK_SHARED",
            help="engine spark on a cluster: a folder or URI every node "
            "reads and writes (raw store copy, Spark warehouse); docs/scale-out.md",
        ),
    ] = None,
    allow_outside_raw: Annotated[
        bool,
        typer.Option(
            "--allow-outside-raw",
            help="read wave folders and data files that resolve outside --raw "
            "(symlinks, '..' or absolute wave.file); refused by default",
        ),
    ] = False,
) -> None:
    """Build a release from the raw waves and publish it; a no-op when nothing changed."""
    from cpi.build import run as build_mod
    from cpi.cli.console import RichReporter
    from cpi.publish.pointer import new_build_id

    build_id = new_build_id()
    setup_logging(build_mod.log_file(out, build_id))
    version = storage_version or settings.current().storage_version
    console.print(
        f"[bold]cpi build[/] {build_id}  raw={raw}  out={out}"
        + (f"  engine={engine.value}" if engine is not Engine.duckdb else "")
    )
    with interrupt_signals(), console.status("starting") as status:
        reporter = RichReporter(status)
        try:
            result = build_mod.run_build(
                raw,
                out,
                keep=keep,
                build_id=build_id,
                reporter=reporter,
                force=force,
                on_failure=on_failure,
                storage_version=None if version == "latest" else version,
                engine=engine.value,
                allow_outside_raw=allow_outside_raw,
                reports=report,
                spark_shared=spark_shared,
            )
        finally:
            status.stop()
    if result.outcome == "skipped":
        return  # the reporter printed why
    console.print(
        f"validated: {', '.join(r.wave_id for r in result.reports)}"
        + (f" (unchanged, from the raw store: {', '.join(result.cached_waves)})" if result.cached_waves else "")
    )
    print_build_summary(result)
    print_headline(result.headline)


@app.command()
@handle_errors
def validate(
    paths: Annotated[list[Path], typer.Argument(help="wave folders, data files or raw folders")],
) -> None:
    """Run the validation gate only; exit 0 when every wave passes, 2 otherwise."""
    from cpi.ingest.gate import validate_wave
    from cpi.ingest.sources import sources_for_paths

    setup_logging(user_log("validate"))
    from cpi.ingest.wave_set import check_wave_set

    sources = sources_for_paths(paths)
    check_wave_set(sources)  # one annual wave per year, as the build checks it
    reports = [validate_wave(source, population=True) for source in sources]
    print_reports([r for r in reports if r.ok])
    if not all(r.ok for r in reports):
        raise ValidationFailed(reports)  # the handler prints the failed reports
    console.print(f"[green]all {len(reports)} wave(s) passed[/]")


@app.command()
@handle_errors
def docs(
    out: OutOption = Path("warehouse"),
    port: Annotated[int, typer.Option(help="port for dbt docs serve")] = 8080,
    generate_only: Annotated[bool, typer.Option("--generate-only", help="do not serve")] = False,
    docs_dir: Annotated[Path | None, typer.Option(help="where to write the site")] = None,
) -> None:
    """dbt docs for the published release (generated from a copy; the release is never written)."""
    from cpi.publish.dbt_docs import generate_docs, serve_docs

    setup_logging(Path(out) / "logs" / "docs.log")
    target = docs_dir or Path(out) / "docs"
    with console.status("dbt docs generate"):
        generate_docs(Path(out), target)
    console.print(f"[green]docs written to {target}[/]")
    if not generate_only:
        console.print(f"serving on http://localhost:{port} (Ctrl+C to stop)")
        sys.exit(serve_docs(target, port))


def _register_tools() -> None:
    """Commands of the tools beside the pipeline (``demo-data``, ``bench``), found by entry point.

    They live in their own packages (``cpi_demo``, ``cpi_bench``), which import ``cpi``; declaring
    them in pyproject.toml (group ``cpi.commands``) instead of importing them keeps ``cpi`` free of
    a cycle with its own tools.
    """
    for entry in sorted(entry_points(group="cpi.commands"), key=lambda e: e.name):
        app.command(entry.name)(entry.load())


_register_tools()
app.command("report")(handle_errors(report_command))


@app.command("app")
@handle_errors
def run_app(
    port: Annotated[int, typer.Option(help="port for the dashboard")] = 8501,
    address: Annotated[
        str,
        typer.Option(
            help="interface to listen on: 127.0.0.1 = this machine only; 0.0.0.0 = every "
            "network interface (anyone who can reach the machine sees the dashboard)"
        ),
    ] = "127.0.0.1",
    warehouse: Annotated[
        Path | None,
        typer.Option(envvar="CPI_WAREHOUSE", help="published release to read (default: warehouse/cpi.duckdb)"),
    ] = None,
) -> None:
    """Start the Streamlit dashboard on the published release (read-only)."""
    import streamlit_app
    from release_data.connection import open_release
    from release_data.errors import NotARelease, ReleaseUnavailable
    from streamlit_app.settings import warehouse_path

    try:  # a file that is not a published release is refused before anything listens
        open_release(warehouse or warehouse_path())
    except NotARelease as exc:
        raise CpiError(str(exc)) from exc
    except ReleaseUnavailable:
        pass  # nothing published yet: the dashboard says so and picks the release up when it comes
    setup_logging(user_log("app"))
    os.environ["STREAMLIT_SERVER_ADDRESS"] = address  # streamlit reads its options from the env
    scope = "this machine only" if address in ("127.0.0.1", "localhost", "::1") else "the network"
    console.print(f"dashboard on http://{address}:{port} (listening on {address}: {scope})")
    streamlit_app.launch(port=port, warehouse=warehouse)


app.command()(cli_ops.releases)
app.command()(cli_ops.rollback)
app.command()(cli_ops.verify)
app.command()(cli_ops.diff)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
