"""What every figure says about its data: survey wave, fieldwork dates, base, weighting, source,
synthetic flag. Figures name their waves by ``wave_id`` (the grain of the version-2 marts)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from babel.dates import format_date

from release_data import meta as release_meta
from streamlit_app import weighting
from streamlit_app.db import per_release, release, release_file
from streamlit_app.formats import fmt_count
from streamlit_app.i18n import lang, t


@dataclass(frozen=True)
class Wave:
    wave_id: str
    year: int
    kind: str  # annual | omnibus
    start: pd.Timestamp
    end: pd.Timestamp
    n: int
    synthetic: bool


@per_release
def waves() -> list[Wave]:
    df = release_meta.waves(release())
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


INTERPOLATED_PREFIX = "interpolated_"


@per_release
def by_id() -> dict[str, Wave]:
    return {w.wave_id: w for w in waves()}


def wave(wave_id: str) -> Wave | None:
    return by_id().get(str(wave_id))


def wave_for(year: int, kind: str = "annual") -> Wave | None:
    """The annual (or omnibus) wave of a year; the latest fieldwork when there are several."""
    found = [w for w in waves() if w.year == int(year) and w.kind == kind]
    return found[-1] if found else None


def choose(candidates: list[Wave]) -> dict[int, Wave]:
    """year -> the wave shown for that year: an annual wave first, then the latest fieldwork
    (the same preference as version 1 of the marts, so a year reads the same in both)."""
    chosen: dict[int, Wave] = {}
    for w in sorted(candidates, key=lambda w: (w.kind == "annual", w.start)):
        chosen[w.year] = w  # later in this order wins
    return chosen


def _date(ts: pd.Timestamp) -> str:
    return format_date(ts.date(), format="d MMM y", locale=lang())  # CLDR month names


def fieldwork(w: Wave) -> str:
    return t("meta.fieldwork", start=_date(w.start), end=_date(w.end))


def wave_name(w: Wave) -> str:
    kind = t(f"meta.kind.{w.kind}") if w.kind in ("annual", "omnibus") else w.kind
    return t("meta.wave", month=_date(w.start).split(" ", 1)[1], kind=kind)


def _interpolated_flags(frame: pd.DataFrame) -> pd.Series:
    return frame["interp" if "interp" in frame.columns else "is_interpolated"].fillna(False).astype(bool)


def interpolation_notes(frame: pd.DataFrame, key: str = "note.interpolated") -> list[str]:
    """``key`` for each interpolated year of ``frame``, with that year and the observed years it
    is the mean of (the nearest before and after in ``frame``): the years come from the data."""
    flags = _interpolated_flags(frame)
    observed = sorted({int(y) for y in frame.loc[~flags, "year"]})
    notes = []
    for year in sorted({int(y) for y in frame.loc[flags, "year"]}):
        before, after = [y for y in observed if y < year], [y for y in observed if y > year]
        if before and after:
            notes.append(t(key, year=year, previous_year=before[-1], next_year=after[0]))
    return notes


def interpolated_note(frame: pd.DataFrame) -> list[str]:
    """The note that the interpolated years of ``frame`` (its ``interp`` rows, years from the
    data) have no interval and are never compared; none when the figure has no such year."""
    years = sorted({int(y) for y in frame.loc[_interpolated_flags(frame), "year"]})
    return [t("note.interpolated_not_compared", years=", ".join(map(str, years)))] if years else []


def _interpolated_year(wave_id: str) -> str | None:
    if str(wave_id).startswith(INTERPOLATED_PREFIX):
        return str(wave_id)[len(INTERPOLATED_PREFIX) :]
    return None


def describe(wave_ids: list[str]) -> str:
    """Fieldwork dates of the waves behind a figure (one line); with several waves also each n
    (a single wave's n is in the figure's base line). Interpolated years say so."""
    known = by_id()
    ids = list(dict.fromkeys(str(v) for v in wave_ids))
    several = len(ids) > 1
    parts = []
    for wave_id in sorted(ids, key=lambda v: _sort_key(v, known)):
        w = known.get(wave_id)
        year = _interpolated_year(wave_id)
        if w is not None:
            parts.append(f"{fieldwork(w)}, n = {fmt_count(w.n)}" if several else fieldwork(w))
        elif year is not None:
            parts.append(t("meta.interpolated_year", year=year))
    return "; ".join(parts)


def _sort_key(wave_id: str, known: dict[str, Wave]) -> tuple:
    w = known.get(wave_id)
    if w is not None:
        return (w.start.year, w.start)
    year = _interpolated_year(wave_id)
    return (int(year) if year and year.isdigit() else 0, pd.Timestamp(0))


def any_synthetic() -> list[str]:
    return [w.wave_id for w in waves() if w.synthetic]


@per_release
def build_id() -> str:
    df = release_meta.build_info(release())[["build_id"]]
    return str(df.iloc[0, 0]) if not df.empty else release_file().stem


def source_note(wave_ids: list[str], *, weighted: bool | None = None) -> str:
    """Source line: the survey waves, how they are weighted, the release; the synthetic flag.

    ``weighted`` None = the reader's weighting (v2 marts); False = a mart without weighted rows.
    """
    known = by_id()
    shown = [known[v] for v in dict.fromkeys(map(str, wave_ids)) if v in known]
    shown.sort(key=lambda w: w.start)
    if weighted is None:
        weighted = weighting.is_weighted()
    note = t(
        "meta.source",
        waves=", ".join(wave_name(w) for w in shown) or "—",
        weighting=t("meta.weighted" if weighted else "meta.unweighted"),
        release=build_id(),
    )
    return f"{note} {t('meta.synthetic_flag')}" if any(w.synthetic for w in shown) else note
