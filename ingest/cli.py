"""``cpi``: build, validate, docs, demo-data, app.

Expected failures (``CpiError``) print their message and exit with the error's code (2 =
validation, 1 = other); anything unexpected prints one line and the path of the log file.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from cpi_bench.cli import bench  # benchmark, a tool beside the pipeline
from ingest.console import (
    console,
    err_console,
    print_build_summary,
    print_headline,
    print_reports,
)
from ingest.errors import CpiError, ValidationFailed

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="China Perception Index warehouse: build, validate, docs, demo-data, app.",
)
log = logging.getLogger("ingest.cli")

F = TypeVar("F", bound=Callable[..., Any])
_log_file: Path | None = None


def setup_logging(log_file: Path) -> Path:
    """Everything (DEBUG) to ``log_file``; warnings and errors of our own code to stderr."""
    global _log_file
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_cpi", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.FileHandler(log_file, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler.setLevel(logging.DEBUG)
    file_handler._cpi = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    root.setLevel(logging.DEBUG)
    for noisy in ("great_expectations", "urllib3", "matplotlib", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    _log_file = log_file
    return log_file


def _default_log(command: str) -> Path:
    return Path(tempfile.gettempdir()) / f"cpi-{command}.log"


def handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationFailed as exc:
            print_reports([r for r in exc.reports if not r.ok])
            err_console.print(f"[bold red]validation failed[/]: {len(exc.reports)} wave(s) checked; "
                              "nothing was published.")
            raise typer.Exit(exc.exit_code) from None
        except CpiError as exc:
            log.error("%s", exc)
            err_console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # last line of defence: no tracebacks for users
            log.exception("unexpected error")
            where = f" Details: {_log_file}" if _log_file else ""
            err_console.print(f"[bold red]unexpected error:[/] {type(exc).__name__}: {exc}.{where}",
                              highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@handle_errors
def build(
    raw: Annotated[Path, typer.Option(help="folder with one sub-folder per wave")] = Path("data/raw"),
    out: Annotated[Path, typer.Option(help="warehouse folder (releases, pointer, logs)")] = Path(
        "warehouse"
    ),
    keep: Annotated[int, typer.Option(min=1, help="releases to keep")] = 5,
    storage_version: Annotated[
        str,
        typer.Option(help="DuckDB on-disk format for the release ('latest' = DuckDB 2.0 only)"),
    ] = "",
) -> None:
    """Validate data/raw, build a new release with dbt and publish it atomically."""
    from ingest import build as build_mod
    from ingest.console import RichReporter
    from ingest.publish import new_build_id

    build_id = new_build_id()
    setup_logging(build_mod.build_dir(out, build_id) / "build.log")
    version = storage_version or build_mod.DEFAULT_STORAGE_VERSION
    console.print(f"[bold]cpi build[/] {build_id}  raw={raw}  out={out}")
    with console.status("starting") as status:
        reporter = RichReporter(status)
        try:
            result = build_mod.run_build(
                raw, out, keep=keep, build_id=build_id, reporter=reporter,
                storage_version=None if version == "latest" else version,
            )  # fmt: skip
        finally:
            status.stop()
    reporter.finish()
    console.print(f"validated: {', '.join(r.wave_id for r in result.reports)}")
    print_build_summary(result)
    print_headline(result.headline)


@app.command()
@handle_errors
def validate(
    paths: Annotated[list[Path], typer.Argument(help="wave folders, data files or raw folders")],
) -> None:
    """Run the validation gate only; exit 0 when every wave passes, 2 otherwise."""
    from ingest.gate import validate_wave
    from ingest.sources import sources_for_paths

    setup_logging(_default_log("validate"))
    reports = [validate_wave(source) for source in sources_for_paths(paths)]
    print_reports([r for r in reports if r.ok])
    if not all(r.ok for r in reports):
        raise ValidationFailed(reports)  # the handler prints the failed reports
    console.print(f"[green]all {len(reports)} wave(s) passed[/]")


@app.command()
@handle_errors
def docs(
    out: Annotated[Path, typer.Option(help="warehouse folder")] = Path("warehouse"),
    port: Annotated[int, typer.Option(help="port for dbt docs serve")] = 8080,
    generate_only: Annotated[bool, typer.Option("--generate-only", help="do not serve")] = False,
    docs_dir: Annotated[Path | None, typer.Option(help="where to write the site")] = None,
) -> None:
    """dbt docs for the published release (generated from a copy; the release is never written)."""
    from ingest.dbt_docs import generate_docs, serve_docs

    setup_logging(Path(out) / "logs" / "docs.log")
    target = docs_dir or Path(out) / "docs"
    with console.status("dbt docs generate"):
        generate_docs(Path(out), target)
    console.print(f"[green]docs written to {target}[/]")
    if not generate_only:
        console.print(f"serving on http://localhost:{port} (Ctrl+C to stop)")
        sys.exit(serve_docs(target, port))


@app.command("demo-data")
@handle_errors
def demo_data(
    raw: Annotated[Path, typer.Option(help="where to write the synthetic waves")] = Path("data/raw"),
) -> None:
    """Generate the synthetic demo waves (flagged synthetic in every codebook)."""
    from ingest import demo

    setup_logging(_default_log("demo-data"))
    with console.status("generating synthetic waves"):
        written = demo.generate(raw)
    console.print(f"[green]demo waves written to {raw}[/]" + (f": {written}" if written else ""))


app.command("bench")(bench)


@app.command("app")
@handle_errors
def run_app(
    port: Annotated[int, typer.Option(help="port for the dashboard")] = 8501,
    warehouse: Annotated[
        Path | None,
        typer.Option(
            envvar="CPI_WAREHOUSE",
            help="published release to read (default: warehouse/cpi.duckdb)",
        ),
    ] = None,
) -> None:
    """Start the Streamlit dashboard on the published release (read-only)."""
    import streamlit_app

    setup_logging(_default_log("app"))
    streamlit_app.launch(port=port, warehouse=warehouse)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
