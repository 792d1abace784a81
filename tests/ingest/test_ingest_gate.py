"""The validation gate: every bad input is ONE row of the table below.

Each row plants one problem in a small wave and checks what `cpi validate <wave folder>` tells the
user: exit status 2, never a traceback, and a message naming the file, the variable, the
offending values with their row counts, the first rows and the fix.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner
from wavebuild import FIXTURES, variable, write_wave

from cpi.errors import CpiError, ValidationFailed
from cpi.ingest.codebook import read_codebook
from cpi.ingest.gate import (
    CheckResult,
    ValidationReport,
    check_wave,
    gate_wave,
    validate_wave,
)
from cpi.ingest.readers import read_data
from cpi.ingest.sources import sources_for_paths
from cpi.ingest.waves import WaveSource


def _set(column: str, values: list) -> Callable[[pd.DataFrame], None]:
    def edit(frame: pd.DataFrame) -> None:
        frame[column] = values

    return edit


def _cb(name: str, **changes: object) -> Callable[[dict], None]:
    return lambda cb: variable(cb, name).update(changes)


def _weight(**changes: object) -> Callable[[dict], None]:
    return _cb("weight_x", role="weight", **changes)


def _write(name: str, content: bytes) -> Callable[[WaveSource], None]:
    def after(source: WaveSource) -> None:
        path = source.folder / name if name else source.data_path
        path.write_bytes(content)

    return after


def _many(rows: int, column: str, value: float, every: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The base wave repeated to ``rows`` rows, new ids, ``value`` in ``column`` on every ``every``-th row."""

    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        big = frame.iloc[np.arange(rows) % len(frame)].reset_index(drop=True)
        big["anketa"] = np.arange(1.0, rows + 1)
        big.loc[big.index % every == 0, column] = value
        return big

    return edit


AGES = [18.0, 25.0, 34.0, 47.0, 52.0, 66.0, 80.0, 999.0]  # 999 is the file's user-missing code
AGE_GROUPS = {18: "18-34", 25: "18-34", 34: "18-34", 47: "35-54", 52: "35-54", 66: "55+", 80: "55+", 999: "missing"}


@dataclass(frozen=True)
class Bad:
    """One bad input and what the user must be told about it."""

    check: str  # the failed check; "error" = the wave is refused before the checks (a CpiError)
    frame: Callable[[pd.DataFrame], None] | None = None
    codebook: Callable[[dict], None] | None = None
    after: Callable[[WaveSource], None] | None = None  # e.g. replace a file, add one
    fmt: str = "sav"
    csv_sep: str = ","
    variable: str | None = None
    offending: list | None = None  # [(value, rows)]
    rows: dict | None = None  # {value: first source rows}
    says: tuple[str, ...] = ()  # fragments of the printed message
    also: tuple[str, ...] = ()  # other checks that fail with it (default: it is the only failure)
    in_codebook: bool = False  # the failure points at codebook.yml, not the data file


