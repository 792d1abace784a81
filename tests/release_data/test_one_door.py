"""The dashboard reads the release only through ``release_data``: no SQL in ``streamlit_app``, and
``release_data`` loads neither Streamlit nor the pipeline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SQL = [
    re.compile(r"(?i)\bselect\s+(distinct\s+)?[\w*.,\s()]+?\s+from\s"),
    re.compile(r"(?i)\b(from|join)\s+(marts|reference|information_schema|main)\.\w+"),
    re.compile(r"(?i)\bwhere\s+\w+\s*(=|<>|!=|\bin\b|\blike\b|\bis\b)\s*[\w?'(]"),
    re.compile(r"(?i)\border\s+by\s+\w+"),
    re.compile(r"\.execute\(|(?<!def )\bquery\(|\bimport duckdb\b"),
]


def sql_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(REPO)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"
        for pattern in SQL
        for m in pattern.finditer(text)
    ]


def test_no_file_of_the_dashboard_contains_sql() -> None:
    found = [hit for path in sorted((REPO / "streamlit_app").rglob("*.py")) for hit in sql_lines(path)]
    assert not found, "SQL belongs in release_data/, not in the dashboard:\n" + "\n".join(found)


def test_the_detector_finds_the_sql_where_it_lives() -> None:
    """Every subject module of release_data reads with SQL, and the detector sees it (so the
    test above can fail)."""
    modules = ["meta", "labels", "indicators", "items", "groups", "regions", "projects", "information"]
    missed = [m for m in modules if not sql_lines(REPO / "release_data" / f"{m}.py")]
    assert not missed


def test_release_data_imports_neither_streamlit_nor_the_pipeline() -> None:
    code = (
        "import sys, pkgutil, importlib, release_data\n"
        "for m in pkgutil.iter_modules(release_data.__path__):\n"
        "    importlib.import_module('release_data.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('streamlit', 'ingest', 'cpi', 'streamlit_app'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _module_level_env_reads(path: Path) -> list[str]:
    """``os.environ`` / ``getenv`` used outside any function body (i.e. at import time)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside |= {id(n) for n in ast.walk(node)}
    return [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(tree)
        if id(node) not in inside
        and (
            (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"))
            or (isinstance(node, ast.Name) and node.id in ("environ", "getenv"))
        )
    ]


def test_no_environment_read_at_import_time(tmp_path: Path) -> None:
    files = [*(REPO / "release_data").rglob("*.py"), *(REPO / "streamlit_app").rglob("*.py")]
    found = [hit for path in sorted(files) for hit in _module_level_env_reads(path)]
    assert not found, found
    planted = tmp_path / "planted.py"  # the check sees a read when there is one
    planted.write_text("import os\nPATH = os.environ.get('CPI_WAREHOUSE')\n", encoding="utf-8")
    assert _module_level_env_reads(planted) == ["planted.py:2"]
