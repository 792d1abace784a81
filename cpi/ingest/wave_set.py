"""Rules over the set of waves of one build (a single wave's rules: the gate).

One annual wave per year: the annual series (v1 marts, the headline) has one row per year, and
two annual waves of the same year would be pooled into it without a word. A second annual wave
in a year is refused unless every annual wave of that year declares ``wave.pooling: pooled``
(docs/ingest.md): then they are combined into that year's annual row, as declared.
"""

from __future__ import annotations

from collections import defaultdict

from cpi.errors import CodebookError
from cpi.ingest.codebook import read_codebook
from cpi.ingest.codebook_model import Codebook
from cpi.ingest.waves import WaveSource


def _codebooks(sources: list[WaveSource]) -> list[Codebook]:
    out = []
    for source in sources:
        try:
            out.append(read_codebook(source.codebook_path))  # parsed once: the gate reuses it
        except CodebookError:
            continue  # the gate reports why
    return out


def annual_year_problems(sources: list[WaveSource]) -> list[str]:
    """One message per year with more than one annual wave that is not declared pooled."""
    by_year: dict[int, list[Codebook]] = defaultdict(list)
    for cb in _codebooks(sources):
        if cb.wave.kind == "annual":
            by_year[cb.wave.year].append(cb)
    problems = []
    for year, waves in sorted(by_year.items()):
        if len(waves) < 2 or all(cb.wave.pooling == "pooled" for cb in waves):
            continue
        ids = ", ".join(cb.wave.id for cb in waves)
        separate = ", ".join(str(cb.path) for cb in waves if cb.wave.pooling != "pooled")
        problems.append(
            f"year {year} has {len(waves)} annual waves ({ids}); the annual series has one wave per year "
            f"(docs/marts.md). Fix: declare the extra wave kind: omnibus, move it out of the raw folder, or, to "
            f"combine them into one {year} annual row, set wave.pooling: pooled in {separate} (docs/ingest.md)."
        )
    return problems


def check_wave_set(sources: list[WaveSource]) -> None:
    """Raise ``CodebookError`` (exit 2) naming every year with two annual waves not declared pooled."""
    problems = annual_year_problems(sources)
    if problems:
        raise CodebookError("\n".join(problems))
