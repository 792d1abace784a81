"""What the operator sees when the machine, not the data, is the problem: one table, one row per
case, each run through the real ``cpi`` command.

Every row expects a one-line message naming the cause (and the path where there is one), the
documented exit status and no traceback; rows that interrupt or fail a build also check that
nothing was published and that the run history and the notification command saw it. The tests
run as root in CI, and root ignores file modes: read-only and full filesystems are small tmpfs
mounts (skipped where mounting is not allowed; a full disk then falls back to RLIMIT_FSIZE),
and "permission denied" drops root's override capabilities with ``setpriv``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from publish_helpers import (
    REPO,
    copy_out_dir,
    cpi_command,
    pointer_target,
    read_build_id,
)

from cpi.build.run import BuildResult

DEADLINE_SECONDS = 900  # a hung build must not hang CI; no assertion depends on timing


@dataclass
class Prepared:
    args: list[str]
    out: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    prefix: list[str] = field(default_factory=list)
    preexec: Callable[[], None] | None = None
    signal_when_dbt_runs: int | None = None
    published_before: str | None = None


def _mount_tmpfs(path: Path, size: str, read_only: bool, cleanup: list[Callable[[], None]]) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, check=False
    )
    if done.returncode != 0:
        return False
    cleanup.append(lambda: subprocess.run(["umount", "-l", str(path)], check=False))
    if read_only:
        subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
    return True


def _notifier(tmp: Path) -> dict[str, str]:
    """An --on-failure command that records its environment and stdin."""
    record = tmp / "notified.json"
    script = (
        "python3 -c \"import json,os,sys; json.dump({'env': {k: v for k, v in os.environ.items() "
        "if k.startswith('CPI_')}, 'stdin': sys.stdin.read()}, open(sys.argv[1], 'w'))\" "
        f"{record}"
    )
    return {"CPI_ON_FAILURE": script}


def read_only_out(tmp: Path, tiny_raw: Path, tiny_build: BuildResult, cleanup: list) -> Prepared:
    if not _mount_tmpfs(tmp / "ro", "1m", True, cleanup):
        pytest.skip("cannot mount a read-only tmpfs here (needs root with CAP_SYS_ADMIN)")
    return Prepared(["build", "--raw", str(tiny_raw), "--out", str(tmp / "ro" / "out")])


def disk_full(tmp: Path, tiny_raw: Path, tiny_build: BuildResult, cleanup: list) -> Prepared:
    out = tmp / "small" / "out"
    if _mount_tmpfs(tmp / "small", "600k", False, cleanup):
        return Prepared(["build", "--raw", str(tiny_raw), "--out", str(out)])

    def limit_file_size() -> None:  # no mount allowed: files may not grow past 200 kB
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    return Prepared(["build", "--raw", str(tiny_raw), "--out", str(out)], preexec=limit_file_size)


def permission_denied(tmp: Path, tiny_raw: Path, tiny_build: BuildResult, cleanup: list) -> Prepared:
    locked = tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    cleanup.append(lambda: locked.chmod(0o755))
    prefix = []
    if os.geteuid() == 0:  # root writes anywhere unless its override capabilities are dropped
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot take write permission away")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    return Prepared(["build", "--raw", str(tiny_raw), "--out", str(locked / "out")], prefix=prefix)


def _interrupted(signum: int) -> Callable[..., Prepared]:
    def prepare(tmp: Path, tiny_raw: Path, tiny_build: BuildResult, cleanup: list) -> Prepared:
        out = copy_out_dir(tiny_build.published.parent, tmp / "out")
        return Prepared(
            ["build", "--raw", str(tiny_raw), "--out", str(out), "--force"],
            out=out,
            env=_notifier(tmp),
            signal_when_dbt_runs=signum,
            published_before=tiny_build.build_id,
        )

    return prepare


LEAKING_MART = """
{{ config(contract={"enforced": false}) }}
-- a respondent-level relation wrongly placed among the marts
select respondent_id, wave_id from {{ ref('stg_raw__respondents') }}
"""


def leaking_mart(tmp: Path, tiny_raw: Path, tiny_build: BuildResult, cleanup: list) -> Prepared:
    project = tmp / "project"
    for name in ("models", "macros", "seeds", "tests/dbt"):
        shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(REPO / name, project / name)
    (project / "models" / "marts" / "leak_respondents.sql").write_text(LEAKING_MART)
    out = copy_out_dir(tiny_build.published.parent, tmp / "out")
    return Prepared(
        ["build", "--raw", str(tiny_raw), "--out", str(out)],
        out=out,
        env={"CPI_DBT_PROJECT_DIR": str(project), **_notifier(tmp)},
        published_before=tiny_build.build_id,
    )


def validate_without_log_dir(tmp: Path, tiny_raw: Path, tiny_build: BuildResult, cleanup: list) -> Prepared:
    state = tmp / "state-is-a-file"
    state.write_text("not a folder")
    return Prepared(["validate", str(tiny_raw / "tiny_2023_11")], env={"XDG_STATE_HOME": str(state)})


@dataclass(frozen=True)
class Case:
    prepare: Callable[..., Prepared]
    exit_code: int
    says: tuple[str, ...]  # lower-case fragments of the output (of the error line if one_line)
    error_lines: int = 1  # lines starting with "error:"
    one_line: bool = False  # the whole message is that one line (filesystem errors)
    published_nothing: bool = False
    history: str | None = None  # the run's outcome in runs/history.jsonl
    notified: str | None = None  # CPI_OUTCOME the --on-failure command saw


CASES = {
    "read-only output folder": Case(
        read_only_out,
        1,
        ("read-only file system", "erofs", "/ro/out", "fix:"),
        one_line=True,
    ),
    "disk full": Case(disk_full, 1, ("/small/out", "fix:"), one_line=True),
    "permission denied": Case(
        permission_denied,
        1,
        ("permission denied", "eacces", "/locked/out", "fix:"),
        one_line=True,
    ),
    "ctrl-c during dbt": Case(
        _interrupted(signal.SIGINT),
        130,
        ("build interrupted; nothing was published",),
        published_nothing=True,
        history="interrupted",
        notified="interrupted",
    ),
    "sigterm during dbt": Case(
        _interrupted(signal.SIGTERM),
        130,
        ("build interrupted; nothing was published",),
        published_nothing=True,
        history="interrupted",
        notified="interrupted",
    ),
    "respondent-level mart fails verification": Case(
        leaking_mart,
        1,
        ("failed verification and was not published", "marts.leak_respondents.respondent_id"),
        published_nothing=True,
        history="failed",
        notified="failed",
    ),
    "unwritable log folder does not stop validate": Case(
        validate_without_log_dir,
        0,
        ("no log file", "all 1 wave(s) passed"),
        error_lines=0,
    ),
}


def _run(prepared: Prepared) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ, GX_ANALYTICS_ENABLED="False", DBT_SEND_ANONYMOUS_USAGE_STATS="False", COLUMNS="200", **prepared.env
    )
    proc = subprocess.Popen(
        [*prepared.prefix, *cpi_command(*prepared.args)],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=prepared.preexec,  # noqa: PLW1509
    )
    if prepared.signal_when_dbt_runs is not None:
        assert prepared.out is not None
        logs = prepared.out / "logs"
        started = time.monotonic()
        while proc.poll() is None and not any(
            (p / "dbt.log").exists() for p in logs.iterdir() if p.name != prepared.published_before
        ):
            assert time.monotonic() - started < DEADLINE_SECONDS, "dbt never started"
            time.sleep(0.05)
        assert proc.poll() is None, "the build ended before it could be interrupted"
        proc.send_signal(prepared.signal_when_dbt_runs)
    stdout, stderr = proc.communicate(timeout=DEADLINE_SECONDS)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_operational_failure(name: str, tmp_path: Path, tiny_raw: Path, tiny_build: BuildResult) -> None:
    case = CASES[name]
    cleanup: list[Callable[[], None]] = []
    try:
        prepared = case.prepare(tmp_path, tiny_raw, tiny_build, cleanup)
        result = _run(prepared)
    finally:
        for undo in reversed(cleanup):
            undo()
    output = result.stdout + result.stderr
    assert result.returncode == case.exit_code, output
    assert "Traceback" not in output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == case.error_lines, result.stderr
    text = (errors[0] if case.one_line else output).lower()
    for fragment in case.says:
        assert fragment in text, f"{fragment!r} not in: {text}"
    if name == "disk full":  # tmpfs: ENOSPC; the RLIMIT_FSIZE fallback: EFBIG
        assert "no space left on device" in text or "file too large" in text, text
    if case.published_nothing:
        out = prepared.out
        assert out is not None
        assert read_build_id(out / "cpi.duckdb") == prepared.published_before
        assert pointer_target(out).parent.name == prepared.published_before
        assert sorted(p.name for p in (out / "releases").iterdir()) == [prepared.published_before]
    if case.history:
        out = prepared.out
        assert out is not None
        last = json.loads((out / "runs" / "history.jsonl").read_text().splitlines()[-1])
        assert last["outcome"] == case.history
        assert last["run_id"] != prepared.published_before and last["message"]
        run_id = last["run_id"]
        if case.history == "interrupted":  # nothing of the run is left but its log and record
            assert not (out / "restricted" / "work" / run_id).exists()
        else:  # failed: the work file is kept (restricted) for tracing
            kept = out / "failed" / run_id / "work.duckdb"
            assert kept.is_file() and (kept.stat().st_mode & 0o077) == 0
    if case.notified:
        notified = json.loads((tmp_path / "notified.json").read_text())
        assert notified["env"]["CPI_OUTCOME"] == case.notified
        assert notified["env"]["CPI_RUN_ID"] == last["run_id"]
        assert notified["stdin"].strip().splitlines()[0] == last["message"]
