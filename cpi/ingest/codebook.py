"""Parse a codebook (YAML) into the typed model of ``cpi.ingest.codebook_model``.

``read_codebook`` parses and checks the structure (raises ``CodebookError``);
``load_codebook`` additionally runs the consistency rules of ``cpi.ingest.codebook_checks`` and
raises if any fails. The gate uses ``read_codebook`` + ``consistency_issues`` so that
consistency problems appear in its report next to the data checks.

Each codebook is parsed once: the parsed (immutable) ``Codebook`` is kept per path and content
hash, so discovery, the gate and the loader share one parse (PyYAML's C loader when available).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from pathlib import Path
from typing import Any

import yaml

from cpi.errors import CodebookError
from cpi.ingest import yaml_strict
from cpi.ingest.codebook_checks import consistency_issues, data_file_issues
from cpi.ingest.codebook_model import (
    DEFAULT_DELIMITER,
    FORMATS,
    IDENTIFIER_ACTIONS,
    IDENTIFIER_KINDS,
    LOADED_ROLES,
    ROLES,
    VALENCE_CLASSES,
    Codebook,
    Variable,
    WaveInfo,
)
from cpi.ingest.codebook_schema import validate_document

__all__ = [
    "FORMATS",
    "IDENTIFIER_ACTIONS",
    "IDENTIFIER_KINDS",
    "LOADED_ROLES",
    "ROLES",
    "VALENCE_CLASSES",
    "Codebook",
    "Variable",
    "WaveInfo",
    "load_codebook",
    "read_codebook",
]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """One line: where and what, e.g. 'YAML syntax error at line 3, column 1: did not find ... (while ...)'."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    what = " ".join(str(getattr(exc, "problem", None) or exc).split())
    context = getattr(exc, "context", None)
    return f"YAML syntax error{where}: {what}" + (f" ({context})" if context else "")


def _fail(path: Path, where: str, problem: str, fix: str) -> CodebookError:
    return CodebookError(f"{path}: {where}: {problem}. Fix: {fix}.")


