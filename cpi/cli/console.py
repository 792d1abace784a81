"""Rich output for the CLI: validation reports, build progress, build summary and headline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.status import Status
from rich.table import Table

from cpi.publish.headline import Headline
from cpi.publish.pointer import release_id
from cpi.stages import StageTiming

console = Console(stderr=False)
err_console = Console(stderr=True)

_DBT_PROGRESS = re.compile(r"\b(\d+) of (\d+) (START|OK|PASS|FAIL|ERROR|WARN|SKIP)\b.*")


def print_reports(reports: list[Any]) -> None:
    for report in reports:
        ok = bool(getattr(report, "ok", False))
        title = f"{getattr(report, 'wave_id', '?')} — {'passed' if ok else 'FAILED'}"
        console.print(
            Panel(report.format(), title=title, border_style="green" if ok else "red", expand=False),
            markup=False,
        )


class RichReporter:
    """Spinner with the current stage and the latest dbt progress line; stage timings as they end."""

    def __init__(self, status: Status) -> None:
        self._status = status
        self._text: str | None = None

    def stage_started(self, key: str, text: str) -> None:
        self._text = text
        self._status.update(f"[bold]{text}[/]")

    def stage_finished(self, key: str, timing: StageTiming) -> None:
        console.print(
            f"[green]✓[/] {self._text or key} [dim]({timing.wall_seconds:.1f}s, CPU {timing.cpu_seconds:.1f}s)[/]"
        )
        self._text = None

    def message(self, text: str) -> None:
        console.print(text)

    def dbt_line(self, line: str) -> None:
        match = _DBT_PROGRESS.search(line)
        if match:
            self._status.update(f"[bold]dbt build[/] [dim]{match.group(0)[:90]}[/]")


def print_build_summary(result: Any) -> None:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("build id", result.build_id)
    table.add_row("published", f"{result.published} -> releases/{result.build_id}/{Path(result.release).name}")
    table.add_row(
        "dbt",
        f"{result.dbt.seeds_loaded} seeds, {result.dbt.models_built} models, "
        f"{result.dbt.tests_passed}/{result.dbt.tests_total} tests passed"
        + (f" (on {result.engine})" if getattr(result, "engine", "duckdb") != "duckdb" else ""),
    )
    table.add_row("storage version", str(result.storage_version or "latest"))
    table.add_row("duration", f"{result.duration_seconds:.1f}s")
    if result.removed_releases:
        table.add_row("retention removed", ", ".join(release_id(p) for p in result.removed_releases))
    console.print(Panel(table, title="[green]build published[/]", expand=False))


def print_headline(headline: Headline | None) -> None:
    if headline is None:
        console.print("[yellow]no headline: the release has no marts.fct_indicators rows[/]")
        return
    table = Table(title=f"China Perception Index, {headline.year}")
    table.add_column("indicator")
    table.add_column("value", justify="right")
    table.add_column("items", justify="right")
    table.add_column("respondents", justify="right")
    for row in headline.rows:
        value = "–" if row.value is None else f"{row.value:+.2f}"
        style = "bold" if row.indicator_code == "composite" else None
        table.add_row(
            row.indicator_code,
            value,
            "" if row.n_items is None else str(row.n_items),
            "" if row.n_respondents is None else str(row.n_respondents),
            style=style,
        )
    console.print(table)
