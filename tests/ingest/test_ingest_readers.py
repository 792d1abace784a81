import math
from pathlib import Path

import pandas as pd
import pytest
from wavebuild import FIXTURES, write_wave

from cpi.errors import ReadError
from cpi.ingest.readers import read_csv, read_data, read_sav

PSPP_SAV = FIXTURES / "wave_1251" / "wave_1251.sav"


def test_sav_keeps_variable_and_value_labels_and_user_missing(raw_dir: Path) -> None:
    source = write_wave(raw_dir)
    raw = read_sav(source.data_path)
    assert raw.variable_labels["q3"] == "Как в целом вы относитесь к Китаю?"
    assert raw.value_labels["q3"][3.0] == "Затрудняюсь ответить"
    assert raw.value_labels["q20_1"][0.0] == "Не отмечено"
    # user-missing codes stay values (not NaN) and are flagged
    assert raw.frame["q3"].tolist()[6] == 99.0
    assert raw.user_missing_mask("q3").tolist() == [False] * 6 + [True, False]
    assert raw.is_user_missing_value("vozrast", 999.0) and not raw.is_user_missing_value("vozrast", 99.0)
    assert math.isnan(raw.frame["q3"].tolist()[7])  # system missing
    assert raw.formats["tel"].startswith("A")


def test_pspp_windows_1251_file_is_decoded() -> None:
    raw_bytes = PSPP_SAV.read_bytes()
    assert "Очень хорошо".encode("cp1251") in raw_bytes  # the fixture really is windows-1251
    assert "Очень хорошо".encode() not in raw_bytes
    for encoding in ("windows-1251", None):  # codebook says so / the file declares it
        raw = read_sav(PSPP_SAV, encoding)
        assert raw.value_labels["q3"][1.0] == "Очень хорошо"
        assert raw.value_labels["obl"][3.0] == "г. Алматы"
        assert raw.variable_labels["q3"] == "Как в целом вы относитесь к Китаю?"
        assert raw.user_missing_mask("vozrast").tolist() == [False] * 4 + [True, False]
    assert read_sav(PSPP_SAV).encoding.upper() == "WINDOWS-1251"


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1251"])
def test_csv_numeric_codes_and_empty_is_system_missing(raw_dir: Path, encoding: str) -> None:
    def edit(frame: pd.DataFrame) -> None:
        frame["gps"] = ["Алматы, ул. Абая"] * len(frame)

    source = write_wave(raw_dir, fmt="csv", edit_frame=edit, csv_encoding=encoding)
    raw = read_data(source.data_path, "csv", None if encoding == "utf-8" else encoding)
    assert raw.frame["q3"].tolist()[:5] == [1, 2, 3, 4, 5]
    assert math.isnan(raw.frame["q3"].tolist()[7])
    assert raw.frame["gps"].tolist()[0] == "Алматы, ул. Абая"
    assert raw.user_missing == {}


def test_csv_in_the_wrong_encoding_is_a_read_error(raw_dir: Path) -> None:
    def edit(frame: pd.DataFrame) -> None:
        frame["gps"] = ["Алматы"] * len(frame)

    source = write_wave(raw_dir, fmt="csv", edit_frame=edit, csv_encoding="windows-1251")
    with pytest.raises(ReadError) as exc:
        read_csv(source.data_path)  # utf-8 by default
    assert str(source.data_path) in str(exc.value) and "wave.encoding" in str(exc.value)


@pytest.mark.parametrize(
    ("fmt", "content"),
    [("sav", b""), ("sav", b"not an spss file at all"), ("csv", b"")],
)
def test_unreadable_or_empty_files_raise_read_error(tmp_path: Path, fmt: str, content: bytes) -> None:
    path = tmp_path / f"wave.{fmt}"
    path.write_bytes(content)
    with pytest.raises(ReadError) as exc:
        read_data(path)
    assert str(path) in str(exc.value) and "Fix:" in str(exc.value)
