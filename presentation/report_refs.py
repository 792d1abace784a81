"""Where a figure or table is in the report: one key per row of presentation/report_contents.csv.

A numbered row is ``<kind>-<number>`` (``figure-5``, ``table-12``), an unnumbered one
``<kind>-<builder>`` (the threat map: ``figure-question_map``). The report's HTML gives each
figure and table its key as an anchor (``report-<lang>.html#figure-5``); the dashboard names the
report's figures in its own words ("Figure 5", "Tables 12, 13", "Threat map") and :func:`keys_of`
turns those into the same keys, so each dashboard figure links to its place in the report.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

CONTENTS = Path(__file__).resolve().parent / "report_contents.csv"
# the dashboard's names of the report's unnumbered figures
NAMED = {"Threat map": "figure-question_map"}
_NUMBERED = re.compile(r"\b(Figure|Table)s?\s+(\d+(?:\s*,\s*\d+)*)")


def row_key(row: dict[str, str]) -> str:
    """The key of a contents row: ``figure-5`` or, unnumbered, ``figure-question_map``."""
    return f"{row['kind']}-{row['number'] or row['builder']}"


@lru_cache(maxsize=2)
def contents_keys(path: Path = CONTENTS) -> tuple[str, ...]:
    """Every figure's and table's key, in the report's order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(row_key(row) for row in csv.DictReader(handle))


def keys_of(ref: str | None) -> list[str]:
    """The keys a dashboard reference names: "Figure 34, Table 38" -> figure-34, table-38."""
    if not ref:
        return []
    if ref in NAMED:
        return [NAMED[ref]]
    return [
        f"{kind.lower()}-{number.strip()}" for kind, numbers in _NUMBERED.findall(ref) for number in numbers.split(",")
    ]


def href(base: str, lang: str, key: str) -> str:
    """The address of ``key`` in the HTML report of ``lang`` published under ``base``."""
    return f"{base.rstrip('/')}/report-{lang}.html#{key}"
