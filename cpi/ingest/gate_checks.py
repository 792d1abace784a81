"""The gate's data checks: Great Expectations expectations derived from a codebook.

Each check names what it expects, the problem and the fix; ``cpi.ingest.gate_gx`` runs them. The
suite is kept small: one column-set expectation covers every declared and undeclared variable,
one value-set (or range) expectation per loaded variable.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cpi.ingest.codebook_model import MIN_AGE, Codebook, Variable
from cpi.ingest.gate_gx import Outcome, evaluate
from cpi.ingest.gate_report import CheckResult
from cpi.ingest.readers import RawData

NUMBER_RX = r"^\s*[-+]?\d+(?:\.\d+)?\s*$"
FLOAT_MAX = sys.float_info.max  # a bound of +-FLOAT_MAX lets every finite number through, not inf


Offending = list[tuple[object, int]]


@dataclass
class _Spec:
    check_name: str
    variable: str | None
    expectation: Any
    detail: str
    fix: str | Callable[[Offending], str]  # a function when the fix depends on the values found

    def fix_for(self, offending: Offending) -> str:
        return self.fix(offending) if callable(self.fix) else self.fix


def _fmt(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def as_number_column(name: str) -> str:
    """The check frame's column holding a numeric variable stored as text, read as numbers."""
    return f"{name} (as number)"


def _range_spec(var: Variable, cb_name: str, column: str) -> _Spec:
    """Plausibility bounds of a numeric variable (the codebook's min/max, age 18-110 by default)."""
    import great_expectations.expectations as gxe

    lo, hi = var.bounds()
    expectation = gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=-FLOAT_MAX if lo is None else lo, max_value=FLOAT_MAX if hi is None else hi
    )
    if lo is None and hi is None:
        detail = "values that are not finite numbers"
    else:
        where = (
            f"{_fmt(lo)}-{_fmt(hi)}"
            if lo is not None and hi is not None
            else (f"at least {_fmt(lo)}" if lo is not None else f"at most {_fmt(hi)}")
        )
        source = (
            f"from min/max of '{var.name}' in {cb_name}" if var.min is not None or var.max is not None else "by default"
        )
        detail = f"values outside the plausible range ({where}, {source})"
    return _Spec("value_in_range", var.name, expectation, detail, lambda found: _range_fix(var, cb_name, found))


def _range_fix(var: Variable, cb_name: str, found: Offending) -> str:
    """What to do about the values found: minors, too small, too large (or a missing-value code), infinite."""
    lo, hi = var.bounds()
    values = [float(v) for v, _ in found if isinstance(v, (int, float))]
    is_age = var.role == "demographic" and var.code == "age"
    fixes = []
    if is_age and any(v < MIN_AGE for v in values):
        fixes.append(
            f"remove the interviews with respondents under {MIN_AGE} from the source file (the survey covers adults only)"
        )
    if lo is not None and any((MIN_AGE if is_age else -math.inf) <= v < lo for v in values):
        fixes.append(
            f"correct the values below {_fmt(lo)} in the source file, or lower min: for '{var.name}' in {cb_name} "
            "if they are real"
        )
    if hi is not None and any(hi < v < math.inf for v in values):
        fixes.append(
            f"correct the values above {_fmt(hi)} in the source file (a code for 'no answer' such as 999 must be "
            f"declared a missing value in the .sav, or left empty in a CSV), or raise max: for '{var.name}' in "
            f"{cb_name} if they are real"
        )
    if any(math.isinf(v) for v in values):
        fixes.append("replace the infinite values by real ones or empty cells in the source file")
    return "; ".join(fixes) or "correct the values in the source file"


