"""The codebook as typed, immutable objects (no parsing, no checks: see codebook.py, codebook_checks.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

ROLES = ("item", "demographic", "question", "multi_response", "weight", "identifier", "ignore")
LOADED_ROLES = ("item", "demographic", "question", "multi_response", "weight")
VALENCE_CLASSES = ("positive", "negative", "neutral", "missing")
IDENTIFIER_KINDS = ("phone", "name", "gps", "interviewer", "free_text")
IDENTIFIER_ACTIONS = ("drop", "hash")
FORMATS = ("sav", "csv")
DEFAULT_DELIMITER = ","
MIN_AGE = 18  # the surveys cover adults: the gate rejects younger respondents, an age min may not go lower
# Plausibility bounds of a numeric demographic whose codebook entry gives no min/max.
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {"age": (float(MIN_AGE), 110.0)}


@dataclass(frozen=True)
class WaveInfo:
    id: str
    year: int
    fieldwork_start: dt.date | None
    fieldwork_end: dt.date | None
    kind: str
    file: str
    format: str
    encoding: str | None
    respondent_id: str
    synthetic: bool = False
    sample_note: str = ""
    delimiter: str = DEFAULT_DELIMITER  # CSV only
    pooling: str = "separate"  # annual waves: 'pooled' lets waves of one year combine (docs/ingest.md)


@dataclass(frozen=True)
class Variable:
    name: str
    role: str
    code: str | None = None
    subject: str | None = None
    label_en: str | None = None
    numeric: bool = False
    values: Mapping[float, str] = field(default_factory=dict)
    labels_en: Mapping[float, str] = field(default_factory=dict)
    valence: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    kind: str | None = None
    action: str | None = None
    min: float | None = None
    max: float | None = None

    def __post_init__(self) -> None:  # parsed codebooks are shared (parsed once): make the mappings read-only
        for name in ("values", "labels_en", "valence"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @property
    def is_loaded(self) -> bool:
        return self.role in LOADED_ROLES

    def bounds(self) -> tuple[float | None, float | None]:
        """Plausible (min, max) of a numeric variable: the codebook's, else the default for its code."""
        default = DEFAULT_BOUNDS.get(self.code or "") if self.role == "demographic" else None
        lo, hi = default or (None, None)
        return (lo if self.min is None else self.min, hi if self.max is None else self.max)

    def value_map(self) -> dict[float, str]:
        """Source code -> canonical code (items: valence class)."""
        if self.role == "item":
            return {code: cls for cls, codes in self.valence.items() for code in codes}
        return dict(self.values)


@dataclass(frozen=True)
class Codebook:
    path: Path
    version: int
    wave: WaveInfo
    variables: tuple[Variable, ...]
    sha256: str

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def data_path(self) -> Path:
        return self.folder / self.wave.file

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)

    def by_role(self, *roles: str) -> list[Variable]:
        return [v for v in self.variables if v.role in roles]

    @property
    def loaded_variables(self) -> list[Variable]:
        return [v for v in self.variables if v.is_loaded]

    @property
    def identifiers(self) -> list[Variable]:
        return self.by_role("identifier")

    @property
    def weight(self) -> Variable | None:
        """The wave's own weight variable (role weight), if it has one."""
        return next(iter(self.by_role("weight")), None)

    def declared_columns(self) -> list[str]:
        """Every column the data file may (and must) contain."""
        names = [v.name for v in self.variables]
        if self.wave.respondent_id and self.wave.respondent_id not in names:
            names.insert(0, self.wave.respondent_id)
        return names

    def demographic(self, code: str) -> Variable | None:
        return next((v for v in self.by_role("demographic") if v.code == code), None)
