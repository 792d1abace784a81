"""Every gate failure kind: reported (never raised) with file, variable, values and a fix."""

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from wavebuild import FIXTURES, variable, write_wave

from ingest.codebook import read_codebook
from ingest.gate import (
    CheckResult,
    ValidationReport,
    check_wave,
    gate_wave,
    validate_wave,
)
from ingest.readers import read_data
from ingest.waves import WaveSource


def _failed(report: ValidationReport, name: str) -> CheckResult:
    matches = [c for c in report.failures if c.check_name == name]
    assert matches, f"expected a failed {name}; got:\n{report.format()}"
    check, text = matches[0], report.format()
    # every failure is actionable: file, variable, offending values and a fix are in the printed report
    assert f"file: {check.file}" in text and check.fix and f"fix: {check.fix}" in text
    if check.variable:
        assert f"{name} - variable {check.variable}" in text
    if check.offending:
        assert check.offending_text() in text
    return check


def _set(column: str, values: list) -> Callable[[pd.DataFrame], None]:
    def edit(frame: pd.DataFrame) -> None:
        frame[column] = values

    return edit


def test_valid_sav_wave_passes(raw_dir: Path) -> None:
    report = validate_wave(write_wave(raw_dir))
    assert report.ok, report.format()
    names = {c.check_name for c in report.checks}
    assert {
        "no_undeclared_variables",
        "variable_present",
        "value_in_set",
        "respondent_id_unique",
        "respondent_id_not_null",
        "age_18_plus",
        "file_not_empty",
    } <= names
    assert "all" in report.format() and "passed" in report.format()


def test_valid_csv_wave_passes(raw_dir: Path) -> None:
    report = validate_wave(write_wave(raw_dir, fmt="csv"))
    assert report.ok, report.format()


def test_pspp_fixture_passes(tmp_path: Path) -> None:
    folder = tmp_path / "wave_1251"
    folder.mkdir()
    for name in ("codebook.yml", "wave_1251.sav"):
        (folder / name).write_bytes((FIXTURES / "wave_1251" / name).read_bytes())
    report = validate_wave(
        WaveSource(
            "wave_1251", folder, folder / "codebook.yml", folder / "wave_1251.sav"
        )
    )
    assert report.ok, report.format()


def test_check_wave_checks_the_frame_it_is_given(raw_dir: Path) -> None:
    source = write_wave(raw_dir)
    gated = gate_wave(source)  # the codebook and the data, read once, with the report
    assert gated.report.ok and gated.codebook is not None and gated.raw is not None
    codebook = read_codebook(source.codebook_path)
    raw = read_data(source.data_path)
    raw.frame.loc[1, "q3"] = 7.0  # changed in memory only: the file still passes
    source.data_path.unlink()  # and check_wave does not look at the file
    report = check_wave(source, codebook, raw)
    check = _failed(report, "value_in_set")
    assert check.variable == "q3" and check.offending == [(7.0, 1)]
    assert len(report.failures) == 1, report.format()


def test_codes_outside_the_value_set_are_counted(raw_dir: Path) -> None:
    source = write_wave(
        raw_dir, edit_frame=_set("q3", [1.0, 7.0, 7.0, 0.0, 5.0, 7.0, 99.0, None])
    )
    report = validate_wave(source)
    check = _failed(report, "value_in_set")
    assert check.variable == "q3" and check.file == str(source.data_path)
    assert check.offending == [(7.0, 3), (0.0, 1)]
    text = report.format()
    assert "value 7 (3 rows), value 0 (1 row)" in text
    assert "first rows: 7 in rows 2, 3, 6; 0 in row 4" in text  # 1-based source rows
    assert (
        str(source.data_path) in text
        and "variable q3" in text
        and "fix:" in text
        and "codebook.yml" in text
    )
    assert (
        not report.ok and len(report.failures) == 1
    )  # system-missing (None) is allowed


def test_unknown_region_code_in_data(raw_dir: Path) -> None:
    report = validate_wave(
        write_wave(
            raw_dir, edit_frame=_set("obl", [1.0, 2.0, 42.0, 1.0, 2.0, 3.0, 1.0, 99.0])
        )
    )
    check = _failed(report, "value_in_set")
    assert check.variable == "obl" and check.offending == [(42.0, 1)]


def test_unknown_region_code_in_codebook_goes_through_the_report(raw_dir: Path) -> None:
    def edit(cb: dict) -> None:
        variable(cb, "obl")["values"][3] = "almaty_city"

    source = write_wave(raw_dir, edit_codebook=edit)
    report = validate_wave(source)
    check = _failed(report, "codebook.region_code_known")
    assert check.file == str(source.codebook_path) and check.variable == "obl"
    assert "almaty_city" in check.detail and "seeds/ref_regions.csv" in check.fix
    assert "codebook.region_code_known - variable obl" in report.format()


def test_undeclared_variable_stops_the_wave(raw_dir: Path) -> None:
    def edit(frame: pd.DataFrame) -> None:
        frame["fio"] = [f"Ivanov {i}" for i in range(len(frame))]

    report = validate_wave(write_wave(raw_dir, edit_frame=edit))
    check = _failed(report, "no_undeclared_variables")
    assert check.offending == [("fio", 8)]
    assert "'fio'" in report.format() and "identifier" in check.fix


