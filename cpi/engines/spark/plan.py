"""Rounds of a Spark build: dbt for the SQL nodes, the worker for the Python models, in DAG order.

dbt-spark runs Python models only on Databricks, so ``dbt build`` must not reach them, and no
node may run before the tables it reads exist. From the manifest this module cuts the DAG into
alternating steps: a dbt round builds every SQL node (seed, model, snapshot) whose parents exist
and runs every data and unit test whose parents exist by then; a Python step runs every Python
model whose parents exist (chains of Python models in one step, parents first). Each node is
named explicitly (``--indirect-selection empty``), so nothing runs twice and no test runs early.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cpi.errors import BuildError

BUILT_TYPES = {"model", "seed", "snapshot"}
TEST_TYPES = {"test", "unit_test"}


@dataclass(frozen=True)
class DbtRound:
    nodes: list[str] = field(default_factory=list)  # unique ids of seeds, SQL models, snapshots
    tests: list[str] = field(default_factory=list)  # unique ids of data and unit tests


@dataclass(frozen=True)
class PythonStep:
    models: list[str] = field(default_factory=list)  # unique ids, parents first


Step = DbtRound | PythonStep


def _all_nodes(manifest: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}


def _parents(node: Mapping[str, Any]) -> list[str]:
    return list((node.get("depends_on") or {}).get("nodes") or [])


def is_python_model(node: Mapping[str, Any]) -> bool:
    return node.get("resource_type") == "model" and node.get("language") == "python"


def plan_steps(manifest: Mapping[str, Any]) -> list[Step]:
    """The steps that build every enabled node of ``manifest`` exactly once, parents first."""
    nodes = _all_nodes(manifest)
    sql = {uid for uid, n in nodes.items() if n.get("resource_type") in BUILT_TYPES and not is_python_model(n)}
    python = {uid for uid, n in nodes.items() if is_python_model(n)}
    tests = {uid for uid, n in nodes.items() if n.get("resource_type") in TEST_TYPES}
    managed = sql | python
    # Sources, and anything this build does not make, exist before the first step.
    available: set[str] = set()

    def ready(uid: str, extra: set[str] | list[str] = ()) -> bool:
        return all(p in available or p in extra or p not in managed for p in _parents(nodes[uid]))

    steps: list[Step] = []
    while sql or python or tests:
        progressed = False
        this_round: set[str] = set()
        grew = True
        while grew:
            new = {uid for uid in sql - this_round if ready(uid, this_round)}
            this_round |= new
            grew = bool(new)
        round_tests = {uid for uid in tests if ready(uid, this_round)}
        if this_round or round_tests:
            steps.append(DbtRound(nodes=sorted(this_round), tests=sorted(round_tests)))
            available |= this_round
            sql -= this_round
            tests -= round_tests
            progressed = True
        ordered: list[str] = []
        grew = True
        while grew:
            new = sorted(uid for uid in python - set(ordered) if ready(uid, ordered))
            ordered.extend(new)
            grew = bool(new)
        if ordered:
            steps.append(PythonStep(models=ordered))
            available |= set(ordered)
            python -= set(ordered)
            progressed = True
        if not progressed:
            stuck = sorted(sql | python | tests)
            raise BuildError(
                f"cannot order the Spark build: {len(stuck)} node(s) wait on parents that are never "
                f"built, e.g. {', '.join(stuck[:5])}. Fix: check their refs (`dbt ls --select +<node>`)."
            )
    return steps


def selector(node: Mapping[str, Any]) -> str:
    """A dbt selector that names exactly this node (its fully qualified name)."""
    return "fqn:" + ".".join(node["fqn"])


def dbt_round_args(manifest: Mapping[str, Any], step: DbtRound) -> list[str]:
    nodes = _all_nodes(manifest)
    chosen = [selector(nodes[uid]) for uid in [*step.nodes, *step.tests]]
    return ["build", "--select", *chosen, "--indirect-selection", "empty"]
