"""Everything a chapter needs from one release in one language: reads (through release_data),
labels in the language, strings from the shared catalogue and locale-correct numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import duckdb
import pandas as pd

from presentation import formats
from presentation.i18n import translate
from presentation.thresholds import placeholders
from release_data import report_reads as reads

SERIES, ANNUAL = "series", "annual"  # marts' series column (docs/marts.md, "Waves, kinds and series")
# label seeds: (seed, code column(s), text column stem); a ``<stem>_<lang>`` column is used when
# the release has it, else the English one
LABEL_SEEDS = {
    "indicator": ("indicators", ("indicator_code",), "name"),
    "item": ("items", ("item_code",), "text"),
    "factor": ("factors", ("factor",), "name"),
    "group": ("factor_groups", ("factor", "group_code"), "name"),
    "region": ("regions", ("region_code",), "name"),
    "macro_region": ("macro_regions", ("macro_region",), "name"),
    "option": ("question_options", ("question_code", "option_code"), "name"),
    "funnel": ("funnel_levels", ("level_code",), "name"),
}


@dataclass
class Context:
    con: duckdb.DuckDBPyConnection
    lang: str
    weighting: str = "unweighted"
    frames: dict = field(default_factory=dict)  # reads of the release: may be shared by languages
    _cache: dict = field(default_factory=dict)  # labels in this language

    # strings and numbers --------------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        """The catalogue's text; a placeholder naming a threshold of the release (``{ci_pct}`` …,
        presentation/thresholds.py) is filled from its marts.dim_thresholds, as in the dashboard."""
        return translate(key, self.lang, defaults=self.thresholds, **values)

    @cached_property
    def thresholds(self) -> dict[str, str]:
        return placeholders(reads.thresholds(self.con), self.lang)

    def f(self, value: object, kind: str) -> str:
        return formats.fmt(value, kind, self.lang)

    def fa(self, value: object, kind: str) -> str:
        """A magnitude (no sign), for sentences that say "rose by" / "fell by"."""
        return formats.fmt_magnitude(value, kind, self.lang)

    # reads, cached per context ----------------------------------------------------------------
    def read(self, name: str, *args: object) -> pd.DataFrame:
        key = (name, self.weighting, args)
        if key not in self.frames:
            fn = getattr(reads, name)
            weighted = name not in reads.UNWEIGHTED_READS
            frame = fn(self.con, self.weighting, *args) if weighted else fn(self.con, *args)
            if SERIES in frame.columns:  # the report is the annual series; monthly waves are their own
                frame = frame[frame[SERIES] == ANNUAL].reset_index(drop=True)
            self.frames[key] = frame
        return self.frames[key]

    def read_reference(self, seed: str) -> pd.DataFrame:
        key = ("reference", seed)
        if key not in self.frames:
            self.frames[key] = reads.reference(self.con, seed)
        return self.frames[key]

    @cached_property
    def info(self) -> dict[str, object]:
        return reads.build_info(self.con)

    @cached_property
    def waves(self) -> pd.DataFrame:
        """Every wave of the release (dim_waves); ``annual_waves`` the annual series."""
        return reads.waves(self.con)

    @cached_property
    def annual_waves(self) -> pd.DataFrame:
        waves = self.waves
        return waves[waves[SERIES] == ANNUAL] if SERIES in waves.columns else waves

    @cached_property
    def annual_years(self) -> list[int]:
        """Years of survey waves with indicators (interpolated years excluded), oldest first."""
        ind = self.read("indicators")
        return sorted(int(y) for y in ind.loc[~ind["is_interpolated"], "year"].unique())

    @cached_property
    def year(self) -> int:
        return self.annual_years[-1]

    @cached_property
    def previous_year(self) -> int | None:
        return self.annual_years[-2] if len(self.annual_years) > 1 else None

    # labels -----------------------------------------------------------------------------------
    def _labels(self, kind: str) -> dict:
        if kind not in self._cache:
            seed, keys, stem = LABEL_SEEDS[kind]
            df = self.read_reference(seed)
            col = f"{stem}_{self.lang}" if f"{stem}_{self.lang}" in df.columns else f"{stem}_en"
            text = df[col].where(df[col].notna() & (df[col].astype(str) != ""), df[f"{stem}_en"])
            index = list(zip(*(df[k] for k in keys))) if len(keys) > 1 else list(df[keys[0]])
            self._cache[kind] = dict(zip(index, text.astype(str)))
        return self._cache[kind]

    def label(self, kind: str, *code: object) -> str:
        key = code if len(code) > 1 else code[0]
        labels = self._labels(kind)
        if key in labels:
            return labels[key]
        if kind == "indicator" and key == "composite":
            return self.t("report.composite")
        return str(code[-1])

    def order(self, kind: str, factor: str | None = None) -> list:
        """Codes in the seed's sort order (groups of one factor when ``factor`` is given)."""
        seed, keys, _ = LABEL_SEEDS[kind]
        df = self.read_reference(seed)
        if factor is not None:
            df = df[df["factor"] == factor]
        if "sort_order" in df.columns:
            df = df.sort_values("sort_order", kind="stable")
        return list(df[keys[-1]])
