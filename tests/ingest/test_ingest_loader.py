"""Validated waves in the raw store (Parquet) and schema raw over it: long form, provenance,
labels, no identifiers, and each wave read and validated once."""

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from wavebuild import FIXTURES, GPS, PHONES, base_frame, variable, write_wave

from cpi.errors import ValidationFailed
from cpi.ingest.raw_keys import wave_inputs
from cpi.ingest.raw_store import StoredWave, create_raw_views, store_waves
from cpi.ingest.waves import WaveSource, discover_waves
from cpi.stages import StageClock

SALT = b"test-salt-0123456789"
TABLES = [
    "waves",
    "respondents",
    "responses",
    "variables",
    "value_labels",
    "codebook_variables",
    "codebook_values",
    "validation_results",
]
LOADED = [
    "obl",
    "vozrast",
    "q3",
    "q15_1",
    "q20_1",
    "q20_2",
]  # roles item/demographic/question/multi_response


def _copy_pspp_wave(raw_dir: Path) -> None:
    folder = raw_dir / "wave_1251"
    folder.mkdir()
    for name in ("codebook.yml", "wave_1251.sav"):
        (folder / name).write_bytes((FIXTURES / "wave_1251" / name).read_bytes())


def _with_weight(codebook: dict) -> None:
    variable(codebook, "weight_x")["role"] = "weight"


