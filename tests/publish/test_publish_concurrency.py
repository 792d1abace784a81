"""A build killed half-way, then the next build with a reader querying all along
(write-audit-publish guarantees).

One scenario serves both tests (one build instead of two): a copy of the tiny build's OUT, a
``cpi build`` killed as soon as dbt starts, then the next build while a reader process keeps
opening the published file. The fixture records what each step left; the tests judge it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from publish_helpers import (
    REPO,
    copy_out_dir,
    cpi_command,
    pointer_target,
    read_build_id,
    sha256,
)

from cpi.build.run import BuildResult, run_build

pytestmark = pytest.mark.slow  # a killed build and a build of its own

# Safety net only (a hung build must not hang CI); no assertion depends on timing.
DEADLINE_SECONDS = 600

READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    import duckdb

    pointer, log_path, ready, stop = map(Path, sys.argv[1:5])
    seen, errors = [], []
    target = None
    started = time.monotonic()
    while time.monotonic() - started < 900:
        if target is None and stop.exists():
            target = stop.read_text().strip()
        try:
            con = duckdb.connect(str(pointer), read_only=True)
            try:
                ids = con.execute("select build_id from marts.build_info").fetchall()
                waves = con.execute("select count(*) from marts.dim_waves").fetchone()[0]
                n_tables = con.execute(
                    "select count(*) from information_schema.tables where table_schema = 'marts'"
                ).fetchone()[0]
            finally:
                con.close()
            seen.append({"ids": [i for (i,) in ids], "waves": waves, "marts_tables": n_tables})
        except Exception as exc:  # every failure is recorded and fails the test
            errors.append(f"{type(exc).__name__}: {exc}")
        if not ready.exists():
            ready.write_text("started")  # after the first attempt, successful or not
        if len(errors) > 20:
            break
        time.sleep(0.05)  # leave CPU to the build (2-core CI); not a timing assertion
        if target is not None and seen and seen[-1]["ids"] == [target]:
            break
    Path(log_path).write_text(json.dumps({"seen": seen, "errors": errors}))
    """
)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > DEADLINE_SECONDS:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def killed_then_rebuilt(tiny_build: BuildResult, tiny_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("killed_then_rebuilt")
    out = copy_out_dir(tiny_build.published.parent, tmp / "out")
    seen: dict = {"out": out, "before_target": pointer_target(out)}
    seen["before_sha"] = sha256(seen["before_target"])
    seen["before_releases"] = sorted(p.name for p in (out / "releases").iterdir())

    # 1. a build killed (SIGKILL) once dbt has started
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", DBT_SEND_ANONYMOUS_USAGE_STATS="False")
    build = subprocess.Popen(
        cpi_command("build", "--raw", str(tiny_raw), "--out", str(out), "--force"),
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def dbt_started() -> bool:
        runs = [p for p in (out / "logs").iterdir() if p.name != tiny_build.build_id]
        return any((p / "dbt.log").exists() for p in runs)

    try:
        _wait_for(lambda: dbt_started() or build.poll() is not None, "dbt to start")
        assert build.poll() is None, "the build finished before it could be killed"
        build.send_signal(signal.SIGKILL)
        seen["killed_returncode"] = build.wait(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    seen["killed"] = {
        "target": pointer_target(out),
        "sha": sha256(seen["before_target"]),
        "build_id": read_build_id(out / "cpi.duckdb"),
        "releases": sorted(p.name for p in (out / "releases").iterdir()),
        "work": [p.name for p in (out / "restricted" / "work").iterdir() if p.name != tiny_build.build_id],
    }

    # 2. the next build, keep=1, while a reader keeps querying the published file
    script = tmp / "reader.py"
    script.write_text(READER)
    log, ready, stop = tmp / "reader.json", tmp / "ready", tmp / "stop"
    reader = subprocess.Popen([sys.executable, str(script), str(out / "cpi.duckdb"), str(log), str(ready), str(stop)])
    try:
        _wait_for(lambda: ready.exists() or reader.poll() is not None, "the reader to start")
        assert reader.poll() is None, "reader died before the build"
        # keep=1: retention deletes the old release while the reader may still have it open
        # force: the inputs are unchanged, which would otherwise make this build a no-op
        seen["next"] = run_build(tiny_raw, out, keep=1, force=True)  # the reader keeps querying
        stop.write_text(seen["next"].build_id)
        reader.wait(timeout=DEADLINE_SECONDS)
    finally:
        if reader.poll() is None:
            reader.kill()
    seen["reader"] = json.loads(log.read_text())
    seen["after"] = {
        "build_id": read_build_id(out / "cpi.duckdb"),
        "releases": sorted(p.name for p in (out / "releases").iterdir()),
        "sha": sha256(seen["before_target"]),
        "work": sorted(p.name for p in (out / "restricted" / "work").iterdir()),
        "dbt_log": (out / "logs" / seen["next"].build_id / "dbt.log").read_text(),
    }
    return seen


def test_reader_never_sees_a_broken_release_during_a_build(tiny_build: BuildResult, killed_then_rebuilt: dict) -> None:
    out, second, result = killed_then_rebuilt["out"], killed_then_rebuilt["next"], killed_then_rebuilt["reader"]
    old_id = tiny_build.build_id
    assert result["errors"] == []
    # the second build reused the stored waves and dbt's saved parse (its dbt.log says so)
    assert sorted(second.cached_waves) == ["tiny_2021_11", "tiny_2023_11"]
    assert second.stages["read"].wall_seconds == 0 and second.stages["validate"].wall_seconds == 0
    assert second.dbt.partial_parse is True
    dbt_log = killed_then_rebuilt["after"]["dbt_log"]
    assert "Partial parsing enabled" in dbt_log and "Unable to do partial parsing" not in dbt_log
    seen = result["seen"]
    assert all(len(s["ids"]) == 1 for s in seen), "every query must see exactly one build_info row"
    assert {s["ids"][0] for s in seen} <= {old_id, second.build_id}
    assert seen[0]["ids"] == [old_id]
    assert seen[-1]["ids"] == [second.build_id]
    assert all(s["waves"] == 2 for s in seen)
    assert len({s["marts_tables"] for s in seen}) == 1, "every release seen had all its marts"
    # once the new release is visible, it stays visible (no flip-flopping)
    first_new = next(i for i, s in enumerate(seen) if s["ids"] == [second.build_id])
    assert all(s["ids"] == [second.build_id] for s in seen[first_new:])
    # a brand-new connection sees the new build
    assert killed_then_rebuilt["after"]["build_id"] == second.build_id
    # retention (keep=1) spares the release just replaced (a reader may be opening it) ...
    assert killed_then_rebuilt["after"]["releases"] == sorted([old_id, second.build_id])
    assert second.removed_releases == []
    # ... until the next publish replaces the current one
    from cpi.publish import pointer as publish

    publish.apply_retention(out, 1)
    assert sorted(p.name for p in (out / "releases").iterdir()) == [second.build_id]


def test_killed_build_leaves_the_published_release_intact(tiny_build: BuildResult, killed_then_rebuilt: dict) -> None:
    seen, killed, after = killed_then_rebuilt, killed_then_rebuilt["killed"], killed_then_rebuilt["after"]
    assert seen["killed_returncode"] == -signal.SIGKILL
    # the published release is untouched and readable
    assert killed["target"] == seen["before_target"]
    assert killed["sha"] == seen["before_sha"]
    assert killed["build_id"] == tiny_build.build_id
    # nothing unverified among the releases; the killed build's work file is left behind
    assert killed["releases"] == seen["before_releases"]
    assert len(killed["work"]) == 1, "expected the killed build's work folder"

    # the next build cleans up and succeeds (no stale lock, no stale work file or dbt WAL)
    nxt = seen["next"]
    assert after["build_id"] == nxt.build_id
    assert after["releases"] == sorted([*seen["before_releases"], nxt.build_id])
    assert after["sha"] == seen["before_sha"]
    assert after["work"] == sorted([tiny_build.build_id, nxt.build_id]), "the killed work file is pruned"
