"""CSV downloads neutralise spreadsheet formulas (OWASP CSV injection) and keep numbers numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from streamlit_app.csv_safe import to_csv_bytes

CELLS = [  # (text cell, what the spreadsheet must receive)
    ('=HYPERLINK("http://evil.example","Data")', '\'=HYPERLINK("http://evil.example","Data")'),
    ("+7 701 555 0000", "'+7 701 555 0000"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("-0.12", "-0.12"),  # a number written as text stays a number
    ("+5", "+5"),
    ("Kazakh", "Kazakh"),
    ("a = b", "a = b"),
    ("", ""),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS)
def test_text_cells_that_start_a_formula_are_neutralised(cell: str, expected: str) -> None:
    rows = list(csv.reader(io.StringIO(to_csv_bytes(pd.DataFrame({"label": [cell]})).decode())))
    assert rows[1] == [expected]


def test_numbers_stay_numbers_and_headers_are_checked_too() -> None:
    df = pd.DataFrame({"=cmd()": ["x", "y"], "score": [-0.125, 0.5], "n": [-3, 4]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(df).decode())))
    assert rows[0] == ["'=cmd()", "score", "n"]
    assert [float(r[1]) for r in rows[1:]] == [-0.125, 0.5]
    assert [int(r[2]) for r in rows[1:]] == [-3, 4]