def _code_key(path: Path, var: str, key: Any) -> float:
    if isinstance(key, bool):
        raise _fail(path, f"variable '{var}'", f"value code {key!r} is not a number", "use numeric source codes")
    try:
        return float(key)
    except (TypeError, ValueError):
        raise _fail(
            path,
            f"variable '{var}'",
            f"value code {key!r} is not a number",
            "use the numeric code stored in the data file",
        ) from None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _mapping(path: Path, var: str, name: str, raw: Any) -> dict[float, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(
            path,
            f"variable '{var}'",
            f"'{name}' must be a mapping code: text, got {raw!r}",
            f"write {name}: {{1: ..., 2: ...}}",
        )
    out: dict[float, str] = {}
    for key, val in raw.items():
        if val is None or str(val).strip() == "":
            raise _fail(path, f"variable '{var}'", f"{name} code {key!r} maps to nothing", "give every code a value")
        out[_code_key(path, var, key)] = _text(val)
    return out


def _valence(path: Path, var: str, raw: Any) -> dict[str, tuple[float, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(
            path,
            f"variable '{var}'",
            "valence must map a class to a list of codes",
            "write valence: {positive: [1, 2], ...}",
        )
    out: dict[str, tuple[float, ...]] = {}
    for cls, codes in raw.items():
        codes = codes if isinstance(codes, list) else [codes]
        out[str(cls)] = tuple(_code_key(path, var, c) for c in codes if c is not None)
    return out


def _date(path: Path, name: str, raw: Any) -> dt.date | None:
    if raw is None or isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise _fail(path, f"wave.{name}", f"{raw!r} is not a date", "write YYYY-MM-DD") from None


def _wave(path: Path, raw: Any) -> WaveInfo:
    if not isinstance(raw, dict):
        raise _fail(path, "wave", "section missing or not a mapping", "add a 'wave:' section (docs/ingest.md)")
    for key in ("id", "year", "file", "respondent_id"):
        if raw.get(key) in (None, ""):
            raise _fail(path, f"wave.{key}", "missing", f"add wave.{key} (docs/ingest.md)")
    try:
        year = int(raw["year"])
    except (TypeError, ValueError):
        raise _fail(path, "wave.year", f"{raw['year']!r} is not a year", "write e.g. year: 2023") from None
    file = str(raw["file"])
    fmt = str(raw.get("format") or Path(file).suffix.lstrip(".").lower())
    return WaveInfo(
        id=str(raw["id"]),
        year=year,
        fieldwork_start=_date(path, "fieldwork_start", raw.get("fieldwork_start")),
        fieldwork_end=_date(path, "fieldwork_end", raw.get("fieldwork_end")),
        kind=str(raw.get("kind") or "annual"),
        file=file,
        format=fmt,
        encoding=str(raw["encoding"]) if raw.get("encoding") else None,
        respondent_id=str(raw["respondent_id"]),
        synthetic=raw.get("synthetic", False) is True,
        pooling=str(raw.get("pooling") or "separate"),
        sample_note=str(raw.get("sample_note") or ""),
        delimiter=DEFAULT_DELIMITER if raw.get("delimiter") is None else str(raw["delimiter"]),
    )


def _variable(path: Path, index: int, raw: Any) -> Variable:
    if not isinstance(raw, dict) or not raw.get("name"):
        raise _fail(path, f"variables[{index}]", f"entry {raw!r} has no name", "give every variable a 'name:'")
    name = str(raw["name"])
    if not raw.get("role"):
        raise _fail(path, f"variable '{name}'", "no role", f"add role: one of {', '.join(ROLES)}")

    def opt(key: str) -> str | None:
        return None if raw.get(key) is None else _text(raw[key])

    role = str(raw["role"])
    numeric = raw.get("numeric")
    return Variable(
        name=name,
        role=role,
        code=opt("code"),
        subject=opt("subject"),
        label_en=opt("label_en"),
        numeric=role == "weight" if numeric is None else bool(numeric),  # a weight is a number
        values=_mapping(path, name, "values", raw.get("values")),
        labels_en=_mapping(path, name, "labels_en", raw.get("labels_en")),
        valence=_valence(path, name, raw.get("valence")),
        kind=opt("kind"),
        action=opt("action"),
        min=_bound(path, name, "min", raw.get("min")),
        max=_bound(path, name, "max", raw.get("max")),
    )


def _bound(path: Path, var: str, key: str, value: Any) -> float | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        try:
            bound = float(value)
        except (TypeError, ValueError):
            bound = math.nan
        if math.isfinite(bound):
            return bound
    raise _fail(
        path,
        f"variable '{var}'",
        f"{key}: {value!r} is not a number",
        f"write {key}: followed by a number, e.g. {key}: 18",
    )


def read_codebook(path: Path) -> Codebook:
    """Parse a codebook and check its structure (not its consistency); parsed once per content."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodebookError(
            f"{path}: cannot read the codebook ({exc.strerror}). Fix: create it (docs/ingest.md)."
        ) from None
    key = (path, hashlib.sha256(data).hexdigest())
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = _parse(path, key[1], data)
    return _PARSED[key]


_PARSED: dict[tuple[Path, str], Codebook] = {}  # (path, sha256) -> parsed codebook (immutable)
_PARSED_MAX = 256


def _parse(path: Path, sha256: str, data: bytes) -> Codebook:
    try:
        doc, key_lines = yaml_strict.load(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{path}: not UTF-8 text (byte {exc.start}). Fix: save the codebook as UTF-8.") from None
    except yaml_strict.DuplicateKeyError as exc:
        raise CodebookError(
            f"{path}: key {exc.key!r} is given twice (lines {exc.first_line} and {exc.second_line}); YAML would "
            f"silently keep the second. Fix: keep one of the two lines (a value code is listed once)."
        ) from None
    except yaml.YAMLError as exc:
        raise CodebookError(
            f"{path}: {_yaml_problem(exc)}. Fix: correct the YAML at that position (docs/ingest.md)."
        ) from None
    validate_document(path, doc, key_lines)  # the declared schema: unknown keys, strict types
    variables = doc["variables"]
    return Codebook(
        path=path,
        version=1,
        wave=_wave(path, doc.get("wave")),
        variables=tuple(_variable(path, i, v) for i, v in enumerate(variables)),
        sha256=sha256,
    )


def load_codebook(path: Path) -> Codebook:
    """Parse a codebook and run every consistency rule; raises ``CodebookError`` listing all problems."""
    codebook = read_codebook(path)
    issues = data_file_issues(codebook) + consistency_issues(codebook)
    if issues:
        lines = "\n".join(f"  - {issue.message()}" for issue in issues)
        raise CodebookError(f"{codebook.path}: {len(issues)} codebook problem(s):\n{lines}")
    return codebook
