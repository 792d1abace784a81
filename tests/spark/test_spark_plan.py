"""The Spark build's rounds (cpi/engines/spark/plan.py) on small hand-written manifests: no Spark needed."""

from __future__ import annotations

import pytest

from cpi.engines.spark.plan import DbtRound, PythonStep, dbt_round_args, plan_steps
from cpi.errors import BuildError


def _node(uid: str, parents: list[str] = (), *, language: str = "sql") -> dict:
    kind = uid.split(".")[0]
    return {
        "unique_id": uid,
        "resource_type": kind,
        "language": language,
        "fqn": ["cpi", *uid.split(".")[2:]],
        "depends_on": {"nodes": list(parents)},
    }


def manifest(*nodes: dict) -> dict:
    plain = {n["unique_id"]: n for n in nodes if n["resource_type"] != "unit_test"}
    units = {n["unique_id"]: n for n in nodes if n["resource_type"] == "unit_test"}
    return {"nodes": plain, "unit_tests": units, "sources": {}}


SRC = "source.cpi.raw.waves"
SEED = "seed.cpi.ref_items"
A, B, C = "model.cpi.stg_a", "model.cpi.int_b", "model.cpi.fct_c"
P, Q = "model.cpi.int_p", "model.cpi.int_q"


def test_sql_only_project_is_one_round_with_every_test():
    m = manifest(
        _node(SEED),
        _node(A, [SRC]),
        _node(B, [A, SEED]),
        _node("test.cpi.not_null_b", [B]),
        _node("test.cpi.source_unique", [SRC]),
        _node("unit_test.cpi.int_b.u1", [B]),
    )
    assert plan_steps(m) == [
        DbtRound(
            nodes=[B, A, SEED],
            tests=["test.cpi.not_null_b", "test.cpi.source_unique", "unit_test.cpi.int_b.u1"],
        )
    ]


def test_python_model_splits_the_dag_and_tests_wait_for_all_parents():
    m = manifest(
        _node(A, [SRC]),
        _node(P, [A], language="python"),
        _node(B, [P]),
        _node(C, [A]),
        _node("test.cpi.not_null_a", [A]),
        _node("test.cpi.not_null_p", [P]),
        _node("test.cpi.relationships_b_a", [B, A]),
        _node("unit_test.cpi.int_b.u1", [B]),
    )
    steps = plan_steps(m)
    assert steps == [
        DbtRound(nodes=[C, A], tests=["test.cpi.not_null_a"]),
        PythonStep(models=[P]),
        DbtRound(
            nodes=[B],
            tests=["test.cpi.not_null_p", "test.cpi.relationships_b_a", "unit_test.cpi.int_b.u1"],
        ),
    ]


def test_chained_python_models_run_in_one_step_parents_first():
    m = manifest(
        _node(A, [SRC]),
        _node(Q, [P, A], language="python"),  # listed before its parent on purpose
        _node(P, [A], language="python"),
        _node(C, [Q]),
    )
    assert plan_steps(m) == [DbtRound(nodes=[A]), PythonStep(models=[P, Q]), DbtRound(nodes=[C])]


def test_sql_between_python_models_needs_a_round_in_between():
    m = manifest(
        _node(A, [SRC]),
        _node(P, [A], language="python"),
        _node(B, [P]),
        _node(Q, [B], language="python"),
    )
    assert plan_steps(m) == [
        DbtRound(nodes=[A]),
        PythonStep(models=[P]),
        DbtRound(nodes=[B]),
        PythonStep(models=[Q]),
    ]


def test_a_test_of_a_leaf_python_model_gets_a_final_round():
    m = manifest(_node(A, [SRC]), _node(P, [A], language="python"), _node("test.cpi.not_null_p", [P]))
    assert plan_steps(m)[-1] == DbtRound(nodes=[], tests=["test.cpi.not_null_p"])


def test_every_node_is_planned_exactly_once():
    nodes = [
        _node(A, [SRC]),
        _node(P, [A], language="python"),
        _node(B, [P, A]),
        _node(Q, [B], language="python"),
        _node(C, [Q, A]),
        _node("test.cpi.t1", [C, P]),
        _node("test.cpi.t2", [A]),
    ]
    planned = []
    for step in plan_steps(manifest(*nodes)):
        planned += step.models if isinstance(step, PythonStep) else [*step.nodes, *step.tests]
    assert sorted(planned) == sorted(n["unique_id"] for n in nodes)


def test_a_cycle_is_reported_with_the_stuck_nodes():
    m = manifest(_node(A, [B]), _node(B, [A]))
    with pytest.raises(BuildError, match="int_b"):
        plan_steps(m)


def test_round_arguments_name_each_node_by_its_full_name_and_select_nothing_else():
    versioned = _node("model.cpi.fct_c.v1", [A])
    versioned["fqn"] = ["cpi", "marts", "fct_c", "v1"]
    m = manifest(_node(A, [SRC]), versioned, _node("test.cpi.not_null_a", [A]))
    args = dbt_round_args(m, plan_steps(m)[0])
    assert args[:2] == ["build", "--select"]
    assert args[-2:] == ["--indirect-selection", "empty"]
    assert sorted(args[2:-2]) == ["fqn:cpi.marts.fct_c.v1", "fqn:cpi.not_null_a", "fqn:cpi.stg_a"]
