"""``cpi releases`` and ``cpi rollback``: look at finished releases, put an earlier one back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cpi.cli.console import console
from cpi.cli.support import handle_errors, setup_logging, user_log

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
    from cpi.publish.pointer import corrupt_fix

    summaries = release_summaries(out)
    if as_json:
        typer.echo(summaries_json(summaries))
        return
    if not summaries:
        console.print(f"no releases in {Path(out) / 'releases'} yet (run `cpi build`).")
        return
    # no borders, and no "built at" column (the build id is the build's UTC start time): the six
    # columns then fit an 80-column terminal without cutting a build id
    table = Table(title=f"releases in {out} (oldest first)", box=None, padding=(0, 2, 0, 0), header_style="bold")
    for column in ("build id", "published", "waves", "tests", "size", "state"):
        table.add_column(column, no_wrap=True, justify="right" if column in ("waves", "tests", "size") else "left")
    for s in summaries:
        tests = f"{s.tests_passed}/{s.tests_total}" if s.tests_total is not None else "?"
        waves = str(len(s.waves)) if s.waves else "?"
        state = {"ok": "ok", "corrupt": "[red]corrupt[/]"}.get(s.integrity, "unchecked")
        if not s.readable:
            state = "[red]unreadable[/]"
        table.add_row(s.build_id, "[green]yes[/]" if s.published else "", waves, tests, _size(s.size_bytes), state)
    console.print(table)
    for s in summaries:
        if s.integrity == "corrupt":
            console.print(
                f"[red]release {s.build_id} is corrupt[/]{' (the published one)' if s.published else ''}: "
                f"{s.integrity_detail}. {corrupt_fix(s.build_id)}",
                soft_wrap=True,
            )
    # wave names are long: listed once, for the published release (`--json` has every release's)
    published = next((s for s in summaries if s.published and s.waves), None)
    if published:
        console.print(f"waves of the published release: {', '.join(published.waves)}", soft_wrap=True)
    current = next((s for s in summaries if s.published), None)
    if current and current.reports:  # one line, so that the table still fits 80 columns
        console.print(
            f"reports of the published release (in {current.path.parent}): {', '.join(current.reports)}", soft_wrap=True
        )
    elif current:
        console.print("the published release has no report yet (`cpi report` writes it).")


@handle_errors
def rollback(
    build_id: Annotated[
        str | None, typer.Argument(help="release to publish (default: the one before the current)")
    ] = None,
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


@handle_errors
def verify(out: OutOption = Path("warehouse")) -> None:
    """Check every release and the raw store against their recorded checksums.

    Exit 0: every checksum matches (releases of older versions without one are listed as
    unchecked); 3: a corrupt release or raw-store folder was found (each is named, with its fix).
    """
    from cpi.errors import IntegrityError
    from cpi.publish.operations import verify_all
    from cpi.publish.pointer import corrupt_fix

    setup_logging(user_log("verify"))
    summaries, bad_folders = verify_all(out)
    problems = []
    for s in summaries:
        mark = " (published)" if s.published else ""
        if s.integrity == "corrupt":
            problems.append(f"release {s.build_id}{mark} is corrupt: {s.integrity_detail}. {corrupt_fix(s.build_id)}")
        else:
            console.print(f"release {s.build_id}{mark}: {s.integrity} ({s.integrity_detail})", soft_wrap=True)
    for folder, problem in bad_folders:
        problems.append(
            f"raw store folder {folder} is corrupt: {problem}. Fix: the next `cpi build --force` moves it "
            "to .quarantine and re-reads the wave from its source file."
        )
    if problems:
        raise IntegrityError("\n".join(problems))
    store = Path(out) / "restricted" / "raw"
    console.print(f"[green]all {len(summaries)} release(s) and the raw store ({store}) verified[/]")


def _release_path(out: Path, build_id: str) -> Path:
    from cpi.errors import PublishError
    from cpi.publish.pointer import list_releases, release_id

    paths = {release_id(p): p for p in list_releases(out)}
    if build_id not in paths:
        raise PublishError(
            f"no release {build_id} in {Path(out) / 'releases'} (there are: {', '.join(paths) or 'none'}). "
            "Fix: pick one from `cpi releases`."
        )
    return paths[build_id]


@handle_errors
def diff(
    old: Annotated[str | None, typer.Argument(help="older release (default: the one before NEW)")] = None,
    new: Annotated[str | None, typer.Argument(help="newer release (default: the published one)")] = None,
    out: OutOption = Path("warehouse"),
    limit: Annotated[int, typer.Option(min=0, help="figures to print (0 = all)")] = 50,
) -> None:
    """Waves corrected, added or removed and published figures that moved between two releases (read-only)."""
    from cpi.errors import PublishError
    from cpi.publish.pointer import list_releases, published_build_id, release_id
    from cpi.publish.revisions import diff_releases

    setup_logging(user_log("diff"))
    ids = [release_id(p) for p in list_releases(out)]
    new = new or published_build_id(out) or (ids[-1] if ids else None)
    if new is None:
        raise PublishError(f"no releases in {Path(out) / 'releases'}. Fix: run `cpi build` first.")
    if old is None:
        older = [i for i in ids if i < new]
        if not older:
            raise PublishError(f"there is no release older than {new}. Fix: name two releases (cpi releases).")
        old = older[-1]
    waves, figures = diff_releases(_release_path(out, old), _release_path(out, new))
    console.print(f"[bold]cpi diff[/] {old} -> {new}")
    if not waves:
        console.print("waves: none corrected, added or removed")
    for wave, change, old_sha, new_sha, _, _ in waves:
        shas = f" (file {str(old_sha)[:12]}… -> {str(new_sha)[:12]}…)" if change == "corrected" else ""
        console.print(f"wave {wave}: {change}{shas}", soft_wrap=True)
    beyond = sum(1 for f in figures if f[-1])
    console.print(f"figures that moved: {len(figures)} ({beyond} beyond the old interval)")
    shown = figures if limit == 0 else figures[:limit]
    for mart, key, measure, old_value, new_value, low, high, out_of in shown:
        interval = f" [old interval {low:.4g}..{high:.4g}]" if low is not None and high is not None else ""
        flag = "  BEYOND" if out_of else ""
        console.print(
            f"  {mart} {key} {measure}: {old_value} -> {new_value}{interval}{flag}",
            soft_wrap=True,
            markup=False,
            highlight=False,
        )
    if len(shown) < len(figures):
        console.print(f"  ... {len(figures) - len(shown)} more (--limit 0 prints all)")
