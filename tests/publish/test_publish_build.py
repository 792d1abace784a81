"""A real build of tiny waves: build_info, identifiers, validation records, failure handling."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import duckdb
import pyreadstat
from publish_helpers import (
    all_columns,
    copy_out_dir,
    pointer_target,
    read_build_id,
    run_cpi,
    sha256,
    text_values_containing,
)

from ingest.build import BuildResult


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def test_build_publishes_a_release(tiny_build: BuildResult) -> None:
    out = tiny_build.published.parent
    assert tiny_build.published == out / "cpi.duckdb"
    assert pointer_target(out) == tiny_build.release.resolve()
    assert tiny_build.release.name == f"{tiny_build.build_id}.duckdb"
    assert read_build_id(tiny_build.published) == tiny_build.build_id
    releases = sorted(p.name for p in (out / "releases").iterdir())
    assert releases == [tiny_build.release.name], "no partials or WAL files may remain"
    # dbt ran into the per-build folder
    assert (
        out / "builds" / tiny_build.build_id / "target" / "run_results.json"
    ).is_file()


def test_build_info_contents(tiny_build: BuildResult, tiny_raw: Path) -> None:
    with _connect(tiny_build.published) as con:
        frame = con.execute("select * from marts.build_info").df()
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["build_id"] == tiny_build.build_id
    assert row["duckdb_version"] == duckdb.__version__
    assert "dbt-core 1.11" in row["dbt_version"] and "dbt-duckdb" in row["dbt_version"]
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    assert row["git_commit"] == (
        head.stdout.strip() if head.returncode == 0 else "unknown"
    )

    inputs = json.loads(row["inputs"])
    expected = {
        folder.name: {
            "wave_id": folder.name,
            "file": f"{folder.name}/{folder.name}.sav",
            "sha256": sha256(folder / f"{folder.name}.sav"),
            "codebook_sha256": sha256(folder / "codebook.yml"),
        }
        for folder in tiny_raw.iterdir()
    }
    assert {i["wave_id"]: i for i in inputs} == expected

    # counts agree with dbt's own run_results.json
    run_results = json.loads(
        (
            tiny_build.published.parent
            / "builds"
            / tiny_build.build_id
            / "target"
            / "run_results.json"
        ).read_text()
    )["results"]
    tests = [
        r for r in run_results if r["unique_id"].startswith(("test.", "unit_test."))
    ]
    models = [r for r in run_results if r["unique_id"].startswith("model.")]
    assert row["tests_total"] == len(tests)
    assert row["tests_passed"] == sum(r["status"] in ("pass", "warn") for r in tests)
    assert row["tests_failed"] == 0
    assert (
        row["models_built"]
        == len(models)
        == sum(r["status"] == "success" for r in models)
    )
    assert row["duration_seconds"] > 0
    assert str(row["built_at"].tzinfo) != "None"


def test_no_identifier_reaches_the_release(
    tiny_build: BuildResult, tiny_identifier_markers: dict[str, str]
) -> None:
    with _connect(tiny_build.published) as con:
        columns = all_columns(con)
        schemas = {schema for schema, *_ in columns}
        assert {"raw", "marts"} <= schemas
        assert not [c for c in columns if c[2].lower() in tiny_identifier_markers]
        needles = list(tiny_identifier_markers.values())
        assert text_values_containing(con, needles) == []
        # the hashed name identifier is kept only as a salted hash
        hashes = con.execute(
            "select identifier_hashes from raw.respondents where identifier_hashes is not null"
        ).fetchall()
        assert hashes, "action 'hash' identifiers should leave a salted hash"
        assert "fio" in json.loads(hashes[0][0])
        assert con.execute(
            "select count(*) from raw.responses where variable_name in ('tel', 'fio')"
        ).fetchone() == (0,)


def test_salt_lives_outside_the_release(tiny_build: BuildResult) -> None:
    salt_file = tiny_build.published.parent / ".salt"
    salt = salt_file.read_bytes()
    assert len(salt) == 32
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    data = tiny_build.release.read_bytes()
    assert salt not in data and salt.hex().encode() not in data


def test_validation_outcome_is_recorded(tiny_build: BuildResult) -> None:
    out = tiny_build.published.parent
    record = json.loads(
        (out / "validation" / f"{tiny_build.build_id}.json").read_text()
    )
    assert record["ok"] is True and record["build_id"] == tiny_build.build_id
    assert sorted(w["wave_id"] for w in record["waves"]) == [
        "tiny_2021_11",
        "tiny_2023_11",
    ]
    with _connect(tiny_build.published) as con:
        rows = con.execute(
            "select distinct build_id, wave_id from raw.validation_results order by wave_id"
        ).fetchall()
        failed = con.execute(
            "select count(*) from raw.validation_results where not success"
        ).fetchone()
    assert rows == [
        (tiny_build.build_id, "tiny_2021_11"),
        (tiny_build.build_id, "tiny_2023_11"),
    ]
    assert failed == (0,)


def test_release_is_readable_by_older_duckdb_formats(tiny_build: BuildResult) -> None:
    with _connect(tiny_build.published) as con:
        tag = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
        ).fetchone()[0]
        recorded = con.execute(
            "select storage_version from marts.build_info"
        ).fetchone()[0]
    assert tag == recorded
    assert tag.startswith("v1.0.0"), (
        "release should keep the DuckDB 1.0 storage format after dbt"
    )


def _break_wave(raw: Path) -> str:
    """Put an undeclared answer code into one item of one wave; returns the variable name."""
    folder = raw / "tiny_2023_11"
    sav = folder / "tiny_2023_11.sav"
    frame, meta = pyreadstat.read_sav(str(sav), user_missing=True)
    frame.loc[0:4, "q1"] = 7.0
    pyreadstat.write_sav(
        frame, str(sav), column_labels=dict(zip(meta.column_names, meta.column_labels))
    )
    return "q1"


def test_validation_failure_publishes_nothing(
    tiny_build: BuildResult, tiny_raw: Path, tmp_path: Path
) -> None:
    import shutil

    out = copy_out_dir(tiny_build.published.parent, tmp_path / "out")
    raw = tmp_path / "raw"
    shutil.copytree(tiny_raw, raw)
    variable = _break_wave(raw)
    before_target, before_sha = pointer_target(out), sha256(out / "cpi.duckdb")
    before_releases = sorted((out / "releases").iterdir())

    result = run_cpi("build", "--raw", str(raw), "--out", str(out))

    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "tiny_2023_11" in output and variable in output and "7" in output
    assert "Traceback" not in output
    assert pointer_target(out) == before_target
    assert sha256(out / "cpi.duckdb") == before_sha
    assert read_build_id(out / "cpi.duckdb") == tiny_build.build_id
    assert sorted((out / "releases").iterdir()) == before_releases
    records = [json.loads(p.read_text()) for p in (out / "validation").glob("*.json")]
    failed = [r for r in records if not r["ok"]]
    assert len(failed) == 1 and failed[0]["build_id"] != tiny_build.build_id
    assert {w["wave_id"]: w["ok"] for w in failed[0]["waves"]}["tiny_2023_11"] is False


def test_validate_command_exit_codes(tiny_raw: Path, tmp_path: Path) -> None:
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(tiny_raw, raw)
    _break_wave(raw)
    result = run_cpi(
        "validate",
        str(raw / "tiny_2021_11"),
        str(raw / "tiny_2023_11" / "tiny_2023_11.sav"),
    )
    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert (
        "tiny_2021_11" in output and "passed" in output
    )  # the good wave is reported too
    assert "q1" in output and "Traceback" not in output
