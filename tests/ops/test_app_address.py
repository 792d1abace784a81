"""``cpi app`` listens on 127.0.0.1 unless ``--address`` says otherwise, and says where."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from publish_helpers import REPO, cpi_command

DEADLINE_SECONDS = 300  # a slow machine; no assertion depends on timing
LISTEN = "0A"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> set[str]:
    """IPv4 addresses with a socket listening on ``port`` (from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == LISTEN and int(port_hex, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
@pytest.mark.parametrize(("args", "expected"), [([], "127.0.0.1"), (["--address", "0.0.0.0"], "0.0.0.0")])
def test_app_listens_where_it_says(tmp_path: Path, args: list[str], expected: str) -> None:
    port = _free_port()
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), HOME=str(tmp_path))
    env.pop("STREAMLIT_SERVER_ADDRESS", None)
    app = subprocess.Popen(
        cpi_command("app", "--port", str(port), "--warehouse", str(tmp_path / "cpi.duckdb"), *args),
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = time.monotonic()
        while not _listening(port):
            assert app.poll() is None, app.stdout.read() if app.stdout else ""
            assert time.monotonic() - started < DEADLINE_SECONDS, "the dashboard never listened"
            time.sleep(0.2)
        assert _listening(port) == {expected}
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            output, _ = app.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            app.kill()
            output, _ = app.communicate()
    assert f"dashboard on http://{expected}:{port}" in output
    assert (tmp_path / "state" / "cpi" / "app.log").is_file(), "the app logs to the per-user folder"