@pytest.fixture(scope="module")
def loaded(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[duckdb.DuckDBPyConnection, list[WaveSource]]:
    raw_dir = tmp_path_factory.mktemp("raw")
    write_wave(raw_dir, "cpi_2023_12")
    write_wave(raw_dir, "cpi_2021_10", fmt="csv", edit_codebook=_with_weight)
    _copy_pspp_wave(raw_dir)
    sources = discover_waves(raw_dir)
    stored = _store(sources, tmp_path_factory.mktemp("store"))
    assert all(s.report.ok for s in stored), "\n".join(s.report.format() for s in stored)
    con = duckdb.connect()
    create_raw_views(con, stored, build_id="b-test")
    return con, sources


def _store(sources: list[WaveSource], store: Path, clock: StageClock | None = None) -> list[StoredWave]:
    waves = wave_inputs(sources, ingest_fp="test-code", salt_fp="test-salt")
    return store_waves(waves, store, salt=SALT, clock=clock or StageClock(), population=False)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_all_raw_tables_exist_with_provenance(loaded) -> None:
    con, _ = loaded
    tables = {
        r[0]
        for r in _rows(
            con,
            "select table_name from information_schema.tables where table_schema = 'raw'",
        )
    }
    assert tables == set(TABLES)
    for table in ("respondents", "responses"):
        cols = {
            r[0]
            for r in _rows(
                con,
                f"select column_name from information_schema.columns "
                f"where table_schema = 'raw' and table_name = '{table}'",
            )
        }
        assert {
            "wave_id",
            "source_file",
            "source_sha256",
            "loaded_at",
            "source_row_number",
        } <= cols
    waves = _rows(
        con,
        "select wave_id, year, n_rows, source_file, is_synthetic from raw.waves order by wave_id",
    )
    assert waves == [
        ("cpi_2021_10", 2023, 8, "cpi_2021_10/cpi_2021_10.csv", True),
        ("cpi_2023_12", 2023, 8, "cpi_2023_12/cpi_2023_12.sav", True),
        ("wave_1251", 2023, 6, "wave_1251/wave_1251.sav", True),
    ]


def test_provenance_hash_is_the_file_hash(loaded) -> None:
    con, sources = loaded
    for source in sources:
        expected = hashlib.sha256(source.data_path.read_bytes()).hexdigest()
        got = _rows(
            con,
            f"select distinct source_sha256 from raw.responses where wave_id = '{source.wave_id}'",
        )
        assert got == [(expected,)]


def test_responses_long_form_only_loaded_roles(loaded) -> None:
    con, _ = loaded
    names = [
        r[0]
        for r in _rows(
            con,
            "select distinct variable_name from raw.responses where wave_id = 'cpi_2023_12' order by 1",
        )
    ]
    assert names == sorted(LOADED)
    assert _rows(con, "select count(*) from raw.responses where wave_id = 'cpi_2023_12'") == [(8 * len(LOADED),)]
    ids = [
        r[0]
        for r in _rows(
            con,
            "select respondent_id from raw.respondents where wave_id = 'cpi_2023_12' order by source_row_number",
        )
    ]
    assert ids == [str(i) for i in range(1, 9)]  # VARCHAR, no '1.0'


def test_user_and_system_missing_are_flagged(loaded) -> None:
    con, _ = loaded
    rows = _rows(
        con,
        "select source_row_number, value_num, is_user_missing, is_system_missing from raw.responses "
        "where wave_id = 'cpi_2023_12' and variable_name = 'q3' and source_row_number >= 6 order by 1",
    )
    assert rows[0] == (6, 1.0, False, False)
    assert rows[1] == (7, 99.0, True, False)
    assert rows[2][0] == 7 + 1 and rows[2][1] is None and rows[2][3] is True
    # CSV has no user-missing definitions: 99 is just a code there
    assert _rows(
        con,
        "select count(*) from raw.responses where wave_id = 'cpi_2021_10' and is_user_missing",
    ) == [(0,)]


def test_multi_response_dichotomies(loaded) -> None:
    con, _ = loaded
    got = _rows(
        con,
        "select variable_name, sum(value_num = 1)::int, sum(value_num = 0)::int from raw.responses "
        "where wave_id = 'cpi_2023_12' and variable_name like 'q20_%' group by 1 order by 1",
    )
    assert got == [("q20_1", 4, 3), ("q20_2", 3, 4)]
    values = _rows(
        con,
        "select value_num, value_code from raw.codebook_values where wave_id = 'cpi_2023_12' "
        "and variable_name = 'q20_1' order by 1",
    )
    assert values == [(0.0, "not_selected"), (1.0, "selected"), (99.0, "missing")]


def test_cyrillic_labels_from_windows_1251_file(loaded) -> None:
    con, _ = loaded
    assert _rows(
        con,
        "select label from raw.variables where wave_id = 'wave_1251' and variable_name = 'q3'",
    ) == [("Как в целом вы относитесь к Китаю?",)]
    labels = dict(
        _rows(
            con,
            "select value_num, value_label from raw.value_labels where wave_id = 'wave_1251' and variable_name = 'q3'",
        )
    )
    assert labels[1.0] == "Очень хорошо" and labels[99.0] == "Отказ от ответа"
    assert _rows(
        con,
        "select is_user_missing from raw.value_labels where wave_id = 'wave_1251' "
        "and variable_name = 'q3' and value_num = 99",
    ) == [(True,)]
    assert _rows(con, "select encoding from raw.waves where wave_id = 'wave_1251'") == [("windows-1251",)]


def test_codebook_tables(loaded) -> None:
    con, _ = loaded
    roles = dict(
        _rows(
            con,
            "select variable_name, role from raw.codebook_variables where wave_id = 'cpi_2023_12'",
        )
    )
    assert roles["q3"] == "item" and roles["weight_x"] == "ignore" and "tel" not in roles and "gps" not in roles
    assert _rows(
        con,
        "select value_code, label_en from raw.codebook_values where wave_id = 'cpi_2023_12' "
        "and variable_name = 'q3' and value_num = 4",
    ) == [("negative", "Rather bad")]


def test_a_weight_is_loaded_like_a_numeric_demographic(loaded) -> None:
    con, _ = loaded
    assert _rows(
        con,
        "select wave_id, role, is_numeric from raw.codebook_variables where variable_name = 'weight_x' order by 1",
    ) == [("cpi_2021_10", "weight", True), ("cpi_2023_12", "ignore", False)]
    weights = _rows(
        con,
        "select value_num, is_system_missing from raw.responses where wave_id = 'cpi_2021_10' "
        "and variable_name = 'weight_x' order by source_row_number",
    )
    assert weights == [(w, False) for w in base_frame()["weight_x"]]
    assert _rows(  # no value set for a weight: nothing in codebook_values
        con, "select count(*) from raw.codebook_values where variable_name = 'weight_x'"
    ) == [(0,)]


def test_validation_results_recorded(loaded) -> None:
    con, _ = loaded
    got = _rows(
        con,
        "select count(*), bool_and(success), count(distinct wave_id) from raw.validation_results "
        "where build_id = 'b-test'",
    )
    assert got[0][0] > 20 and got[0][1] is True and got[0][2] == 3


def test_identifiers_never_reach_any_raw_table(loaded) -> None:
    con, _ = loaded
    secrets = PHONES + GPS + [p.replace(" ", "") for p in PHONES] + ["+77015550101", "43.238901"]
    for table in TABLES:
        columns = [
            r[0]
            for r in _rows(
                con,
                f"select column_name from information_schema.columns "
                f"where table_schema = 'raw' and table_name = '{table}'",
            )
        ]
        for column in columns:
            values = {str(r[0]) for r in _rows(con, f'select distinct "{column}" from raw.{table}')}
            blob = "\n".join(values)
            leaked = [s for s in secrets if s in blob]
            assert not leaked, f"raw.{table}.{column} contains identifier values {leaked}"
            if table != "validation_results":  # the gate may say "variable tel is present"
                assert not ({"tel", "gps"} & values), f"raw.{table}.{column} names an identifier variable"


def test_hashed_identifier_is_salted_sha256(loaded) -> None:
    con, _ = loaded
    (hashes,) = _rows(
        con,
        "select identifier_hashes from raw.respondents where wave_id = 'cpi_2023_12' and respondent_id = '1'",
    )[0]
    assert json.loads(hashes) == {"tel": hashlib.sha256(SALT + PHONES[0].encode()).hexdigest()}
    assert hashlib.sha256(PHONES[0].encode()).hexdigest() not in hashes  # unsalted hash is not stored
    assert _rows(
        con,
        "select count(identifier_hashes) from raw.respondents where wave_id = 'cpi_2023_12'",
    ) == [(8,)]


def test_a_wave_that_fails_the_gate_is_not_stored(raw_dir: Path, tmp_path: Path) -> None:
    source = write_wave(raw_dir, edit_frame=lambda f: f.assign(q3=7.0))
    store = tmp_path / "store"
    store.mkdir()
    with pytest.raises(ValidationFailed) as exc:
        _store([source], store)
    assert exc.value.exit_code == 2 and [r.wave_id for r in exc.value.reports] == [source.wave_id]
    assert "value 7 (8 rows)" in str(exc.value)
    assert list(store.iterdir()) == [], "nothing of a failed wave is written"


class _Stages:
    def __init__(self) -> None:
        self.started: list[tuple[str, str]] = []

    def stage_started(self, key: str, text: str) -> None:
        self.started.append((key, text))

    def stage_finished(self, key: str, timing: object) -> None:
        pass


def test_an_unchanged_wave_is_read_and_validated_once(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    source = write_wave(raw_dir, "cpi_2023_12")
    store = tmp_path / "store"
    store.mkdir()
    first_stages, again_stages = _Stages(), _Stages()
    (first,) = _store([source], store, StageClock(first_stages))
    files = {p.name: p.stat().st_mtime_ns for p in first.folder.iterdir()}
    stored = [f"{t}.parquet" for t in TABLES if t != "validation_results"] + ["validation.json"]
    assert sorted(files) == sorted([*stored, "checksums.json"])  # every stored file with its checksum
    (again,) = _store([source], store, StageClock(again_stages))
    assert [k for k, _ in first_stages.started] == ["read", "validate", "load"]
    assert again_stages.started == [], "a stored wave is neither read nor validated again"
    assert again.cached and again.folder == first.folder
    assert {p.name: p.stat().st_mtime_ns for p in again.folder.iterdir()} == files
    summary = [(c.check_name, c.variable, c.success, c.summary()) for c in first.report.checks]
    assert [(c.check_name, c.variable, c.success, c.summary()) for c in again.report.checks] == summary
    # a changed data file is a new folder; the old one is left for the retention to judge
    write_wave(raw_dir, "cpi_2023_12", edit_frame=lambda f: f.assign(q3=f.q3.where(f.q3 != 1, 2.0)))
    (changed,) = _store([source], store)
    assert not changed.cached and changed.folder != first.folder
    assert sorted(p.name for p in store.iterdir()) == sorted([first.folder.name, changed.folder.name])
    con = duckdb.connect()
    create_raw_views(con, [changed], build_id="b")
    assert _rows(con, "select count(*) from raw.respondents") == [(8,)]
    assert _rows(con, "select count(*) from raw.waves") == [(1,)]


def test_hash_value_normalises_before_hashing() -> None:
    from cpi.ingest.identifiers import hash_value

    expected = hashlib.sha256(b"salt" + b"77015550101").hexdigest()
    assert hash_value(77015550101.0, b"salt") == expected
    assert hash_value("  77015550101 ", b"salt") == expected
    assert hash_value("77015550101", b"other") != expected
    assert hash_value("", b"salt") is None and hash_value(float("nan"), b"salt") is None


def test_raw_views_work_from_another_folder_when_the_store_path_is_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dbt runs in the work file's folder; a relative OUT (e.g. `--out warehouse`) must not
    leave the raw views pointing at paths that only resolve from where the build started."""
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    write_wave(raw_dir, "cpi_2023_12")
    monkeypatch.chdir(tmp_path)
    Path("out/restricted/raw").mkdir(parents=True)
    (stored,) = _store(discover_waves(Path("raw")), Path("out/restricted/raw"))
    assert not stored.folder.is_absolute()
    (tmp_path / "elsewhere").mkdir()
    con = duckdb.connect(str(tmp_path / "work.duckdb"))
    create_raw_views(con, [stored], build_id="b")
    con.close()
    monkeypatch.chdir(tmp_path / "elsewhere")
    con = duckdb.connect(str(tmp_path / "work.duckdb"))
    assert _rows(con, "select count(*) from raw.respondents") == [(8,)]
