"""A build killed after its release got its final name but before the published pointer moved.

The window is two system calls wide (rename, then the symlink swap), so the test makes the kill
happen exactly there: a child process runs the real pipeline with ``publish.swap_pointer``
replaced by an immediate ``os._exit`` (no clean-up runs, as with SIGKILL). What must hold:
readers still get the old release; the new one is complete and verified but not published; the
next scheduled build does not trip over it; an operator can see it and publish it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from publish_helpers import cpi_command, read_build_id

from cpi.build.run import run_build
from cpi.publish import pointer as publish
from cpi.publish.operations import release_summaries, rollback

REPO = Path(__file__).resolve().parents[2]
KILLED = 137
CHILD = """
import os, sys
from pathlib import Path
from cpi.publish import pointer as publish
from cpi.build.run import run_build

def killed_at_swap(*args, **kwargs):
    os._exit({code})

publish.swap_pointer = killed_at_swap
run_build(Path(sys.argv[1]), Path(sys.argv[2]), force=True)
"""

pytestmark = pytest.mark.slow


def test_kill_between_rename_and_pointer_swap(built_out_copy) -> None:
    out = built_out_copy()
    raw = REPO / "data" / "raw"
    published_before = read_build_id(out / "cpi.duckdb")
    releases_before = set(publish.list_releases(out))

    child = subprocess.run(
        [sys.executable, "-c", CHILD.format(code=KILLED), str(raw), str(out)],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert child.returncode == KILLED, child.stderr[-2000:]

    # readers still see the release that was published before
    assert read_build_id(out / "cpi.duckdb") == published_before
    (orphan,) = set(publish.list_releases(out)) - releases_before
    orphan_id = orphan.parent.name
    assert orphan_id != published_before
    # the orphan is complete and was verified before it got its name: no partial is left
    assert read_build_id(orphan) == orphan_id
    assert not list((out / "releases").glob(".*.partial"))
    listed = {s.build_id: s for s in release_summaries(out)}
    assert listed[orphan_id].readable and not listed[orphan_id].published
    assert listed[orphan_id].tests_passed == listed[orphan_id].tests_total > 0

    # the next scheduled build with the same inputs as the published release is a no-op
    again = run_build(raw, out)
    assert again.outcome == "skipped", again.message
    assert read_build_id(out / "cpi.duckdb") == published_before

    # the operator sees it and can publish it; the checks of a rollback accept it
    env = dict(os.environ, COLUMNS="80", GX_ANALYTICS_ENABLED="False")  # a plain terminal
    table = subprocess.run(
        cpi_command("releases", "--out", str(out)),
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert table.returncode == 0, table.stderr
    assert orphan_id in table.stdout and published_before in table.stdout  # whole ids at 80 columns
    assert rollback(out, orphan_id) == (published_before, orphan_id)
    assert read_build_id(out / "cpi.duckdb") == orphan_id
