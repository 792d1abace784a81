"""What every figure says about its data: survey wave, fieldwork dates, base, source, synthetic flag."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from streamlit_app.db import query, release_file
from streamlit_app.formats import fmt_count
from streamlit_app.i18n import lang, t

MONTHS_RU = (
    "янв",
    "фев",
    "мар",
    "апр",
    "мая",
    "июн",
    "июл",
    "авг",
    "сен",
    "окт",
    "ноя",
    "дек",
)


@dataclass(frozen=True)
class Wave:
    wave_id: str
    year: int
    kind: str  # annual | omnibus
    start: pd.Timestamp
    end: pd.Timestamp
    n: int
    synthetic: bool


def waves() -> list[Wave]:
    df = query(
        "select wave_id, year, survey_kind, fieldwork_start, fieldwork_end, n_respondents, is_synthetic "
        "from marts.dim_waves order by fieldwork_start"
    )
    return [
        Wave(
            r.wave_id,
            int(r.year),
            str(r.survey_kind),
            pd.Timestamp(r.fieldwork_start),
            pd.Timestamp(r.fieldwork_end),
            int(r.n_respondents),
            bool(r.is_synthetic),
        )
        for r in df.itertuples()
    ]


def wave_for(year: int, kind: str = "annual") -> Wave | None:
    """The wave a yearly mart row comes from (v1 marts are keyed by year; omnibus questions by kind)."""
    found = [w for w in waves() if w.year == int(year) and w.kind == kind]
    return found[0] if found else None


def _date(ts: pd.Timestamp) -> str:
    if lang() == "ru":
        return f"{ts.day} {MONTHS_RU[ts.month - 1]} {ts.year}"
    return ts.strftime("%-d %b %Y")


def fieldwork(w: Wave) -> str:
    return t("meta.fieldwork", start=_date(w.start), end=_date(w.end))


def wave_name(w: Wave) -> str:
    kind = t(f"meta.kind.{w.kind}") if w.kind in ("annual", "omnibus") else w.kind
    return t("meta.wave", month=_date(w.start).split(" ", 1)[1], kind=kind)


def describe(years: list[int], kind: str = "annual") -> str:
    """Fieldwork dates of the waves behind a figure (one line); with several waves also each n
    (a single wave's n is in the figure's base line)."""
    several = len({int(v) for v in years}) > 1
    parts = []
    for y in sorted({int(v) for v in years}):
        w = wave_for(y, kind)
        if w is None:
            parts.append(t("meta.interpolated_year", year=y))
        else:
            parts.append(
                f"{fieldwork(w)}, n = {fmt_count(w.n)}" if several else fieldwork(w)
            )
    return "; ".join(parts)


def any_synthetic() -> list[str]:
    return [w.wave_id for w in waves() if w.synthetic]


def build_id() -> str:
    df = query("select build_id from marts.build_info order by built_at desc limit 1")
    return str(df.iloc[0, 0]) if not df.empty else release_file().stem


def source_note(years: list[int], kind: str = "annual") -> str:
    names = []
    for y in sorted({int(v) for v in years}):
        w = wave_for(y, kind)
        if w is not None:
            names.append(wave_name(w))
    synthetic = any((w := wave_for(y, kind)) is not None and w.synthetic for y in years)
    note = t("meta.source", waves=", ".join(names) or "—", release=build_id())
    return f"{note} {t('meta.synthetic_flag')}" if synthetic else note
