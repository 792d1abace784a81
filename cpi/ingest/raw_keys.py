"""Keys of the raw store: which inputs and which code a stored wave was made from.

Cheap to compute (checksums and a walk over source files), so a build can decide that nothing
changed without importing the readers, the gate or pandas.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from cpi.checksums import sha256_file
from cpi.ingest.waves import WaveSource
from cpi.project import REPO_ROOT, SEEDS_DIR

# The modules whose code decides what a stored wave contains: these, every ``cpi`` module they
# import (followed through the source, lazy imports included) and this module.
INGEST_ROOTS = ("cpi.ingest.loader", "cpi.ingest.gate", "cpi.ingest.raw_store")
# Imported by the raw store for bookkeeping only (timing, hashing files, JSON): not followed.
ORCHESTRATION = frozenset(
    {"cpi.stages", "cpi.checksums", "cpi.ingest.validation_log", "cpi.duckdb_helpers", "cpi.project"}
)
GATE_SEEDS = ("ref_items.csv", "ref_regions.csv", "ref_population_margins.csv")  # read by the gate
LIBRARIES = ("pyreadstat", "pandas", "great-expectations")


def _module_path(name: str, root: Path) -> Path:
    return root.joinpath(*name.split(".")).with_suffix(".py")


def _imported_modules(path: Path, root: Path) -> set[str]:
    """``cpi.*`` modules that ``path`` imports anywhere (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "cpi":
                continue
            for alias in node.names:  # ``from cpi.x import y``: y may be a module or a name
                sub = f"{node.module}.{alias.name}"
                found.add(sub if _module_path(sub, root).is_file() else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("cpi."))
    return found


def ingest_modules(root: Path = REPO_ROOT) -> list[Path]:
    """``INGEST_ROOTS`` and every ``cpi`` module they import, transitively, plus this module."""
    todo, seen = list(INGEST_ROOTS), set()
    while todo:
        name = todo.pop()
        path = _module_path(name, root)
        if name in seen or name in ORCHESTRATION or not path.is_file():
            continue
        seen.add(name)
        todo.extend(_imported_modules(path, root))
    return sorted({_module_path(name, root) for name in seen} | {_module_path(__name__, root)})


def ingest_fingerprint(root: Path = REPO_ROOT, seeds_dir: Path = SEEDS_DIR) -> str:
    """Hash of the code and seeds that decide what a wave's raw tables and gate report contain."""
    digest = hashlib.sha256()
    for path in [*ingest_modules(root), *(seeds_dir / name for name in GATE_SEEDS)]:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    for dist in LIBRARIES:
        try:
            digest.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            digest.update(f"{dist}=none".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class WaveInput:
    """A discovered wave and the checksums that key it in the store."""

    source: WaveSource
    data_sha256: str
    codebook_sha256: str
    key: str

    @property
    def folder_name(self) -> str:
        return f"{self.source.wave_id}--{self.key[:16]}"


def wave_inputs(sources: list[WaveSource], *, ingest_fp: str, salt_fp: str) -> list[WaveInput]:
    out = []
    for source in sources:
        data_sha, codebook_sha = sha256_file(source.data_path), sha256_file(source.codebook_path)
        key = hashlib.sha256(f"{data_sha}|{codebook_sha}|{ingest_fp}|{salt_fp}".encode()).hexdigest()
        out.append(WaveInput(source, data_sha, codebook_sha, key))
    return out