BAD = {
    # --- codes and values ------------------------------------------------------------------
    "code_outside_value_set": Bad(
        "value_in_set",
        frame=_set("q3", [1.0, 7.0, 7.0, 0.0, 5.0, 7.0, 99.0, None]),
        variable="q3",
        offending=[(7.0, 3), (0.0, 1)],
        rows={7.0: [2, 3, 6], 0.0: [4]},
        says=("value 7 (3 rows), value 0 (1 row)", "first rows: 7 in rows 2, 3, 6; 0 in row 4", "codebook.yml"),
    ),
    "code_outside_value_set_in_many_rows": Bad(  # GX lists at most 200 rows: counts come from the whole column
        "value_in_set",
        frame=_many(1000, "q3", 7.0, every=4),
        variable="q3",
        offending=[(7.0, 250)],
        rows={7.0: [1, 5, 9, 13, 17]},
        says=("value 7 (250 rows)",),
    ),
    "unknown_region_code_in_data": Bad(
        "value_in_set",
        frame=_set("obl", [1.0, 2.0, 42.0, 1.0, 2.0, 3.0, 1.0, 99.0]),
        variable="obl",
        offending=[(42.0, 1)],
        rows={42.0: [3]},
    ),
    "minors": Bad(
        "value_in_range",
        frame=_set("vozrast", [16.0, 25.0, 17.0, 47.0, 52.0, 16.0, 80.0, 999.0]),
        variable="vozrast",
        offending=[(16.0, 2), (17.0, 1)],
        rows={16.0: [1, 6], 17.0: [3]},
        says=("plausible range (18-110, by default)", "respondents under 18"),  # 999 (user-missing) is no age
    ),
    "age_150": Bad(
        "value_in_range",
        frame=_set("vozrast", [18.0, 150.0, 34.0, 47.0, 52.0, 66.0, 150.0, 999.0]),
        variable="vozrast",
        offending=[(150.0, 2)],
        rows={150.0: [2, 7]},
        says=("value 150 (2 rows)", "above 110", "missing value", "raise max: for 'vozrast' in codebook.yml"),
    ),
    "age_1e308": Bad(
        "value_in_range",
        frame=_set("vozrast", [18.0, 25.0, 1e308, 47.0, 52.0, 66.0, 80.0, 999.0]),
        variable="vozrast",
        offending=[(1e308, 1)],
        rows={1e308: [3]},
        says=("value 1e+308 (1 row)",),
    ),
    "age_above_codebook_max": Bad(
        "value_in_range",
        codebook=_cb("vozrast", max=75),
        variable="vozrast",
        offending=[(80.0, 1)],
        rows={80.0: [7]},
        says=("18-75, from min/max of 'vozrast' in codebook.yml", "above 75"),
    ),
    "text_among_codes_in_a_csv": Bad(  # the numbers are codes as the loader reads them; only the word is not
        "value_in_set",
        fmt="csv",
        frame=_set("q3", ["1", "2", "x", "4", " 5", "1", "99", ""]),
        variable="q3",
        offending=[("x", 1)],
        rows={"x": [3]},
        says=("value 'x' (1 row)",),
    ),
    "text_in_numeric_variable": Bad(
        "numeric_values",
        fmt="csv",
        frame=_set("vozrast", ["18", "25", "refused", "47", "52", "", "80", "refused"]),
        variable="vozrast",
        offending=[("refused", 2)],
        rows={"refused": [3, 8]},
    ),
    # --- respondents and variables ---------------------------------------------------------
    "duplicate_respondent_ids": Bad(
        "respondent_id_unique",
        frame=_set("anketa", [1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 7.0, 8.0]),
        variable="anketa",
        offending=[(3.0, 3), (1.0, 2)],
        says=("value 3 (3 rows), value 1 (2 rows)",),
    ),
    "respondent_id_repeated_in_many_rows": Bad(
        "respondent_id_unique",
        frame=_many(1000, "anketa", 1.0, every=3),
        variable="anketa",
        offending=[(1.0, 334)],
        rows={1.0: [1, 4, 7, 10, 13]},
        says=("value 1 (334 rows)",),
    ),
    "missing_respondent_ids": Bad(
        "respondent_id_not_null",
        frame=_set("anketa", [1.0, np.nan, 3.0, 4.0, 5.0, np.nan, 7.0, 8.0]),
        variable="anketa",
        offending=[("<empty>", 2)],
        rows={"<empty>": [2, 6]},
        says=("offending: empty (2 rows)", "first rows: 2, 6"),
    ),
    "undeclared_variable": Bad(
        "no_undeclared_variables",
        frame=lambda f: f.insert(3, "fio", [f"Ivanov {i}" for i in range(8)]),
        offending=[("fio", 8)],
        says=("offending: variable 'fio'\n", "identifier"),
    ),
    "declared_variable_missing_from_file": Bad(
        "variable_present",
        frame=lambda f: f.drop(columns=["q15_1"]),
        variable="q15_1",
        says=("codebook.yml",),
    ),
    "no_rows": Bad("file_not_empty", fmt="csv", frame=lambda f: f.iloc[0:0], says=("no rows",)),
    "no_age_variable": Bad(
        "age_declared",
        codebook=_cb("vozrast", role="ignore", code=None, numeric=None),
        says=("code age",),
    ),
    "age_in_groups": Bad(
        "age_declared",
        codebook=_cb("vozrast", numeric=False, values=AGE_GROUPS),
        variable="vozrast",
        says=("numeric: true",),
    ),
    # --- weights -------------------------------------------------------------------------------
    "weight_not_positive": Bad(
        "weight_positive_finite",
        codebook=_weight(),
        variable="weight_x",
        frame=_set("weight_x", [0.9, 0.0, 1.0, -1.5, 0.8, 1.2, 1.0, 1.0]),
        offending=[(-1.5, 1), (0.0, 1)],
        rows={-1.5: [4], 0.0: [2]},
        says=("zero, negative or infinite",),
    ),
    "weight_infinite": Bad(
        "weight_positive_finite",
        codebook=_weight(),
        variable="weight_x",
        frame=_set("weight_x", [0.9, 1.1, np.inf, 1.0, 0.8, 1.2, 1.0, 1.0]),
        offending=[(np.inf, 1)],
        says=("inf",),
    ),
    "weight_missing": Bad(
        "weight_not_null",
        codebook=_weight(),
        variable="weight_x",
        frame=_set("weight_x", [0.9, None, 1.0, 1.0, None, 1.2, 1.0, 1.0]),
        offending=[("<empty>", 2)],
        rows={"<empty>": [2, 5]},
    ),
    "weight_with_text": Bad(
        "numeric_values",
        fmt="csv",
        codebook=_weight(),
        variable="weight_x",
        frame=_set("weight_x", ["0.9", "1.1", "n/a", "1.0", "0.8", "1.2", "1.0", "1"]),
        offending=[("n/a", 1)],
        rows={"n/a": [3]},
        says=("text in a weight",),
    ),
    "weight_above_codebook_max": Bad(
        "value_in_range",
        codebook=_weight(max=1.15),
        variable="weight_x",
        offending=[(1.2, 1)],
        rows={1.2: [6]},
    ),
    # --- files ---------------------------------------------------------------------------------
    "empty_data_file": Bad("file_readable", after=_write("", b""), says=("empty (0 bytes)",)),
    "data_file_not_spss": Bad("file_readable", after=_write("", b"\x00garbage"), says=("cannot read as SPSS",)),
    "csv_semicolon_undeclared": Bad(
        "file_readable",
        fmt="csv",
        csv_sep=";",
        says=(
            "problem: the header does not split on the declared delimiter ',' (comma); it splits on ';' (semicolon) into",
            "into 10 columns\n",
            "fix: set wave.delimiter: ';' in codebook.yml",
        ),
    ),
    "csv_tab_undeclared": Bad(
        "file_readable",
        fmt="csv",
        csv_sep="\t",
        says=("'\\t' (tab) into 10 columns", 'wave.delimiter: "\\t"'),
    ),
    "second_data_file_in_folder": Bad(
        "error",
        after=_write("cpi_test_v2_corrected.sav", b"delivered later"),
        says=(
            "unexpected file 'cpi_test_v2_corrected.sav'",
            "data file 'cpi_test.sav'",
            "set wave.file: cpi_test_v2_corrected.sav",
            "rename it to start with '_'",
        ),
    ),
    "stray_folder_in_wave_folder": Bad(
        "error",
        after=lambda s: (s.folder / "old").mkdir(),
        says=("unexpected folder 'old'",),
    ),
    # --- codebook --------------------------------------------------------------------------------
    "codebook_yaml_syntax_error": Bad(
        "codebook_readable",
        in_codebook=True,
        after=_write("codebook.yml", b"codebook_version: 1\nwave: [\n"),
        says=("problem: YAML syntax error at line 3, column 1: did not find expected node content",),
    ),
    "codebook_not_a_mapping": Bad(
        "codebook_readable",
        in_codebook=True,
        after=_write("codebook.yml", b"- just\n- a list\n"),
        says=(
            "problem: top level: not a mapping of fields (codebook_version:, wave:, variables:)\n",
            "fix: start from the example in docs/ingest.md",
        ),
    ),
    "codebook_unknown_role": Bad(
        "codebook.role_valid",
        in_codebook=True,
        codebook=_cb("weight_x", role="wieght"),
        variable="weight_x",
        says=("unknown role", "value wieght", "fix: write role: weight"),
    ),
    "codebook_unknown_region": Bad(
        "codebook.region_code_known",
        in_codebook=True,
        variable="obl",
        codebook=_cb("obl", values={1: "akmola", 2: "aktobe", 3: "almaty_city", 99: "missing"}),
        says=("almaty_city", "seeds/ref_regions.csv"),
    ),
    "codebook_several_problems": Bad(
        "codebook.item_code_known",
        in_codebook=True,
        variable="q3",
        codebook=lambda cb: [_cb("q3", code="no_such_item")(cb), _cb("tel", kind=None)(cb), cb["wave"].update(id="x")],
        also=("codebook.identifier_kind_action", "codebook.wave_id_matches_folder"),
    ),
}


