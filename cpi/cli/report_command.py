"""``cpi report``: the report of a release as PDF and / or HTML, in one or more languages."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Format(str, Enum):
    pdf = "pdf"
    html = "html"


def report(
    release: Annotated[
        str | None,
        typer.Option(help="build id of the release (default: the published one), or a path to a release file"),
    ] = None,
    lang: Annotated[
        list[str] | None, typer.Option("--lang", help="language (en, ru, kk); repeat for several; default all")
    ] = None,
    fmt: Annotated[list[Format] | None, typer.Option("--format", help="pdf or html; default both")] = None,
    out: Annotated[Path | None, typer.Option(help="folder to write into (default: beside the release)")] = None,
    warehouse: Annotated[Path, typer.Option(help="warehouse folder (releases, pointer)")] = Path("warehouse"),
    weighting: Annotated[str, typer.Option(help="unweighted (as printed) or weighted")] = "unweighted",
) -> None:
    """Write report-<lang>.pdf / .html of a release (every chapter, table and figure of the report)."""
    from cpi.report import ReportError, generate
    from cpi.report.locate import locate_release, previous_release
    from presentation.i18n import languages

    try:
        path = locate_release(warehouse, release)
        written = generate(
            path,
            out or path.parent,
            lang or list(languages()),
            [f.value for f in fmt or list(Format)],
            weighting=weighting,
            previous=previous_release(warehouse, path),
        )
    except ReportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    for item in written:
        typer.echo(f"{item.path}  ({item.lang}, {item.fmt}, {item.seconds:.1f} s)")
