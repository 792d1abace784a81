"""Regenerating the demo waves gives the committed files: first the content (values, labels,
codebooks; readable failures), then the bytes (the .sav header carries a fixed creation time)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml

from cpi_demo import DEFAULT_SEED, generate

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
WAVES = ("cpi_2020_12", "cpi_2021_12", "cpi_2023_12", "omnibus_2023_02")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo_raw")
    generate(out, seed=DEFAULT_SEED)
    return out


def _read(path: Path) -> tuple[pd.DataFrame, object]:
    return pyreadstat.read_sav(str(path), user_missing=True)


@pytest.mark.slow
@pytest.mark.parametrize("wave", WAVES)
def test_regenerated_wave_equals_committed(regenerated: Path, wave: str) -> None:
    committed_cb = yaml.safe_load((RAW / wave / "codebook.yml").read_text(encoding="utf-8"))
    fresh_cb = yaml.safe_load((regenerated / wave / "codebook.yml").read_text(encoding="utf-8"))
    assert fresh_cb == committed_cb, (
        f"{wave}: codebook differs from the committed one; rerun `cpi demo-data` and commit"
    )
    old_df, old_meta = _read(RAW / wave / f"{wave}.sav")
    new_df, new_meta = _read(regenerated / wave / f"{wave}.sav")
    pd.testing.assert_frame_equal(new_df, old_df)
    assert new_meta.column_names_to_labels == old_meta.column_names_to_labels
    assert new_meta.variable_value_labels == old_meta.variable_value_labels
    assert new_meta.missing_ranges == old_meta.missing_ranges
    for name in (f"{wave}.sav", "codebook.yml"):
        assert (regenerated / wave / name).read_bytes() == (RAW / wave / name).read_bytes(), (
            f"{wave}/{name}: same content but other bytes; rerun `cpi demo-data` and commit"
        )


def test_other_seed_gives_other_data() -> None:
    """Guards against a generator that ignores its seed (the comparison above would then be vacuous)."""
    from cpi_demo.waves import WAVES as SPECS
    from cpi_demo.waves import build_frame

    spec = next(s for s in SPECS if s.meta.wave_id == "omnibus_2023_02")
    a, _ = build_frame(spec, DEFAULT_SEED + 3000)
    b, _ = build_frame(spec, DEFAULT_SEED + 1)
    assert not a.equals(b)
