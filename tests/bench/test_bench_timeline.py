"""Stage attribution of samples (hand-computed timeline) and the live stage of a build's callbacks."""

from __future__ import annotations

from cpi_bench.build_probe import BenchReporter
from cpi_bench.timeline import (
    DbtProgress,
    Sample,
    StageEvent,
    attribute,
    stage_at_end,
    unfinished_dbt_nodes,
)


def test_attribute_charges_wall_cpu_and_peak_to_the_active_stage() -> None:
    events = [
        StageEvent(1, "read"),
        StageEvent(3, "load"),
        StageEvent(6, "dbt_run"),
        StageEvent(7, "dbt_test"),
        StageEvent(8, "dbt_run"),
    ]
    samples = [
        Sample(0.5, 100, 0.4),
        Sample(2, 200, 1.0),
        Sample(4, 500, 2.5),
        Sample(6.5, 300, 3.0),
        Sample(7.5, 800, 3.2),
        Sample(9, 100, 4.0),
    ]
    got = attribute(events, samples, start=0, end=10)
    assert list(got) == ["startup", "read", "load", "dbt_run", "dbt_test"]
    wall = {k: m.wall_seconds for k, m in got.items()}
    assert wall == {"startup": 1, "read": 2, "load": 3, "dbt_run": 1 + 2, "dbt_test": 1}
    cpu = {k: round(m.cpu_seconds, 6) for k, m in got.items()}
    assert cpu == {"startup": 0.4, "read": 0.6, "load": 1.5, "dbt_run": 0.5 + 0.8, "dbt_test": 0.2}
    peak = {k: m.peak_rss_bytes for k, m in got.items()}
    assert peak == {"startup": 100, "read": 200, "load": 500, "dbt_run": 300, "dbt_test": 800}
    assert sum(wall.values()) == 10  # the stages tile the run


def test_attribute_without_events_is_all_startup() -> None:
    got = attribute([], [Sample(1, 50, 0.2)], start=0, end=2)
    assert list(got) == ["startup"]
    assert got["startup"].wall_seconds == 2 and got["startup"].peak_rss_bytes == 50


def test_stage_at_end_is_the_last_event() -> None:
    assert stage_at_end([StageEvent(2, "load"), StageEvent(1, "read")]) == "load"
    assert stage_at_end([]) == "startup"


def test_dbt_progress_follows_overlapping_nodes() -> None:
    """Two threads: a model and tests overlap; the model's stage wins while it runs."""
    progress = DbtProgress()
    lines = [
        ("21:59:42  Found 45 models, 205 data tests, 10 seeds", None),
        ("21:59:44  1 of 271 START seed file raw.ref_factor_groups ........ [RUN]", "dbt_seed"),
        ("21:59:44  1 of 271 OK loaded seed file raw.ref_factor_groups .... [INSERT 44 in 0.05s]", None),
        ("21:59:44  2 of 271 START sql view model staging.stg_raw__waves .. [RUN]", "dbt_run"),
        ("21:59:44  3 of 271 START test not_null_dim_waves_v1_wave_id ..... [RUN]", "dbt_run"),
        ("21:59:45  3 of 271 PASS not_null_dim_waves_v1_wave_id .......... [PASS in 0.02s]", "dbt_run"),
        ("21:59:45  4 of 271 START unit_test fct_item_scores::observed .... [RUN]", "dbt_run"),
        ("21:59:46  2 of 271 OK created sql view model staging.stg_raw__waves  [OK in 1.2s]", "dbt_test"),
        ("21:59:46  5 of 271 START python table model intermediate.int_x .. [RUN]", "dbt_run"),
        ("21:59:47  4 of 271 PASS fct_item_scores::observed ............... [PASS in 0.5s]", "dbt_run"),
        ("21:59:49  5 of 271 ERROR creating python table model intermediate.int_x  [ERROR in 3s]", None),
    ]
    assert [progress.feed(line) for line, _ in lines] == [key for _, key in lines]
    assert progress.running == {}


def test_unfinished_dbt_nodes_name_what_was_running() -> None:
    lines = [
        "2026 INFO dbt | 23:43:47  150 of 271 START python table model intermediate.int_factor_influence_tested  [RUN]",
        "2026 INFO dbt | 23:43:55  231 of 271 START test not_null_fct_indicators_v1_year ........ [RUN]",
        "2026 INFO dbt | 23:43:55  231 of 271 PASS not_null_fct_indicators_v1_year .............. [PASS in 0.02s]",
    ]
    assert unfinished_dbt_nodes(lines) == ["python table model intermediate.int_factor_influence_tested"]
    assert unfinished_dbt_nodes(lines[1:]) == []


class _Sink:
    def __init__(self) -> None:
        self.current: str | None = None
        self.seen: list[str] = []

    def stage(self, key: str) -> None:
        if key != self.current:
            self.current = key
            self.seen.append(key)


def test_reporter_follows_the_build_live() -> None:
    """Callbacks in the order run_build makes them; dbt's stages arrive again after dbt exits."""
    sink = _Sink()
    reporter = BenchReporter(sink)
    reporter.stage_started("discover", "discovering")
    reporter.stage_finished("discover", None)
    for wave in ("a", "b"):
        for key in ("read", "validate", "load"):
            reporter.stage_started(key, wave)
            reporter.stage_finished(key, None)
    reporter.dbt_line("Running with dbt=1.11")
    reporter.dbt_line("1 of 9 START seed file raw.ref_items ....... [RUN]")
    reporter.dbt_line("1 of 9 OK loaded seed file raw.ref_items ... [INSERT 5 in 0.1s]")
    reporter.dbt_line("2 of 9 START sql table model marts.fct_x .... [RUN]")
    reporter.dbt_line("2 of 9 OK created sql table model marts.fct_x  [OK in 1.0s]")
    reporter.dbt_line("3 of 9 START test not_null_fct_x ............ [RUN]")
    reporter.dbt_line("Done. PASS=9")
    for key in ("dbt_parse", "dbt_seed", "dbt_run", "dbt_test"):  # reported when dbt has exited
        reporter.stage_started(key, key)
        reporter.stage_finished(key, None)
    reporter.stage_started("publish", "publishing")
    assert sink.seen == [
        "discover",
        "other",
        "read",
        "other",
        "validate",
        "other",
        "load",
        "other",
        "read",
        "other",
        "validate",
        "other",
        "load",
        "other",
        "dbt_parse",
        "dbt_seed",
        "dbt_run",
        "dbt_test",
        "other",
        "publish",
    ]
