"""Tables hashed for bit-for-bit comparisons of builds (the product's ``cpi_bench.identity``, which
the benchmark's add_wave = forced check uses too). Used by the tests that compare two builds of the
same inputs (same bits, incremental vs forced, a build reusing dbt's saved parse)."""

from cpi_bench.identity import exact, mart_hashes, table_hash

__all__ = ["exact", "mart_hashes", "table_hash"]
