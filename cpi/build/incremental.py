"""Incremental by wave: which waves a build recomputes and which it reuses from the previous
build's work file (docs/publishing.md, "Incremental builds").

A build starts from a copy of the published release's work file when everything but the waves
is unchanged since then (dbt project with its seeds, macros and vars, pipeline code, dbt/DuckDB
versions, storage version, engine DuckDB) and ``--force`` was not given. Its per-wave models
(``macros/incremental_by_wave.sql``) then keep the rows of every wave whose store key (data
file, codebook, ingest code, salt) is unchanged, delete those of removed waves and recompute
those of new or changed waves; every other model is rebuilt from them. Otherwise the work file
is new and every wave is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

# Components that, when changed, make the previous work file unusable (everything but the waves).
WHOLE_BUILD = ("dbt_project", "code", "versions", "storage_version", "engine")
NAMES = {
    "dbt_project": "dbt project (models, macros, seeds, vars)",
    "code": "pipeline code",
    "versions": "dbt/DuckDB version",
    "storage_version": "storage version",
    "engine": "engine",
}


@dataclass(frozen=True)
class WavePlan:
    """What a build does with each wave; ``base`` is the build whose work file it starts from."""

    recomputed: list[str]
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    base: str | None = None
    why_full: str = ""  # set when every wave is recomputed (no base)
    keys: dict[str, str] = field(default_factory=dict)  # wave -> store key (what its rows come from)

    @property
    def incremental(self) -> bool:
        return self.base is not None

    def describe(self) -> str:
        if not self.incremental:
            return f"every wave computed ({self.why_full}): {', '.join(self.recomputed) or 'none'}"
        reused = ", ".join(self.reused) or "none"
        parts = [
            f"recomputed: {', '.join(self.recomputed) or 'none'}",
            f"reused from {self.base}: {reused}",
        ]
        if self.removed:
            parts.append(f"removed: {', '.join(self.removed)}")
        return "waves " + "; ".join(parts)

    def as_record(self) -> dict[str, Any]:
        return {
            "waves_recomputed": self.recomputed,
            "waves_reused": self.reused,
            "waves_removed": self.removed,
            "work_base": self.base,
        }


def plan_waves(
    components: dict[str, Any],
    previous: dict[str, Any] | None,
    previous_work: Path | None,
    *,
    force: bool,
) -> WavePlan:
    """The plan of a build with ``components`` after the published build ``previous``
    (its build_info as a dict: build_id, inputs_components, engine)."""
    waves: dict[str, Any] = dict(components.get("waves") or {})
    current = sorted(waves)
    old_components = (previous or {}).get("inputs_components")
    why = ""
    if force:
        why = "--force"
    elif components.get("engine", "duckdb") != "duckdb":
        why = f"engine {components.get('engine')} builds every wave"
    elif not previous or not isinstance(old_components, dict):
        why = "no published release to start from"
    elif previous_work is None or not previous_work.is_file():
        why = f"the work file of {previous.get('build_id')} is gone"
    else:
        changed = [NAMES[k] for k in WHOLE_BUILD if old_components.get(k) != components.get(k)]
        if changed:
            why = "changed: " + ", ".join(changed)
    keys = {w: str(waves[w]) for w in current}
    if why:
        return WavePlan(recomputed=current, why_full=why, keys=keys)
    old_waves: dict[str, Any] = dict(old_components.get("waves") or {})  # type: ignore[union-attr]
    reused = [w for w in current if old_waves.get(w) == waves[w]]
    return WavePlan(
        recomputed=[w for w in current if w not in reused],
        reused=reused,
        removed=sorted(set(old_waves) - set(waves)),
        base=str(previous.get("build_id")),  # type: ignore[union-attr]
        keys=keys,
    )


def write_build_waves(con: duckdb.DuckDBPyConnection, plan: WavePlan) -> None:
    """``raw.build_waves`` (wave_id, reused, wave_key): read by the per-wave models' strategy and
    by the Python models that key their rows by the store keys of their waves (per year)."""
    con.execute("create schema if not exists raw")
    con.execute(
        "create or replace table raw.build_waves"
        " (wave_id varchar primary key, reused boolean not null, wave_key varchar)"
    )
    rows = [(w, False, plan.keys.get(w)) for w in plan.recomputed] + [(w, True, plan.keys.get(w)) for w in plan.reused]
    if rows:
        con.executemany("insert into raw.build_waves values (?, ?, ?)", rows)
