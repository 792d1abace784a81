"""The benchmark's add_wave = forced check and its --engine option, without running a real build.

``cpi bench`` runs every build through ``run_measured`` (a child process); here that is replaced
by a stand-in that writes a small release (marts tables, the ops tables cpi writes about the build
itself) into the build's OUT folder, so the benchmark's own logic — which builds it runs with which
arguments, the comparison of the two releases, the record, the tables and the exit code — runs
for real and fast.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cpi import settings
from cpi.cli.main import app
from cpi.publish.release import OPS_TABLES
from cpi_bench import run as bench_run
from cpi_bench import scenarios
from cpi_bench.identity import compare_releases
from cpi_bench.monitor import Measured
from cpi_bench.probe import main as probe_main

SCORES = (
    "create table marts.{t} (year integer, factor varchar, group_code varchar, item_code varchar,"
    " n_valid bigint, pct_positive double, pct_negative double, pct_neutral double, score double{extra})"
)


def write_release(path: Path, waves: list[str], *, rows_reversed: bool = False, changed: str | None = None) -> None:
    """A release with one row per wave in each marts table; ``changed``: that table's last cell
    of the first row moved by one unit in the last place; ``rows_reversed``: rows inserted in the
    other order; the ops tables hold this build's own id (they differ between any two builds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(SCORES.format(t="fct_item_scores_by_group", extra=""))
    con.execute(SCORES.format(t="fct_item_scores", extra=", is_interpolated boolean"))
    con.execute("create table marts.dim_wave (wave_id varchar, share double, note varchar)")
    con.execute(f"create table marts.{OPS_TABLES[0]} (build_id varchar)")
    con.execute(f"insert into marts.{OPS_TABLES[0]} values (?)", [str(path)])
    order = list(reversed(waves)) if rows_reversed else waves
    for wave in order:
        share = 1 / 3 + waves.index(wave)
        if changed == "dim_wave" and waves.index(wave) == 0:
            share = math.nextafter(share, 2.0)  # one unit in the last place
        con.execute("insert into marts.dim_wave values (?, ?, ?)", [wave, share, None])
        score = 0.1 * (waves.index(wave) + 1)
        if changed == "fct_item_scores" and waves.index(wave) == 0:
            score = math.nextafter(score, 1.0)
        con.execute(
            "insert into marts.fct_item_scores values (?, 'total', 'all', 'gen', 10, 50.0, 40.0, 10.0, ?, false)",
            [2020 + waves.index(wave), score],
        )
    con.close()


def test_same_rows_in_another_order_are_identical_and_the_ops_tables_do_not_count(tmp_path: Path) -> None:
    waves = ["w1", "w2", "w3"]
    write_release(tmp_path / "a.duckdb", waves)
    write_release(tmp_path / "b.duckdb", waves, rows_reversed=True)
    check = compare_releases(tmp_path / "a.duckdb", tmp_path / "b.duckdb")
    assert check["identical"], check
    assert check["tables_compared"] == 3 and check["differing"] == []


@pytest.mark.parametrize("table", ["dim_wave", "fct_item_scores"])
def test_a_changed_cell_names_its_table(tmp_path: Path, table: str) -> None:
    write_release(tmp_path / "a.duckdb", ["w1", "w2"])
    write_release(tmp_path / "b.duckdb", ["w1", "w2"], changed=table)
    check = compare_releases(tmp_path / "a.duckdb", tmp_path / "b.duckdb")
    assert not check["identical"]
    assert check["differing"] == [table]


def test_a_table_missing_on_one_side_is_named(tmp_path: Path) -> None:
    write_release(tmp_path / "a.duckdb", ["w1"])
    write_release(tmp_path / "b.duckdb", ["w1"])
    with duckdb.connect(str(tmp_path / "b.duckdb")) as con:
        con.execute("drop table marts.dim_wave")
    check = compare_releases(tmp_path / "a.duckdb", tmp_path / "b.duckdb")
    assert not check["identical"] and check["only_left"] == ["dim_wave"] and check["only_right"] == []


class FakeRuns:
    """Stands in for ``run_measured``: records each child's arguments; a build writes a release of
    the raw folder's waves into OUT/cpi.duckdb (the forced build with ``forced_changes`` changed)."""

    def __init__(self, forced_changes: str | None = None) -> None:
        self.calls: list[list[str]] = []
        self.forced_changes = forced_changes

    def __call__(self, args: list[str], **_: object) -> Measured:
        self.calls.append(args)
        task, options = args[0], dict(zip(args[1::2], args[2::2], strict=False))
        if task == "generate":  # an added monthly wave: a folder is enough here
            Path(options["--dest"]).mkdir(parents=True)
        if task == "build":
            waves = sorted(p.name for p in Path(options["--raw"]).iterdir())
            out = Path(options["--out"])
            if not (out / "cpi.duckdb").exists() or "--force" not in args:
                (out / "cpi.duckdb").unlink(missing_ok=True)
                changed = self.forced_changes if "--force" in args else None
                write_release(out / "cpi.duckdb", waves, changed=changed)
        status = "ok" if task in ("build", "generate") else "failed"  # no floor nor pandas here
        return Measured(status, 0.1, 0.1, 1, 1, {}, {"status": status}, message=None if status == "ok" else "skipped")

    def builds(self) -> list[list[str]]:
        return [c for c in self.calls if c[0] == "build"]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeRuns:
    runs = FakeRuns()
    monkeypatch.setattr(bench_run, "run_measured", runs)
    monkeypatch.setattr(scenarios, "run_measured", runs)
    monkeypatch.setattr(settings, "_current", None)  # read again from the (patched) environment
    for name in ("CPI_SPARK_MASTER", "CPI_SPARK_SHARED"):
        monkeypatch.delenv(name, raising=False)
    return runs


