"""Shared fixtures: one full build of ``data/raw`` per session, and tiny valid waves for tmp dirs.

* ``built_warehouse`` -> ``Path`` of the published ``OUT/cpi.duckdb`` (a full ``run_build`` of
  ``REPO/data/raw`` into a session tmp dir): marts, dims, ``reference`` seeds, build_info; nothing
  respondent-level. ``built_out_dir`` -> that ``OUT`` folder; ``built_result`` -> its BuildResult.
* ``built_work_file`` -> the same build's restricted work file (schemas raw, staging,
  intermediate, marts, reference): for tests that need respondent-level relations.
* ``make_tiny_wave(raw_dir, wave_id, year, ...)`` writes a small valid ``.sav`` + codebook;
  ``tiny_raw`` is a raw folder of two such waves and ``tiny_build`` one build of it (shared,
  read-only: copy its folder before changing anything).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml
from shared_builds import copy_out_dir, once

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
# `cpi build` run as a command by the tests writes no report (the demo build fixture asks for one)
os.environ.setdefault("CPI_REPORT", "0")
# the run's builds (tmp OUT folders, xdist workers, `cpi` subprocesses) share dbt's saved parse;
# one folder per run (xdist gives every worker the same run id), never the last run's
os.environ.setdefault(
    "CPI_DBT_PARSE_CACHE",
    os.path.join(tempfile.gettempdir(), f"cpi-dbt-parse-{os.environ.get('PYTEST_XDIST_TESTRUNUID') or os.getpid()}"),
)

REPO = Path(__file__).resolve().parents[1]
RAW_DIR = REPO / "data" / "raw"
REGIONS_2020 = {"abai", "zhetysu", "ulytau"}  # created in 2022

# Identifier values written by make_tiny_wave; tests scan releases for them.
PHONE_PREFIX = "+7 701 555 "
NAME_PREFIX = "Tinytestov Respondent "
GPS_PREFIX = "51.169871, 71.44"  # + 4 digits: a point in Astana
RESPONDENT_ID_BASE = 7_300_000  # respondent ids are RESPONDENT_ID_BASE + 1 .. + n

DEMOGRAPHICS: dict[str, tuple[str, dict[int, str]]] = {
    "pol": ("gender", {1: "male", 2: "female"}),
    "tip": ("settlement", {1: "urban", 2: "rural"}),
    "nac": ("ethnicity", {1: "kazakh", 2: "russian", 3: "other"}),
    "yaz": (
        "home_language",
        {1: "kazakh", 2: "kazakh_russian", 3: "russian", 4: "other"},
    ),
    "obr": ("education", {1: "general_secondary", 2: "professional", 3: "higher"}),
    "dox": ("welfare", {1: "1", 2: "2", 3: "3", 4: "4", 5: "5"}),
    "sem": ("marital_status", {1: "married", 2: "single", 3: "divorced", 4: "widowed"}),
    "zan": (
        "occupation",
        {1: "private_wage_earner", 2: "public_employee", 3: "pensioner"},
    ),
}
FRIENDLY = ["central_asia", "china", "turkey", "russia", "usa", "europe", "other"]


def _items() -> list[str]:
    return pd.read_csv(REPO / "seeds" / "ref_items.csv")["item_code"].tolist()


def _regions(year: int) -> list[str]:
    codes = pd.read_csv(REPO / "seeds" / "ref_regions.csv")["region_code"].tolist()
    return [c for c in codes if year >= 2022 or c not in REGIONS_2020]


def make_tiny_wave(raw_dir: Path, wave_id: str, year: int, *, n: int = 240, seed: int = 1) -> Path:
    """A small, valid wave folder (``.sav`` + ``codebook.yml``) with three identifier columns
    (phone, name, GPS) and respondent ids ``RESPONDENT_ID_BASE + 1..n``."""
    rng = np.random.default_rng(seed)
    folder = Path(raw_dir) / wave_id
    folder.mkdir(parents=True, exist_ok=True)
    regions = _regions(year)
    region_values = {i + 1: code for i, code in enumerate(regions)}

    data: dict[str, object] = {
        "anketa": RESPONDENT_ID_BASE + np.arange(1, n + 1, dtype=float),
        "tel": [f"{PHONE_PREFIX}{i:04d}" for i in range(n)],
        "fio": [f"{NAME_PREFIX}{i:04d}" for i in range(n)],
        "gps": [f"{GPS_PREFIX}{i:04d}" for i in range(n)],
        "obl": np.resize(np.arange(1, len(regions) + 1), n).astype(float),
        "vozrast": rng.integers(18, 80, n).astype(float),
    }
    variables: list[dict[str, object]] = [
        {"name": "tel", "role": "identifier", "kind": "phone", "action": "drop"},
        {"name": "fio", "role": "identifier", "kind": "name", "action": "hash"},
        {"name": "gps", "role": "identifier", "kind": "gps", "action": "drop"},
        {"name": "obl", "role": "demographic", "code": "region", "label_en": "Region", "values": region_values},
        {"name": "vozrast", "role": "demographic", "code": "age", "label_en": "Age", "numeric": True},
    ]
    for name, (code, values) in DEMOGRAPHICS.items():
        data[name] = rng.integers(1, len(values) + 1, n).astype(float)
        variables.append({"name": name, "role": "demographic", "code": code, "values": values})
    for i, item in enumerate(_items(), start=1):
        answers = rng.choice([1, 2, 3, 4, 5, 99], size=n, p=[0.3, 0.2, 0.15, 0.15, 0.15, 0.05])
        data[f"q{i}"] = answers.astype(float)
        variables.append(
            {
                "name": f"q{i}",
                "role": "item",
                "code": item,
                "label_en": item,
                "valence": {"positive": [1, 2], "negative": [4, 5], "neutral": [3], "missing": [99]},
            }
        )
    data["q_news"] = rng.integers(1, 5, n).astype(float)
    variables.append(
        {
            "name": "q_news",
            "role": "question",
            "code": "news_frequency",
            "values": {1: "often", 2: "rarely", 3: "very_rarely", 4: "never", 99: "missing"},
        }
    )
    for j, country in enumerate(FRIENDLY, start=1):
        data[f"q_fr_{j}"] = rng.integers(0, 2, n).astype(float)
        variables.append(
            {
                "name": f"q_fr_{j}",
                "role": "multi_response",
                "code": "friendly_countries",
                "subject": country,
                "values": {1: "selected", 0: "not_selected", 99: "missing"},
            }
        )
    frame = pd.DataFrame(data)
    sav = folder / f"{wave_id}.sav"
    pyreadstat.write_sav(
        frame,
        str(sav),
        column_labels={
            "obl": "Область",
            "vozrast": "Возраст",
            "tel": "Телефон",
            "fio": "ФИО",
            "gps": "Координаты",
        },
        variable_value_labels={f"q{i}": {99: "Отказ"} for i in range(1, len(_items()) + 1)},
        missing_ranges={f"q{i}": [99] for i in range(1, len(_items()) + 1)},
    )
    codebook = {
        "codebook_version": 1,
        "wave": {
            "id": wave_id,
            "year": year,
            "fieldwork_start": f"{year}-11-01",
            "fieldwork_end": f"{year}-11-20",
            "kind": "annual",
            "file": sav.name,
            "format": "sav",
            "encoding": None,
            "respondent_id": "anketa",
            "synthetic": True,
            "sample_note": f"tiny synthetic test wave, n={n}",
        },
        "variables": variables,
    }
    (folder / "codebook.yml").write_text(
        yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="session")
def tiny_wave_factory() -> Callable[..., Path]:
    """``factory(raw_dir, wave_id, year, n=240, seed=1)`` -> wave folder."""
    return make_tiny_wave


@pytest.fixture(scope="session")
def tiny_identifier_markers() -> dict[str, str]:
    """Identifier column -> the text every value of it starts with (for leak scans)."""
    return {"tel": PHONE_PREFIX, "fio": NAME_PREFIX, "gps": GPS_PREFIX}


@pytest.fixture(scope="session")
def tiny_respondent_ids() -> Callable[[int], set[str]]:
    """``ids(n)``: the respondent ids of a tiny wave of ``n`` rows, as the warehouse writes them."""
    return lambda n: {str(RESPONDENT_ID_BASE + i) for i in range(1, n + 1)}


@pytest.fixture(scope="session")
def built_result(tmp_path_factory: pytest.TempPathFactory):
    """The ``BuildResult`` of one full build of ``data/raw`` (once per test run, shared by the
    xdist workers)."""
    if not RAW_DIR.is_dir() or not any((p / "codebook.yml").is_file() for p in RAW_DIR.iterdir() if p.is_dir()):
        pytest.skip(f"{RAW_DIR} has no waves yet; run `cpi demo-data` first")
    from cpi.build.run import run_build

    return once(
        tmp_path_factory, "demo_build", lambda folder: run_build(RAW_DIR, folder / "warehouse", keep=2, reports=True)
    )


@pytest.fixture(scope="session")
def built_out_dir(built_result) -> Path:
    """``OUT`` of the session build."""
    return built_result.published.parent


@pytest.fixture(scope="session")
def built_warehouse(built_out_dir: Path) -> Path:
    """The published ``OUT/cpi.duckdb`` (a symlink to the release) of the session build."""
    from cpi.publish.pointer import published_path

    path = published_path(built_out_dir)
    assert path.exists(), f"the session build published nothing at {path}"
    return path


@pytest.fixture(scope="session")
def built_work_file(built_result, built_out_dir: Path) -> Path:
    """The session build's work file (respondent-level schemas). Open it read-only."""
    from cpi.layout import Layout

    path = Layout(built_out_dir).work_file(built_result.build_id)
    assert path.is_file(), f"the session build left no work file at {path}"
    return path


