"""Incremental by wave (docs/publishing.md, "Incremental builds").

* Three tiny waves added one at a time: each build recomputes only the new wave (its per-wave
  models are compiled with a filter naming that wave alone), reuses the others from the previous
  work file, records which in build_info, the run history and the console; and the last release's
  marts are bit-identical to those of a ``--force`` build of the same inputs.
  The Python statistics models' tables (weights, linearised variances, Kruskal-Wallis tests,
  cluster stability) are bit-identical to the forced build's too.
* A changed seed or macro starts from a new work file: every wave is recomputed, and the per-wave
  rows of every wave carry the change (no stale rows); no row of a Python statistics model comes
  from the previous work file.
* With the project unchanged, the statistics of an unchanged wave (and of a year whose annual
  waves are unchanged) are the previous work file's own rows; those of a changed wave and its
  year are recomputed.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from release_hashes import mart_hashes, table_hash
from shared_builds import copy_out_dir

REPO = Path(__file__).resolve().parents[2]
# the three waves, in the order they arrive: (wave id, year, respondents, seed)
ARRIVALS = (
    ("tiny_2021_11", 2021, 120, 21),
    ("tiny_2022_11", 2022, 130, 22),
    ("tiny_2023_11", 2023, 140, 23),
)
PER_WAVE_MODEL = "int_respondents_harmonised"
# The Python statistics models (incremental through survey_stats.incremental): the key of their
# rows and a double column a test overwrites with MARK_VALUE (a value no estimator gives) to see
# whether a build kept a row or recomputed it.
STATISTICS = {
    "int_respondent_weights_computed": ("wave_id", "raking_max_margin_error"),
    "int_indicator_variances_linearised": ("wave_id", "se"),
    "int_factor_difference_variances_linearised": ("wave_id", "se"),
    "int_factor_differences_tested": ("wave_id", "test_statistic"),
    "int_factor_influence_tested": ("year", "test_statistic"),
    "int_region_cluster_stability_computed": ("year", "stability_level_1"),
}
MARK_VALUE = 0.123456789


def statistics_hashes(work: Path) -> dict[str, str]:
    con = duckdb.connect(str(work), read_only=True)
    try:
        return {model: table_hash(con, f"intermediate.{model}") for model in STATISTICS}
    finally:
        con.close()


def inputs_rows(release: Path) -> dict[str, str]:
    con = duckdb.connect(str(release), read_only=True)
    try:
        (inputs,) = con.execute("select inputs from marts.build_info").fetchone()
    finally:
        con.close()
    return {row["wave_id"]: row["rows"] for row in json.loads(inputs)}


def compiled_filter(out: Path) -> str:
    """The last build's compiled SQL of a per-wave model: its wave filter, if any."""
    path = (
        out / "restricted" / "dbt" / "target" / "compiled" / "cpi" / "models" / "intermediate" / f"{PER_WAVE_MODEL}.sql"
    )
    text = path.read_text()
    return text[text.rfind("select * from final") :]


class Lines:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def __getattr__(self, name: str):  # every other reporter event is ignored
        return lambda *args, **kwargs: None

    def message(self, text: str) -> None:
        self.messages.append(text)


