"""``CPI_DBT_PARSE_CACHE``: a build into a new ``OUT`` starts from dbt's saved parse of an earlier
build and publishes the same marts (cpi/dbt/parse_cache.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from release_hashes import mart_hashes

from cpi import settings
from cpi.build.run import run_build
from cpi.dbt import parse_cache
from cpi.layout import Layout


def test_the_key_names_the_project_folder_and_the_dbt_version(tmp_path: Path) -> None:
    one = parse_cache.cache_file(tmp_path, Path("/a/project"), "dbt-core 1.11.0")
    assert one != parse_cache.cache_file(tmp_path, Path("/another/project"), "dbt-core 1.11.0")
    assert one != parse_cache.cache_file(tmp_path, Path("/a/project"), "dbt-core 1.11.1")
    assert one == parse_cache.cache_file(tmp_path, Path("/a/project"), "dbt-core 1.11.0")


def test_a_target_keeps_its_own_parse_and_a_save_leaves_no_partial_file(tmp_path: Path) -> None:
    cached = tmp_path / "cache" / "k" / parse_cache.SAVED_PARSE
    target = tmp_path / "target"
    assert parse_cache.restore(cached, target) is False  # nothing cached yet
    target.mkdir()
    (target / parse_cache.SAVED_PARSE).write_bytes(b"first")
    parse_cache.save(target, cached)
    assert cached.read_bytes() == b"first"
    assert [p.name for p in cached.parent.iterdir()] == [parse_cache.SAVED_PARSE]
    (target / parse_cache.SAVED_PARSE).write_bytes(b"the target's own")
    assert parse_cache.restore(cached, target) is False  # never overwrites the target's parse
    assert (target / parse_cache.SAVED_PARSE).read_bytes() == b"the target's own"
    other = tmp_path / "other"
    assert parse_cache.restore(cached, other) is True
    assert (other / parse_cache.SAVED_PARSE).read_bytes() == b"first"


@pytest.mark.slow
def test_a_build_into_a_new_folder_reuses_the_saved_parse(tiny_raw: Path, tiny_build, tmp_path: Path) -> None:
    before = settings.current()
    cache = tmp_path / "cache"
    cached = parse_cache.cache_file(cache, before.dbt_project_dir, parse_cache_version())
    parse_cache.save(Layout(tiny_build.published.parent).dbt_target, cached)
    assert cached.is_file()
    settings.configure(replace(before, dbt_parse_cache=cache))
    try:
        result = run_build(tiny_raw, tmp_path / "out", keep=1)
    finally:
        settings.configure(before)
    assert result.outcome == "published"
    assert result.dbt.partial_parse is True  # dbt.log: "Partial parsing enabled"
    assert mart_hashes(result.release) == mart_hashes(tiny_build.release)


def parse_cache_version() -> str:
    from cpi.dbt.runner import dbt_version

    return dbt_version()
