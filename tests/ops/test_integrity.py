"""Issue 16's probe, operations side: bytes that are checked, rollbacks that leave a trace, and
(issue 15) revisions a release records.

Fake releases (publish_helpers.fake_release) where no numbers are needed; one build on a copy of
the session's demo build for what needs real marts: a corrected wave, a removed wave and a
flipped byte in the raw store, all handled by that one build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyreadstat
import pytest
import yaml
from publish_helpers import read_build_id, run_cpi
from typer.testing import CliRunner

from cpi.build.pipeline import RunState, _skip_reason
from cpi.build.run import run_build
from cpi.cli.main import app
from cpi.errors import PublishError
from cpi.ingest.raw_store import folder_problem
from cpi.layout import Layout
from cpi.publish import pointer as publish
from cpi.publish.build_info import read_published_info
from cpi.publish.history import read_records, rolled_back_fingerprints
from cpi.publish.operations import release_summaries, rollback
from cpi.stages import StageClock
from release_data import meta
from release_data.connection import open_release

REPO = Path(__file__).resolve().parents[2]


def flip_byte(path: Path, offset: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    at = len(data) // 2 if offset is None else offset
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _with_checksums(out: Path, ids: list[str]) -> None:
    for build_id in ids:
        publish.write_checksum(publish.new_release_path(out, build_id))


def _run(out: Path, *, force: bool = False, fingerprint: str = "fp-new") -> RunState:
    run = RunState(
        run_id=publish.new_build_id(),
        raw_dir=out / "raw",
        layout=Layout(out),
        keep=5,
        storage_version=None,
        force=force,
        clock=StageClock(None),
    )
    run.fingerprint, run.components = fingerprint, {}
    return run


# --- a corrupt release: never a no-op over it ------------------------------------------------------


def test_a_corrupt_published_release_is_named_by_build_releases_and_verify(tmp_path: Path, releases) -> None:
    ids = releases(3)
    _with_checksums(tmp_path, ids)
    flip_byte(publish.new_release_path(tmp_path, ids[2]))

    with pytest.raises(PublishError) as exc:  # cpi build: refused before anything is read or built
        _skip_reason(_run(tmp_path, fingerprint="fp2"))  # the same inputs: formerly "nothing changed"
    message = str(exc.value)
    assert f"the published release {ids[2]} is corrupt" in message
    assert "`cpi rollback`" in message and "`cpi build --force`" in message
    assert _skip_reason(_run(tmp_path, force=True, fingerprint="fp2"))[0] is None  # --force builds anew

    states = {s.build_id: s.integrity for s in release_summaries(tmp_path)}
    assert states == {ids[0]: "ok", ids[1]: "ok", ids[2]: "corrupt"}
    listed = CliRunner().invoke(app, ["releases", "--out", str(tmp_path)])
    assert listed.exit_code == 0 and f"release {ids[2]} is corrupt" in " ".join(listed.output.split())
    verified = CliRunner().invoke(app, ["verify", "--out", str(tmp_path)])
    assert verified.exit_code == 3, verified.output
    assert "corrupt" in verified.output and "cpi rollback" in verified.output

    assert rollback(tmp_path) == (ids[2], ids[1])  # the operator's fix
    assert CliRunner().invoke(app, ["verify", "--out", str(tmp_path)]).exit_code == 3  # the file is still bad
    with pytest.raises(PublishError, match="is corrupt"):  # and is never published again
        rollback(tmp_path, ids[2])
    assert read_build_id(tmp_path / "cpi.duckdb") == ids[1]


def test_a_build_over_a_corrupt_release_publishes_nothing(tmp_path: Path, releases, tiny_wave_factory) -> None:
    ids = releases(2)
    _with_checksums(tmp_path, ids)
    flip_byte(publish.new_release_path(tmp_path, ids[1]), offset=100)
    raw = tmp_path / "raw"
    tiny_wave_factory(raw, "cpi_tiny_2023", 2023, n=30)
    with pytest.raises(PublishError, match="is corrupt"):
        run_build(raw, tmp_path)
    assert publish.published_build_id(tmp_path) == ids[1]
    assert [publish.release_id(p) for p in publish.list_releases(tmp_path)] == ids
    (record,) = [r for r in read_records(Layout(tmp_path).history) if r.get("outcome") == "failed"]
    assert "corrupt" in record["message"]


# --- a rollback killed between the pointer swap and its last history line --------------------------

KILL_AFTER_SWAP = """
import os, sys
from pathlib import Path
from cpi.publish import operations as release_ops
from cpi.publish import pointer as publish

real_swap = publish.swap_pointer

def swap_then_die(*args, **kwargs):
    real_swap(*args, **kwargs)
    os._exit(137)

