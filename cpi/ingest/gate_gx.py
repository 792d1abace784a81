"""Run Great Expectations (GX Core 1.x) on one wave's frame, fast at any size.

GX decides every check. Around it, three measures keep a 1.6 M-row wave cheap:

* The suite runs over small frames that share the wave's arrays (``_batch_frames``): GX's pandas
  engine drops a column's empty cells by filtering the *whole* batch frame, so a column with
  empty cells gets a frame of its own, the others share one, and the column-set expectation sees
  only the header.
* The whole suite first runs with ``BOOLEAN_ONLY``; only failed expectations run again.
* GX's fingerprint of each batch (a hash of every cell) is switched off (see ``_batch_definition``).
* GX's ``COMPLETE`` result lists at most 200 unexpected rows. So a failed value check runs again on
  the column's *distinct* values (GX names every unexpected one), and pandas counts the rows that
  hold them and finds the first ones. Uniqueness and emptiness are about rows, not values: they
  run again on the column, and GX's exact ``unexpected_count`` gives the total.

GX is imported lazily (6-20 s); one ephemeral context is reused for every wave of the process.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from cpi.ingest.gate_report import EMPTY

COMPLETE = {"result_format": "COMPLETE", "return_unexpected_index_query": False}
FIRST_ROWS = 5


@dataclass
class Outcome:
    """What GX said about one expectation, with the offending values counted over the whole column."""

    success: bool
    offending: list[tuple[object, int]] = field(default_factory=list)  # (value, rows), most frequent first
    rows: dict[object, list[int]] = field(default_factory=dict)  # value -> first source rows (1-based)
    details: dict[str, Any] = field(default_factory=dict)  # GX's result of a table-level expectation
    error: str | None = None  # the expectation could not run


@lru_cache(maxsize=1)
def _batch_definition() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # GX labels each pandas batch under 1 GB with an md5 over a hash of every cell, twice per
    # validation: half the gate's time on a large wave, for a label nobody reads (the warehouse
    # keeps the file's sha256). GX already skips it for larger frames; skip it for all.
    pandas_execution_engine.HASH_THRESHOLD = 0

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("cpi_gate").add_dataframe_asset("wave")
    return asset.add_batch_definition_whole_dataframe("whole_file")


def _column(expectation: Any) -> str | None:
    return getattr(expectation, "column", None)  # column expectations carry it; table ones do not


def _key(obj: Any) -> int:
    """Results come back in GX's order: match them on the number kept in the expectation's meta."""
    return int(obj.meta["cpi_number"])  # an Expectation, or the configuration GX returns with a result


def _validate(frame: pd.DataFrame, expectations: list[Any], result_format: str | dict[str, Any]) -> dict[int, Any]:
    import great_expectations as gx

    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    # the constructor takes the list as it is (add_expectation compares each new one with all before it)
    suite = gx.ExpectationSuite(name=f"cpi-gate-{uuid.uuid4().hex}", expectations=expectations)
    return {_key(r.expectation_config): r for r in batch.validate(suite, result_format=result_format).results}


def _sub_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Some of ``frame``'s columns, sharing their arrays (copy-on-write), same index."""
    return pd.DataFrame({c: frame[c] for c in columns}, index=frame.index, copy=False)


