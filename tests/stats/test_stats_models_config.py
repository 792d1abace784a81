"""The dbt Python models read every variable their yml passes them (dbt's parser only sees bare
``dbt.config.get("key")`` calls: one inside ``x or default`` silently kept the default)."""

import ast
from pathlib import Path

import pytest
import yaml
from dbt.parser.models import PythonParseVisitor

MODELS = Path(__file__).resolve().parents[2] / "models" / "intermediate"
# keys of a model's config that dbt reads itself (materialisation), not the model
DBT_KEYS = {"materialized", "tags", "incremental_strategy", "on_schema_change"}


def _configured() -> dict[str, set[str]]:
    spec = yaml.safe_load((MODELS / "_intermediate__models.yml").read_text(encoding="utf-8"))
    models = spec["models"] if isinstance(spec, dict) else spec
    return {m["name"]: set(m.get("config", {})) - DBT_KEYS for m in models}


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.py")), ids=lambda p: p.stem)
def test_python_model_reads_the_variables_its_yml_passes(path):
    visitor = PythonParseVisitor(None)
    visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
    read = {args[0] for func, args, _ in visitor.dbt_function_calls if func == "get"}
    assert read == _configured().get(path.stem, set())
