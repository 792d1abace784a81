"""Discover wave folders: ``raw_dir/<wave_id>/{codebook.yml, <data file>}``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ingest.codebook import read_codebook
from ingest.errors import CodebookError, ReadError

log = logging.getLogger(__name__)

CODEBOOK_NAME = "codebook.yml"
DATA_SUFFIXES = (".sav", ".csv")


@dataclass(frozen=True)
class WaveSource:
    wave_id: str
    folder: Path
    codebook_path: Path
    data_path: Path


def _declared_file(codebook_path: Path) -> str | None:
    """``wave.file`` from the codebook, or None when it cannot be read (the gate reports why)."""
    try:
        return read_codebook(codebook_path).wave.file  # parsed once: the gate reuses this parse
    except CodebookError:
        return None


def _data_path(folder: Path, codebook_path: Path) -> Path:
    declared = _declared_file(codebook_path)
    if declared:
        path = folder / declared
        if not path.is_file():
            raise ReadError(
                f"{codebook_path}: wave.file names '{declared}' but {path} does not exist. "
                f"Fix: put the data file into {folder} or correct wave.file in the codebook."
            )
        return path
    candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() in DATA_SUFFIXES)
    if len(candidates) == 1:
        return candidates[0]
    raise ReadError(
        f"{folder}: cannot tell which data file belongs to this wave "
        f"(found {len(candidates)} .sav/.csv files and no readable wave.file in {codebook_path.name}). "
        "Fix: keep exactly one data file in the folder and name it in wave.file."
    )


def discover_waves(raw_dir: Path) -> list[WaveSource]:
    """All wave folders under ``raw_dir``, sorted by wave id. Hidden folders are ignored."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise ReadError(
            f"raw data folder {raw_dir} does not exist. "
            "Fix: create it with one sub-folder per wave (or pass the right folder)."
        )
    sources: list[WaveSource] = []
    for folder in sorted(p for p in raw_dir.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")):
            log.debug("ignoring hidden folder %s", folder)
            continue
        codebook_path = folder / CODEBOOK_NAME
        if not codebook_path.is_file():
            raise CodebookError(
                f"{folder}: no {CODEBOOK_NAME} in this wave folder. "
                f"Fix: add {codebook_path} (format: docs/ingest.md) or move the folder out of {raw_dir}."
            )
        sources.append(
            WaveSource(
                wave_id=folder.name,
                folder=folder,
                codebook_path=codebook_path,
                data_path=_data_path(folder, codebook_path),
            )
        )
    log.info("discovered %d wave(s) in %s", len(sources), raw_dir)
    return sources
