"""Identifiers (phone, name, GPS, interviewer, free text): drop them, or keep a salted hash.

Hashes go only to ``raw.respondents.identifier_hashes``; the identifying values themselves never
leave this module.
"""

from __future__ import annotations

import hashlib
import json
import math

import pandas as pd

from cpi.errors import BuildError
from cpi.ingest.codebook_model import Codebook


def _normalise(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def hash_value(value: object, salt: bytes) -> str | None:
    """Salted SHA-256 (hex) of the normalised value; None for missing/blank values."""
    text = _normalise(value)
    if text is None:
        return None
    return hashlib.sha256(salt + text.encode("utf-8")).hexdigest()


def identifier_hashes(frame: pd.DataFrame, codebook: Codebook, salt: bytes) -> list[str | None]:
    """Per row: JSON object {variable: hash} for identifiers with action ``hash``, else None."""
    hashed = [v.name for v in codebook.identifiers if v.action == "hash" and v.name in frame.columns]
    if not hashed:
        return [None] * len(frame)
    if not salt:
        raise BuildError(
            f"{codebook.path}: identifiers with action hash need a salt, but the salt is empty. "
            "Fix: delete the empty OUT/.salt so the build creates a new one."
        )
    columns = {name: [hash_value(x, salt) for x in frame[name].tolist()] for name in hashed}
    out: list[str | None] = []
    for i in range(len(frame)):
        row = {name: columns[name][i] for name in hashed if columns[name][i] is not None}
        out.append(json.dumps(row, sort_keys=True) if row else None)
    return out


def strip_identifiers(frame: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """A copy of ``frame`` without any identifier column (whatever its action)."""
    names = [v.name for v in codebook.identifiers if v.name in frame.columns]
    return frame.drop(columns=names)
