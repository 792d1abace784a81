"""A newly published release is picked up without restarting; a missing one is explained."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"


def _build_id(at: AppTest) -> str:
    return at.metric[0].value


def test_new_release_is_picked_up_on_rerun(app_warehouse: Path, tmp_path: Path, monkeypatch) -> None:
    old = tmp_path / "releases" / "old.duckdb"
    new = tmp_path / "releases" / "new.duckdb"
    old.parent.mkdir()
    shutil.copyfile(os.path.realpath(app_warehouse), old)
    shutil.copyfile(os.path.realpath(app_warehouse), new)
    con = duckdb.connect(str(new))
    con.execute("update marts.build_info set build_id = 'freshly-published'")
    con.close()
    pointer = tmp_path / "cpi.duckdb"
    pointer.symlink_to(old)
    monkeypatch.setenv("CPI_WAREHOUSE", str(pointer))

    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    at.switch_page("views/methodology.py")
    at.run()
    first = _build_id(at)
    assert first != "freshly-published"

    tmp_link = tmp_path / "cpi.duckdb.tmp"
    tmp_link.symlink_to(new)
    os.replace(tmp_link, pointer)  # the publish step's atomic swap
    at.run()
    assert not at.exception
    assert _build_id(at) == "freshly-published"


def test_missing_warehouse_shows_actionable_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CPI_WAREHOUSE", str(tmp_path / "nowhere" / "cpi.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "nowhere" in message and "make build" in message
