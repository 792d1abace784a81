"""``streamlit_app.launch``: the subprocess command and the warehouse it is pointed at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import streamlit_app


class _FakeProc:
    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        self.cmd, self.env, self.returncode = cmd, env, 0

    def wait(self, timeout: float | None = None) -> int:
        return 0

    def poll(self) -> int:
        return 0


def test_launch_runs_streamlit_on_the_pointer_not_its_target(tmp_path: Path, monkeypatch) -> None:
    release = tmp_path / "releases" / "b1.duckdb"
    release.parent.mkdir()
    release.write_bytes(b"")
    pointer = tmp_path / "cpi.duckdb"
    pointer.symlink_to(release)
    seen: list[_FakeProc] = []

    def fake_popen(cmd, env):
        seen.append(_FakeProc(cmd, env))
        return seen[-1]

    monkeypatch.setattr(subprocess, "Popen", fake_popen)
    streamlit_app.launch(port=8612, warehouse=pointer)

    (proc,) = seen
    assert proc.cmd[1:4] == ["-m", "streamlit_app.serve", "run"]
    assert Path(proc.cmd[4]) == streamlit_app.APP_FILE and streamlit_app.APP_FILE.is_file()
    assert proc.cmd[proc.cmd.index("--server.port") + 1] == "8612"
    assert proc.cmd[proc.cmd.index("--browser.gatherUsageStats") + 1] == "false"
    # the symlink itself, so a newly published release is followed without a restart
    assert proc.env["CPI_WAREHOUSE"] == str(pointer)


def test_cpi_app_refuses_a_file_that_is_not_a_release(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from cpi.cli.main import app

    launched: list[object] = []
    monkeypatch.setattr(streamlit_app, "launch", lambda **kw: launched.append(kw))
    result = CliRunner().invoke(app, ["app", "--warehouse", "/etc/passwd"])
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "/etc/passwd is not a DuckDB database file" in said and "Fix:" in said
    assert not launched
    # nothing published yet is not a refusal: the dashboard starts and explains
    result = CliRunner().invoke(app, ["app", "--warehouse", str(tmp_path / "nowhere.duckdb")])
    assert result.exit_code == 0, result.output
    assert len(launched) == 1
