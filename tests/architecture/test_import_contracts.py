"""The package boundaries of pyproject.toml's ``[tool.importlinter]`` hold, and they bite.

``make lint`` runs ``lint-imports`` on the repository; these tests show that a forbidden import
planted in a copy of the packages breaks the contract it should, and that the CLI loads neither
the demo generator nor the benchmark (they register as entry points).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("cpi", "survey_stats", "streamlit_app", "cpi_demo", "cpi_bench")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_project(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "assets"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_the_repository_keeps_every_contract(tmp_path: Path) -> None:
    done = _lint(_copy_project(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("survey_stats/__init__.py", "import cpi.errors", "survey_stats is a library"),
        ("streamlit_app/formats.py", "import cpi.publish.pointer", "never imports the pipeline"),
        ("cpi/ingest/waves.py", "import cpi.publish.history", "cpi is layered"),
        ("cpi/publish/history.py", "import cpi.cli.console", "cpi is layered"),
        ("cpi/build/pipeline.py", "import cpi_bench.run", "does not import its tools"),
        ("cpi_bench/scores.py", "import cpi.cli.main", "nothing imports the CLI"),
    ],
)
def test_a_planted_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, planted: str, contract: str
) -> None:
    root = _copy_project(tmp_path)
    path = root / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{planted}  # planted by the test\n", encoding="utf-8")
    done = _lint(root)
    assert done.returncode == 1, done.stdout + done.stderr
    broken = done.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, done.stdout
    assert planted.split()[-1].split(".")[0] in broken


def test_loading_the_cli_loads_neither_the_generator_nor_the_benchmark() -> None:
    code = (
        "import json, sys, cpi.cli.main, cpi.build.run; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('cpi_demo', 'cpi_bench'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    loaded = set(json.loads(done.stdout))
    # only the two packages and their command modules (entry points), nothing that does the work
    assert loaded <= {"cpi_demo", "cpi_demo.cli", "cpi_bench", "cpi_bench.cli"}, loaded
