"""Turn command-line paths (wave folders, data files or raw folders) into ``WaveSource``s."""

from __future__ import annotations

from pathlib import Path

from cpi.errors import ReadError
from cpi.ingest.waves import (
    CODEBOOK_NAME,
    WaveSource,
    _data_path,
    check_folder,
    discover_waves,
)


def _wave_in(folder: Path, data_file: Path | None = None) -> WaveSource:
    codebook = folder / CODEBOOK_NAME
    return WaveSource(
        wave_id=folder.name,
        folder=folder,
        codebook_path=codebook,
        data_path=data_file if data_file is not None else _data_path(folder, codebook),
    )


def sources_for_paths(paths: list[Path]) -> list[WaveSource]:
    """A data file → its wave folder; a folder with codebook.yml → that wave; else → its waves."""
    sources: list[WaveSource] = []
    for path in map(Path, paths):
        if path.is_file():
            sources.append(_wave_in(path.parent, data_file=path))
        elif path.is_dir() and (path / CODEBOOK_NAME).is_file():
            source = _wave_in(path)
            check_folder(source)  # an explicitly named data file is checked without this
            sources.append(source)
        elif path.is_dir():
            sources.extend(discover_waves(path))
        else:
            raise ReadError(f"{path} does not exist. Fix: pass a wave folder, a .sav/.csv file or data/raw.")
    if not sources:
        raise ReadError(f"no waves found in {', '.join(map(str, paths))}. Fix: pass wave folders.")
    return sources