publish.swap_pointer = swap_then_die
release_ops.rollback(Path(sys.argv[1]))
"""


def test_a_rollback_killed_after_the_swap_leaves_a_trace_the_next_build_reads(tmp_path: Path, releases) -> None:
    ids = releases(3)
    child = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_SWAP, str(tmp_path)],
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 137, child.stderr
    assert read_build_id(tmp_path / "cpi.duckdb") == ids[1]  # the pointer moved
    records = read_records(Layout(tmp_path).history)
    assert [r["outcome"] for r in records] == ["rolling_back"]  # written before the pointer moved
    assert (records[0]["from_build_id"], records[0]["build_id"]) == (ids[2], ids[1])
    assert rolled_back_fingerprints(records) == {"fp2": ids[2]}
    skip, reason = _skip_reason(_run(tmp_path, fingerprint="fp2"))  # the inputs rolled back from
    assert skip is not None and "was rolled back" in skip and reason == "inputs of a rolled-back release"


def test_a_completed_rollback_writes_both_lines(tmp_path: Path, releases) -> None:
    ids = releases(2)
    rollback(tmp_path)
    records = read_records(Layout(tmp_path).history)
    assert [r["outcome"] for r in records] == ["rolling_back", "rolled_back"]
    assert records[0]["run_id"] == records[1]["run_id"] and records[1]["build_id"] == ids[0]


# --- one build: a corrected wave, a removed wave, a flipped byte in the raw store -------------------


def _correct_wave(sav: Path, column: str, rows: int) -> None:
    """Re-deliver a wave with ``rows`` answers of ``column`` changed (1 <-> 5), metadata kept."""
    frame, meta = pyreadstat.read_sav(str(sav), user_missing=True)
    head = frame.index[:rows]
    frame.loc[head, column] = (
        frame.loc[head, column].map({1.0: 5.0, 5.0: 1.0, 2.0: 4.0, 4.0: 2.0}).fillna(frame.loc[head, column])
    )
    pyreadstat.write_sav(
        frame,
        str(sav),
        column_labels=meta.column_names_to_labels,
        variable_value_labels=meta.variable_value_labels,
        missing_ranges=meta.missing_ranges,
    )


class Notes:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def stage_started(self, key: str, text: str) -> None: ...

    def stage_finished(self, key: str, timing: object) -> None: ...

    def message(self, text: str) -> None:
        self.lines.append(text)


@pytest.mark.slow
def test_corrected_and_removed_waves_and_a_flipped_raw_store_byte(built_out_copy, built_result, tmp_path: Path) -> None:
    out = built_out_copy()
    old_id = publish.published_build_id(out)
    raw = tmp_path / "raw"
    subprocess.run(["cp", "-r", str(REPO / "data" / "raw"), str(raw)], check=True)
    waves = sorted(p.name for p in raw.iterdir() if (p / "codebook.yml").is_file())
    annual = [w for w in waves if w.startswith("cpi_")]
    corrected, kept, removed = annual[-1], annual[0], next(w for w in waves if not w.startswith("cpi_"))
    codebook = yaml.safe_load((raw / corrected / "codebook.yml").read_text(encoding="utf-8"))
    item = next(v["name"] for v in codebook["variables"] if v["role"] == "item")
    _correct_wave(raw / corrected / f"{corrected}.sav", item, rows=400)
    (raw / removed).rename(raw / f"_{removed}")  # set aside: no longer a wave
    # one flipped byte in the stored Parquet of a wave that did not change
    store = Layout(out).raw_store
    (folder,) = [p for p in store.iterdir() if p.name.startswith(f"{kept}--")]
    flip_byte(folder / "responses.parquet")

    notes = Notes()
    result = run_build(raw, out, reporter=notes, force=True)
    assert result.outcome == "published"
    text = "\n".join(notes.lines)
    assert f"_{removed}" in text  # the skipped folder is listed
    assert f"{folder.name} failed its checksum check" in text and f"re-reading {kept}" in text
    (quarantined,) = (store / ".quarantine").iterdir()  # kept for a look, never read again
    assert quarantined.name.startswith(folder.name)
    assert folder_problem(folder) is None  # stored again from the source file, checksums and all
    assert f"{corrected} corrected" in text and f"{removed} removed" in text

    with duckdb.connect(str(result.release), read_only=True) as con:
        revisions = {
            w: (c, o, n, p)
            for w, c, o, n, p in con.execute(
                "select wave_id, change, old_file_sha256, new_file_sha256, previous_build_id "
                "from marts.release_revisions"
            ).fetchall()
        }
        moved = con.execute(
            "select mart, figure_key, old_value, new_value, is_beyond_old_interval from marts.release_figure_revisions"
        ).fetchall()
    old_inputs = {
        r["wave_id"]: r["sha256"] for r in read_published_info(publish.new_release_path(out, old_id))["inputs"]
    }
    assert set(revisions) == {corrected, removed}
    change, old_sha, new_sha, previous = revisions[corrected]
    assert (change, old_sha, previous) == ("corrected", old_inputs[corrected], old_id)
    assert new_sha != old_sha and revisions[removed][0] == "removed"
    indicator_moves = [m for m in moved if m[0] == "fct_indicators_v2"]
    assert any(f"wave_id={corrected}," in key for _, key, *_ in indicator_moves)
    assert all(old != new for _, _, old, new, _ in moved)
    assert not [m for m in moved if f"wave_id={kept}," in m[1]], "the re-read wave's figures are bit-identical"
    assert any(beyond is not None for *_, beyond in indicator_moves)
    # the readers' door shows the same revisions, the moved figures beyond the old interval first
    release = open_release(result.release)
    assert set(meta.revisions(release)["wave_id"]) == {corrected, removed}
    shown_moves = meta.figure_revisions(release)
    assert len(shown_moves) == len(moved)
    beyond = shown_moves["is_beyond_old_interval"].fillna(False).astype(bool).tolist()
    assert beyond == sorted(beyond, reverse=True)

    # cpi diff prints the same from the two release files (read-only)
    before = publish.new_release_path(out, old_id).read_bytes()
    shown = run_cpi("diff", old_id, result.build_id, "--out", str(out), "--limit", "0")
    assert shown.returncode == 0, shown.stderr
    assert f"wave {corrected}: corrected" in shown.stdout and f"wave {removed}: removed" in shown.stdout
    assert f"figures that moved: {len(moved)}" in shown.stdout
    assert publish.new_release_path(out, old_id).read_bytes() == before
    assert os.path.exists(publish.checksum_path(result.release))
