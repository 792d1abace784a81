"""Great Expectations (GX Core 1.x) expectations derived from a codebook.

GX is imported lazily (importing it takes ~10 s); one ephemeral context and one pandas batch
definition are built per process and reused for every wave.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from ingest.codebook_model import Codebook
from ingest.gate_report import CheckResult
from ingest.readers import RawData

log = logging.getLogger(__name__)

MIN_AGE = 18
NUMBER_RX = r"^\s*[-+]?\d+(?:\.\d+)?\s*$"


@dataclass
class _Spec:
    check_name: str
    variable: str | None
    expectation: Any
    detail: str
    fix: str


@lru_cache(maxsize=1)
def _batch_definition() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("cpi_gate").add_dataframe_asset("wave")
    return asset.add_batch_definition_whole_dataframe("whole_file")


def _specs(cb: Codebook, raw: RawData) -> list[_Spec]:
    import great_expectations.expectations as gxe

    present = set(raw.columns)
    declared = cb.declared_columns()
    cb_name = cb.path.name
    specs = [
        _Spec("file_not_empty", None, gxe.ExpectTableRowCountToBeBetween(min_value=1),
              "the data file has no rows", "replace it with the complete export"),
        _Spec("no_undeclared_variables", None, gxe.ExpectTableColumnsToMatchSet(column_set=declared, exact_match=True),
              "variables in the file that the codebook does not list (could be identifiers)",
              f"list each one in {cb_name} (role identifier with action drop/hash, or role ignore)"),
    ]
    for name in declared:
        specs.append(_Spec("variable_present", name, gxe.ExpectColumnToExist(column=name),
                           "declared in the codebook but not in the data file",
                           f"correct the variable name in {cb_name} or use the matching data file"))
    rid = cb.wave.respondent_id
    if rid in present:
        specs.append(_Spec("respondent_id_not_null", rid, gxe.ExpectColumnValuesToNotBeNull(column=rid),
                           "rows without a respondent id", "give every row an id (or remove empty rows)"))
        specs.append(_Spec("respondent_id_unique", rid, gxe.ExpectColumnValuesToBeUnique(column=rid),
                           "respondent ids used by more than one row",
                           "remove duplicate interviews or renumber them in the source file"))
    for var in cb.loaded_variables:
        if var.name not in present:
            continue
        if var.numeric:
            if not pd.api.types.is_numeric_dtype(raw.frame[var.name]):  # e.g. a CSV column with text
                specs.append(_Spec("numeric_values", var.name,
                                   gxe.ExpectColumnValuesToMatchRegex(column=var.name, regex=NUMBER_RX),
                                   "text in a variable declared numeric: true",
                                   f"replace the text by numbers or empty cells, or map codes with values: in {cb_name}"))
            continue
        value_set = sorted(var.value_map())
        specs.append(_Spec("value_in_set", var.name, gxe.ExpectColumnValuesToBeInSet(column=var.name, value_set=value_set),
                           "codes not in the codebook's value set",
                           f"add the codes to '{var.name}' (values/valence) in {cb_name}, or correct the data"))
    age = cb.demographic("age")
    if age is None:
        specs.append(_Spec("age_declared", None, None, "no demographic variable with code age: cannot verify respondents are 18+",
                           f"declare the age variable in {cb_name} (role demographic, code age, numeric: true)"))
    elif not age.numeric:
        specs.append(_Spec("age_declared", age.name, None, "age is coded in groups: cannot verify respondents are 18+",
                           f"keep age in years in the data file and set numeric: true for '{age.name}' in {cb_name}"))
    elif age.name in present and pd.api.types.is_numeric_dtype(raw.frame[age.name]):  # else numeric_values fails
        specs.append(_Spec("age_18_plus", age.name, gxe.ExpectColumnValuesToBeBetween(column=age.name, min_value=MIN_AGE),
                           f"respondents younger than {MIN_AGE}",
                           "remove the interviews with minors from the source file (the survey covers adults only)"))
    return specs


def _check_frame(cb: Codebook, raw: RawData) -> pd.DataFrame:
    """The frame GX sees: blank ids become null, user-missing ages are not ages."""
    frame = raw.frame.copy()
    rid = cb.wave.respondent_id
    if rid in frame.columns and not pd.api.types.is_numeric_dtype(frame[rid]):
        frame[rid] = frame[rid].where(frame[rid].astype("string").str.strip() != "")
    age = cb.demographic("age")
    if age is not None and age.name in frame.columns and pd.api.types.is_numeric_dtype(frame[age.name]):
        frame[age.name] = frame[age.name].mask(raw.user_missing_mask(age.name))
    return frame


def _offending(result: dict[str, Any]) -> tuple[list[tuple[object, int]], dict[object, list[int]]]:
    """(value, rows) sorted by frequency, and the first source row numbers (1-based) per value."""
    values = result.get("unexpected_list")
    if values is None:
        values = result.get("partial_unexpected_list") or []
    values = [v if not isinstance(v, list) else tuple(v) for v in values]
    counts = Counter(values)
    rows: dict[object, list[int]] = {}
    for value, index in zip(values, result.get("unexpected_index_list") or [], strict=False):
        if isinstance(index, int) and len(rows.setdefault(value, [])) < 5:
            rows[value].append(index + 1)
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))), rows


def _key(obj: Any) -> tuple[str, str | None]:
    """Results come back in GX's order: match them on (type, column), unique per suite."""
    config = obj.configuration if hasattr(obj, "configuration") else obj  # Expectation or its config
    return config.type, config.kwargs.get("column")


