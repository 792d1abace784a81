"""Why a release cannot be read. Messages name the file, what it is and the fix."""

from __future__ import annotations


class ReleaseUnavailable(Exception):
    """The published release cannot be opened or queried."""


class NotARelease(ReleaseUnavailable):
    """The file exists but is not a release written by ``cpi build`` (no marker, other schemas,
    not a DuckDB file)."""
