"""Synthetic benchmark waves: resampled respondents, renumbered ids, fresh identifiers, same
questionnaire; the gate accepts them."""

from __future__ import annotations

from pathlib import Path

import pyreadstat
import pytest
import yaml

from cpi_bench.scenarios import monthly_specs, scale_scenario, with_added_wave
from cpi_bench.synth import WaveSpec, rewrite_codebook, write_wave

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "data" / "raw" / "cpi_2023_12"
IDENTIFIERS = ["tel", "gps_lat", "gps_lon", "interviewer"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[WaveSpec, Path]:
    spec = WaveSpec(
        str(SOURCE), "cpi_2024_03", 3, 11, year=2024, fieldwork_start="2024-03-05", fieldwork_end="2024-03-25"
    )
    dest = tmp_path_factory.mktemp("synth") / spec.wave_id
    stages: list[str] = []
    info = write_wave(spec, dest, stages.append)
    assert stages == ["read", "resample", "write"]
    assert info["file_bytes"] == (dest / "cpi_2024_03.sav").stat().st_size
    return spec, dest


def test_rows_are_resampled_source_rows_with_new_ids_and_identifiers(generated: tuple[WaveSpec, Path]) -> None:
    _, dest = generated
    source, source_meta = pyreadstat.read_sav(str(SOURCE / "cpi_2023_12.sav"), user_missing=True)
    wave, meta = pyreadstat.read_sav(str(dest / "cpi_2024_03.sav"), user_missing=True)
    assert len(wave) == 3 * len(source)
    assert wave["anketa"].tolist() == list(range(int(source["anketa"].min()), int(source["anketa"].min()) + len(wave)))
    answers = [c for c in source.columns if c not in ["anketa", *IDENTIFIERS]]
    source_rows = set(source[answers].fillna(-1).itertuples(index=False, name=None))
    assert set(wave[answers].fillna(-1).itertuples(index=False, name=None)) <= source_rows
    assert wave[answers].drop_duplicates().shape[0] > 0.5 * len(source)  # resampled, not one row repeated
    assert not set(wave["tel"]) & set(source["tel"])  # identifiers regenerated, none copied
    assert wave["tel"].str.fullmatch(r"\+7 7\d\d \d{3} \d\d \d\d").all()
    for column in ("gps_lat", "gps_lon", "interviewer"):
        assert source[column].min() <= wave[column].min() and wave[column].max() <= source[column].max()
    assert not set(zip(wave.gps_lat, wave.gps_lon, strict=True)) & set(zip(source.gps_lat, source.gps_lon, strict=True))
    for attr in ("column_names_to_labels", "variable_value_labels", "missing_ranges", "original_variable_types"):
        assert getattr(meta, attr) == getattr(source_meta, attr), attr


def test_codebook_changes_only_the_wave_header(generated: tuple[WaveSpec, Path]) -> None:
    _, dest = generated
    new = yaml.safe_load((dest / "codebook.yml").read_text(encoding="utf-8"))
    old = yaml.safe_load((SOURCE / "codebook.yml").read_text(encoding="utf-8"))
    assert new["variables"] == old["variables"]
    assert new["wave"] | {"sample_note": None} == old["wave"] | {
        "id": "cpi_2024_03",
        "year": 2024,
        "fieldwork_start": "2024-03-05",
        "fieldwork_end": "2024-03-25",
        "file": "cpi_2024_03.sav",
        "sample_note": None,
    }
    assert "n = 4,848" in new["wave"]["sample_note"]


def test_the_gate_accepts_the_generated_wave(generated: tuple[WaveSpec, Path]) -> None:
    from cpi.ingest.gate import validate_wave
    from cpi.ingest.waves import discover_waves

    _, dest = generated
    (source,) = discover_waves(dest.parent)
    report = validate_wave(source)
    assert report.ok, report.format()


def test_multiline_sample_note_is_replaced_whole() -> None:
    text = (REPO / "data" / "raw" / "cpi_2021_12" / "codebook.yml").read_text(encoding="utf-8")
    spec = WaveSpec(str(REPO / "data" / "raw" / "cpi_2021_12"), "cpi_2021_12", 2, 1)
    doc = yaml.safe_load(rewrite_codebook(text, spec, "cpi_2021_12.sav", 3168))
    assert doc["wave"]["sample_note"].startswith("SYNTHETIC benchmark wave: 2 x")
    assert doc["wave"]["year"] == 2021 and doc["wave"]["respondent_id"] == "ID"
    assert doc["variables"] == yaml.safe_load(text)["variables"]


def test_scenarios() -> None:
    months = monthly_specs(14)
    assert [s.wave_id for s in months[:2]] + [months[12].wave_id] == ["cpi_2024_01", "cpi_2024_02", "cpi_2025_01"]
    assert (months[13].year, months[13].fieldwork_start) == (2025, "2025-02-05")
    assert len({s.seed for s in months}) == 14
    x1, x10 = scale_scenario(1), scale_scenario(10)
    assert set(x1.waves) == set(x10.waves) == {"cpi_2020_12", "cpi_2021_12", "cpi_2023_12", "omnibus_2023_02"}
    assert all(spec is None for spec in x1.waves.values())  # x1 is the demo data itself
    assert x10.waves["cpi_2023_12"].factor == 10
    assert set(with_added_wave(x10).waves) - set(x10.waves) == {"cpi_2024_01"}


def test_cache_key_follows_the_spec() -> None:
    a = WaveSpec(str(SOURCE), "cpi_2023_12", 10, 1)
    assert a.cache_key() == WaveSpec(str(SOURCE), "cpi_2023_12", 10, 1).cache_key()
    assert a.cache_key() != WaveSpec(str(SOURCE), "cpi_2023_12", 10, 2).cache_key()
    assert a.cache_key() != WaveSpec(str(SOURCE), "cpi_2023_12", 100, 1).cache_key()