def _validate_folder(folder: Path) -> tuple[int, str, list[ValidationReport]]:
    """What `cpi validate <folder>` decides: exit status, the message it prints, the reports."""
    try:
        reports = [validate_wave(source) for source in sources_for_paths([folder])]
    except CpiError as exc:
        return exc.exit_code, str(exc), []
    failed = [r for r in reports if not r.ok]
    return (2, str(ValidationFailed(failed)), reports) if failed else (0, "", reports)


def _failed(report: ValidationReport, name: str) -> CheckResult:
    matches = [c for c in report.failures if c.check_name == name]
    assert matches, f"expected a failed {name}; got:\n{report.format()}"
    check, text = matches[0], report.format()
    # every failure is actionable: file, variable, offending values and a fix are in the printed report
    assert f"file: {check.file}" in text and check.fix and f"fix: {check.fix}" in text
    if check.variable:
        assert f"{name} - variable {check.variable}" in text
    if check.offending:
        assert f"offending: {check.offending_text()}" in text
    return check


@pytest.mark.parametrize("case", list(BAD.values()), ids=list(BAD))
def test_bad_input_is_one_clear_failure(raw_dir: Path, case: Bad) -> None:
    source = write_wave(raw_dir, fmt=case.fmt, csv_sep=case.csv_sep, edit_frame=case.frame, edit_codebook=case.codebook)
    if case.after:
        case.after(source)
    code, text, reports = _validate_folder(source.folder)
    assert code == 2 and "Traceback" not in text
    for fragment in case.says:
        assert fragment in text, text
    if case.check == "error":
        assert str(source.folder) in text and "Fix:" in text
        return
    (report,) = reports
    check = _failed(report, case.check)
    assert check.file == str(source.codebook_path if case.in_codebook else source.data_path)
    assert sorted(c.check_name for c in report.failures) == sorted([case.check, *case.also]), text
    assert check.variable == case.variable
    if case.offending is not None:
        assert check.offending == case.offending
    if case.rows is not None:
        assert check.example_rows == case.rows


