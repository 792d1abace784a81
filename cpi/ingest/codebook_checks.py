"""Consistency rules for a parsed codebook (checked before the data file is read)."""

from __future__ import annotations

import csv
import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cpi import settings
from cpi.ingest.codebook_model import (
    FORMATS,
    IDENTIFIER_ACTIONS,
    IDENTIFIER_KINDS,
    LOADED_ROLES,
    MIN_AGE,
    ROLES,
    VALENCE_CLASSES,
    Codebook,
    Variable,
)
from cpi.project import REPO_ROOT

MULTI_RESPONSE_CODES = ("selected", "not_selected", "missing")


def repo_root() -> Path:
    """The repository root (``cpi.project.REPO_ROOT``)."""
    return REPO_ROOT


def seeds_dir() -> Path:
    """The seeds of the dbt project the build uses (settings: CPI_DBT_PROJECT_DIR, as the dbt
    runner): the gate and the marts know the same items, regions and wave kinds."""
    return settings.current().dbt_project_dir / "seeds"


@lru_cache(maxsize=8)
def _seed_column(path: Path, column: str) -> frozenset[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return frozenset(row[column].strip() for row in csv.DictReader(fh))


def known_wave_kinds(seeds: Path | None = None) -> frozenset[str]:
    """The kinds of seeds/ref_wave_kinds.csv (a new kind is a row there: docs/ingest.md)."""
    return _seed_column((seeds or seeds_dir()) / "ref_wave_kinds.csv", "survey_kind")


def known_item_codes(seeds: Path | None = None) -> frozenset[str]:
    return _seed_column((seeds or seeds_dir()) / "ref_items.csv", "item_code")


def known_region_codes(seeds: Path | None = None) -> frozenset[str]:
    return _seed_column((seeds or seeds_dir()) / "ref_regions.csv", "region_code")


@dataclass(frozen=True)
class CodebookIssue:
    """One broken consistency rule: where, what value, and how to fix it."""

    rule: str
    path: Path
    variable: str | None
    value: str | None
    problem: str
    fix: str

    def message(self) -> str:
        where = f"variable '{self.variable}'" if self.variable else "wave"
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{self.path}: {where}{value}: {self.problem}. Fix: {self.fix}."


def _fmt(code: float) -> str:
    return str(int(code)) if float(code).is_integer() else str(code)


def data_file_issues(cb: Codebook) -> list[CodebookIssue]:
    """The one rule that looks at the disk: ``wave.file`` exists next to the codebook."""
    if cb.data_path.is_file():
        return []
    return [
        CodebookIssue(
            "data_file_exists",
            cb.path,
            None,
            cb.wave.file,
            f"data file {cb.data_path} does not exist",
            "put the file next to the codebook or correct wave.file",
        )
    ]


def consistency_issues(cb: Codebook, seeds: Path | None = None) -> list[CodebookIssue]:
    """Every broken rule of docs/ingest.md ("Consistency rules") but the file's existence; empty = consistent.

    Pure: looks only at the codebook (and the package's seeds), never at the wave folder.
    """
    out: list[CodebookIssue] = []

    def add(rule: str, var: str | None, value: object, problem: str, fix: str) -> None:
        out.append(CodebookIssue(rule, cb.path, var, None if value is None else str(value), problem, fix))

    w = cb.wave
    if w.id != cb.folder.name:
        add(
            "wave_id_matches_folder",
            None,
            w.id,
            f"wave.id differs from the folder name '{cb.folder.name}'",
            f"set wave.id: {cb.folder.name} or rename the folder",
        )
    if w.format not in FORMATS:
        add(
            "format_valid",
            None,
            w.format,
            f"wave.format must be one of {', '.join(FORMATS)}",
            "write format: sav or csv",
        )
    kinds = sorted(known_wave_kinds(seeds))
    if w.kind not in kinds:
        add(
            "wave_kind_valid",
            None,
            w.kind,
            f"wave.kind must be one of {', '.join(kinds)} (seeds/ref_wave_kinds.csv)",
            f"write kind: {' or '.join(kinds)}, or add the kind to seeds/ref_wave_kinds.csv (docs/ingest.md)",
        )
    if w.format == "csv" and (len(w.delimiter) != 1 or w.delimiter.isalnum() or w.delimiter in "\"'\r\n"):
        add(
            "delimiter_valid",
            None,
            repr(w.delimiter),
            "wave.delimiter must be one character that separates the columns",
            "write delimiter: ',' (or ';', '|', or \"\\t\" in double quotes for a tab)",
        )

    names = Counter(v.name for v in cb.variables)
    for name, n in names.items():
        if n > 1:
            add("variable_listed_once", name, None, f"listed {n} times", "keep one entry per variable")

    rid = cb.variable(w.respondent_id)
    if rid is not None and rid.role == "identifier":
        add(
            "respondent_id_declared",
            rid.name,
            None,
            "the respondent id variable is declared an identifier (it would be dropped)",
            "use role: ignore for it, or point wave.respondent_id to a non-identifying serial number",
        )

    items = known_item_codes(seeds)
    regions = known_region_codes(seeds)
    seen: Counter[tuple[str, str | None, str | None]] = Counter()
    weights = 0
    for v in cb.variables:
        if v.role not in ROLES:
            close = difflib.get_close_matches(v.role, ROLES, n=1)
            add(
                "role_valid",
                v.name,
                v.role,
                f"unknown role; roles are {', '.join(ROLES)}",
                f"write role: {close[0]}" if close else "write one of these roles",
            )
            continue
        _bounds_rules(v, add)
        if v.role == "weight":
            weights += 1
            if weights == 2:
                add(
                    "weight_declared_once",
                    v.name,
                    None,
                    "a second variable with role weight (a wave has at most one)",
                    "keep role: weight on the wave's final weight and set the others to role: ignore",
                )
            if not v.numeric or v.values or v.valence:
                add(
                    "weight_numeric",
                    v.name,
                    None,
                    "a weight is a number: it takes no values/valence and no numeric: false",
                    "remove values:/valence:/numeric: false from the weight (or use role: ignore if it is not one)",
                )
            continue
        if v.role == "identifier":
            if v.kind not in IDENTIFIER_KINDS:
                add(
                    "identifier_kind_action",
                    v.name,
                    v.kind,
                    f"identifier kind must be one of {', '.join(IDENTIFIER_KINDS)}",
                    "add kind: phone|name|gps|interviewer|free_text",
                )
            if v.action not in IDENTIFIER_ACTIONS:
                add(
                    "identifier_kind_action",
                    v.name,
                    v.action,
                    "identifier action must be drop or hash",
                    "add action: drop (or hash to keep a salted hash)",
                )
            continue
        if v.role not in LOADED_ROLES:
            continue
        if not v.code:
            add(
                "code_present",
                v.name,
                None,
                f"role {v.role} needs a code",
                "add code: (see the code lists in docs/ingest.md)",
            )
            continue
        if v.role == "multi_response" and not v.subject:
            add("code_present", v.name, None, "multi_response needs a subject (the option code)", "add subject:")
        key = (v.role, v.code, v.subject if v.role in ("multi_response", "question") else None)
        seen[key] += 1
        if seen[key] == 2:
            what = f"{v.code}" + (f" / {v.subject}" if key[2] else "")
            add(
                f"{v.role}_mapped_once",
                v.name,
                what,
                f"{v.role} {what} is mapped by more than one variable",
                "map each code (and subject) to exactly one variable; set the others to role: ignore",
            )
        if v.role == "item":
            _item_rules(v, items, add)
        elif not v.numeric and not v.values:
            add(
                "values_non_empty",
                v.name,
                None,
                "no value set (values:) for a non-numeric variable",
                "list every source code under values:, or set numeric: true",
            )
        if v.role == "multi_response":
            for code, target in v.values.items():
                if target not in MULTI_RESPONSE_CODES:
                    add(
                        "multi_response_codes",
                        v.name,
                        _fmt(code),
                        f"maps to '{target}'",
                        f"map to one of {', '.join(MULTI_RESPONSE_CODES)}",
                    )
        if v.role == "demographic" and v.code == "region":
            for code, target in v.values.items():
                if target != "missing" and target not in regions:
                    add(
                        "region_code_known",
                        v.name,
                        _fmt(code),
                        f"maps to unknown region '{target}'",
                        "use a region_code of seeds/ref_regions.csv (or missing)",
                    )
    return out


def _bounds_rules(v: Variable, add: Callable[..., None]) -> None:
    if v.min is None and v.max is None:
        return
    if not (v.is_loaded and v.numeric):
        add(
            "bounds_valid",
            v.name,
            None,
            "min/max apply only to numeric variables (numeric: true, or a weight)",
            "remove min/max, or set numeric: true if the variable holds numbers",
        )
    lo, hi = v.bounds()
    if lo is not None and hi is not None and lo > hi:
        add(
            "bounds_valid",
            v.name,
            f"min {_fmt(lo)} > max {_fmt(hi)}",
            "min is above max",
            "swap or correct min and max",
        )
    if v.role == "demographic" and v.code == "age" and lo is not None and lo < MIN_AGE:
        add(
            "bounds_valid",
            v.name,
            f"min {_fmt(lo)}",
            f"age min below {MIN_AGE}: the survey covers adults only",
            f"write min: {MIN_AGE} or more (or leave min out: {MIN_AGE})",
        )


def _item_rules(v: Variable, items: frozenset[str], add: Callable[..., None]) -> None:
    if v.code not in items:
        add(
            "item_code_known",
            v.name,
            v.code,
            "item code not in seeds/ref_items.csv",
            "use an item_code from seeds/ref_items.csv, or role: question for a non-index item",
        )
    if not any(v.valence.values()):
        add(
            "values_non_empty",
            v.name,
            None,
            "item without valence classes",
            "add valence: {positive: [...], negative: [...], neutral: [...], missing: [...]}",
        )
    for cls in v.valence:
        if cls not in VALENCE_CLASSES:
            add(
                "valence_class_valid",
                v.name,
                cls,
                f"unknown valence class; classes are {', '.join(VALENCE_CLASSES)}",
                "rename the class",
            )
    counts = Counter(code for codes in v.valence.values() for code in codes)
    for code, n in counts.items():
        if n > 1:
            add(
                "valence_disjoint",
                v.name,
                _fmt(code),
                "source code is in more than one valence class",
                "keep each code in exactly one class",
            )
