"""Builders for small synthetic waves in tmp dirs (.sav via pyreadstat.write_sav, or .csv).

(A plain module, not a conftest: tests/ingest has no __init__.py because a package named
``ingest`` would shadow the real one.)
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyreadstat
import yaml

from cpi.ingest.waves import WaveSource

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
PHONES = [f"+7 701 555 01 {i:02d}" for i in range(1, 9)]
GPS = [f"43.2389{i:02d},76.8897{i:02d}" for i in range(1, 9)]


def base_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "anketa": [float(i) for i in range(1, 9)],
            "tel": PHONES,
            "gps": GPS,
            "obl": [1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 99.0],
            "vozrast": [18.0, 25.0, 34.0, 47.0, 52.0, 66.0, 80.0, 999.0],
            "q3": [1.0, 2.0, 3.0, 4.0, 5.0, 1.0, 99.0, None],
            "q15_1": [1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0],
            "q20_1": [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 99.0],
            "q20_2": [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 99.0],
            "weight_x": [0.9, 1.1, 1.0, 1.0, 0.8, 1.2, 1.0, 1.0],
        }
    )


COLUMN_LABELS = {
    "anketa": "Номер анкеты",
    "tel": "Телефон",
    "gps": "Координаты",
    "obl": "Область",
    "vozrast": "Возраст",
    "q3": "Как в целом вы относитесь к Китаю?",
    "q15_1": "Знаете ли вы о проекте?",
    "q20_1": "Казахстанское ТВ на русском",
    "q20_2": "Социальные сети",
    "weight_x": "Вес",
}
VALUE_LABELS = {
    "obl": {
        1.0: "Акмолинская область",
        2.0: "Актюбинская область",
        3.0: "г. Алматы",
        99.0: "Нет ответа",
    },
    "q3": {
        1.0: "Очень хорошо",
        2.0: "Скорее хорошо",
        3.0: "Затрудняюсь ответить",
        4.0: "Скорее плохо",
        5.0: "Очень плохо",
        99.0: "Отказ от ответа",
    },
    "q20_1": {1.0: "Отмечено", 0.0: "Не отмечено", 99.0: "Нет ответа"},
    "q20_2": {1.0: "Отмечено", 0.0: "Не отмечено", 99.0: "Нет ответа"},
}
MISSING_RANGES = {
    "q3": [99.0],
    "q20_1": [99.0],
    "q20_2": [99.0],
    "vozrast": [999.0],
    "obl": [99.0],
}


def base_codebook(wave_id: str, file: str, fmt: str) -> dict:
    return {
        "codebook_version": 1,
        "wave": {
            "id": wave_id,
            "year": 2023,
            "fieldwork_start": "2023-12-05",
            "fieldwork_end": "2023-12-27",
            "kind": "annual",
            "file": file,
            "format": fmt,
            "encoding": None,
            "respondent_id": "anketa",
            "synthetic": True,
            "sample_note": "test wave",
        },
        "variables": [
            {"name": "tel", "role": "identifier", "kind": "phone", "action": "hash"},
            {"name": "gps", "role": "identifier", "kind": "gps", "action": "drop"},
            {
                "name": "obl",
                "role": "demographic",
                "code": "region",
                "label_en": "Region",
                "values": {1: "akmola", 2: "aktobe", 3: "almaty", 99: "missing"},
            },
            {"name": "vozrast", "role": "demographic", "code": "age", "numeric": True},
            {
                "name": "q3",
                "role": "item",
                "code": "gen_attitude",
                "label_en": "Attitude towards China",
                "valence": {
                    "positive": [1, 2],
                    "negative": [4, 5],
                    "neutral": [3],
                    "missing": [98, 99],
                },
                "labels_en": {
                    1: "Very good",
                    2: "Rather good",
                    3: "Difficult to answer",
                    4: "Rather bad",
                    5: "Very bad",
                },
            },
            {
                "name": "q15_1",
                "role": "question",
                "code": "project_awareness",
                "subject": "wewc_corridor",
                "values": {1: "aware", 2: "not_aware", 99: "missing"},
            },
            {
                "name": "q20_1",
                "role": "multi_response",
                "code": "information_sources",
                "subject": "kz_tv_ru",
                "values": {1: "selected", 0: "not_selected", 99: "missing"},
            },
            {
                "name": "q20_2",
                "role": "multi_response",
                "code": "information_sources",
                "subject": "social_networks",
                "values": {1: "selected", 0: "not_selected", 99: "missing"},
            },
            {"name": "weight_x", "role": "ignore"},
        ],
    }


def variable(codebook: dict, name: str) -> dict:
    return next(v for v in codebook["variables"] if v["name"] == name)


def write_wave(
    raw_dir: Path,
    wave_id: str = "cpi_test",
    fmt: str = "sav",
    edit_frame: Callable[[pd.DataFrame], pd.DataFrame | None] | None = None,
    edit_codebook: Callable[[dict], None] | None = None,
    csv_encoding: str = "utf-8",
    csv_sep: str = ",",
) -> WaveSource:
    folder = raw_dir / wave_id
    folder.mkdir(parents=True, exist_ok=True)
    file = f"{wave_id}.{fmt}"
    frame = base_frame()
    if edit_frame is not None:
        edited = edit_frame(frame)
        frame = edited if edited is not None else frame
    codebook = copy.deepcopy(base_codebook(wave_id, file, fmt))
    if fmt == "csv":
        codebook["wave"]["encoding"] = None if csv_encoding == "utf-8" else csv_encoding
    if edit_codebook is not None:
        edit_codebook(codebook)
    data_path = folder / file
    if fmt == "sav":
        cols = set(frame.columns)
        pyreadstat.write_sav(
            frame,
            str(data_path),
            column_labels={k: v for k, v in COLUMN_LABELS.items() if k in cols},
            variable_value_labels={k: v for k, v in VALUE_LABELS.items() if k in cols},
            missing_ranges={k: v for k, v in MISSING_RANGES.items() if k in cols},
        )
    else:
        if "vozrast" in frame.columns:  # a CSV declares no missing values: the unknown age is an empty cell
            frame["vozrast"] = frame["vozrast"].where(frame["vozrast"] != 999.0)
        frame.to_csv(data_path, index=False, encoding=csv_encoding, sep=csv_sep)
    (folder / "codebook.yml").write_text(
        yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return WaveSource(wave_id, folder, folder / "codebook.yml", data_path)
