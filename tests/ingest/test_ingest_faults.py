"""Issue 16's probe, input side: every bad input is one row with the outcome the user must get.

Rows are checked where the outcome is decided (codebook parse, discovery, the gate), not by full
builds: a row says which stage refuses it and the one line its message must contain. The rows
marked "clear today" were refused before this table existed and must stay refused. The faults of
stored bytes, releases, revisions and rollbacks need a build: tests/ops/test_integrity.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from wavebuild import base_frame, variable, write_wave

from cpi.errors import CodebookError, CpiError, ReadError
from cpi.ingest.codebook import read_codebook
from cpi.ingest.codebook_schema import SCHEMA_PATH, json_schema
from cpi.ingest.gate import validate_wave
from cpi.ingest.wave_set import check_wave_set
from cpi.ingest.waves import WaveSource, discover_waves, skipped_folders


def _text(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"the base codebook has no {old!r}"
        return text.replace(old, new, count)

    return edit


@dataclass(frozen=True)
class Row:
    stage: str  # codebook | discover | gate | wave_set | pass
    says: str  # the one line the message must contain
    text: Callable[[str], str] | None = None  # edit of codebook.yml as text (a YAML the dumper cannot write)
    codebook: Callable[[dict], None] | None = None
    frame: Callable | None = None
    fmt: str = "sav"
    after: Callable[[Path, WaveSource], None] | None = None  # (raw folder, wave) -> change on disk
    check: str | None = None  # gate: the failed check
    offending: tuple = ()  # gate: offending values that must be reported


def _symlink_folder_out(raw: Path, source: WaveSource) -> None:
    outside = raw.parent / "elsewhere"
    source.folder.rename(outside)
    os.symlink(outside, source.folder)


def _symlink_file_out(raw: Path, source: WaveSource) -> None:
    outside = raw.parent / "elsewhere.sav"
    source.data_path.rename(outside)
    os.symlink(outside, source.data_path)


def _file(name_of: Callable[[Path, WaveSource], str]) -> Callable[[Path, WaveSource], None]:
    def after(raw: Path, source: WaveSource) -> None:
        doc = yaml.safe_load(source.codebook_path.read_text(encoding="utf-8"))
        doc["wave"]["file"] = name_of(raw, source)
        source.codebook_path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")

    return after


def _second_annual(pooling: str | None) -> Callable[[Path, WaveSource], None]:
    def after(raw: Path, source: WaveSource) -> None:
        def edit(cb: dict) -> None:
            if pooling:
                cb["wave"]["pooling"] = pooling

        write_wave(raw, "cpi_test_b", edit_codebook=edit)  # also 2023, also annual
        if pooling:
            doc = yaml.safe_load(source.codebook_path.read_text(encoding="utf-8"))
            doc["wave"]["pooling"] = pooling
            source.codebook_path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")

    return after


def _age_as_text(raw: Path, source: WaveSource) -> None:
    """The .sav stores age as a string variable ('7', '150'): the codebook says numeric."""
    import pyreadstat

    frame = base_frame()
    frame["vozrast"] = ["18", "7", "34", "150", "52", "66", "80", ""]
    pyreadstat.write_sav(frame, str(source.data_path))


ROWS = {
    # --- issue 16's table: went through silently or misleadingly -------------------------------
    "duplicate_key_year": Row(
        "codebook",
        "key 'year' is given twice (lines 4 and 5)",
        text=_text("  year: 2023\n", "  year: 2023\n  year: 2021\n"),
    ),
    "value_code_listed_twice": Row(
        "codebook", "key 1 is given twice", text=_text("    1: akmola\n", "    1: akmola\n    1: aktobe\n")
    ),
    "unknown_key_synthetc": Row(
        "codebook",
        "unknown key 'synthetc'. Fix: did you mean `synthetic`?",
        text=_text("  synthetic: true", "  synthetc: true"),
    ),
    "unknown_key_lable_en": Row(
        "codebook",
        "unknown key 'lable_en'. Fix: did you mean `label_en`?",
        text=_text("  label_en: Region", "  lable_en: Region"),
    ),
    "unknown_key_minimum": Row(
        "codebook", "variable 'vozrast' (minimum) (line", text=_text("  code: age\n", "  code: age\n  minimum: 30\n")
    ),
    "unknown_top_level_key": Row(
        "codebook", "top level (line 1): unknown key 'reviewed_by'", text=lambda t: "reviewed_by: nobody\n" + t
    ),
    "synthetic_as_text": Row(
        "codebook",
        "wave.synthetic (line 12): 'false' is text, not a boolean",
        text=_text("  synthetic: true", "  synthetic: 'false'"),
    ),
    "numeric_as_yes": Row(
        "codebook",
        "'yes' is text, not a boolean. Fix: write numeric: true or numeric: false",
        text=_text("  numeric: true", "  numeric: yes"),
    ),
    "year_as_text": Row(
        "codebook", "wave.year (line 4): '2023' is text, not a year", text=_text("  year: 2023", "  year: '2023'")
    ),
    "variables_as_mapping": Row(
        "codebook",
        "variables (line 14): written as a mapping; it must be a list",
        text=lambda t: t.split("variables:")[0] + "variables:\n  obl: {role: ignore}\n",
    ),
    "age_stored_as_text": Row(
        "gate",
        "values outside the plausible range (18-110, by default)",
        after=_age_as_text,
        check="value_in_range",
        offending=(7.0, 150.0),
    ),
    "wave_folder_symlinked_out": Row("discover", "the wave folder resolves to", after=_symlink_folder_out),
    "data_file_symlinked_out": Row("discover", "the data file resolves to", after=_symlink_file_out),
    "wave_file_absolute": Row(
        "discover", "points outside the wave folder", after=_file(lambda raw, s: str(s.data_path.resolve()))
    ),
    "wave_file_dotdot": Row(
        "discover",
        "points outside the wave folder. Fix: put the data file into",
        after=_file(lambda raw, s: f"../{s.folder.name}/{s.data_path.name}"),
    ),
    "two_annual_waves_in_a_year": Row(
        "wave_set", "year 2023 has 2 annual waves (cpi_test, cpi_test_b)", after=_second_annual(None)
    ),
    "two_annual_waves_declared_pooled": Row("pass", "", after=_second_annual("pooled")),
    "pooling_misspelt": Row(
        "codebook", "'pool' is not one of separate, pooled", codebook=lambda cb: cb["wave"].update(pooling="pool")
    ),
    # --- clear today: must stay refused ----------------------------------------------------------
    "tab_in_yaml": Row("codebook", "YAML syntax error at line 3", text=_text("  id: cpi_test", "\tid: cpi_test")),
    "unknown_variable_in_file": Row(
        "gate",
        "variables in the file that the codebook does not list",
        frame=lambda f: f.insert(3, "fio", [f"Ivanov {i}" for i in range(8)]),
        check="no_undeclared_variables",
    ),
    "unknown_code_in_file": Row(
        "gate",
        "codes not in the codebook's value set",
        codebook=lambda cb: variable(cb, "obl")["values"].pop(3),
        check="value_in_set",
        offending=(3.0,),
    ),
    "unknown_role": Row(
        "gate",
        "unknown role",
        codebook=lambda cb: variable(cb, "weight_x").update(role="wieght"),
        check="codebook.role_valid",
    ),
    "duplicated_respondent_ids": Row(
        "gate",
        "respondent ids used by more than one row",
        frame=lambda f: f.__setitem__("anketa", [1.0, 1.0, 2, 3, 4, 5, 6, 7]),
        check="respondent_id_unique",
        offending=(1.0,),
    ),
    "truncated_data_file": Row(
        "gate",
        "cannot read",
        check="file_readable",
        after=lambda raw, s: s.data_path.write_bytes(s.data_path.read_bytes()[:300]),
    ),
}


def _outcome(raw: Path, row: Row) -> tuple[str, str, list]:
    """(stage that refused it or 'pass', its message, the gate's failed checks)."""
    source = write_wave(raw, "cpi_test", fmt=row.fmt, edit_frame=row.frame, edit_codebook=row.codebook)
    if row.text:
        source.codebook_path.write_text(row.text(source.codebook_path.read_text(encoding="utf-8")), encoding="utf-8")
    if row.after:
        row.after(raw, source)
    if row.stage == "codebook":
        try:
            read_codebook(source.codebook_path)
        except CodebookError as exc:
            return "codebook", str(exc), []
    try:
        sources = discover_waves(raw)
    except ReadError as exc:
        return "discover", str(exc), []
    try:
        check_wave_set(sources)
    except CodebookError as exc:
        return "wave_set", str(exc), []
    if row.stage == "pass":
        return "pass", "", []
    report = validate_wave(sources[0])
    failed = [c for c in report.checks if not c.success]
    return ("gate" if failed else "pass"), report.format(), failed


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_bad_input_gets_its_outcome(tmp_path: Path, name: str) -> None:
    row = ROWS[name]
    stage, message, failed = _outcome(tmp_path / "raw", row)
    assert stage == row.stage, message
    assert row.says in message, message
    if stage in ("codebook", "gate"):
        assert "Fix:" in message or "fix:" in message
        assert "Traceback" not in message
    if row.check:
        assert [c.check_name for c in failed] == [row.check], message
        assert set(row.offending) <= {v for v, _ in failed[0].offending}, failed[0].offending


def test_discovery_may_read_outside_the_raw_folder_only_when_told(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    source = write_wave(raw, "cpi_test")
    _symlink_folder_out(raw, source)
    with pytest.raises(ReadError, match="outside the raw folder"):
        discover_waves(raw)
    (found,) = discover_waves(raw, allow_outside=True)
    assert found.data_path.resolve().parent == (tmp_path / "elsewhere").resolve()


def test_skipped_folders_are_named(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_wave(raw, "cpi_test")
    (raw / "_set_aside").mkdir()
    (raw / ".hidden").mkdir()
    assert [s.wave_id for s in discover_waves(raw)] == ["cpi_test"]
    assert skipped_folders(raw) == [".hidden", "_set_aside"]


def test_a_cpi_error_never_escapes_as_another_type(tmp_path: Path) -> None:
    """Every row's refusal is a CpiError (exit 2 for inputs), never a crash."""
    for name, row in ROWS.items():
        if row.stage in ("codebook", "discover", "wave_set"):
            raw = tmp_path / name / "raw"
            try:
                _outcome(raw, row)
            except CpiError as exc:  # pragma: no cover - _outcome catches the expected ones
                pytest.fail(f"{name}: {exc}")


def test_the_published_json_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == json_schema(), (
        "docs/codebook.schema.json is stale. Fix: python -m cpi.ingest.codebook_schema --write"
    )


# --- population margins: every category the raking uses has respondents ------------------------


def _tiny(raw: Path, factory, *, n: int = 240, edit: Callable[[dict], None] | None = None) -> WaveSource:
    folder = factory(raw, "cpi_tiny_2023", 2023, n=n)
    if edit:
        path = folder / "codebook.yml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(doc)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (source,) = discover_waves(raw)
    return source


def _population_failures(source: WaveSource) -> list:
    report = validate_wave(source, population=True)
    return [c for c in report.checks if not c.success]


@pytest.mark.parametrize(
    ("name", "n", "edit", "says"),
    [
        (
            "duplicate_code_in_gender",
            240,
            lambda cb: variable(cb, "pol").update(values={1: "male", 2: "male"}),
            "gender 'female'",
        ),
        ("one_row_wave", 1, None, "region '"),
    ],
)
def test_population_category_without_respondents_is_refused_before_dbt(
    tmp_path: Path, tiny_wave_factory, name: str, n: int, edit, says: str
) -> None:
    failed = _population_failures(_tiny(tmp_path / "raw", tiny_wave_factory, n=n, edit=edit))
    population = [c for c in failed if c.check_name == "population_category_has_respondents"]
    assert population, [c.check_name for c in failed]
    check = population[0]
    message = check.detail + " " + check.fix
    assert "cpi_tiny_2023" in message and says in message and "role: weight" in message


def test_a_complete_tiny_wave_passes_the_population_check(tmp_path: Path, tiny_wave_factory) -> None:
    assert _population_failures(_tiny(tmp_path / "raw", tiny_wave_factory)) == []
