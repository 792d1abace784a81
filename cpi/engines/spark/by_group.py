"""A Python model computed on the executors, one group (a wave, a year) at a time.

A model file may define ``model_by_group(dbt)``: the same table as its ``model`` /
``model_from_frames``, described as a function of one group's pandas frames::

    def model_by_group(dbt):
        return {"key": "wave_id",                                  # the grouping column
                "inputs": {"answers": dbt.ref("...").filter("..."),  # respondent-level, split by key
                           "groups": dbt.ref("...")},
                "reference": {"factors": dbt.ref("ref_factors")},  # small tables, given whole
                "function": of_one_wave,                            # (answers=, groups=, factors=, **kwargs)
                "kwargs": {"replicates": 200, "seed": 1}}

It is run by Spark without collecting any input to the driver:

1. each input is grouped by the key (``groupBy(key).applyInPandas``) and every group's frame
   is packed into one row (the frame pyspark made, pickled);
2. the packed inputs of a key meet in one ``applyInPandas`` call on an executor, which calls the
   function with the reference frames (collected once: seeds, small) and the kwargs; the result
   is packed as rows of at most ``PART_ROWS`` rows, with its column types;
3. the parts are written to a scratch table; the driver reads only the column types of the
   parts (one small row each), unifies them, and a ``mapInPandas`` unpacks the parts into the
   model's table.

The function must give, for one group, exactly that group's rows of the whole-table function
(survey_stats computes wave by wave with a seed per wave, so it does). The model module is
shipped to the executors by value; survey_stats must be importable by the executors' Python.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cpi.errors import BuildError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

log = logging.getLogger(__name__)
PART_ROWS = 200_000
PACKED = "key string, input string, data binary"
PARTS = "key string, part int, data binary, columns string"
SHUFFLE_PARTITIONS, COALESCE = "spark.sql.shuffle.partitions", "spark.sql.adaptive.coalescePartitions.enabled"
NUMERIC = ("tinyint", "smallint", "int", "bigint", "float", "double")


def _pack(label: str, key: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def pack(frame: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        value = frame[key].iloc[0] if len(frame) else None
        return pd.DataFrame(
            {
                "key": [None if value is None else str(value)],
                "input": [label],
                "data": [pickle.dumps(frame.reset_index(drop=True), protocol=5)],
            }
        )

    return pack


def column_types(frame: pd.DataFrame) -> str:
    """``name type null|typed`` per column (Spark simple types; an all-null column says null)."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_type

    lines = []
    for item in pa.Schema.from_pandas(frame, preserve_index=False):
        kind = pa.string() if pa.types.is_null(item.type) else item.type
        lines.append(
            f"{item.name}\t{from_arrow_type(kind).simpleString()}\t{'null' if pa.types.is_null(item.type) else 'typed'}"
        )
    return "\n".join(lines)