def test_the_cli_exits_2_without_a_traceback(raw_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cpi.cli.main import app

    monkeypatch.setenv("TMPDIR", str(raw_dir.parent))  # the command's log file
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()
    weight_text = write_wave(
        raw_dir, "w_text", fmt="csv", edit_codebook=_weight(), edit_frame=BAD["weight_with_text"].frame
    )
    not_mapping = write_wave(raw_dir, "w_list")
    not_mapping.codebook_path.write_text("- a list\n", encoding="utf-8")
    stray = write_wave(raw_dir, "w_stray")
    (stray.folder / "w_stray_v2.sav").write_bytes(b"x")
    for folder, fragment in (
        (weight_text.folder, "numeric_values"),
        (not_mapping.folder, "not a mapping"),
        (stray.folder, "unexpected file 'w_stray_v2.sav'"),
    ):
        result = runner.invoke(app, ["validate", str(folder)])
        assert result.exit_code == 2, result.output
        assert fragment in result.output and "Traceback" not in result.output


# --- what passes ---------------------------------------------------------------------------------


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
        "value_in_range",
        "file_not_empty",
    } <= names
    # one variable_present per declared column (the respondent id included)
    assert sorted(c.variable for c in report.checks if c.check_name == "variable_present") == sorted(
        ["anketa", "tel", "gps", "obl", "vozrast", "q3", "q15_1", "q20_1", "q20_2", "weight_x"]
    )
    assert "all" in report.format() and "passed" in report.format()


