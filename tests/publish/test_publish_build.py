"""A real build of tiny waves: the two files, build_info, identifiers, validation records, failures."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import duckdb
import pyreadstat
import pytest
from publish_helpers import (
    all_columns,
    copy_out_dir,
    pointer_target,
    read_build_id,
    run_cpi,
    sha256,
    text_values_containing,
    values_in,
)

from cpi.build.run import BuildResult
from cpi.layout import Layout
from cpi.publish import pointer as publish


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def _work_file(build: BuildResult) -> Path:
    return Layout(build.published.parent).work_file(build.build_id)


def test_build_publishes_a_release(tiny_build: BuildResult) -> None:
    out = tiny_build.published.parent
    assert tiny_build.published == out / "cpi.duckdb"
    assert pointer_target(out) == tiny_build.release.resolve()
    assert tiny_build.release == out / "releases" / tiny_build.build_id / "cpi.duckdb"
    assert read_build_id(tiny_build.published) == tiny_build.build_id
    releases = sorted(p.name for p in (out / "releases").iterdir())
    assert releases == [tiny_build.build_id], "no partials may remain"
    assert sorted(p.name for p in tiny_build.release.parent.iterdir()) == ["cpi.duckdb", "cpi.duckdb.sha256"], "no WAL"
    assert publish.integrity(tiny_build.release)[0] == "ok"  # its checksum, written before it got its name
    with _connect(tiny_build.published) as con:  # the catalog BI tools see is the same in every release
        assert con.execute("select current_database()").fetchone() == ("cpi",)
    assert tiny_build.outcome == "published"
    # dbt's results are kept with the run's log; its database is the restricted work file
    assert (out / "logs" / tiny_build.build_id / "run_results.json").is_file()
    work = _work_file(tiny_build)
    assert work == out / "restricted" / "work" / tiny_build.build_id / "work.duckdb"
    assert stat.S_IMODE(work.stat().st_mode) == 0o600
    for private in ("restricted", "failed", "logs", "validation"):
        assert stat.S_IMODE((out / private).stat().st_mode) == 0o700, private
    assert not list(out.glob("**/*.wal")), "every DuckDB file is checkpointed and closed"


def test_build_info_contents(tiny_build: BuildResult, tiny_raw: Path) -> None:
    with _connect(tiny_build.published) as con:
        frame = con.execute("select * from marts.build_info").df()
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["build_id"] == tiny_build.build_id
    assert row["duckdb_version"] == duckdb.__version__
    assert "dbt-core 1.11" in row["dbt_version"] and "dbt-duckdb" in row["dbt_version"]
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    assert row["git_commit"] == (head.stdout.strip() if head.returncode == 0 else "unknown")

    inputs = json.loads(row["inputs"])
    expected = {
        folder.name: {
            "wave_id": folder.name,
            "file": f"{folder.name}/{folder.name}.sav",
            "sha256": sha256(folder / f"{folder.name}.sav"),
            "codebook_sha256": sha256(folder / "codebook.yml"),
            "rows": "recomputed",  # a first build computes every wave (nothing to reuse)
        }
        for folder in tiny_raw.iterdir()
    }
    assert {i["wave_id"]: i for i in inputs} == expected

    # counts agree with dbt's own run_results.json
    run_results = json.loads(
        (tiny_build.published.parent / "logs" / tiny_build.build_id / "run_results.json").read_text()
    )["results"]
    tests = [r for r in run_results if r["unique_id"].startswith(("test.", "unit_test."))]
    models = [r for r in run_results if r["unique_id"].startswith("model.")]
    assert row["tests_total"] == len(tests)
    assert row["tests_passed"] == sum(r["status"] in ("pass", "warn") for r in tests)
    assert row["tests_failed"] == 0
    assert row["models_built"] == len(models) == sum(r["status"] == "success" for r in models)
    assert row["duration_seconds"] > 0
    assert str(row["built_at"].tzinfo) != "None"


def test_published_release_holds_aggregates_only(
    tiny_build: BuildResult,
    tiny_identifier_markers: dict[str, str],
    tiny_respondent_ids,
) -> None:
    """Scan every relation of the published file for respondent ids, phones, names and GPS."""
    ids = tiny_respondent_ids(240)  # both tiny waves use ids base+1 .. base+n (n <= 240)
    with _connect(tiny_build.published) as con:
        columns = all_columns(con)
        relations = {(schema, table) for schema, table, *_ in columns}
        assert {schema for schema, _ in relations} == {"marts", "reference"}
        assert {
            ("marts", "fct_indicators"),
            ("marts", "build_info"),
            ("marts", "run_history"),
            ("reference", "ref_items"),
        } <= relations
        names = {c[2].lower() for c in columns}
        respondent_level = {"respondent_id", "source_row_number", "identifier_hashes"}
        assert not names & (respondent_level | set(tiny_identifier_markers))
        assert text_values_containing(con, list(tiny_identifier_markers.values())) == []
        assert values_in(con, ids) == [], "a respondent id reached the published file"
        assert con.execute("select count(*) from marts.fct_indicators").fetchone()[0] > 0


def test_work_file_keeps_identifiers_only_as_hashes(
    tiny_build: BuildResult, tiny_identifier_markers: dict[str, str], tiny_respondent_ids
) -> None:
    with _connect(_work_file(tiny_build)) as con:
        schemas = {schema for schema, *_ in all_columns(con)}
        assert {"raw", "staging", "intermediate", "marts", "reference"} <= schemas
        assert not [c for c in all_columns(con) if c[2].lower() in tiny_identifier_markers]
        assert text_values_containing(con, list(tiny_identifier_markers.values())) == []
        # respondent ids are where they belong: the restricted work file
        stored = {r for (r,) in con.execute("select respondent_id from raw.respondents").fetchall()}
        assert stored == tiny_respondent_ids(240)
        hashes = con.execute(
            "select identifier_hashes from raw.respondents where identifier_hashes is not null"
        ).fetchall()
        assert hashes, "action 'hash' identifiers should leave a salted hash"
        assert set(json.loads(hashes[0][0])) == {"fio"}
        assert con.execute(
            "select count(*) from raw.responses where variable_name in ('tel', 'fio', 'gps')"
        ).fetchone() == (0,)


def test_salt_lives_outside_both_files(tiny_build: BuildResult) -> None:
    salt_file = tiny_build.published.parent / "restricted" / ".salt"
    salt = salt_file.read_bytes()
    assert len(salt) == 32
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    for data in (tiny_build.release.read_bytes(), _work_file(tiny_build).read_bytes()):
        assert salt not in data and salt.hex().encode() not in data


def test_validation_outcome_is_recorded(tiny_build: BuildResult) -> None:
    out = tiny_build.published.parent
    record = json.loads((out / "validation" / f"{tiny_build.build_id}.json").read_text())
    assert record["ok"] is True and record["build_id"] == tiny_build.build_id
    assert sorted(w["wave_id"] for w in record["waves"]) == [
        "tiny_2021_11",
        "tiny_2023_11",
    ]
    with _connect(_work_file(tiny_build)) as con:
        rows = con.execute("select distinct build_id, wave_id from raw.validation_results order by wave_id").fetchall()
        failed = con.execute("select count(*) from raw.validation_results where not success").fetchone()
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
        recorded = con.execute("select storage_version from marts.build_info").fetchone()[0]
    assert tag == recorded
    assert tag.startswith("v1.0.0"), "release should keep the DuckDB 1.0 storage format after dbt"


def _break_wave(raw: Path) -> str:
    """Put an undeclared answer code into one item of one wave; returns the variable name."""
    folder = raw / "tiny_2023_11"
    sav = folder / "tiny_2023_11.sav"
    frame, meta = pyreadstat.read_sav(str(sav), user_missing=True)
    frame.loc[0:4, "q1"] = 7.0
    pyreadstat.write_sav(frame, str(sav), column_labels=dict(zip(meta.column_names, meta.column_labels)))
    return "q1"


@pytest.mark.slow
def test_validation_failure_publishes_nothing(tiny_build: BuildResult, tiny_raw: Path, tmp_path: Path) -> None:
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
    last = [json.loads(line) for line in (out / "runs" / "history.jsonl").read_text().splitlines()][-1]
    assert (last["run_id"], last["outcome"]) == (failed[0]["build_id"], "failed")
    assert "tiny_2023_11" in last["message"] and last["build_id"] is None


@pytest.mark.slow
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
    assert "tiny_2021_11" in output and "passed" in output  # the good wave is reported too
    assert "q1" in output and "Traceback" not in output


def test_stages_are_timed_in_order_and_recorded(tiny_build: BuildResult) -> None:
    from cpi.stages import STAGES

    stages = tiny_build.stages
    assert list(stages) == list(STAGES)
    for key in ("discover", "read", "validate", "load", "dbt_parse", "dbt_run", "dbt_test", "publish"):
        assert stages[key].wall_seconds > 0, key
    assert all(s.cpu_seconds >= 0 for s in stages.values())
    # stages do not overlap: together they fit in the run
    assert sum(s.wall_seconds for s in stages.values()) <= tiny_build.duration_seconds + 0.5
    out = tiny_build.published.parent
    (record,) = [json.loads(line) for line in (out / "runs" / "history.jsonl").read_text().splitlines()]
    assert record["outcome"] == "published" and record["run_id"] == record["build_id"] == tiny_build.build_id
    assert list(record["stages"]) == list(STAGES)
    assert record["stages"]["dbt_run"]["wall_seconds"] == round(stages["dbt_run"].wall_seconds, 3)
    with _connect(tiny_build.published) as con:  # the release carries its own run in run_history
        rows = con.execute("select run_id, outcome, stages from marts.run_history").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(tiny_build.build_id, "published")]
    assert list(json.loads(rows[0][2])) == list(STAGES)
