"""Poisson(1) bootstrap multiplicities: one reproducible stream per wave, drawn chunk by chunk.

Replicate r of a wave gives respondent i (in respondent-id order) the multiplicity m_ri, the
(r * n + i)-th draw of ``numpy.random.Generator(PCG64(SeedSequence([seed, key(wave)]))).poisson(1)``
(Hanley & MacGibbon 2006). The stream is consumed in replicate-major order, so any split into
chunks of replicates yields the same values; memory is bounded by the chunk, not by R x n.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from survey_stats.errors import StatsError

#: draws per numpy call while filling a chunk (2 MiB of int64; numpy holds the GIL during a call,
#: so short calls let the matrix products of the main thread run beside the drawing).
DRAW_ELEMENTS = 2**18


def wave_seed(seed: int, wave_id: str) -> np.random.Generator:
    """Generator of a wave's multiplicities: depends on the seed and the wave id only (adding or
    removing another wave never changes this wave's replicates)."""
    key = int.from_bytes(hashlib.sha256(wave_id.encode("utf-8")).digest()[:8], "big")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), key])))


def one_blas_thread() -> threadpool_limits:
    """Context: BLAS on one thread. The matrix products of one chunk run on one core while the
    next chunk of multiplicities is drawn on the other; a multi-threaded BLAS competing with that
    thread (or with a busy machine) is several times slower on these medium-sized products."""
    return threadpool_limits(limits=1, user_api="blas")


def replicate_chunk(replicates: int, n: int, budget_bytes: int) -> int:
    """Replicates per chunk so that two uint8 chunks (the one in use, the next being drawn) fit
    in half of ``budget_bytes``."""
    return int(max(1, min(replicates, budget_bytes // max(4 * n, 1))))


def _draw(rng: np.random.Generator, count: int, n: int) -> np.ndarray:
    out = np.empty((count, n), dtype=np.uint8)
    step = max(1, DRAW_ELEMENTS // max(n, 1))
    for row in range(0, count, step):
        block = rng.poisson(1.0, size=(min(step, count - row), n))
        if block.size and block.max() > np.iinfo(np.uint8).max:  # P(Poisson(1) > 255) ~ 1e-500
            raise StatsError("a Poisson(1) multiplicity exceeded 255; the bootstrap cannot store it")
        out[row : row + block.shape[0]] = block
    return out


def poisson_chunks(rng: np.random.Generator, replicates: int, n: int, chunk: int) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (first replicate index, uint8 array (count, n)) for consecutive chunks of the stream.

    The next chunk is drawn in a background thread while the caller works on the current one
    (numpy draws without holding the GIL); draws stay strictly sequential, so the values do not
    depend on the chunk size or on timing.
    """
    starts = list(range(0, replicates, max(1, chunk)))
    if not starts:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="poisson") as pool:
        pending = pool.submit(_draw, rng, min(chunk, replicates), n)
        for position, first in enumerate(starts):
            current = pending.result()
            if position + 1 < len(starts):
                following = starts[position + 1]
                pending = pool.submit(_draw, rng, min(chunk, replicates - following), n)
            yield first, current