@pytest.mark.parametrize(("sep", "declared"), [(",", None), (";", ";"), ("\t", "\t"), ("|", "|")])
def test_valid_csv_wave_passes_with_its_declared_delimiter(raw_dir: Path, sep: str, declared: str | None) -> None:
    def edit(cb: dict) -> None:
        if declared:
            cb["wave"]["delimiter"] = declared

    source = write_wave(raw_dir, fmt="csv", csv_sep=sep, edit_codebook=edit)
    report = validate_wave(source)
    assert report.ok, report.format()
    assert read_data(source.data_path, "csv", None, sep).frame.shape == (8, 10)


def test_a_wave_with_its_own_weight_passes(raw_dir: Path) -> None:
    source = write_wave(raw_dir, edit_codebook=_weight())
    report = validate_wave(source)
    assert report.ok, report.format()
    assert read_codebook(source.codebook_path).weight.name == "weight_x"
    assert {c.check_name for c in report.checks if c.variable == "weight_x"} == {
        "variable_present",
        "weight_not_null",
        "weight_positive_finite",
    }


def test_notes_and_hidden_files_may_sit_beside_the_data(raw_dir: Path) -> None:
    source = write_wave(raw_dir)
    for name in ("README.md", "questionnaire.pdf", ".DS_Store", "_cpi_test_old.sav"):
        (source.folder / name).write_bytes(b"x")
    (source.folder / "_drafts").mkdir()
    code, text, reports = _validate_folder(source.folder)
    assert code == 0, text
    assert [r.wave_id for r in reports] == ["cpi_test"]


def test_pspp_fixture_passes(tmp_path: Path) -> None:
    folder = tmp_path / "wave_1251"
    folder.mkdir()
    for name in ("codebook.yml", "wave_1251.sav"):
        (folder / name).write_bytes((FIXTURES / "wave_1251" / name).read_bytes())
    report = validate_wave(WaveSource("wave_1251", folder, folder / "codebook.yml", folder / "wave_1251.sav"))
    assert report.ok, report.format()


# --- the API ---------------------------------------------------------------------------------------


def test_check_wave_checks_the_frame_it_is_given(raw_dir: Path) -> None:
    source = write_wave(raw_dir)
    gated = gate_wave(source)  # the codebook and the data, read once, with the report
    assert gated.report.ok and gated.codebook is not None and gated.raw is not None
    codebook = read_codebook(source.codebook_path)
    raw = read_data(source.data_path)
    raw.frame.loc[1, "q3"] = 7.0  # changed in memory only: the file still passes
    source.data_path.unlink()  # and check_wave does not look at the file
    before = raw.frame.copy(deep=True)
    report = check_wave(source, codebook, raw)
    pd.testing.assert_frame_equal(raw.frame, before)  # the frame the loader gets is untouched (999 stays)
    check = _failed(report, "value_in_set")
    assert check.variable == "q3" and check.offending == [(7.0, 1)]
    assert len(report.failures) == 1, report.format()


def _fingerprint(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_size


@pytest.mark.parametrize("fmt", ["sav", "csv"])
def test_gate_never_touches_raw_files(raw_dir: Path, fmt: str) -> None:
    source = write_wave(raw_dir, fmt=fmt, edit_frame=BAD["code_outside_value_set"].frame)
    before = {p: _fingerprint(p) for p in source.folder.iterdir()}
    report = validate_wave(source)
    assert not report.ok
    assert {p: _fingerprint(p) for p in source.folder.iterdir()} == before
