"""Where the dashboard reads from: the published release, never anything else."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CPI_WAREHOUSE"
DEFAULT_WAREHOUSE = Path("warehouse") / "cpi.duckdb"
ASSETS = Path(__file__).resolve().parent / "assets"


def warehouse_path() -> Path:
    """The published pointer (symlink) to read: ``$CPI_WAREHOUSE`` or ``warehouse/cpi.duckdb``."""
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else DEFAULT_WAREHOUSE
