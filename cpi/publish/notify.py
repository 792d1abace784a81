"""``--on-failure CMD`` / ``CPI_ON_FAILURE``: tell someone when a build fails or is interrupted.

The command runs through ``/bin/sh -c`` with the run's one-line message on stdin and these
environment variables: ``CPI_OUTCOME`` (failed | interrupted), ``CPI_MESSAGE`` (one line),
``CPI_RUN_ID``, ``CPI_OUT``, ``CPI_LOG`` (the run's build.log) and ``CPI_HISTORY``
(runs/history.jsonl). It gets 60 s; its own failure is logged and never changes the build's exit
status. Example: ``--on-failure 'mail -s "cpi build $CPI_OUTCOME" ops@example.org'``.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

ENV_VAR = "CPI_ON_FAILURE"
TIMEOUT_SECONDS = 60


def notify_failure(
    command: str | None,
    *,
    outcome: str,
    message: str,
    run_id: str,
    out_dir: Path,
    log_file: Path,
    history_file: Path,
) -> int | None:
    """Run ``command``; returns its exit status (None when there is no command or it could not run)."""
    if not command or not command.strip():
        return None
    env = dict(
        os.environ,
        CPI_OUTCOME=outcome,
        CPI_MESSAGE=message.splitlines()[0] if message else outcome,
        CPI_RUN_ID=run_id,
        CPI_OUT=str(out_dir),
        CPI_LOG=str(log_file),
        CPI_HISTORY=str(history_file),
    )
    try:
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            input=message + "\n",
            env=env,
            text=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("the --on-failure command could not run: %s", exc)
        return None
    if done.returncode != 0:
        log.warning("the --on-failure command exited %d: %s", done.returncode, done.stderr.strip()[:500])
    else:
        log.info("notified with the --on-failure command")
    return done.returncode