def _numeric_specs(var: Variable, raw: RawData, cb_name: str) -> list[_Spec]:
    import great_expectations.expectations as gxe

    specs = []
    column = var.name
    if not pd.api.types.is_numeric_dtype(raw.frame[var.name]):  # e.g. a CSV column with text
        if var.role == "weight":
            what, fix = (
                "a weight",
                "replace the text by each respondent's weight (a positive number) in the source file",
            )
        else:
            what = "a variable declared numeric: true"
            fix = "replace the text by numbers in the source file, and leave the cell empty where there is no answer"
        specs.append(
            _Spec(
                "numeric_values",
                var.name,
                gxe.ExpectColumnValuesToMatchRegex(column=var.name, regex=NUMBER_RX),
                f"text in {what} that is not a number",
                fix,
            )
        )
        # The codebook says numeric, whatever the file stores: the text that is a number ('7',
        # '150') is checked as the number the loader makes of it.
        column = as_number_column(var.name)
    if var.role == "weight":
        specs += [
            _Spec(
                "weight_not_null",
                var.name,
                gxe.ExpectColumnValuesToNotBeNull(column=var.name),  # blank, not text
                "respondents without a weight",
                "give every respondent a weight (or use role: ignore for this variable)",
            ),
            _Spec(
                "weight_positive_finite",
                var.name,
                gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, strict_min=True, max_value=FLOAT_MAX),
                "weights that are zero, negative or infinite",
                "correct the weights in the source file (every weight must be a positive number)",
            ),
        ]
        if var.min is None and var.max is None:
            return specs
    return [*specs, _range_spec(var, cb_name, column)]


def _age_specs(cb: Codebook) -> list[_Spec]:
    cb_name = cb.path.name
    age = cb.demographic("age")
    if age is None:
        return [
            _Spec(
                "age_declared",
                None,
                None,
                "no demographic variable with code age: cannot verify respondents are 18+",
                f"declare the age variable in {cb_name} (role demographic, code age, numeric: true)",
            )
        ]
    if not age.numeric:
        return [
            _Spec(
                "age_declared",
                age.name,
                None,
                "age is coded in groups: cannot verify respondents are 18+",
                f"keep age in years in the data file and set numeric: true for '{age.name}' in {cb_name}",
            )
        ]
    return []


def _specs(cb: Codebook, raw: RawData) -> list[_Spec]:
    import great_expectations.expectations as gxe

    present = set(raw.columns)
    cb_name = cb.path.name
    as_numbers = [
        as_number_column(v.name)
        for v in cb.loaded_variables
        if v.numeric and v.name in present and not pd.api.types.is_numeric_dtype(raw.frame[v.name])
    ]
    specs = [
        _Spec(
            "file_not_empty",
            None,
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            "the data file has no rows",
            "replace it with the complete export",
        ),
        _Spec(
            "no_undeclared_variables",
            None,
            gxe.ExpectTableColumnsToMatchSet(column_set=cb.declared_columns() + as_numbers, exact_match=True),
            "variables in the file that the codebook does not list (could be identifiers)",
            f"list each one in {cb_name} (role identifier with action drop/hash, or role ignore)",
        ),
    ]
    rid = cb.wave.respondent_id
    if rid in present:
        specs.append(
            _Spec(
                "respondent_id_not_null",
                rid,
                gxe.ExpectColumnValuesToNotBeNull(column=rid),
                "rows without a respondent id",
                "give every row an id (or remove empty rows)",
            )
        )
        specs.append(
            _Spec(
                "respondent_id_unique",
                rid,
                gxe.ExpectColumnValuesToBeUnique(column=rid),
                "respondent ids used by more than one row",
                "remove duplicate interviews or renumber them in the source file",
            )
        )
    for var in cb.loaded_variables:
        if var.name not in present:
            continue
        if var.numeric:
            specs.extend(_numeric_specs(var, raw, cb_name))
            continue
        specs.append(
            _Spec(
                "value_in_set",
                var.name,
                gxe.ExpectColumnValuesToBeInSet(column=var.name, value_set=sorted(var.value_map())),
                "codes not in the codebook's value set",
                f"add the codes to '{var.name}' (values/valence) in {cb_name}, or correct the data",
            )
        )
    return specs + _age_specs(cb)


