"""Synthetic demo waves calibrated to the report's printed numbers (see docs/demo-data.md).

``generate(raw_dir, seed)`` writes ``<raw_dir>/<wave_id>/{<wave_id>.sav, codebook.yml}`` for the
four demo waves and returns the written paths. Deterministic for a given seed.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_SEED = 20231205


def generate(raw_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Generate every demo wave into ``raw_dir``; returns the files written."""
    # Imported here: loading the package (e.g. ``cpi demo-data --help``) stays light.
    from cpi_demo.waves import WAVES, build_frame
    from cpi_demo.writer import build_wave, write_wave

    written: list[Path] = []
    for index, spec in enumerate(WAVES):
        frame, rng = build_frame(spec, seed + 1000 * index)
        df, codebook, sav_meta = build_wave(frame, spec.style, spec.meta, rng)
        written += write_wave(Path(raw_dir) / spec.meta.wave_id, df, codebook, sav_meta)
    return written


__all__ = ["DEFAULT_SEED", "generate"]
