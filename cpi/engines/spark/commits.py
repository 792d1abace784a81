"""No silent partial tables: every table written on Spark holds the rows its tasks wrote.

A file write commits in two steps: each task commits its own files, then the driver's job commit
gathers the tasks' files into the table's folder. When the folder is not on storage every node
shares (a cluster whose warehouse is each node's own disk), the driver gathers only what it sees:
dbt then logs ``OK created`` for a table missing the rows of every task that ran elsewhere.

After each dbt round and each Python step the worker asks Spark's status store for the file
writes it ran (``InsertIntoHadoopFsRelationCommand``: what ``create table ... as select``, seeds'
``insert into`` and ``saveAsTable`` do) with the rows the tasks reported written, and counts the
rows each written table now holds as the driver reads it. A table with fewer rows fails the
build, named with both numbers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from cpi.errors import BuildError

log = logging.getLogger(__name__)
WRITE_NODE = "Execute InsertIntoHadoopFsRelationCommand\n"
ROWS_METRIC = "number of output rows"
_ARGUMENTS = re.compile(r"Arguments: (?P<path>.+?), (?:true|false), \w+, \[path=[^\]]*\], (?P<mode>\w+)")


@dataclass(frozen=True)
class Write:
    execution_id: int
    location: str  # the table's folder, as Spark names it (file:/..., s3a://...)
    mode: str  # Overwrite | Append | ...
    rows: int  # rows the tasks reported written


def parse_write(execution_id: int, plan: str, metrics: dict[str, str]) -> Write | None:
    """A file write from an execution's plan text and its metrics (name -> value); None otherwise."""
    start = plan.find(WRITE_NODE)
    if start < 0:
        return None
    match = _ARGUMENTS.search(plan, start)
    if match is None or ROWS_METRIC not in metrics:
        return None
    rows = int(re.sub(r"[^0-9]", "", metrics[ROWS_METRIC]) or 0)
    return Write(execution_id, match.group("path"), match.group("mode"), rows)


def table_of(location: str) -> str | None:
    """``schema.table`` of a managed table's folder (``.../<schema>.db/<table>``), else None."""
    parts = unquote(location).rstrip("/").split("/")
    if len(parts) >= 2 and parts[-2].endswith(".db"):
        return f"{parts[-2].removesuffix('.db')}.{parts[-1]}"
    return None


@dataclass
class WriteLedger:
    """The rows each table folder should hold, from the writes Spark reported (one per session)."""

    session: Any
    seen: int = -1  # the last execution id read
    expected: dict[str, int] = field(default_factory=dict)

    def _executions(self) -> Iterable[Write]:
        jvm = self.session.sparkContext._jvm
        self.session.sparkContext._jsc.sc().listenerBus().waitUntilEmpty()  # the status store is fed async
        store = self.session._jsparkSession.sharedState().statusStore()
        convert = jvm.scala.collection.JavaConverters
        for execution in convert.seqAsJavaListConverter(store.executionsList()).asJava():
            execution_id = execution.executionId()
            if execution_id <= self.seen:
                continue
            plan = execution.physicalPlanDescription() or ""
            if WRITE_NODE not in plan:
                continue
            # the write node's own metrics (every node of the plan has a "number of output rows")
            values = convert.mapAsJavaMapConverter(store.executionMetrics(execution_id)).asJava()
            metrics: dict[str, str] = {}
            for node in convert.seqAsJavaListConverter(store.planGraph(execution_id).allNodes()).asJava():
                if node.name().startswith(WRITE_NODE.strip()):
                    for metric in convert.seqAsJavaListConverter(node.metrics()).asJava():
                        metrics[metric.name()] = str(values.get(metric.accumulatorId()))
            write = parse_write(execution_id, plan, metrics)
            if write is not None:
                yield write

    def collect(self) -> list[str]:
        """Read the writes since the last call; returns the locations they touched."""
        touched = []
        for write in sorted(self._executions(), key=lambda w: w.execution_id):
            base = 0 if write.mode == "Overwrite" else self.expected.get(write.location, 0)
            self.expected[write.location] = base + write.rows
            touched.append(write.location)
            self.seen = max(self.seen, write.execution_id)
        return sorted(set(touched))

    def rows_now(self, location: str) -> int | None:
        """Rows the driver reads at ``location`` now; None for a table dropped since (scratch)."""
        name = table_of(location)
        if name is not None:
            return int(self.session.table(name).count()) if self.session.catalog.tableExists(name) else None
        return int(self.session.read.parquet(location).count())

    def check(self, step: str, models: dict[str, str] | None = None) -> dict[str, int]:
        """Every table written since the last check holds its rows; raises naming the tables that do
        not. ``models``: relation -> model name, for the message."""
        checked, short = {}, []
        for location in self.collect():
            relation = table_of(location) or location
            label = f"model {models[relation]} ({relation})" if models and relation in models else relation
            expected = self.expected[location]
            try:
                found = self.rows_now(location)
            except Exception as exc:  # a node cannot read a file the driver lists (Py4JJavaError)
                log.warning("%s: reading %s back failed", step, relation, exc_info=True)
                short.append(f"{label}: {expected} rows written, but not every node reads its files ({_first(exc)})")
                continue
            if found is None:
                continue
            checked[relation] = found
            if found != expected:
                short.append(f"{label}: {found} of {expected} rows written")
        if short:
            raise BuildError(
                f"{step}: tables whose writes did not all commit where the driver reads them: "
                f"{'; '.join(short)}. Fix: put the Spark warehouse on storage every node shares "
                "(CPI_SPARK_SHARED, docs/scale-out.md), then rebuild."
            )
        log.info("%s: %d written tables hold every row their tasks wrote", step, len(checked))
        return checked


def _first(exc: BaseException) -> str:
    """The line of a (Java) error that says what went wrong (a missing file first), shortened."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for marker in ("does not exist", "FileNotFound"):
        found = next((line for line in lines if marker in line), None)
        if found:
            return found[:200]
    return (lines[0] if lines else type(exc).__name__)[:200]