def _codes_as_loaded(column: pd.Series) -> pd.Series:
    """A coded column stored as text (a CSV with a stray word): numbers become codes, as the loader
    reads them, so only the text that is no code is reported; blank cells are empty."""
    text = column.astype("string").str.strip()
    number = pd.to_numeric(text, errors="coerce")
    codes = pd.Series(
        np.where(number.notna(), number.astype(object), text.astype(object)), index=column.index, dtype=object
    )
    return codes.where(text.notna() & (text != ""), None)


def _check_frame(cb: Codebook, raw: RawData) -> pd.DataFrame:
    """The frame GX sees: blank ids become null, user-missing codes of numeric variables are not values,
    codes stored as text are numbers.

    A shallow copy: only the columns that change are new arrays (a deep copy of a 1.6 M-row wave
    costs seconds and a second copy of the data in memory).
    """
    frame = raw.frame.copy(deep=False)
    rid = cb.wave.respondent_id
    if rid in frame.columns and not pd.api.types.is_numeric_dtype(frame[rid]):
        frame[rid] = frame[rid].where(frame[rid].astype("string").str.strip() != "")
    for var in cb.loaded_variables:
        if var.name not in frame.columns:
            continue
        is_number = pd.api.types.is_numeric_dtype(frame[var.name])
        if var.numeric and not is_number:
            text = frame[var.name].astype("string").str.strip()
            frame[var.name] = frame[var.name].where(text.fillna("") != "")  # a blank cell is no answer, not text
            frame[as_number_column(var.name)] = pd.to_numeric(text.where(text != ""), errors="coerce")
        elif var.numeric and is_number and raw.user_missing.get(var.name):
            frame[var.name] = frame[var.name].mask(raw.user_missing_mask(var.name))
        elif not var.numeric and not is_number:
            frame[var.name] = _codes_as_loaded(frame[var.name])
    return frame


def _column_checks(cb: Codebook, spec: _Spec, outcome: Outcome, data_file: str, n_rows: int) -> list[CheckResult]:
    """no_undeclared_variables and one variable_present per declared column, from one GX result."""
    mismatched = (outcome.details.get("details") or {}).get("mismatched") or {}
    undeclared, missing = mismatched.get("unexpected") or [], set(mismatched.get("missing") or [])
    checks = [
        CheckResult(
            spec.check_name,
            not undeclared,
            data_file,
            None,
            spec.detail if undeclared else "",
            spec.fix_for([]) if undeclared else "",
            [(name, n_rows) for name in undeclared],
            "variable",
        )
    ]
    for name in cb.declared_columns():
        ok = name not in missing
        checks.append(
            CheckResult(
                "variable_present",
                ok,
                data_file,
                name,
                "" if ok else "declared in the codebook but not in the data file",
                "" if ok else f"correct the variable name in {cb.path.name} or use the matching data file",
            )
        )
    return checks


def run_expectations(cb: Codebook, raw: RawData, data_file: str) -> list[CheckResult]:
    """Every check of the wave's data, as results with offending values, counts, first rows and fix."""
    specs = _specs(cb, raw)
    runnable = [s for s in specs if s.expectation is not None]
    outcomes = dict(
        zip(map(id, runnable), evaluate(_check_frame(cb, raw), [s.expectation for s in runnable]), strict=True)
    )
    checks: list[CheckResult] = []
    for spec in specs:
        if spec.expectation is None:  # a check that cannot even be set up
            checks.append(CheckResult(spec.check_name, False, data_file, spec.variable, spec.detail, spec.fix_for([])))
            continue
        outcome = outcomes[id(spec)]
        if spec.check_name == "no_undeclared_variables":
            checks.extend(_column_checks(cb, spec, outcome, data_file, len(raw.frame)))
        elif outcome.success:
            checks.append(CheckResult(spec.check_name, True, data_file, spec.variable))
        else:
            detail = f"check could not run: {outcome.error}" if outcome.error else spec.detail
            checks.append(
                CheckResult(
                    spec.check_name,
                    False,
                    data_file,
                    spec.variable,
                    detail,
                    spec.fix_for(outcome.offending),
                    outcome.offending,
                    "value",
                    outcome.rows,
                )
            )
    return checks
