"""Discover wave folders: ``raw_dir/<wave_id>/{codebook.yml, <data file>}``.

A wave folder holds its codebook, the data file the codebook names, notes (``*.md``, ``*.pdf``)
and anything whose name starts with ``.`` or ``_`` (hidden, or set aside by hand). Anything else,
such as a corrected export delivered beside the declared file, is an error: the build would
otherwise ignore it without a word.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from cpi.errors import CodebookError, ReadError
from cpi.ingest.codebook import read_codebook

log = logging.getLogger(__name__)

CODEBOOK_NAME = "codebook.yml"
DATA_SUFFIXES = (".sav", ".csv")
NOTE_SUFFIXES = (".md", ".pdf")  # questionnaires, field reports: never read, allowed beside the data


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


def confine(path: Path, root: Path, what: str, allow_outside: bool = False) -> None:
    """Raise ``ReadError`` when ``path`` (symlinks followed) is not inside ``root``."""
    if allow_outside:
        return
    real, top = path.resolve(), root.resolve()
    if real != top and not real.is_relative_to(top):
        raise ReadError(
            f"{path}: the {what} resolves to {real}, outside the raw folder {root}; the build reads only what the "
            f"raw folder holds. Fix: copy the file or folder into {root} (not a symlink out of it), "
            "or pass --allow-outside-raw if reading it from there is intended."
        )


def _data_path(folder: Path, codebook_path: Path, *, allow_outside: bool = False, root: Path | None = None) -> Path:
    declared = _declared_file(codebook_path)
    if declared:
        if not allow_outside and (Path(declared).is_absolute() or ".." in Path(declared).parts):
            raise ReadError(
                f"{codebook_path}: wave.file '{declared}' points outside the wave folder. Fix: put the data file "
                f"into {folder} and write only its name (wave.file: {Path(declared).name}), or pass "
                "--allow-outside-raw if reading it from there is intended."
            )
        path = folder / declared
        if not path.is_file():
            raise ReadError(
                f"{codebook_path}: wave.file names '{declared}' but {path} does not exist. "
                f"Fix: put the data file into {folder} or correct wave.file in the codebook."
            )
        confine(path, root or folder.parent, "data file", allow_outside)
        return path
    candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() in DATA_SUFFIXES)
    if len(candidates) == 1:
        confine(candidates[0], root or folder.parent, "data file", allow_outside)
        return candidates[0]
    raise ReadError(
        f"{folder}: cannot tell which data file belongs to this wave "
        f"(found {len(candidates)} .sav/.csv files and no readable wave.file in {codebook_path.name}). "
        "Fix: keep exactly one data file in the folder and name it in wave.file."
    )


def unexpected_entries(source: WaveSource) -> list[Path]:
    """Files and folders in the wave folder that are neither its codebook, its data file nor notes."""
    data_top = (
        source.data_path.relative_to(source.folder).parts[0] if source.data_path.is_relative_to(source.folder) else None
    )
    expected = {source.codebook_path.name, data_top}
    return sorted(
        entry
        for entry in source.folder.iterdir()
        if not entry.name.startswith((".", "_"))
        and entry.name not in expected
        and not (entry.is_file() and entry.suffix.lower() in NOTE_SUFFIXES)
    )


def _unexpected_message(source: WaveSource, entries: list[Path]) -> str:
    data = source.data_path.name
    lines = [
        f"{source.folder}: unexpected {'folder' if e.is_dir() else 'file'} '{e.name}' beside the wave's data file "
        f"'{data}' (wave.file in {source.codebook_path.name}); the build would not read it."
        for e in entries
    ]
    replacement = next((e.name for e in entries if e.suffix.lower() in DATA_SUFFIXES), None)
    if replacement:
        lines.append(
            f"Fix: if {replacement} replaces {data}, set wave.file: {replacement} in {source.codebook_path} "
            f"and move {data} out of the raw folder; otherwise move the file out of {source.folder} "
            "or rename it to start with '_' (kept, never read)."
        )
    else:
        lines.append(
            f"Fix: move it out of {source.folder} or rename it to start with '_' (kept, never read); "
            "a wave folder holds codebook.yml, its data file and notes (*.md, *.pdf)."
        )
    return "\n".join(lines)


def check_folder(source: WaveSource) -> None:
    """Raise ``ReadError`` naming every unexpected file in the wave folder."""
    entries = unexpected_entries(source)
    if entries:
        raise ReadError(_unexpected_message(source, entries))


def skipped_folders(raw_dir: Path) -> list[str]:
    """Folders of ``raw_dir`` a build does not read: names starting with '_' (set aside) or '.'."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return []
    return sorted(p.name for p in raw_dir.iterdir() if p.is_dir() and p.name.startswith((".", "_")))


def discover_waves(raw_dir: Path, *, allow_outside: bool = False) -> list[WaveSource]:
    """All wave folders under ``raw_dir``, sorted by wave id. Hidden folders are ignored.

    Wave folders and data files must resolve inside ``raw_dir`` (no symlink out of it, no
    ``..``/absolute ``wave.file``) unless ``allow_outside``."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise ReadError(
            f"raw data folder {raw_dir} does not exist. "
            "Fix: create it with one sub-folder per wave (or pass the right folder)."
        )
    sources: list[WaveSource] = []
    problems: list[str] = []
    for folder in sorted(p for p in raw_dir.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")):
            log.debug("ignoring hidden folder %s", folder)
            continue
        confine(folder, raw_dir, "wave folder", allow_outside)
        codebook_path = folder / CODEBOOK_NAME
        if not codebook_path.is_file():
            raise CodebookError(
                f"{folder}: no {CODEBOOK_NAME} in this wave folder. "
                f"Fix: add {codebook_path} (format: docs/ingest.md) or move the folder out of {raw_dir}."
            )
        confine(codebook_path, raw_dir, "codebook", allow_outside)
        data_path = _data_path(folder, codebook_path, allow_outside=allow_outside, root=raw_dir)
        source = WaveSource(folder.name, folder, codebook_path, data_path)
        entries = unexpected_entries(source)
        if entries:
            problems.append(_unexpected_message(source, entries))
        sources.append(source)
    if problems:
        raise ReadError("\n".join(problems))
    log.info("discovered %d wave(s) in %s", len(sources), raw_dir)
    return sources
