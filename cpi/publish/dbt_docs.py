"""``cpi docs``: dbt docs for the published release, without ever writing to it.

dbt-duckdb opens its database read-write (it takes DuckDB's exclusive lock and may checkpoint
on close), so docs are generated against a throw-away copy of the published release.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from cpi.dbt.runner import run_dbt
from cpi.errors import BuildError, PublishError
from cpi.publish.pointer import published_path, published_release

log = logging.getLogger(__name__)


def generate_docs(out_dir: Path, docs_dir: Path) -> Path:
    """``dbt docs generate`` into ``docs_dir`` against a copy of the published release."""
    release = published_release(out_dir)
    if release is None:
        raise PublishError(f"nothing is published at {published_path(out_dir)}. Fix: run `cpi build` first.")
    docs_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cpi-docs-") as tmp:
        copy = Path(tmp) / "release.duckdb"
        shutil.copyfile(release, copy)
        code = run_dbt(["docs", "generate"], db_path=copy, target_path=docs_dir, log_path=Path(tmp) / "logs")
    if code != 0 or not (docs_dir / "catalog.json").is_file():
        raise BuildError(
            f"dbt docs generate failed (exit {code}) for {release.name}. Fix: see the log; "
            "`dbt parse` shows project errors."
        )
    log.info("docs for %s written to %s", release.name, docs_dir)
    return docs_dir


def serve_docs(docs_dir: Path, port: int) -> int:
    """``dbt docs serve`` (blocks until interrupted). dbt only reads ``docs_dir`` here."""
    with tempfile.TemporaryDirectory(prefix="cpi-docs-serve-") as tmp:
        placeholder = Path(tmp) / "unused.duckdb"
        return run_dbt(
            ["docs", "serve", "--port", str(port), "--no-browser"],
            db_path=placeholder,
            target_path=docs_dir,
            log_path=Path(tmp) / "logs",
        )


def docs_available(docs_dir: Path) -> bool:
    return all((docs_dir / name).is_file() for name in ("index.html", "manifest.json", "catalog.json"))


def clean_docs(docs_dir: Path) -> None:
    shutil.rmtree(docs_dir, ignore_errors=True)
