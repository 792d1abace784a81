"""Where a warehouse folder (``OUT``, default ``warehouse/``) keeps what.

::

    OUT/cpi.duckdb -> releases/<id>/cpi.duckdb   the published pointer (BI tools, analysts, the app)
    OUT/releases/<id>/cpi.duckdb             published files: aggregates only
    OUT/restricted/            (0700)        respondent-level data, never under the BI path
        raw/<wave_id>--<key16>/              immutable Parquet of one validated wave
        work/<id>/work.duckdb  (0600)        dbt's database of build <id>
        dbt/work.duckdb -> ../work/<id>/work.duckdb   the stable path dbt's profile sees
        dbt/target/                          dbt's target dir, kept between builds
        .salt                                identifier salt
    OUT/failed/<id>/work.duckdb (0700 dir)   work files of failed builds
    OUT/runs/history.jsonl                   one JSON line per run
    OUT/logs/<id>/             (0700)        build.log, dbt.log, run_results.json
    OUT/validation/<id>.json   (0700 dir)    the gate's outcome of run <id>

Only the build user may read ``restricted/``, ``failed/``, ``logs/`` and ``validation/``;
BI users need read access to ``cpi.duckdb`` and ``releases/`` only.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
WORK_NAME = "work.duckdb"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR:
        os.chmod(path, PRIVATE_DIR)
    return path


@dataclass(frozen=True)
class Layout:
    out: Path

    @property
    def releases(self) -> Path:
        return self.out / "releases"

    @property
    def restricted(self) -> Path:
        return self.out / "restricted"

    @property
    def raw_store(self) -> Path:
        return self.restricted / "raw"

    @property
    def work(self) -> Path:
        return self.restricted / "work"

    @property
    def dbt(self) -> Path:
        return self.restricted / "dbt"

    @property
    def dbt_target(self) -> Path:
        return self.dbt / "target"

    @property
    def dbt_database(self) -> Path:
        """The path in dbt's profile: a symlink to the current build's work file."""
        return self.dbt / "work.duckdb"

    @property
    def salt(self) -> Path:
        return self.restricted / ".salt"

    @property
    def failed(self) -> Path:
        return self.out / "failed"

    @property
    def runs(self) -> Path:
        return self.out / "runs"

    @property
    def history(self) -> Path:
        return self.runs / "history.jsonl"

    @property
    def logs(self) -> Path:
        return self.out / "logs"

    @property
    def validation(self) -> Path:
        return self.out / "validation"

    def work_file(self, build_id: str) -> Path:
        """Always named ``work.duckdb``: DuckDB names the catalog after the file (symlinks
        resolved), and dbt's manifest must see the same catalog name in every build."""
        return self.work / build_id / WORK_NAME

    def log_dir(self, build_id: str) -> Path:
        return self.logs / build_id

    def prepare(self) -> None:
        """Create the folders (private ones with mode 0700) and migrate an old ``OUT/.salt``."""
        self.out.mkdir(parents=True, exist_ok=True)
        for folder in (self.restricted, self.raw_store, self.work, self.dbt, self.failed, self.logs, self.validation):
            private_dir(folder)
        self.releases.mkdir(exist_ok=True)
        self.runs.mkdir(exist_ok=True)
        old_salt = self.out / ".salt"
        if old_salt.is_file() and not self.salt.exists():
            os.replace(old_salt, self.salt)
            log.info("moved the identifier salt %s to %s", old_salt, self.salt)
