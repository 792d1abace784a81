"""dbt's saved parse shared by the build folders of one machine (``CPI_DBT_PARSE_CACHE``).

dbt keeps its parse (``partial_parse.msgpack``) in the target folder of one ``OUT``; a build into
another ``OUT`` (the benchmark's scales, the test suite's many temporary folders, a second
warehouse) would parse the whole project again. With ``CPI_DBT_PARSE_CACHE`` set to a folder, a
build whose target has no saved parse starts from the last one saved there for the same project
folder and dbt version, and saves its own back when dbt exits.

Nothing is trusted blindly: dbt checks the saved parse against the project's files, vars, profile
and version and parses afresh whatever differs (its dbt.log says which). A copy is written to a
temporary name and renamed, so two builds saving at once never leave half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger(__name__)

SAVED_PARSE = "partial_parse.msgpack"


def cache_file(cache: Path, project_dir: Path, dbt_version: str) -> Path:
    """The saved parse of ``project_dir`` under dbt ``dbt_version`` in the cache folder."""
    key = hashlib.sha256(f"{project_dir.absolute()}\n{dbt_version}".encode()).hexdigest()[:20]
    return cache / key / SAVED_PARSE


def restore(cached: Path, target_path: Path) -> bool:
    """Copy the cached parse into ``target_path`` unless the target has one; True if copied."""
    mine = target_path / SAVED_PARSE
    if mine.exists() or not cached.is_file():
        return False
    target_path.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(cached, mine)
    except OSError as exc:  # a cache is never a reason to fail a build
        log.warning("could not reuse dbt's saved parse %s: %s", cached, exc)
        return False
    return True


def save(target_path: Path, cached: Path) -> None:
    """Keep the target's saved parse in the cache (atomically replaced)."""
    mine = target_path / SAVED_PARSE
    if not mine.is_file():
        return
    tmp = cached.with_name(f".{SAVED_PARSE}.{os.getpid()}")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mine, tmp)
        os.replace(tmp, cached)
    except OSError as exc:
        log.warning("could not save dbt's parse to %s: %s", cached, exc)
        tmp.unlink(missing_ok=True)
