"""The inputs fingerprint of a build: equal fingerprints mean a rebuild would change nothing.

It covers every wave's store key (data file, codebook, ingest code, salt), the dbt project
(models, macros, seeds, singular tests, dbt_project.yml with its vars, profiles.yml), the Python
code the build runs (``cpi``, ``survey_stats``), the engine that builds the marts (DuckDB or
Spark) with its versions and, for Spark, its master and shared storage, and the release's
storage version. The components are kept next to the digest in ``build_info`` so that a build
can say *what* changed since the published release.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from cpi.ingest.raw_keys import WaveInput

DBT_FOLDERS = ("models", "macros", "seeds", "tests/dbt", "snapshots", "analyses")
DBT_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "selectors.yml")
CODE_PACKAGES = ("cpi", "survey_stats")
VERSIONED = ("dbt-core", "dbt-duckdb", "duckdb")
ENGINE_VERSIONED = {"spark": ("dbt-spark", "pyspark")}  # the engine's own packages, beside VERSIONED
SKIP_PARTS = {"__pycache__", "target", "logs", "dbt_packages"}


def _tree_digest(root: Path, folders: tuple[str, ...], files: tuple[str, ...], pattern: str = "*") -> str:
    digest = hashlib.sha256()
    paths = [root / f for f in files if (root / f).is_file()]
    for folder in folders:
        base = root / folder
        if base.is_dir():
            paths.extend(
                p
                for p in base.rglob(pattern)
                if p.is_file() and not SKIP_PARTS & set(p.relative_to(root).parts) and p.suffix != ".pyc"
            )
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _versions(engine: str) -> dict[str, str]:
    found = {}
    for dist in (*VERSIONED, *ENGINE_VERSIONED.get(engine, ())):
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            found[dist] = "none"
    return found


def input_components(
    waves: list[WaveInput],
    *,
    project_dir: Path,
    code_root: Path,
    storage_version: str | None,
    engine: str = "duckdb",
    engine_settings: dict[str, object] | None = None,
) -> dict[str, object]:
    """``engine_settings``: where a non-default engine runs (Spark: master and shared storage);
    left out of a DuckDB build's components, whose fingerprint stays what it was."""
    components: dict[str, object] = {
        "waves": {w.source.wave_id: w.key for w in waves},
        "dbt_project": _tree_digest(project_dir, DBT_FOLDERS, DBT_FILES),
        "code": _tree_digest(code_root, CODE_PACKAGES, (), "*.py"),
        "versions": _versions(engine),
        "storage_version": storage_version or "latest",
        "engine": engine,
    }
    if engine_settings is not None:
        components["engine_settings"] = engine_settings
    return components


def fingerprint(components: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(components, sort_keys=True).encode()).hexdigest()


def describe_changes(old: dict[str, object] | None, new: dict[str, object]) -> str:
    """What differs between a release's components and now, in a few words."""
    if not old:
        return "no published release to compare with"
    changes = []
    old_waves, new_waves = dict(old.get("waves") or {}), dict(new.get("waves") or {})  # type: ignore[arg-type]
    added = sorted(set(new_waves) - set(old_waves))
    removed = sorted(set(old_waves) - set(new_waves))
    changed = sorted(w for w in set(new_waves) & set(old_waves) if new_waves[w] != old_waves[w])
    for one, many, items in (
        ("new wave", "new waves", added),
        ("wave removed", "waves removed", removed),
        ("wave changed", "waves changed", changed),
    ):
        if items:
            changes.append(f"{one if len(items) == 1 else many}: {', '.join(items)}")
    names = {
        "dbt_project": "dbt project",
        "code": "pipeline code",
        "versions": "dbt/DuckDB version",
        "storage_version": "storage version",
        "engine": "engine",
        "engine_settings": "Spark master or shared storage",
    }
    changes.extend(text for key, text in names.items() if old.get(key) != new.get(key))
    return "; ".join(changes) or "inputs unchanged"