@pytest.fixture()
def built_out_copy(built_out_dir: Path, tmp_path: Path) -> Callable[[], Path]:
    """``copy()`` -> a private copy of the session build's ``OUT`` (``tmp_path/demo_out``), for a
    test that changes it or builds into it (cheaper than a build of its own)."""
    return lambda: copy_out_dir(built_out_dir, tmp_path / "demo_out")


@pytest.fixture(scope="session")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A raw folder of two tiny waves (shared by the whole run: do not change it)."""

    def write(folder: Path) -> Path:
        make_tiny_wave(folder / "raw", "tiny_2021_11", 2021, n=200, seed=21)
        make_tiny_wave(folder / "raw", "tiny_2023_11", 2023, n=240, seed=23)
        return folder / "raw"

    return once(tmp_path_factory, "tiny_raw", write)


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory, tiny_raw: Path):
    """One successful build of ``tiny_raw`` (keep=2). Tests must not modify its folder."""
    from cpi.build.run import run_build

    return once(tmp_path_factory, "tiny_build", lambda folder: run_build(tiny_raw, folder / "out", keep=2))


# --- Scheduling (make test runs pytest-xdist with --dist loadgroup) -------------------------------
# Fixtures whose first use costs a full build (shared by the whole run). Tests using one are marked
# `shared_build`; `make test-fast` leaves them out.
SHARED_BUILD_FIXTURES = {
    "built_result",
    "built_out_dir",
    "built_warehouse",
    "built_work_file",
    "built_out_copy",
    "tiny_build",
    "app_warehouse",
    "served_warehouse",
}


def _group(item: pytest.Item) -> str | None:
    """The xdist group of a test: the tiny-build tests run together on one worker (the first one
    builds it, the others follow without waiting); a module with a module- or class-scoped fixture
    (e.g. a build of its own) keeps its tests on one worker, so that fixture runs once."""
    if "tiny_build" in item.fixturenames:
        return "tiny_build"
    info = getattr(item, "_fixtureinfo", None)
    for defs in info.name2fixturedefs.values() if info else ():
        if defs and defs[-1].scope in ("module", "class"):
            return item.nodeid.split("::")[0]
    return None


def _rank(item: pytest.Item) -> int:
    """Longest work first, so that nothing long starts last: the tiny-build group, Spark, the
    browser, other slow tests, then the rest in collection order."""
    if "tiny_build" in item.fixturenames:
        return 0
    for rank, marker in enumerate(("spark", "browser", "slow"), start=1):
        if item.get_closest_marker(marker):
            return rank
    return 4


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    groups: dict[str, int] = {}
    for item in items:
        if SHARED_BUILD_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.shared_build)
        group = _group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
            groups[group] = min(groups.get(group, 4), _rank(item))
    # a group's tests keep their collection order and stay together
    items.sort(key=lambda item: groups.get(_group(item) or "", _rank(item)))