@pytest.mark.slow
def test_waves_added_one_at_a_time_give_the_marts_of_a_forced_build(tiny_wave_factory, tmp_path: Path) -> None:
    from cpi.build.run import run_build
    from cpi.layout import Layout
    from cpi.publish.history import read_records

    raw, out = tmp_path / "raw", tmp_path / "out"
    arrived: list[str] = []
    for wave_id, year, n, seed in ARRIVALS:
        tiny_wave_factory(raw, wave_id, year, n=n, seed=seed)
        lines = Lines()
        result = run_build(raw, out, keep=5, reporter=lines)
        assert result.outcome == "published"
        rows = inputs_rows(result.release)
        expected = {w: "reused" for w in arrived} | {wave_id: "recomputed"}
        assert rows == expected, f"after adding {wave_id}"
        record = read_records(Layout(out).history)[-1]
        assert (record["waves_recomputed"], record["waves_reused"]) == (
            [wave_id],
            arrived,
        )
        if arrived:  # the per-wave models computed the new wave only; the console says so
            assert compiled_filter(out).split("where", 1)[1].split() == [
                "wave_id",
                "in",
                f"('{wave_id}')",
            ]
            assert any(f"recomputed: {wave_id}" in m and f"{', '.join(arrived)}" in m for m in lines.messages)
        else:  # the first build has nothing to start from
            assert "where" not in compiled_filter(out)
        arrived = sorted([*arrived, wave_id])

    incremental = result.release
    forced = run_build(raw, out, keep=5, force=True)
    assert set(inputs_rows(forced.release).values()) == {"recomputed"}
    assert "where" not in compiled_filter(out)
    first, second = mart_hashes(incremental), mart_hashes(forced.release)
    assert len(first) >= 30 and set(first) == set(second)
    differing = sorted(t for t in first if first[t] != second[t])
    assert differing == [], f"incremental and forced builds differ in {differing}"
    # the statistics models' own tables too (rows, every bit, the inputs fingerprints included)
    stats_first = statistics_hashes(Layout(out).work_file(result.build_id))
    stats_second = statistics_hashes(Layout(out).work_file(forced.build_id))
    assert all(not h.startswith("0:") for h in stats_first.values()), stats_first
    differing = sorted(m for m in STATISTICS if stats_first[m] != stats_second[m])
    assert differing == [], f"incremental and forced builds differ in {differing}"
    # the incremental release holds every wave, not only the last one
    con = duckdb.connect(str(incremental), read_only=True)
    try:
        waves = [w for (w,) in con.execute("select wave_id from marts.dim_waves order by wave_id").fetchall()]
    finally:
        con.close()
    assert waves == sorted(w for w, *_ in ARRIVALS)


