"""Small helpers for the subject modules: checked identifiers and equality filters."""

from __future__ import annotations

import re
from collections.abc import Mapping

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def ident(name: str) -> str:
    """A relation or column name of the release (lower-case identifier), or ValueError."""
    if not _IDENT.match(str(name)):
        raise ValueError(f"not a relation or column name of the release: {name!r}")
    return str(name)


def equals(filters: Mapping[str, object]) -> tuple[str, tuple[object, ...]]:
    """``" and a = ? and b = ?"`` (empty when no filter) and the values, in order."""
    sql = "".join(f" and {ident(column)} = ?" for column in filters)
    return sql, tuple(filters.values())