def test_declared_variable_missing_from_file(raw_dir: Path) -> None:
    report = validate_wave(
        write_wave(raw_dir, edit_frame=lambda f: f.drop(columns=["q15_1"]))
    )
    check = _failed(report, "variable_present")
    assert check.variable == "q15_1" and "codebook.yml" in check.fix
    assert [c.check_name for c in report.failures] == ["variable_present"]


def test_duplicate_respondent_ids(raw_dir: Path) -> None:
    report = validate_wave(
        write_wave(
            raw_dir, edit_frame=_set("anketa", [1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 7.0, 8.0])
        )
    )
    check = _failed(report, "respondent_id_unique")
    assert check.variable == "anketa" and check.offending == [(3.0, 3), (1.0, 2)]
    assert "value 3 (3 rows), value 1 (2 rows)" in report.format()


def test_missing_respondent_ids(raw_dir: Path) -> None:
    report = validate_wave(
        write_wave(
            raw_dir,
            edit_frame=_set("anketa", [1.0, np.nan, 3.0, 4.0, 5.0, np.nan, 7.0, 8.0]),
        )
    )
    check = _failed(report, "respondent_id_not_null")
    assert check.offending == [("<empty>", 2)]
    assert check.example_rows == {"<empty>": [2, 6]}


def test_minors_are_rejected_but_user_missing_age_is_not(raw_dir: Path) -> None:
    source = write_wave(
        raw_dir,
        edit_frame=_set("vozrast", [16.0, 25.0, 17.0, 47.0, 52.0, 16.0, 80.0, 999.0]),
    )
    check = _failed(validate_wave(source), "age_18_plus")
    assert check.variable == "vozrast" and check.offending == [(16.0, 2), (17.0, 1)]


def test_text_in_a_numeric_variable(raw_dir: Path) -> None:
    edit = _set("vozrast", ["18", "25", "refused", "47", "52", "", "80", "refused"])
    check = _failed(
        validate_wave(write_wave(raw_dir, fmt="csv", edit_frame=edit)), "numeric_values"
    )
    assert check.variable == "vozrast" and check.offending == [("refused", 2)]


def test_codebook_without_age_cannot_prove_adults(raw_dir: Path) -> None:
    report = validate_wave(
        write_wave(
            raw_dir,
            edit_codebook=lambda cb: variable(cb, "vozrast").update(
                role="ignore", code=None, numeric=None
            ),
        )
    )
    assert "code age" in _failed(report, "age_declared").fix


def test_age_in_groups_cannot_prove_adults(raw_dir: Path) -> None:
    source = write_wave(
        raw_dir,
        edit_codebook=lambda cb: variable(cb, "vozrast").update(
            numeric=False,
            values={
                18: "18-34",
                25: "18-34",
                34: "18-34",
                47: "35-54",
                52: "35-54",
                66: "55+",
                80: "55+",
                999: "missing",
            },
        ),
    )
    check = _failed(validate_wave(source), "age_declared")
    assert check.variable == "vozrast" and "numeric: true" in check.fix


def test_file_without_rows(raw_dir: Path) -> None:
    report = validate_wave(
        write_wave(raw_dir, fmt="csv", edit_frame=lambda f: f.iloc[0:0])
    )
    assert "no rows" in _failed(report, "file_not_empty").detail


@pytest.mark.parametrize("content", [b"", b"\x00garbage"])
def test_unreadable_file_is_reported(raw_dir: Path, content: bytes) -> None:
    source = write_wave(raw_dir)
    source.data_path.write_bytes(content)
    report = validate_wave(source)
    check = _failed(report, "file_readable")
    assert check.file == str(source.data_path) and str(source.data_path) in check.detail


def test_unreadable_codebook_is_reported(raw_dir: Path) -> None:
    source = write_wave(raw_dir)
    source.codebook_path.write_text("codebook_version: 1\nwave: [", encoding="utf-8")
    report = validate_wave(source)
    assert _failed(report, "codebook_readable").file == str(source.codebook_path)


def test_every_codebook_problem_is_listed(raw_dir: Path) -> None:
    def edit(cb: dict) -> None:
        variable(cb, "q3")["code"] = "no_such_item"
        variable(cb, "tel")["kind"] = None
        cb["wave"]["id"] = "other"

    report = validate_wave(write_wave(raw_dir, edit_codebook=edit))
    failed = {c.check_name for c in report.failures}
    assert {
        "codebook.item_code_known",
        "codebook.identifier_kind_action",
        "codebook.wave_id_matches_folder",
    } <= failed


def _fingerprint(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_size


@pytest.mark.parametrize("fmt", ["sav", "csv"])
def test_gate_never_touches_raw_files(raw_dir: Path, fmt: str) -> None:
    source = write_wave(
        raw_dir,
        fmt=fmt,
        edit_frame=_set("q3", [1.0, 7.0, 7.0, 0.0, 5.0, 7.0, 99.0, None]),
    )
    before = {p: _fingerprint(p) for p in source.folder.iterdir()}
    report = validate_wave(source)
    assert not report.ok
    assert {p: _fingerprint(p) for p in source.folder.iterdir()} == before
