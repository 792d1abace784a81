"""Streamlit dashboard over the published CPI release (read-only).

``launch()`` is what ``cpi app`` calls: it runs ``streamlit run`` on ``app.py`` in a subprocess
with ``CPI_WAREHOUSE`` pointing at the release to read.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)

APP_FILE = Path(__file__).resolve().parent / "app.py"


def launch_command(port: int = 8501, *, headless: bool = True) -> list[str]:
    """The ``streamlit run`` command line for the dashboard (telemetry and file watching off),
    through ``streamlit_app.serve`` so the libraries are loaded before the first reader comes."""
    return [
        sys.executable,
        "-m",
        "streamlit_app.serve",
        "run",
        str(APP_FILE),
        "--server.port",
        str(port),
        "--server.headless",
        str(headless).lower(),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]


def launch(port: int = 8501, warehouse: Path | None = None) -> None:
    """Run the dashboard on ``port`` until interrupted; ``warehouse`` overrides ``CPI_WAREHOUSE``.

    SIGTERM / Ctrl-C are forwarded to the ``streamlit run`` child, which is always reaped: no
    orphaned server keeps the port.
    """
    env = dict(os.environ)
    if warehouse is not None:
        # absolute but NOT resolved: the pointer symlink must stay a pointer so that a newly
        # published release is picked up without restarting
        env["CPI_WAREHOUSE"] = str(Path(warehouse).absolute())
    log.info(
        "starting dashboard on http://localhost:%d (warehouse %s)",
        port,
        env.get("CPI_WAREHOUSE", "warehouse/cpi.duckdb"),
    )
    proc = subprocess.Popen(launch_command(port), env=env)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate()) if in_main else None
    try:
        proc.wait()
    except KeyboardInterrupt:  # pragma: no cover - interactive stop
        proc.send_signal(signal.SIGINT)
        log.info("dashboard stopped")
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
