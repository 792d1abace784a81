"""One number format per kind of number, the same in the dashboard and the report, per locale.

| kind   | en       | ru / kk  | used for                                         |
|--------|----------|----------|--------------------------------------------------|
| score  | +0.39    | +0,39    | item scores, indicators, the composite (−1…+1)   |
| points | +0.07    | +0,07    | differences and changes between scores / shares  |
| contribution | +0.018 | +0,018 | a question's share of an indicator's change  |
| pp     | +3.5     | +3,5     | differences between shares (percentage points)   |
| share  | 47.9 %   | 47,9 %   | percentages (0–100)                              |
| ratio  | 7.10     | 7,10     | positive ÷ negative and similar coefficients     |
| count  | 1,616    | 1 616    | respondents, bases                               |
| rank   | 3        | 3        | ranks                                            |
| p      | 0.0012   | 0,0012   | p-values                                         |

Digits, decimal and grouping signs come from Babel's locale data (CLDR), never from
hand-written rules; the minus sign is the typographic − in every language. Charts get the same
signs: :func:`d3_locale` is the d3-format locale (Vega-Lite ``config.locale.number``) built from
the same Babel data, so an axis tick in Russian reads ``0,5`` like the tables around it.
"""

from __future__ import annotations

import pandas as pd
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

# printf formats for st.dataframe (column_config) and d3 formats for Vega-Lite
PRINTF = {
    "score": "%+.2f",
    "points": "%+.2f",
    "contribution": "%+.3f",
    "pp": "%+.1f",
    "share": "%.1f %%",
    "ratio": "%.2f",
    "count": "localized",
    "rank": "%d",
    "p": "%.4f",
    "year": "%d",
}
D3 = {
    "score": "+.2f",
    "points": "+.2f",
    "contribution": "+.3f",
    "pp": "+.1f",
    "share": ".1f",
    "ratio": ".2f",
    "count": ",d",
    "rank": "d",
    "p": ".4f",
    "year": "d",
}
# CLDR patterns per kind (Babel); a share adds its own " %" (values are 0–100, not fractions)
PATTERNS = {
    "score": "+0.00;-0.00",
    "points": "+0.00;-0.00",
    "contribution": "+0.000;-0.000",
    "pp": "+0.0;-0.0",
    "share": "0.0",
    "ratio": "0.00",
    "count": "#,##0",
    "rank": "0",
    "p": "0.0000",
    "year": "0",
}
DECIMALS = {"score": 2, "points": 2, "contribution": 3, "pp": 1, "share": 1, "ratio": 2, "p": 4}


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # not a scalar
        return False


def fmt(value: object, kind: str, locale: str = "en") -> str:
    """A number as text in its kind's format and the locale's signs (— when missing)."""
    if _missing(value):
        return "—"
    v = float(value)  # type: ignore[arg-type]
    if kind == "year":
        return str(round(v))
    pattern = PATTERNS.get(kind)
    if pattern is None:
        text = f"{round(v)}" if v == int(v) else f"{v}"
        return text.replace("-", "−")
    if kind in ("count", "rank"):
        v = round(v)
    elif kind in DECIMALS:
        v = round(v, DECIMALS[kind]) + 0.0  # no "−0.00"
        if v == 0 and kind in ("score", "points", "contribution", "pp"):
            v = 0.0
    text = format_decimal(v, format=pattern, locale=locale, decimal_quantization=True)
    if kind == "share":
        text += " %"
    return text.replace("-", "−")


def fmt_score(value: object, locale: str = "en") -> str:
    return fmt(value, "score", locale)


def fmt_pct(value: object, locale: str = "en") -> str:
    return fmt(value, "share", locale)


def fmt_count(value: object, locale: str = "en") -> str:
    return fmt(value, "count", locale)


UNSIGNED = {"score": "0.00", "points": "0.00", "contribution": "0.000", "pp": "0.0", "share": "0.0"}


def fmt_magnitude(value: object, kind: str, locale: str = "en") -> str:
    """The size of a change without its sign ("rose by 0.15"), in the kind's decimals."""
    if _missing(value):
        return "—"
    v = round(abs(float(value)), DECIMALS.get(kind, 2))  # type: ignore[arg-type]
    text = format_decimal(v, format=UNSIGNED.get(kind, "0.00"), locale=locale, decimal_quantization=True)
    return text + (" %" if kind == "share" else "")


MINUS = "\u2212"  # the typographic minus, in every language (as fmt writes it)


def d3_locale(locale: str = "en") -> dict:
    """The d3-format locale of ``locale``: decimal and grouping signs from Babel (CLDR)."""
    return {
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
        "grouping": [3],
        "currency": ["", ""],
        "minus": MINUS,
    }


def vega_locale(locale: str = "en") -> dict:
    """Vega-Lite ``config.locale``: the language's number signs for axes, legends and tooltips
    that a chart formats itself (d3 ``format`` strings, :data:`D3`)."""
    return {"number": d3_locale(locale)}