def _project_copy(root: Path) -> Path:
    for name in ("models", "macros", "seeds", "tests/dbt"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(REPO / name, root / name)
    return root


def _move_akmola_to_centre(project: Path) -> tuple[str, str]:
    """A seed change that reaches per-wave rows: the Akmola region moves to macro-region centre."""
    path = project / "seeds" / "ref_regions.csv"
    text = path.read_text(encoding="utf-8")
    column = text.splitlines()[0].split(",").index("macro_region")  # by name: seeds gain columns
    line = next(row for row in text.splitlines() if row.startswith("akmola,"))
    fields = line.split(",")
    assert fields[column] != "centre", "the seed already puts Akmola in the centre: pick another change"
    fields[column] = "centre"
    path.write_text(text.replace(line, ",".join(fields)), encoding="utf-8")
    # (rows without the change, rows the change reaches)
    return "region_code = 'akmola' and macro_region <> 'centre'", "region_code = 'akmola'"


def _touch_macro(project: Path) -> tuple[str, str]:
    """A macro change (a comment in a macro file every per-wave model uses)."""
    path = project / "macros" / "group_factors.sql"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n{#- changed by a test -#}\n",
        encoding="utf-8",
    )
    return "false", "true"


CHANGES = {"seed": _move_akmola_to_centre, "macro": _touch_macro}
MARKER = "stale-row-marker"


def _mark_rows(work: Path) -> None:
    """Mark every row of a per-wave model in the previous work file: a build that reused a row
    would carry the mark into its own work file."""
    con = duckdb.connect(str(work))
    try:
        con.execute(f"update intermediate.{PER_WAVE_MODEL} set occupation = '{MARKER}'")
        con.execute("checkpoint")
    finally:
        con.close()


def _mark_statistics(work: Path) -> None:
    """Mark every row of the Python statistics models in the previous work file."""
    con = duckdb.connect(str(work))
    try:
        for model, (_, column) in STATISTICS.items():
            con.execute(f"update intermediate.{model} set {column} = {MARK_VALUE}")
        con.execute("checkpoint")
    finally:
        con.close()


def _statistics_rows(work: Path) -> dict[str, dict[object, tuple[int, int]]]:
    """model -> key (wave or year) -> (rows, rows with the mark)."""
    con = duckdb.connect(str(work), read_only=True)
    try:
        out = {}
        for model, (key, column) in STATISTICS.items():
            rows = con.execute(
                f"select {key}, count(*), count(*) filter (where {column} = {MARK_VALUE})"
                f" from intermediate.{model} group by {key}"
            ).fetchall()
            out[model] = {k: (n, marked) for k, n, marked in rows}
        return out
    finally:
        con.close()


def _per_wave_rows(work: Path, stale: str = "false", changed: str = "true") -> dict[str, tuple[int, ...]]:
    """wave -> (rows, rows with the mark, rows without the change, rows the change reaches) of
    the per-wave model."""
    con = duckdb.connect(str(work), read_only=True)
    try:
        rows = con.execute(
            f"select wave_id, count(*), count(*) filter (where occupation = '{MARKER}'),"
            f" count(*) filter (where {stale}), count(*) filter (where {changed})"
            f" from intermediate.{PER_WAVE_MODEL} group by wave_id"
        ).fetchall()
    finally:
        con.close()
    return {wave: tuple(counts) for wave, *counts in rows}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_changed_seed_or_macro_recomputes_every_wave(kind: str, tiny_raw: Path, tiny_build, tmp_path: Path) -> None:
    from cpi import settings
    from cpi.build.run import run_build
    from cpi.layout import Layout

    out = copy_out_dir(tiny_build.published.parent, tmp_path / "out")
    project = _project_copy(tmp_path / "project")
    stale, changed = CHANGES[kind](project)
    _mark_rows(Layout(out).work_file(tiny_build.build_id))
    _mark_statistics(Layout(out).work_file(tiny_build.build_id))
    before = settings.current()
    settings.configure(replace(before, dbt_project_dir=project))
    try:
        result = run_build(tiny_raw, out, keep=2)
    finally:
        settings.configure(before)
    assert result.outcome == "published"
    waves = inputs_rows(result.release)
    assert len(waves) >= 2 and set(waves.values()) == {"recomputed"}
    rows = _per_wave_rows(Layout(out).work_file(result.build_id), stale, changed)
    assert sorted(rows) == sorted(waves)
    # every wave: rows, none carried over from the previous work file, none without the change,
    # some that the change reaches
    assert all(
        n > 0 and marked == 0 and unchanged == 0 and reached > 0 for n, marked, unchanged, reached in rows.values()
    ), rows
    # the statistics of every wave and year recomputed: rows, none of them the previous work file's
    statistics = _statistics_rows(Layout(out).work_file(result.build_id))
    years = {int(w.split("_")[1]) for w in waves}
    for model, (key, _) in STATISTICS.items():
        assert set(statistics[model]) == (set(waves) if key == "wave_id" else years), model
        assert all(n > 0 and marked == 0 for n, marked in statistics[model].values()), (model, statistics[model])


@pytest.mark.slow
def test_an_unchanged_wave_is_reused_and_a_changed_one_recomputed(
    tiny_raw: Path, tiny_build, tiny_wave_factory, tmp_path: Path
) -> None:
    """The control: with the project unchanged, the rows of an unchanged wave come from the
    previous work file as they are (the mark stays), a changed wave's are recomputed."""
    from cpi.build.run import run_build
    from cpi.layout import Layout

    raw = tmp_path / "raw"
    shutil.copytree(tiny_raw, raw)
    out = copy_out_dir(tiny_build.published.parent, tmp_path / "out")
    waves = sorted(inputs_rows(tiny_build.release))
    changed, kept = waves[-1], waves[:-1]
    tiny_wave_factory(raw, changed, int(changed.split("_")[1]), n=150, seed=99)  # new data, same wave id
    _mark_rows(Layout(out).work_file(tiny_build.build_id))
    _mark_statistics(Layout(out).work_file(tiny_build.build_id))
    result = run_build(raw, out, keep=2)
    assert inputs_rows(result.release) == {w: "reused" for w in kept} | {changed: "recomputed"}
    rows = _per_wave_rows(Layout(out).work_file(result.build_id))
    assert rows[changed][0] == 150 and rows[changed][1] == 0
    assert all(rows[w][0] > 0 and rows[w][1] == rows[w][0] for w in kept), rows  # reused as they were
    # the statistics: the changed wave's (and its year's) recomputed, the others' kept as they were
    statistics = _statistics_rows(Layout(out).work_file(result.build_id))
    for model, (key, _) in STATISTICS.items():
        new = changed if key == "wave_id" else int(changed.split("_")[1])
        old = kept if key == "wave_id" else [int(w.split("_")[1]) for w in kept]
        assert statistics[model][new][0] > 0 and statistics[model][new][1] == 0, (model, statistics[model])
        assert all(0 < statistics[model][k][0] == statistics[model][k][1] for k in old), (model, statistics[model])