def _validate(batch: Any, expectations: list[Any], result_format: str) -> dict[tuple[str, str | None], Any]:
    import great_expectations as gx

    suite = gx.ExpectationSuite(name=f"cpi-gate-{uuid.uuid4().hex}")
    for expectation in expectations:
        suite.add_expectation(expectation)
    return {_key(r.expectation_config): r for r in batch.validate(suite, result_format=result_format).results}


def run_expectations(cb: Codebook, raw: RawData, data_file: str) -> list[CheckResult]:
    """All expectations in one suite; failures are re-run with full results for the report."""
    batch_definition = _batch_definition()  # creates the context the suites need
    specs = _specs(cb, raw)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": _check_frame(cb, raw)})
    runnable = [s.expectation for s in specs if s.expectation is not None]
    by_key = _validate(batch, runnable, "BOOLEAN_ONLY")  # ~4x faster than COMPLETE
    failed = [e for e in runnable if not by_key[_key(e)].success]
    if failed:
        by_key.update(_validate(batch, failed, "COMPLETE"))

    checks: list[CheckResult] = []
    for spec in specs:
        if spec.expectation is None:  # a check that cannot even be set up
            checks.append(CheckResult(spec.check_name, False, data_file, spec.variable, spec.detail, spec.fix))
            continue
        res = by_key[_key(spec.expectation)]
        success = bool(res.success)
        offending: list[tuple[object, int]] = []
        rows: dict[object, list[int]] = {}
        if spec.check_name == "no_undeclared_variables":
            undeclared = (res.result.get("details") or {}).get("mismatched", {}).get("unexpected") or []
            success = not undeclared  # missing ones are reported by variable_present
            offending = [(name, len(raw.frame)) for name in undeclared]
        elif spec.check_name == "file_not_empty":
            pass
        elif not success:
            offending, rows = _offending(res.result)
            if spec.check_name == "respondent_id_not_null":
                offending = [("<empty>", int(res.result.get("unexpected_count") or 0))]
                rows = {"<empty>": sorted(i for found in rows.values() for i in found)[:5]}
        if res.exception_info and res.exception_info.get("raised_exception"):
            success = False
            spec.detail = f"check could not run: {res.exception_info.get('exception_message')}"
        kind = "variable" if spec.check_name == "no_undeclared_variables" else "value"
        checks.append(CheckResult(spec.check_name, success, data_file, spec.variable,
                                  "" if success else spec.detail, "" if success else spec.fix, offending, kind, rows))
    return checks
