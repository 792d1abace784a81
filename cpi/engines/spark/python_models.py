"""Run a dbt Python model on Spark without Databricks.

A project Python model is ``model(dbt, session) -> pandas.DataFrame``. On DuckDB its refs are
DuckDB relations (survey_stats.duckdb_inputs streams them as arrays); here it gets a small
stand-in for dbt's object whose refs are read through the Spark session into pandas frames:
``dbt.ref(name).df()``, optionally after ``.filter(condition)`` (a SQL condition Spark
evaluates). A model file that reads its refs through the DuckDB relation API also defines
``model_from_frames(dbt)``, the same model on frames (the frame entry points of
survey_stats, which build the same arrays); the worker calls that one when it exists, else
``model(dbt, session)``. Config comes from the manifest (already rendered by dbt), and the
returned frame is written back as a Parquet table under the model's own relation name, so the
SQL downstream reads it as if dbt had built it.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cpi.errors import BuildError, CpiError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import SparkSession

log = logging.getLogger(__name__)


def relation(node: Mapping[str, Any]) -> str:
    """``schema.alias`` of a manifest node (Spark: database = schema)."""
    return f"{node['schema']}.{node.get('alias') or node['name']}"


FRAME_ENTRY = "model_from_frames"
GROUP_ENTRY = "model_by_group"  # cpi.engines.spark.by_group: on the executors, group by group


class Frame:
    """What ``dbt.ref()`` returns: ``.df()`` gives the relation as a pandas frame; ``.filter(sql)``
    keeps the rows matching a SQL condition (evaluated by Spark, before anything is collected)."""

    def __init__(self, session: SparkSession, name: str, conditions: tuple[str, ...] = ()):
        self._session, self.name, self._conditions = session, name, conditions

    def filter(self, condition: str) -> Frame:
        return Frame(self._session, self.name, (*self._conditions, condition))

    def spark(self):
        """The relation as a Spark DataFrame (filters applied), nothing collected."""
        data = self._session.table(self.name)
        for condition in self._conditions:
            data = data.filter(condition)
        return data

    def df(self) -> pd.DataFrame:
        return self.spark().toPandas()

    to_pandas = df


class Config:
    """``dbt.config(...)`` (ignored: dbt already read it) and ``dbt.config.get(key, default)``."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = dict(values)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        return None

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)


@dataclass(frozen=True)
class This:
    database: str | None
    schema: str
    identifier: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.identifier}"


class StandInDbt:
    """The subset of dbt's Python-model object the project's models use."""

    def __init__(self, session: SparkSession, manifest: Mapping[str, Any], uid: str):
        self._session, self._manifest = session, manifest
        self._node = manifest["nodes"][uid]
        self.config = Config(self._node.get("config") or {})
        self.this = This(None, self._node["schema"], self._node.get("alias") or self._node["name"])
        self.is_incremental = False

    def _parent(self, name: str, version: Any, kind: str) -> Mapping[str, Any]:
        found = []
        for uid in (self._node.get("depends_on") or {}).get("nodes") or []:
            parent = self._manifest["nodes"].get(uid) or self._manifest["sources"].get(uid) or {}
            label = parent.get("name") if kind != "source" else f"{parent.get('source_name')}.{parent.get('name')}"
            if label == name and (version is None or str(parent.get("version")) == str(version)):
                found.append(parent)
        if len(found) > 1:  # an unpinned ref of a versioned model means its latest version
            found = [p for p in found if str(p.get("version")) == str(p.get("latest_version"))] or found
        if found:
            return found[0]
        raise BuildError(
            f"{self._node['original_file_path']}: {kind} '{name}' is not among the model's parents in "
            "the manifest. Fix: reference it with dbt.ref()/dbt.source() literally so dbt records it."
        )

    def ref(self, *names: str, v: Any = None, version: Any = None) -> Frame:
        parent = self._parent(names[-1], v if v is not None else version, "ref")
        return Frame(self._session, relation(parent))

    def source(self, source_name: str, table_name: str) -> Frame:
        parent = self._parent(f"{source_name}.{table_name}", None, "source")
        return Frame(self._session, f"{parent['schema']}.{parent.get('identifier') or parent['name']}")


def load_module(project_dir: Path, node: Mapping[str, Any]) -> ModuleType:
    path = Path(project_dir) / node["original_file_path"]
    if not path.is_file():
        raise BuildError(f"{path}: Python model file not found (manifest out of date?). Fix: rerun the build.")
    name = f"cpi_python_model_{node['name']}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise BuildError(f"{path}: cannot be imported as a Python module. Fix: check the file.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    if not callable(getattr(module, "model", None)):
        raise BuildError(f"{path}: no function model(dbt, session). Fix: define it (dbt Python model).")
    return module


