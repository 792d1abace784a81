"""Record every build's validation outcome in ``OUT/validation/<build_id>.json`` (pass or fail)."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def record_validation(folder: Path, build_id: str, raw_dir: Path, reports: list[Any], error: str | None = None) -> Path:
    """Write the outcome atomically into ``folder`` (``OUT/validation``); ``error`` is set when
    validation could not even start."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ok = error is None and all(getattr(r, "ok", False) for r in reports)
    doc = {
        "build_id": build_id,
        "recorded_at": datetime.now(UTC).isoformat(),
        "raw_dir": str(raw_dir),
        "ok": ok,
        "error": error,
        "waves": [jsonable(r) for r in reports],
    }
    path = folder / f"{build_id}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    log.info("validation outcome (%s) recorded in %s", "pass" if ok else "FAIL", path)
    return path
