"""The publisher's marker: what makes a DuckDB file a published release.

The release writer (``ingest/release.py``, moving to ``cpi/publish/release.py``) creates table
``marts.release_marker`` with one row and nothing else does: a build's work file, a copy of it
with a ``build_info``, or any other DuckDB file lacks it, and readers refuse them
(``release_data.connection.check_release``). The row is the same in every release (so two
builds of the same inputs stay bit-identical); what a release holds is in ``marts.build_info``.
"""

from __future__ import annotations

SCHEMA = "marts"
TABLE = "release_marker"
RELEASE_FORMAT = "cpi-release"
FORMAT_VERSION = 1
PUBLISHED_SCHEMAS = ("marts", "reference")


def marker_sql() -> list[str]:
    """The statements the release writer runs to mark a release (and only a release)."""
    return [
        f"create table {SCHEMA}.{TABLE} (release_format varchar not null, format_version integer not null)",
        f"insert into {SCHEMA}.{TABLE} values ('{RELEASE_FORMAT}', {FORMAT_VERSION})",
    ]
