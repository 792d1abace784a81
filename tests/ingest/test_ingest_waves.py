from pathlib import Path

import pytest
from wavebuild import write_wave

from cpi.errors import CodebookError, CpiError, ReadError
from cpi.ingest.waves import discover_waves


def test_discovers_waves_sorted_and_ignores_hidden(raw_dir: Path) -> None:
    write_wave(raw_dir, "cpi_2023_12")
    write_wave(raw_dir, "cpi_2020_11", fmt="csv")
    (raw_dir / ".cache").mkdir()
    (raw_dir / "README.txt").write_text("notes")
    sources = discover_waves(raw_dir)
    assert [s.wave_id for s in sources] == ["cpi_2020_11", "cpi_2023_12"]
    assert sources[0].data_path == raw_dir / "cpi_2020_11" / "cpi_2020_11.csv"
    assert sources[1].codebook_path == raw_dir / "cpi_2023_12" / "codebook.yml"


def test_folder_without_codebook_is_a_clear_error(raw_dir: Path) -> None:
    (raw_dir / "cpi_2021_10").mkdir()
    with pytest.raises(CodebookError) as exc:
        discover_waves(raw_dir)
    assert "cpi_2021_10" in str(exc.value) and "codebook.yml" in str(exc.value) and "Fix:" in str(exc.value)


def test_folder_without_data_file_is_a_clear_error(raw_dir: Path) -> None:
    source = write_wave(raw_dir, "cpi_2021_10")
    source.data_path.unlink()
    with pytest.raises(ReadError) as exc:
        discover_waves(raw_dir)
    assert "cpi_2021_10.sav" in str(exc.value) and "Fix:" in str(exc.value)
    assert isinstance(exc.value, CpiError) and exc.value.exit_code in (1, 2)


def test_missing_raw_dir(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="does not exist"):
        discover_waves(tmp_path / "nope")


def test_data_file_is_found_when_the_codebook_cannot_name_it(raw_dir: Path) -> None:
    source = write_wave(raw_dir, "cpi_2021_10")
    source.codebook_path.write_text("wave: [broken", encoding="utf-8")  # the gate reports this later
    assert discover_waves(raw_dir)[0].data_path == source.data_path


def test_unexpected_files_of_every_wave_in_one_error(raw_dir: Path) -> None:
    first = write_wave(raw_dir, "cpi_2023_12")
    second = write_wave(raw_dir, "cpi_2024_01", fmt="csv")
    (first.folder / "cpi_2023_12_v2_corrected.sav").write_bytes(b"x")
    (second.folder / "export.xlsx").write_bytes(b"x")
    (second.folder / "questionnaire.pdf").write_bytes(b"x")  # notes are allowed
    with pytest.raises(ReadError) as exc:
        discover_waves(raw_dir)
    message = str(exc.value)
    assert "unexpected file 'cpi_2023_12_v2_corrected.sav'" in message
    assert "set wave.file: cpi_2023_12_v2_corrected.sav" in message  # a data file: it may replace the declared one
    assert "unexpected file 'export.xlsx'" in message and "questionnaire" not in message
    assert message.count("Fix:") == 2 and exc.value.exit_code == 2
