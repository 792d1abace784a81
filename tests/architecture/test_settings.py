"""Settings are read once, when first used, never when a module is imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cpi.settings import DEFAULT_STORAGE_VERSION, Settings

REPO = Path(__file__).resolve().parents[2]
OUR_PACKAGES = ("cpi", "streamlit_app", "survey_stats", "cpi_demo", "cpi_bench")

# Imports every module of our packages with os.environ replaced by a mapping that records
# which of our files read it; prints those reads (file:line name) as JSON.
PROBE = r"""
import importlib, json, os, pkgutil, sys
ROOT = sys.argv[1]
OURS = tuple(os.path.join(ROOT, p) + os.sep for p in sys.argv[2].split(","))
reads = []
class Recording(type(os.environ)):
    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)
    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)
    def _note(self, key):
        frame = sys._getframe(2)
        while frame and frame.f_code.co_filename.endswith(("os.py", "<frozen os>", "_collections_abc.py")):
            frame = frame.f_back
        name = frame.f_code.co_filename if frame else ""
        if name.startswith(OURS):
            reads.append(f"{os.path.relpath(name, ROOT)}:{frame.f_lineno} {key}")
env = os.environ
os.environ = Recording(env._data, env.encodekey, env.decodekey, env.encodevalue, env.decodevalue)
for package in sys.argv[2].split(","):
    mod = importlib.import_module(package)
    for info in pkgutil.walk_packages(mod.__path__, package + "."):
        if info.name.endswith(("streamlit_app.app", ".serve")) or ".views." in info.name:
            continue  # Streamlit scripts: they run a page when imported
        importlib.import_module(info.name)
print(json.dumps(reads))
"""


def test_no_module_reads_the_environment_when_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPO), ",".join(OUR_PACKAGES)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_settings_come_from_the_environment_then_the_command_line(tmp_path: Path) -> None:
    assert Settings.from_env({}).storage_version == DEFAULT_STORAGE_VERSION
    env = {"CPI_STORAGE_VERSION": "v1.2.0", "CPI_DBT_PROJECT_DIR": str(tmp_path), "CPI_DUCKDB_MEMORY_LIMIT": "1GB"}
    settings = Settings.from_env(env)
    assert (settings.storage_version, settings.dbt_project_dir, settings.duckdb_memory_limit) == (
        "v1.2.0",
        tmp_path,
        "1GB",
    )
    assert settings.with_options(storage_version="latest", spark_target=None).storage_version == "latest"
    assert settings.with_options(storage_version="").storage_version == "v1.2.0"