def _batch_frames(frame: pd.DataFrame, expectations: list[Any]) -> list[tuple[pd.DataFrame, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for expectation in expectations:
        column = _column(expectation)
        if column is None and hasattr(expectation, "column_set"):  # ExpectTableColumnsToMatchSet
            key = ":header"
        elif column is not None and frame[column].isna().any():
            key = column
        else:
            key = ":rows"
        groups.setdefault(key, []).append(expectation)
    out = []
    for key, members in groups.items():
        columns = list(dict.fromkeys(c for c in map(_column, members) if c is not None))
        out.append((frame.iloc[:0] if key == ":header" else _sub_frame(frame, columns), members))
    return out


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


def _tally(series: pd.Series, values: list[object]) -> tuple[list[tuple[object, int]], dict[object, list[int]]]:
    """Rows of ``series`` holding each of ``values``: counts (most frequent first) and the first rows."""
    positions = np.flatnonzero(series.isin(values).to_numpy())
    hits = pd.Series(series.to_numpy()[positions], index=positions + 1)  # 1-based source rows
    counts = [(_plain(v), int(n)) for v, n in hits.value_counts(sort=False).items()]
    rows: dict[object, list[int]] = {}
    for row, value in hits.groupby(hits, sort=False).head(FIRST_ROWS).items():
        rows.setdefault(_plain(value), []).append(int(row))
    return sorted(counts, key=lambda kv: (-kv[1], str(kv[0]))), rows


def _is_row_check(expectation: Any) -> bool:
    """Checks about rows (emptiness, repeats), not about each value on its own."""
    import great_expectations.expectations as gxe

    return isinstance(expectation, (gxe.ExpectColumnValuesToNotBeNull, gxe.ExpectColumnValuesToBeUnique))


def _explain(frame: pd.DataFrame, failed: list[Any], batches: dict[int, pd.DataFrame]) -> dict[int, Outcome]:
    """Second pass over failed expectations: what is wrong, how often, and where."""
    import great_expectations.expectations as gxe

    out: dict[int, Outcome] = {}
    by_column: dict[str | None, list[Any]] = {}
    for expectation in failed:
        by_column.setdefault(_column(expectation), []).append(expectation)
    for column, members in by_column.items():
        if column is None:  # table-level: the batch frame is small or the answer is one number
            for expectation in members:
                res = _validate(batches[_key(expectation)], [expectation], COMPLETE)[_key(expectation)]
                out[_key(expectation)] = Outcome(False, details=res.result)
            continue
        series = frame[column]
        rows_checks = [e for e in members if _is_row_check(e)]
        value_checks = [e for e in members if not _is_row_check(e)]
        if rows_checks:
            results = _validate(_sub_frame(frame, [column]), rows_checks, COMPLETE)
            for expectation in rows_checks:
                res = results[_key(expectation)].result
                if isinstance(expectation, gxe.ExpectColumnValuesToNotBeNull):
                    first = [int(i) + 1 for i in (res.get("unexpected_index_list") or [])[:FIRST_ROWS]]
                    out[_key(expectation)] = Outcome(
                        False, [(EMPTY, int(res.get("unexpected_count") or 0))], {EMPTY: first}
                    )
                else:
                    out[_key(expectation)] = Outcome(
                        False, *_tally(series, list(dict.fromkeys(res.get("unexpected_list") or [])))
                    )
        if value_checks:
            distinct = pd.DataFrame({column: pd.unique(series.dropna())})
            results = _validate(distinct, value_checks, COMPLETE)
            for expectation in value_checks:
                values = results[_key(expectation)].result.get("unexpected_list") or []
                out[_key(expectation)] = Outcome(False, *_tally(series, values))
    return out


def _error(info: dict[str, Any] | None) -> str | None:
    """The message of an exception GX caught while checking (its info is flat, or keyed by metric)."""
    infos = [info or {}, *((info or {}).values())]
    return next(
        (str(i.get("exception_message")) for i in infos if isinstance(i, dict) and i.get("raised_exception")), None
    )


def evaluate(frame: pd.DataFrame, expectations: list[Any]) -> list[Outcome]:
    """One ``Outcome`` per expectation, in order."""
    for number, expectation in enumerate(expectations):
        expectation.meta = {"cpi_number": number}
    results: dict[int, Any] = {}
    batches: dict[int, pd.DataFrame] = {}
    for sub, members in _batch_frames(frame, expectations):
        results.update(_validate(sub, members, "BOOLEAN_ONLY"))  # ~4x faster than COMPLETE
        batches.update({_key(e): sub for e in members})
    outcomes = {number: Outcome(bool(res.success)) for number, res in results.items()}
    failed = [e for e in expectations if not results[_key(e)].success]
    errors = {_key(e): message for e in failed if (message := _error(results[_key(e)].exception_info))}
    outcomes.update(_explain(frame, [e for e in failed if _key(e) not in errors], batches))
    for number, message in errors.items():
        outcomes[number] = Outcome(False, error=message)
    return [outcomes[number] for number in range(len(expectations))]
