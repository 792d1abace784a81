"""CSV downloads that a spreadsheet opens as data, never as formulas (OWASP CSV injection).

A text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return, which some
spreadsheets skip before them) is prefixed with a single quote, so ``=HYPERLINK(…)`` from a
codebook label arrives as text. Numbers stay numbers: numeric columns are written as they are
(a negative score stays ``-0.12``), and a text cell that is just a number is left alone.
"""

from __future__ import annotations

import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """One cell: a text starting with a formula trigger gets a leading ``'``; anything else as is."""
    if not isinstance(value, str) or not value.startswith(TRIGGERS):
        return value
    if _NUMBER.match(value.strip()):
        return value
    return "'" + value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell and header neutralised; numeric columns untouched."""
    out = df.rename(columns=lambda c: neutralise(str(c)))
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The CSV download of a table (UTF-8, no index), formula triggers neutralised."""
    return safe_frame(df).to_csv(index=False).encode("utf-8")