def spark_schema(frame: pd.DataFrame) -> str:
    """DDL schema for a pandas frame: the types dbt-duckdb would give it (int64 -> bigint, ...).

    Columns pandas cannot type (all null, or empty frame of objects) become strings.
    """
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_type

    arrow = pa.Schema.from_pandas(frame, preserve_index=False)
    columns = []
    for item in arrow:
        kind = pa.string() if pa.types.is_null(item.type) else item.type
        columns.append(f"`{item.name}` {from_arrow_type(kind).simpleString()}")
    return ", ".join(columns)


def arrow_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with pandas 3's Arrow-backed string columns (and any ``pd.ArrowDtype`` column) as
    plain objects: pyspark 3.5 converts columns with ``pa.Array.from_pandas``, which refuses their
    chunked arrays (``Cannot convert pyarrow.lib.ChunkedArray to pyarrow.lib.Array``) and would
    fall back from Arrow to pickling every row."""
    import pandas as pd

    arrow_backed = [c for c, t in frame.dtypes.items() if isinstance(t, pd.StringDtype | pd.ArrowDtype)]
    if not arrow_backed:
        return frame
    frame = frame.copy()
    for column in arrow_backed:
        values = frame[column]
        frame[column] = values.astype(object).where(values.notna(), None)
    return frame


def write_table(session: SparkSession, frame: pd.DataFrame, name: str) -> None:
    schema, _, _ = name.partition(".")
    session.sql(f"create database if not exists {schema}")
    session.sql(f"drop table if exists {name}")
    data = session.createDataFrame(arrow_safe(frame), schema=spark_schema(frame)) if len(frame.columns) else None
    if data is None:
        raise BuildError(f"Python model {name} returned a frame without columns. Fix: return its columns.")
    data.write.format("parquet").mode("overwrite").saveAsTable(name)


def run_python_model(
    session: SparkSession, manifest: Mapping[str, Any], uid: str, project_dir: Path, on_executors: bool = True
) -> dict[str, Any]:
    """Run one Python model; returns ``{unique_id, relation, rows, seconds, entry}``.

    ``on_executors``: a model with ``model_by_group`` runs group by group on the executors
    (``CPI_SPARK_PYTHON_MODELS=executors``, the default); else every model runs on the driver."""
    import pandas as pd

    started = time.monotonic()
    node = manifest["nodes"][uid]
    module = load_module(project_dir, node)
    dbt = StandInDbt(session, manifest, uid)
    name = relation(node)
    by_group = getattr(module, GROUP_ENTRY, None)
    if callable(by_group) and on_executors:
        return _run_on_executors(session, module, dbt, node, uid, started)
    on_frames = getattr(module, FRAME_ENTRY, None)
    try:
        result = on_frames(dbt) if callable(on_frames) else module.model(dbt, session)
    except CpiError:
        raise
    except Exception as exc:  # the model's own code: name it, keep the traceback in the log
        log.exception("python model %s failed", uid)
        raise BuildError(
            f"{node['original_file_path']}: model() raised {type(exc).__name__}: {exc}. Fix: run the "
            "same model on DuckDB (`cpi build`) to see whether the failure is Spark-specific."
        ) from exc
    if not isinstance(result, pd.DataFrame):
        raise BuildError(
            f"{node['original_file_path']}: model() returned {type(result).__name__}, not a pandas "
            "DataFrame. Fix: return a pandas frame (docs/design/round2.md §5)."
        )
    write_table(session, result, name)
    seconds = time.monotonic() - started
    log.info("python model %s: %d rows in %.1fs", name, len(result), seconds)
    entry = FRAME_ENTRY if callable(on_frames) else "model"
    return {"unique_id": uid, "relation": name, "rows": len(result), "seconds": round(seconds, 3), "entry": entry}


def _run_on_executors(
    session: SparkSession, module: ModuleType, dbt: StandInDbt, node: Mapping[str, Any], uid: str, started: float
) -> dict[str, Any]:
    """A model with ``model_by_group``: computed on the executors (cpi.engines.spark.by_group)."""
    from cpi.engines.spark.by_group import run_by_group

    name = relation(node)
    try:
        rows = run_by_group(session, module, getattr(module, GROUP_ENTRY)(dbt), name)
    except CpiError:
        raise
    except Exception as exc:  # the model's own code, on an executor: name it, keep the trace in the log
        log.exception("python model %s failed", uid)
        detail = str(exc).strip().splitlines()
        raise BuildError(
            f"{node['original_file_path']}: model_by_group failed on Spark ({type(exc).__name__}: "
            f"{detail[-1] if detail else ''}). Fix: run the same model on DuckDB (`cpi build`) to see whether "
            "the failure is Spark-specific; the build log has the executor's trace."
        ) from exc
    seconds = time.monotonic() - started
    log.info("python model %s: %d rows in %.1fs on the executors", name, rows, seconds)
    return {"unique_id": uid, "relation": name, "rows": rows, "seconds": round(seconds, 3), "entry": GROUP_ENTRY}
