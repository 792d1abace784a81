"""The scheduled run, exactly as deploy/cpi-build.service runs it: a build, then a recorded no-op,
and a failing run that calls the notification command."""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pyreadstat
import pytest
from publish_helpers import REPO, copy_out_dir, pointer_target

from cpi.build.run import BuildResult

DEPLOY = REPO / "deploy"
INSTALL_DIR = "/opt/cpi"  # where the unit expects the checkout


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(path)
    return parser


def environment_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd reads them (comments, blank lines, one quoted word per value)."""
    env = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition("=")
        words = shlex.split(value)
        assert len(words) == 1, f"{path}: quote the value of {key} (systemd and sh must agree)"
        env[key.strip()] = words[0]
    return env


def exec_start(service: configparser.ConfigParser, env: dict[str, str]) -> list[str]:
    """ExecStart with ${VAR} replaced as systemd does (one word each), the checkout mapped here."""
    line = service["Service"]["ExecStart"]
    line = re.sub(r"\$\{(\w+)\}", lambda m: shlex.quote(env[m.group(1)]), line)
    return [word.replace(INSTALL_DIR, str(REPO), 1) for word in shlex.split(line)]


def _history(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "runs" / "history.jsonl").read_text().splitlines()]


def test_the_units_describe_a_monthly_catch_up_schedule() -> None:
    timer = unit(DEPLOY / "cpi-build.timer")["Timer"]
    assert timer["Persistent"] == "true"
    assert re.fullmatch(r"\*-\*-\d{2} \d{2}:\d{2}:\d{2}", timer["OnCalendar"]), "once a month"
    assert timer["Unit"] == "cpi-build.service"
    service = unit(DEPLOY / "cpi-build.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["EnvironmentFile"] == "/etc/cpi/cpi.env"
    assert service["WorkingDirectory"] == INSTALL_DIR
    env = environment_file(DEPLOY / "cpi.env")
    assert {"CPI_RAW", "CPI_OUT", "CPI_KEEP", "CPI_ON_FAILURE"} <= set(env)
    # the crontab runs the same command with the same settings
    cron = [line for line in (DEPLOY / "crontab").read_text().splitlines() if line and not line.startswith("#")]
    assert len(cron) == 1 and "/etc/cpi/cpi.env" in cron[0]
    assert 'cpi build --raw "$CPI_RAW" --out "$CPI_OUT" --keep "$CPI_KEEP"' in cron[0]
    if shutil.which("systemd-analyze"):
        verify = subprocess.run(
            ["systemd-analyze", "verify", str(DEPLOY / "cpi-build.timer"), str(DEPLOY / "cpi-build.service")],
            capture_output=True,
            text=True,
            check=False,
        )
        problems = [
            line
            for line in verify.stderr.splitlines()
            if line.strip() and "is not executable" not in line and INSTALL_DIR not in line
        ]
        assert problems == [], verify.stderr


@pytest.mark.slow
def test_scheduled_command_builds_then_records_a_no_op_then_notifies_a_failure(
    tmp_path: Path, tiny_raw: Path, tiny_build: BuildResult
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(tiny_raw / "tiny_2023_11", raw / "tiny_2023_11")  # one wave: inputs changed
    out = copy_out_dir(tiny_build.published.parent, tmp_path / "out")
    notified = tmp_path / "notified.txt"
    env = {
        **environment_file(DEPLOY / "cpi.env"),
        "CPI_RAW": str(raw),
        "CPI_OUT": str(out),
        "CPI_ON_FAILURE": f'{{ echo "$CPI_OUTCOME $CPI_RUN_ID"; cat; }} > {shlex.quote(str(notified))}',
    }
    command = exec_start(unit(DEPLOY / "cpi-build.service"), env)
    assert command[:2] == [str(REPO / ".venv" / "bin" / "cpi"), "build"]
    if not Path(command[0]).is_file():
        pytest.skip(f"{command[0]} does not exist (run `make setup`)")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=REPO,
            env={**os.environ, **env, "COLUMNS": "200"},
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )

    first = run()
    assert first.returncode == 0, first.stdout + first.stderr
    published = _history(out)[-1]
    assert published["outcome"] == "published" and "wave removed: tiny_2021_11" in published["reason"]
    assert pointer_target(out).parent.name == published["build_id"]
    releases = sorted(p.name for p in (out / "releases").iterdir())

    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"nothing changed since {published['build_id']}" in second.stdout
    skipped = _history(out)[-1]
    assert (skipped["outcome"], skipped["build_id"]) == ("skipped", published["build_id"])
    assert skipped["run_id"] != published["run_id"] and skipped["reason"] == "inputs unchanged"
    assert sorted(p.name for p in (out / "releases").iterdir()) == releases
    assert not notified.exists(), "successful runs notify nobody"

    sav = raw / "tiny_2023_11" / "tiny_2023_11.sav"
    frame, meta = pyreadstat.read_sav(str(sav), user_missing=True)
    frame.loc[0:2, "vozrast"] = 7.0  # respondents aged 7: the gate must stop this wave
    pyreadstat.write_sav(frame, str(sav), column_labels=dict(zip(meta.column_names, meta.column_labels)))
    third = run()
    assert third.returncode == 2, third.stdout + third.stderr
    failed = _history(out)[-1]
    assert failed["outcome"] == "failed" and failed["build_id"] is None
    first_line, *rest = notified.read_text().splitlines()
    assert first_line == f"failed {failed['run_id']}"
    assert rest and rest[0] == failed["message"] and "tiny_2023_11" in notified.read_text()
    assert pointer_target(out).parent.name == published["build_id"], "nothing was published"
