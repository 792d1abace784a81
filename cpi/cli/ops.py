"""``cpi releases`` and ``cpi rollback``: look at finished releases, put an earlier one back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cpi.cli.console import console
from cpi.cli.support import handle_errors, setup_logging

OutOption = Annotated[Path, typer.Option(help="warehouse folder (releases, pointer, logs)")]


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


@handle_errors
def releases(
    out: OutOption = Path("warehouse"),
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """List the finished releases (oldest first) and which one is published."""
    from cpi.publish.operations import release_summaries, summaries_json

    summaries = release_summaries(out)
    if as_json:
        typer.echo(summaries_json(summaries))
        return
    if not summaries:
        console.print(f"no releases in {Path(out) / 'releases'} yet (run `cpi build`).")
        return
    # no borders: the six columns then fit an 80-column terminal without cutting a build id
    table = Table(title=f"releases in {out} (oldest first)", box=None, padding=(0, 2, 0, 0), header_style="bold")
    for column in ("build id", "built at (UTC)", "published", "waves", "tests", "size"):
        table.add_column(column, no_wrap=True, justify="right" if column in ("waves", "tests", "size") else "left")
    for s in summaries:
        tests = f"{s.tests_passed}/{s.tests_total}" if s.tests_total is not None else "?"
        built = s.built_at.replace("T", " ")[:16] if s.readable else "unreadable"
        waves = str(len(s.waves)) if s.waves else "?"
        table.add_row(s.build_id, built, "[green]yes[/]" if s.published else "", waves, tests, _size(s.size_bytes))
    console.print(table)
    # wave names are long: listed once, for the published release (`--json` has every release's)
    published = next((s for s in summaries if s.published and s.waves), None)
    if published:
        console.print(f"waves of the published release: {', '.join(published.waves)}", soft_wrap=True)


@handle_errors
def rollback(
    build_id: Annotated[str | None, typer.Argument(help="release to publish (default: the one before the current)")] = None,
    out: OutOption = Path("warehouse"),
) -> None:
    """Publish an earlier release again (atomic pointer swap; recorded in the run history)."""
    from cpi.publish.operations import rollback as do_rollback

    setup_logging(Path(out) / "logs" / "rollback.log")
    previous, current = do_rollback(out, build_id)
    console.print(
        f"[green]rolled back[/]: {Path(out) / 'cpi.duckdb'} now points at {current} "
        f"(was {previous or 'nothing'}). Readers see it on their next connection. A build with the "
        "inputs of the release rolled back from is skipped until they change (or --force)."
    )
