"""``cpi demo-data``: the command (registered with ``cpi`` by entry point, see pyproject.toml)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo_data(
    raw: Annotated[Path, typer.Option(help="where to write the synthetic waves")] = Path("data/raw"),
) -> None:
    """Generate the synthetic demo waves (flagged synthetic in every codebook)."""
    from rich.console import Console

    import cpi_demo as demo

    console = Console()
    with console.status("generating synthetic waves"):
        written = demo.generate(raw)
    console.print(f"[green]demo waves written to {raw}[/]" + (f": {written}" if written else ""))
