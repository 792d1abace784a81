"""The demo generator is a tool beside the pipeline (docs/design/round2.md, section 7).

``ingest`` must never import ``cpi_demo`` at module level (only ``cpi demo-data`` loads it,
lazily), and ``cpi_demo`` may use only the codebook model and the error base class of
``ingest``, so the two packages cannot form an import cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ALLOWED_FROM_INGEST = {"ingest.codebook", "ingest.errors"}


def _imports(path: Path) -> list[tuple[str, ast.AST, int]]:
    """(module, enclosing function or module node, line) of every import in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, ast.AST, int]] = []

    def visit(node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            inner = (
                child
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
                else scope
            )
            if isinstance(child, ast.Import):
                out.extend((a.name, scope, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                out.append((child.module, scope, child.lineno))
            visit(child, inner)

    visit(tree, tree)
    return out


def test_ingest_imports_cpi_demo_only_inside_the_demo_data_command() -> None:
    offenders = []
    for path in sorted((REPO / "ingest").rglob("*.py")):
        for module, scope, line in _imports(path):
            if module.split(".")[0] != "cpi_demo":
                continue
            lazy_in_cli = (
                path.name == "cli.py"
                and isinstance(scope, ast.FunctionDef)
                and scope.name == "demo_data"
            )
            if not lazy_in_cli:
                offenders.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not offenders, offenders


def test_cpi_demo_uses_only_the_codebook_model_of_ingest() -> None:
    used = {
        (module, f"{path.relative_to(REPO)}:{line}")
        for path in sorted((REPO / "cpi_demo").rglob("*.py"))
        for module, _, line in _imports(path)
        if module.split(".")[0] == "ingest"
    }
    assert any(
        m == "ingest.codebook" for m, _ in used
    )  # the checker decodes via the codebook
    extra = sorted(where + " " + m for m, where in used if m not in ALLOWED_FROM_INGEST)
    assert not extra, extra


def test_loading_the_cli_and_the_build_does_not_load_the_generator() -> None:
    code = (
        "import sys, ingest.cli, ingest.build; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'cpi_demo'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert done.stdout.strip() == "[]"
