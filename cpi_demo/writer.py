"""Write one synthetic wave as a real SPSS file plus its codebook (docs/architecture.md format)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat
import yaml

from cpi_demo.layouts import (
    DEMOGRAPHICS,
    NOT_ASKED,
    QUESTION_CODES,
    QUESTION_TEXT,
    REFUSAL,
    SCALES,
    WaveStyle,
    item_scale,
    item_texts,
    region_options,
)
from cpi_demo.reasons import option_labels
from cpi_demo.sav_header import set_creation_time

log = logging.getLogger(__name__)
SUBJECT_LABELS = option_labels()  # (question, option) -> (RU, EN); others: the code, humanised in EN
MULTI = {
    "information_sources",
    "concerns",
    "reasons_positive",
    "reasons_negative",
    "friendly_countries",
}


@dataclass(frozen=True)
class WaveMeta:
    wave_id: str
    year: int
    fieldwork_start: str
    fieldwork_end: str
    kind: str
    sample_note: str


class _Builder:
    def __init__(self, style: WaveStyle, n: int, rng: np.random.Generator):
        self.style, self.n, self.rng = style, n, rng
        self.data: dict[str, Any] = {}
        self.labels_ru: dict[str, str] = {}
        self.value_labels: dict[str, dict[float, str]] = {}
        self.missing: dict[str, list[float]] = {}
        self.entries: list[dict[str, Any]] = []

    def coded(
        self,
        name: str,
        label_ru: str,
        entry: dict[str, Any],
        codes: list[tuple[int, str, str, str]],
        canon: pd.Series,
        *,
        refusal: bool = True,
    ) -> None:
        """``codes``: (source code, canonical code, RU label, EN label); several source codes may share a canonical code."""
        arr = np.full(self.n, np.nan)
        values = canon.to_numpy(dtype=object)
        for c in dict.fromkeys(c for _, c, _, _ in codes):
            src = [code for code, cc, _, _ in codes if cc == c]
            hit = np.flatnonzero(values == c)
            arr[hit] = (
                np.array(src, dtype=float)[self.rng.integers(len(src), size=len(hit))] if len(src) > 1 else src[0]
            )
        arr[values == "missing"] = REFUSAL
        not_asked = bool((values == "not_asked").any())
        arr[values == "not_asked"] = NOT_ASKED
        self.data[name] = arr
        self.labels_ru[name] = label_ru
        vl = {float(code): ru for code, _, ru, _ in codes}
        labels_en = {code: en for code, _, _, en in codes}
        if not_asked:
            vl[float(NOT_ASKED)] = "Вопрос не задавался"
            labels_en[NOT_ASKED] = "Not asked"
            entry["values"] = {k: v for k, v in entry["values"].items() if k != REFUSAL} | {
                NOT_ASKED: "missing",
                REFUSAL: "missing",
            }
        if refusal:
            vl[float(REFUSAL)] = "Отказ от ответа"
            self.missing[name] = [float(NOT_ASKED)] * not_asked + [float(REFUSAL)]
            labels_en[REFUSAL] = "Refused"
        entry["labels_en"] = labels_en
        self.entries.append(entry)


def build_wave(
    frame: pd.DataFrame, style: WaveStyle, meta: WaveMeta, rng: np.random.Generator
) -> tuple[pd.DataFrame, dict[str, Any], dict[str, Any]]:
    n = len(frame)
    b = _Builder(style, n, rng)
    ids = (meta.year % 100) * 100000 + np.arange(1, n + 1)
    b.data[style.respondent_id] = ids.astype(float)
    b.labels_ru[style.respondent_id] = "Номер анкеты"
    for name, (kind, action) in style.identifiers.items():
        if kind == "phone":
            b.data[name] = [
                f"+7 70{rng.integers(0, 10)} {rng.integers(100, 999)} {rng.integers(10, 99)} {rng.integers(10, 99)}"
                for _ in range(n)
            ]
            b.labels_ru[name] = "Телефон респондента"
        elif kind == "gps":
            lo, hi = (40.6, 55.4) if "lat" in name else (46.5, 87.3)
            b.data[name] = np.round(lo + rng.random(n) * (hi - lo), 5)
            b.labels_ru[name] = "GPS: широта" if "lat" in name else "GPS: долгота"
        else:
            b.data[name] = rng.integers(100, 160, size=n).astype(float)
            b.labels_ru[name] = "Код интервьюера"
        b.entries.append({"name": name, "role": "identifier", "kind": kind, "action": action})
    # demographics
    reg_opts = region_options(meta.year)
    name = style.demo_names["region"]
    b.coded(
        name,
        "Область / город",
        {
            "name": name,
            "role": "demographic",
            "code": "region",
            "label_en": "Region",
            "values": {i + 1: c for i, (c, _, _) in enumerate(reg_opts)} | {REFUSAL: "missing"},
        },
        [(i + 1, c, ru, en) for i, (c, ru, en) in enumerate(reg_opts)],
        frame["region"],
    )
    name = style.demo_names["age"]
    b.data[name] = frame["age"].to_numpy(dtype=float)
    b.labels_ru[name] = "Возраст (полных лет)"
    b.entries.append(
        {
            "name": name,
            "role": "demographic",
            "code": "age",
            "label_en": "Age (years)",
            "numeric": True,
        }
    )
    for attr, (ru, en, opts) in DEMOGRAPHICS.items():
        name = style.demo_names[attr]
        codes = [(i + 1, c, r, e) for i, (c, r, e) in enumerate(opts)]
        b.coded(
            name,
            ru,
            {
                "name": name,
                "role": "demographic",
                "code": attr,
                "label_en": en,
                "values": {code: c for code, c, _, _ in codes} | {REFUSAL: "missing"},
            },
            codes,
            frame[attr].astype(str),
        )
    texts = item_texts()
    num = style.item_start
    for col in frame.columns:
        if col in texts:
            name = f"{style.item_prefix}{num}"
            num += 1
            codes = style.codes(SCALES[item_scale(col)])
            valence = {cls: [c for c, cc, _, _ in codes if cc == cls] for cls in ("positive", "negative", "neutral")}
            valence["missing"] = [REFUSAL]
            b.coded(
                name,
                texts[col][0],
                {
                    "name": name,
                    "role": "item",
                    "code": col,
                    "label_en": texts[col][1],
                    "valence": valence,
                },
                codes,
                frame[col],
            )
    qnum: dict[str, int] = {}
    for col in frame.columns:
        if "|" not in col:
            continue
        code, subject = col.split("|")
        if code not in qnum:
            qnum[code] = num
            num += 1
        suffix = (
            f"_{sum(1 for c in frame.columns if c.startswith(code + '|') and list(frame.columns).index(c) <= list(frame.columns).index(col))}"
            if subject
            else ""
        )
        name = f"{style.question_prefix}{qnum[code]}{suffix}"
        ru, en = QUESTION_TEXT[code]
        entry: dict[str, Any] = {
            "name": name,
            "role": "multi_response" if code in MULTI else "question",
            "code": code,
        }
        if subject:
            entry["subject"] = subject
        subject_ru, subject_en = SUBJECT_LABELS.get((code, subject), (subject, subject.replace("_", " ")))
        entry["label_en"] = en.format(s=subject_en)
        if code in MULTI:
            codes = [
                (1, "selected", "Выбрано", "Selected"),
                (0, "not_selected", "Не выбрано", "Not selected"),
            ]
        else:
            codes = [(i + 1, c, r, e) for i, (c, r, e) in enumerate(QUESTION_CODES[code])]
        entry["values"] = {c: cc for c, cc, _, _ in codes} | {REFUSAL: "missing"}
        b.coded(name, ru.format(s=subject_ru), entry, codes, frame[col])
    b.data["weight"] = np.ones(n)
    b.labels_ru["weight"] = "Весовой коэффициент"
    b.entries.append({"name": "weight", "role": "ignore"})
    df = pd.DataFrame(b.data)
    codebook = {
        "codebook_version": 1,
        "wave": {
            "id": meta.wave_id,
            "year": meta.year,
            "fieldwork_start": meta.fieldwork_start,
            "fieldwork_end": meta.fieldwork_end,
            "kind": meta.kind,
            "file": f"{meta.wave_id}.sav",
            "format": "sav",
            "encoding": None,
            "respondent_id": style.respondent_id,
            "synthetic": True,
            "sample_note": meta.sample_note,
        },
        "variables": b.entries,
    }
    sav_meta = {
        "labels": b.labels_ru,
        "value_labels": b.value_labels,
        "missing": b.missing,
    }
    return df, codebook, sav_meta


def write_wave(folder: Path, df: pd.DataFrame, codebook: dict[str, Any], sav_meta: dict[str, Any]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    sav = folder / codebook["wave"]["file"]
    pyreadstat.write_sav(
        df,
        str(sav),
        column_labels=[sav_meta["labels"].get(c, c) for c in df.columns],
        variable_value_labels=sav_meta["value_labels"],
        missing_ranges=sav_meta["missing"],
        file_label=f"{codebook['wave']['id']} (synthetic demo data)",
    )
    set_creation_time(sav, dt.datetime.fromisoformat(codebook["wave"]["fieldwork_end"]))
    cb = folder / "codebook.yml"
    header = "# Synthetic demo wave generated by `cpi demo-data` (cpi_demo). Do not edit by hand.\n"
    cb.write_text(
        header + yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )
    log.info("wrote %s (%d rows) and %s", sav, len(df), cb)
    return [sav, cb]
