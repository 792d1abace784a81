"""The combined column test `columns_valid` (macros/column_tests.sql) and the script that writes
it (scripts/combine_column_tests.py): the test finds every null and every out-of-range value and
names its column and rule; the script moves per-column `not_null` / `within_range` into one test
per model (and per version with columns of its own), keeps every other test, and is idempotent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import jinja2
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


def _columns_valid_sql(**arguments: object) -> str:
    text = (REPO / "macros" / "column_tests.sql").read_text(encoding="utf-8")
    text = text.replace("{% test ", "{% macro ").replace("{% endtest %}", "{% endmacro %}")
    module = jinja2.Environment().from_string(text).module
    return str(module.columns_valid(**arguments))


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute("create table t (a varchar, b integer, c double)")
    yield con
    con.close()


def test_columns_valid_names_every_broken_column_and_rule(con) -> None:
    con.execute("insert into t values ('x', 1, 0.5), (null, 2, 1.5), (null, null, -3), ('y', 4, null)")
    sql = _columns_valid_sql(model="t", not_null=["a", "b"], ranges={"c": [0, 1], "b": [1, 4]})
    rows = sorted(con.execute(sql).fetchall())
    assert rows == [("a", "not null", 2), ("b", "not null", 1), ("c", "within [0, 1]", 2)]


def test_columns_valid_passes_clean_rows_and_nulls_in_ranges(con) -> None:
    con.execute("insert into t values ('x', 1, 0.0), ('y', 4, null), ('z', 2, 1.0)")
    assert con.execute(_columns_valid_sql(model="t", not_null=["a", "b"], ranges={"c": [0, 1]})).fetchall() == []


def _script():
    spec = importlib.util.spec_from_file_location("combine", REPO / "scripts" / "combine_column_tests.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


MODELS = """version: 2
models:
- name: fct_example
  config:
    contract:
      enforced: true
  data_tests:
  - unique_combination:
      arguments:
        combination_of_columns: [year]
  columns:
  - name: year
    data_type: integer
    data_tests:
    - not_null
    - within_range:
        arguments:
          min_value: 2000
          max_value: 2100
  - name: code
    data_type: string
    data_tests:
    - not_null
    - relationships:
        arguments:
          to: ref('dim_items')
          field: item_code
  - name: share
    data_type: double
    data_tests: &shares
    - within_range:
        arguments:
          min_value: 0
          max_value: 100
  versions:
  - v: 1
  - v: 2
    data_tests:
    - unique_combination:
        arguments:
          combination_of_columns: [wave_id]
    columns:
    - include: []
    - name: wave_id
      data_type: string
      data_tests:
      - not_null
"""


def test_script_moves_column_rules_into_one_test_per_model_and_version() -> None:
    rewrite = _script().rewrite
    new = rewrite(MODELS)
    model = yaml.safe_load(new)["models"][0]
    top = {next(iter(t)): t for t in model["data_tests"]}
    assert top["columns_valid"]["columns_valid"]["arguments"] == {
        "not_null": ["year", "code"],
        "ranges": {"year": [2000, 2100]},
    }
    assert "unique_combination" in top
    columns = {c["name"]: c.get("data_tests") for c in model["columns"]}
    assert columns["year"] is None  # its data_tests emptied and removed
    assert columns["code"] == [{"relationships": {"arguments": {"to": "ref('dim_items')", "field": "item_code"}}}]
    assert columns["share"] == [{"within_range": {"arguments": {"min_value": 0, "max_value": 100}}}]  # anchor kept
    v2 = model["versions"][1]
    v2_tests = {next(iter(t)): t for t in v2["data_tests"]}
    assert v2_tests["columns_valid"]["columns_valid"]["arguments"] == {"not_null": ["wave_id"]}
    assert "data_tests" not in v2["columns"][1]
    assert rewrite(new) == new  # idempotent
