"""The measured child process: failures and the memory limit are recorded, never raised."""

from __future__ import annotations

from pathlib import Path

from cpi_bench.monitor import run_measured

REPO = Path(__file__).resolve().parents[2]


def test_a_failing_child_is_recorded_with_its_stage_and_message(tmp_path: Path) -> None:
    run = run_measured(
        [
            "floor",
            "--raw",
            str(tmp_path / "missing"),
            "--result",
            str(tmp_path / "f.parquet"),
            "--work",
            str(tmp_path / "work"),
        ],
        log_path=tmp_path / "floor.log",
    )
    assert run.status == "failed" and not run.ok
    assert run.died_in == "read"  # the floor's first stage, where the raw folder is looked for
    assert "does not exist" in (run.message or "")
    assert "missing" in (tmp_path / "floor.log").read_text(encoding="utf-8")
    assert run.wall_seconds > 0 and run.peak_rss_bytes > 0


def test_a_child_above_the_memory_limit_is_stopped(tmp_path: Path) -> None:
    run = run_measured(
        ["pandas", "--raw", str(REPO / "data" / "raw"), "--result", str(tmp_path / "p.parquet")],
        log_path=tmp_path / "pandas.log",
        memory_limit=1,
    )
    assert run.status == "memory_limit"
    assert "stopped by the benchmark" in (run.message or "")
    assert run.peak_rss_bytes > 1
    assert not (tmp_path / "p.parquet").exists()  # it never got to write its result