def bench(root: Path, *extra: str) -> tuple[int, str, dict | None, str]:
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "--scale",
            "1",
            "--monthly",
            "0",
            "--out",
            str(root / "runs"),
            "--cache",
            str(root / "cache"),
            "--json",
            str(root / "bench.json"),
            *extra,
        ],
    )
    path = root / "bench.json"
    record = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    markdown = (root / "bench.md").read_text(encoding="utf-8") if (root / "bench.md").is_file() else ""
    return result.exit_code, result.output, record, markdown


def test_default_runs_check_add_wave_against_a_forced_build(tmp_path: Path, fake: FakeRuns) -> None:
    code, output, record, markdown = bench(tmp_path)
    assert code == 0, output
    kinds = [(c[c.index("--out") + 1], "--force" in c) for c in fake.builds()]
    cold_out = kinds[0][0]
    assert kinds[:3] == [(cold_out, False)] * 3  # cold, unchanged, add_wave into the same folder
    assert kinds[3][0] != cold_out and kinds[3][1]  # forced, into a fresh folder
    assert all(c[c.index("--engine") + 1] == "duckdb" for c in fake.builds())
    (scenario,) = record["scenarios"]
    assert list(scenario["builds"]) == ["cold", "unchanged", "add_wave", "forced_after_add"]
    identity = scenario["add_wave_identity"]
    assert identity["checked"] and identity["identical"] and identity["tables_compared"] == 3
    assert record["settings"]["engine"] == "duckdb" and "spark" not in record["settings"]
    header = next(line for line in markdown.splitlines() if "add_wave = forced" in line)
    row = next(line for line in markdown.splitlines() if line.startswith("| x1 |") and "/" in line)
    assert row.split("|")[header.split("|").index(" add_wave = forced ")].strip() == "yes"
    assert "| forced_after_add |" in markdown and "peak GB (stage)" in markdown and "driver peak" not in markdown


def test_a_differing_table_is_named_and_fails_the_bench(tmp_path: Path, fake: FakeRuns) -> None:
    fake.forced_changes = "dim_wave"
    code, output, record, markdown = bench(tmp_path)
    assert code == 1
    assert "add_wave != forced in x1" in output
    identity = record["scenarios"][0]["add_wave_identity"]
    assert not identity["identical"] and identity["differing"] == ["dim_wave"]
    assert "**no**: dim_wave" in markdown


def test_spark_engine_defaults_to_cold_and_unchanged_and_records_the_master(tmp_path: Path, fake: FakeRuns) -> None:
    code, output, record, markdown = bench(tmp_path, "--engine", "spark")
    assert code == 0, output
    assert [c[c.index("--engine") + 1] for c in fake.builds()] == ["spark", "spark"]
    assert not any("--force" in c for c in fake.builds())
    settings_ = record["settings"]
    assert settings_["engine"] == "spark" and settings_["runs"] == ["cold", "unchanged"]
    assert settings_["spark"] == {"master": "local[2]", "shared": None}
    assert record["scenarios"][0]["add_wave_identity"] is None
    assert "driver peak GB (stage)" in markdown and "master local[2]" in markdown
    assert "executors" in settings_["memory"]


def test_a_spark_cluster_without_shared_storage_is_refused_before_anything_runs(
    tmp_path: Path, fake: FakeRuns, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_SPARK_MASTER", "spark://127.0.0.1:7077")
    code, output, record, _ = bench(tmp_path, "--engine", "spark")
    assert code == 1 and "CPI_SPARK_SHARED" in output
    assert fake.calls == [] and record is None


@pytest.mark.parametrize(
    ("runs", "message"),
    [("forced_after_add,cold", "add add_wave too"), ("unchanged", "cold is required"), ("cold,warm", "choose from")],
)
def test_bad_runs_are_refused(tmp_path: Path, fake: FakeRuns, runs: str, message: str) -> None:
    code, output, _, _ = bench(tmp_path, "--runs", runs)
    assert code == 2 and message in " ".join(output.split())
    assert fake.calls == []


def test_the_probe_passes_engine_and_force_to_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    import cpi.build.run

    seen: dict = {}

    def run_build(raw: Path, out: Path, **kwargs: object) -> types.SimpleNamespace:
        seen.update(raw=raw, out=out, **kwargs)
        dbt = types.SimpleNamespace(models_built=1, tests_total=1, tests_passed=1)
        return types.SimpleNamespace(build_id="b", published=out, release=out, dbt=dbt, stages={})

    monkeypatch.setattr(cpi.build.run, "run_build", run_build)
    assert (
        probe_main(["build", "--raw", str(tmp_path), "--out", str(tmp_path / "o"), "--engine", "spark", "--force"]) == 0
    )
    assert seen["engine"] == "spark" and seen["force"] is True and seen["allow_outside_raw"] is True
    assert probe_main(["build", "--raw", str(tmp_path), "--out", str(tmp_path / "o")]) == 0
    assert seen["engine"] == "duckdb" and seen["force"] is False
