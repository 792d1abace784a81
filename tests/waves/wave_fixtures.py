"""Fixtures written by the tests of tests/waves: small waves (``.sav`` + ``codebook.yml``) and a
copy of the dbt project whose seeds the test edits as data, exactly as docs/adding-waves.md says.

Only data is written: wave folders, seed rows. The copied models, macros and tests are the
repository's, unchanged (the test checks that too).
(A plain module, not a conftest: tests/waves has no __init__.py.)
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import yaml

REPO = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("models", "macros", "seeds", "tests/dbt")
PROJECT_FILES = ("dbt_project.yml", "profiles.yml")
REGIONS_FROM_2022 = {"abai", "zhetysu", "ulytau"}
VALENCE = {"positive": [1, 2], "negative": [4, 5], "neutral": [3], "missing": [99]}


def copy_project(dst: Path) -> Path:
    """The dbt project (models, macros, seeds, dbt tests, project files) copied to ``dst``."""
    for name in PROJECT_PARTS:
        shutil.copytree(REPO / name, dst / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, dst / name)
    return dst


def code_files(root: Path) -> dict[str, bytes]:
    """Every file of the project copy that is code (not a seed CSV): path -> bytes."""
    files = {}
    for name in PROJECT_PARTS:
        for path in sorted((root / name).rglob("*")):
            if path.is_file() and path.suffix != ".csv" and "__pycache__" not in path.parts:
                files[str(path.relative_to(root))] = path.read_bytes()
    for name in PROJECT_FILES:
        files[name] = (root / name).read_bytes()
    return files


def read_seed(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def append_rows(path: Path, rows: list[dict[str, object]], newline: str = "\n") -> None:
    """Append rows to a seed CSV as an editor would: the columns of its header, ``newline`` endings."""
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=newline)
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in header})
    with path.open("ab") as handle:
        handle.write(buffer.getvalue().encode("utf-8"))


def write_wave(
    raw: Path, wave_id: str, year: int, kind: str, items: list[str], *, n: int = 200, seed: int = 1, month: int = 11
) -> Path:
    """A valid wave folder: ``n`` respondents, region and age, the index ``items`` (answer codes 1-5
    and 99 = refused), ``kind`` as the codebook's wave.kind."""
    rng = np.random.default_rng(seed)
    folder = raw / wave_id
    folder.mkdir(parents=True)
    regions = [
        code
        for code in read_seed(REPO / "seeds" / "ref_regions.csv")["region_code"]
        if year >= 2022 or code not in REGIONS_FROM_2022
    ]
    data: dict[str, object] = {
        "anketa": 9_100_000 + np.arange(1, n + 1, dtype=float),
        "obl": np.resize(np.arange(1, len(regions) + 1), n).astype(float),
        "vozrast": rng.integers(18, 80, n).astype(float),
        "pol": rng.integers(1, 3, n).astype(float),
        "tip": rng.integers(1, 3, n).astype(float),
    }
    variables: list[dict[str, object]] = [
        {
            "name": "obl",
            "role": "demographic",
            "code": "region",
            "label_en": "Region",
            "values": {i + 1: code for i, code in enumerate(regions)},
        },
        {"name": "vozrast", "role": "demographic", "code": "age", "label_en": "Age", "numeric": True},
        {"name": "pol", "role": "demographic", "code": "gender", "values": {1: "male", 2: "female"}},
        {"name": "tip", "role": "demographic", "code": "settlement", "values": {1: "urban", 2: "rural"}},
    ]
    for i, item in enumerate(items, start=1):
        data[f"q{i}"] = rng.choice([1, 2, 3, 4, 5, 99], size=n, p=[0.3, 0.2, 0.15, 0.15, 0.15, 0.05]).astype(float)
        variables.append({"name": f"q{i}", "role": "item", "code": item, "label_en": item, "valence": VALENCE})
    sav = folder / f"{wave_id}.sav"
    pyreadstat.write_sav(pd.DataFrame(data), str(sav), missing_ranges={f"q{i}": [99] for i in range(1, len(items) + 1)})
    codebook = {
        "codebook_version": 1,
        "wave": {
            "id": wave_id,
            "year": year,
            "fieldwork_start": f"{year}-{month:02d}-01",
            "fieldwork_end": f"{year}-{month:02d}-20",
            "kind": kind,
            "file": sav.name,
            "format": "sav",
            "encoding": None,
            "respondent_id": "anketa",
            "synthetic": True,
            "sample_note": f"test wave ({kind}), n={n}",
        },
        "variables": variables,
    }
    (folder / "codebook.yml").write_text(
        yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def run_build(raw: Path, out: Path, project: Path) -> subprocess.CompletedProcess[str]:
    """``cpi build`` (the console script of this interpreter) on ``project``'s seeds and models."""
    env = dict(
        os.environ,
        CPI_DBT_PROJECT_DIR=str(project),
        GX_ANALYTICS_ENABLED="False",
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        COLUMNS="200",
    )
    cpi = Path(sys.executable).parent / "cpi"
    return subprocess.run(
        [str(cpi), "build", "--raw", str(raw), "--out", str(out)], env=env, capture_output=True, text=True, check=False
    )
