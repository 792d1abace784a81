"""Where the dashboard reads from: the published release, never anything else."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CPI_WAREHOUSE"
REPORT_URL_VAR = "CPI_REPORT_URL"
DEFAULT_WAREHOUSE = Path("warehouse") / "cpi.duckdb"
ASSETS = Path(__file__).resolve().parent / "assets"


def warehouse_path() -> Path:
    """The published pointer (symlink) to read: ``$CPI_WAREHOUSE`` or ``warehouse/cpi.duckdb``."""
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else DEFAULT_WAREHOUSE


def report_url() -> str | None:
    """Where the published release's reports (``report-<lang>.html``) can be opened by readers:
    ``$CPI_REPORT_URL`` (e.g. a web server over the release folder); None when not set."""
    return os.environ.get(REPORT_URL_VAR) or None