def _run(
    function: Callable[..., Any],
    kwargs: Mapping[str, Any],
    reference: Mapping[str, pd.DataFrame],
    empty: Mapping[str, pd.DataFrame],
) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def run(packed: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        from cpi.engines.spark.python_models import arrow_safe

        frames = dict(empty)
        for label, data in zip(packed["input"], packed["data"], strict=True):
            frames[label] = pickle.loads(data)
        result = function(**frames, **reference, **kwargs)
        if not isinstance(result, pd.DataFrame):
            raise TypeError(f"the group function returned {type(result).__name__}, not a pandas DataFrame")
        result = arrow_safe(result.reset_index(drop=True))
        types = column_types(result)
        key = packed["key"].iloc[0]
        parts = [result.iloc[i : i + PART_ROWS] for i in range(0, max(len(result), 1), PART_ROWS)]
        return pd.DataFrame(
            {
                "key": [key] * len(parts),
                "part": list(range(len(parts))),
                "data": [pickle.dumps(p, protocol=5) for p in parts],
                "columns": [types] * len(parts),
            }
        )

    return run


def unify(described: list[str], model: str) -> list[tuple[str, str]]:
    """One Spark type per column from the parts' ``column_types``: a typed column wins over an
    all-null one; integers and doubles widen to double; any other disagreement is an error."""
    order: list[str] = []
    chosen: dict[str, tuple[str, bool]] = {}
    for text in described:
        for line in text.splitlines():
            name, kind, state = line.split("\t")
            typed = state == "typed"
            if name not in chosen:
                order.append(name)
                chosen[name] = (kind, typed)
                continue
            old, old_typed = chosen[name]
            if not typed or (kind == old):
                continue
            if not old_typed:
                chosen[name] = (kind, True)
            elif kind in NUMERIC and old in NUMERIC:
                chosen[name] = ("double", True)
            else:
                raise BuildError(
                    f"Python model {model}: column {name} is {old} in one group and {kind} in another. Fix: "
                    "give the column one type in the group function (cast it)."
                )
    return [(name, chosen[name][0]) for name in order]


def _unpack(columns: list[str]) -> Callable:
    def unpack(batches):
        from cpi.engines.spark.python_models import arrow_safe

        for batch in batches:
            for data in batch["data"]:
                frame = pickle.loads(data)
                if len(frame):
                    yield arrow_safe(frame)[columns]

    return unpack


@contextmanager
def spread_groups(session: SparkSession) -> Iterator[None]:
    """Groups spread over every executor core while the groups are computed: the build's
    ``spark.sql.shuffle.partitions`` (1 by default: small SQL shuffles) would put every group in
    one task, and adaptive execution would coalesce small partitions back into one. Restored after
    (the Python step runs alone, between dbt rounds)."""
    conf = session.conf
    saved = {key: conf.get(key, None) for key in (SHUFFLE_PARTITIONS, COALESCE)}
    cores = max(int(session.sparkContext.defaultParallelism), int(saved[SHUFFLE_PARTITIONS] or 1))
    conf.set(SHUFFLE_PARTITIONS, str(cores))
    conf.set(COALESCE, "false")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                conf.unset(key)
            else:
                conf.set(key, value)


def _spark_frame(frame: Any) -> DataFrame:
    return frame.spark() if hasattr(frame, "spark") else frame


def run_by_group(session: SparkSession, module: ModuleType, spec: Mapping[str, Any], name: str) -> int:
    """Build table ``name`` from ``spec`` (what ``model_by_group`` returned); returns its rows."""
    from pyspark import cloudpickle

    from cpi.engines.spark.python_models import arrow_safe

    key, inputs = str(spec.get("key") or "wave_id"), dict(spec.get("inputs") or {})
    function, kwargs = spec.get("function"), dict(spec.get("kwargs") or {})
    if not inputs or not callable(function):
        raise BuildError(f"{module.__file__}: model_by_group must return 'inputs' (frames) and a 'function'. "
                         "Fix: see cpi/engines/spark/by_group.py.")  # fmt: skip
    cloudpickle.register_pickle_by_value(module)  # the model's own helpers travel with the function
    reference = {label: arrow_safe(frame.df()) for label, frame in (spec.get("reference") or {}).items()}
    packed, empty = None, {}
    for label, frame in inputs.items():
        data = _spark_frame(frame)
        if key not in data.columns:
            raise BuildError(f"{module.__file__}: input {label} of model_by_group has no column {key}. Fix: "
                             "select it, or group by a column every input has.")  # fmt: skip
        empty[label] = data.limit(0).toPandas()
        part = data.groupBy(key).applyInPandas(_pack(label, key), PACKED)
        packed = part if packed is None else packed.unionByName(part)
    assert packed is not None
    parts = packed.groupBy("key").applyInPandas(_run(function, kwargs, reference, empty), PARTS)
    schema_name, _, table = name.partition(".")
    scratch = f"{schema_name}.`{table}__cpi_parts`"
    session.sql(f"create database if not exists {schema_name}")
    session.sql(f"drop table if exists {scratch}")
    with spread_groups(session):
        parts.write.format("parquet").mode("overwrite").saveAsTable(scratch)
    described = [row["columns"] for row in session.table(scratch).select("columns").distinct().collect()]
    if not described:
        raise BuildError(f"Python model {name}: no group to compute (no rows in its inputs). Fix: check "
                         "its inputs, or run it on DuckDB to compare.")  # fmt: skip
    columns = unify(described, name)
    ddl = ", ".join(f"`{c}` {t}" for c, t in columns)
    rows = session.table(scratch).select("data").mapInPandas(_unpack([c for c, _ in columns]), ddl)
    session.sql(f"drop table if exists {name}")
    rows.write.format("parquet").mode("overwrite").saveAsTable(name)
    session.sql(f"drop table if exists {scratch}")
    return int(session.table(name).count())
