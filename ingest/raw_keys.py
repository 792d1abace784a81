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

from ingest.build_info import sha256_file
from ingest.waves import WaveSource

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
# The modules whose code decides what a stored wave contains: these, everything they import
# from the package (followed through the source, lazy imports included), the raw store itself
# and this module.
INGEST_ROOTS = ("loader", "gate", "raw_store")
# Imported by the raw store for bookkeeping only (timing, hashing files, JSON): not followed.
ORCHESTRATION = frozenset({"stages", "build_info", "validation_log", "duckdb_helpers"})
GATE_SEEDS = ("ref_items.csv", "ref_regions.csv", "ref_population_margins.csv")  # read by the gate
LIBRARIES = ("pyreadstat", "pandas", "great-expectations")


def _imported_modules(path: Path) -> set[str]:
    """Names of ``ingest.<name>`` modules that ``path`` imports anywhere (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "ingest" and len(parts) > 1:
                found.add(parts[1])
            elif node.module == "ingest":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("ingest."))
    return found


def ingest_modules(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """``INGEST_ROOTS`` and every package module they import, transitively, plus this module."""
    todo, seen = list(INGEST_ROOTS), set()
    while todo:
        name = todo.pop()
        path = package_dir / f"{name}.py"
        if name in seen or name in ORCHESTRATION or not path.is_file():
            continue
        seen.add(name)
        todo.extend(_imported_modules(path))
    return sorted({package_dir / f"{name}.py" for name in seen} | {package_dir / Path(__file__).name})


def ingest_fingerprint(package_dir: Path = PACKAGE_DIR, seeds_dir: Path = REPO_ROOT / "seeds") -> str:
    """Hash of the code and seeds that decide what a wave's raw tables and gate report contain."""
    digest = hashlib.sha256()
    for path in [*ingest_modules(package_dir), *(seeds_dir / name for name in GATE_SEEDS)]:
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
