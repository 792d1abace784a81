"""Where the project's own files are: the dbt project, its seeds, models and macros.

The repository root is the folder above the ``cpi`` package (any clone, any working directory).
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
