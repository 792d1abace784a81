"""Benchmark scenarios (which waves a build sees) and the cache of generated waves.

- ``x<k>``: the four demo waves with the 2023 wave replaced by k × its respondents (``x1`` is the
  demo data itself).
- ``monthly<m>``: the four demo waves plus m monthly waves (2023 questionnaire, 1,616 respondents
  each, fieldwork in each month from January 2024 on).
- adding a wave: the largest ``x<k>`` plus the first monthly wave, built into the same folder.

Generated waves live in ``<cache>/waves/<wave_id>-x<k>-<key>/`` (key: spec + generator version +
source files), are generated once and reused. A scenario's raw folder holds symlinks to them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpi_bench.monitor import Measured, run_measured
from cpi_bench.synth import WaveSpec

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_RAW = REPO_ROOT / "data" / "raw"
SCALED_WAVE = "cpi_2023_12"
FIRST_MONTH = (2024, 1)
BASE_SEED = 20231205
GENERATED = "generated.json"


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    waves: dict[str, WaveSpec | None] = field(default_factory=dict)  # None: the demo wave as is


def scaled_spec(factor: int, demo_raw: Path = DEMO_RAW) -> WaveSpec:
    return WaveSpec(str(demo_raw / SCALED_WAVE), SCALED_WAVE, factor, BASE_SEED + factor)


def monthly_specs(count: int, demo_raw: Path = DEMO_RAW) -> list[WaveSpec]:
    specs = []
    for i in range(count):
        year, month = FIRST_MONTH[0] + (FIRST_MONTH[1] - 1 + i) // 12, (FIRST_MONTH[1] - 1 + i) % 12 + 1
        specs.append(
            WaveSpec(
                str(demo_raw / SCALED_WAVE),
                f"cpi_{year}_{month:02d}",
                1,
                BASE_SEED + 100_000 + i,
                year=year,
                fieldwork_start=f"{year}-{month:02d}-05",
                fieldwork_end=f"{year}-{month:02d}-25",
            )
        )
    return specs


def demo_waves(demo_raw: Path = DEMO_RAW) -> dict[str, WaveSpec | None]:
    return {p.name: None for p in sorted(demo_raw.iterdir()) if (p / "codebook.yml").is_file()}


def scale_scenario(factor: int, demo_raw: Path = DEMO_RAW) -> Scenario:
    waves = demo_waves(demo_raw)
    if factor != 1:
        waves[SCALED_WAVE] = scaled_spec(factor, demo_raw)
    what = "the demo waves" if factor == 1 else f"the demo waves, {SCALED_WAVE} x{factor}"
    return Scenario(f"x{factor}", what, waves)


def monthly_scenario(count: int, demo_raw: Path = DEMO_RAW) -> Scenario:
    waves = demo_waves(demo_raw) | {s.wave_id: s for s in monthly_specs(count, demo_raw)}
    return Scenario(f"monthly{count}", f"the demo waves + {count} monthly waves", waves)


def with_added_wave(base: Scenario, demo_raw: Path = DEMO_RAW) -> Scenario:
    extra = monthly_specs(1, demo_raw)[0]
    return Scenario(f"{base.name}+1", f"{base.description} + {extra.wave_id}", base.waves | {extra.wave_id: extra})


class WaveCache:
    """Generated waves under ``root/waves``; each generated once, in a measured child process."""

    def __init__(self, root: Path, *, demo_raw: Path = DEMO_RAW, memory_limit: int | None = None) -> None:
        self.root = Path(root)
        self.demo_raw = demo_raw
        self.memory_limit = memory_limit
        self._generated: dict[str, dict[str, Any]] = {}  # what this run generated or reused, by folder

    def folder(self, spec: WaveSpec) -> Path:
        return self.root / "waves" / f"{spec.wave_id}-x{spec.factor}-{spec.cache_key()}"

    def ensure(self, spec: WaveSpec) -> Path:
        folder = self.folder(spec)
        if folder.is_dir():
            info = _read_json(folder / GENERATED)
            self._generated.setdefault(
                folder.name, {"wave_id": spec.wave_id, "factor": spec.factor, **info, "reused_from_cache": True}
            )
            return folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        log.info("generating %s x%d into %s", spec.wave_id, spec.factor, folder)
        run = run_measured(
            ["generate", "--spec", json.dumps(dataclasses.asdict(spec)), "--dest", str(folder)],
            log_path=self.root / "logs" / f"generate-{folder.name}.log",
            memory_limit=self.memory_limit,
        )
        if not run.ok:
            raise RuntimeError(f"generating {spec.wave_id} x{spec.factor} failed: {run.message} (log: {run.log_path})")
        info = generation_record(run)
        (folder / GENERATED).write_text(json.dumps(info, indent=2), encoding="utf-8")
        self._generated[folder.name] = {
            "wave_id": spec.wave_id,
            "factor": spec.factor,
            **info,
            "reused_from_cache": False,
        }
        return folder

    @property
    def generated(self) -> list[dict[str, Any]]:
        return list(self._generated.values())

    def assemble(self, scenario: Scenario, raw_dir: Path) -> Path:
        """A raw folder for ``scenario``: one sub-folder per wave with symlinks to its files."""
        shutil.rmtree(raw_dir, ignore_errors=True)
        raw_dir.mkdir(parents=True)
        for wave_id, spec in sorted(scenario.waves.items()):
            source = self.demo_raw / wave_id if spec is None else self.ensure(spec)
            target = raw_dir / wave_id
            target.mkdir()
            for path in sorted(source.iterdir()):
                if path.name != GENERATED:
                    (target / path.name).symlink_to(path.resolve())
        return raw_dir


def generation_record(run: Measured) -> dict[str, Any]:
    return {
        "respondents": run.result.get("respondents"),
        "file_bytes": run.result.get("file_bytes"),
        "wall_seconds": round(run.wall_seconds, 3),
        "cpu_seconds": round(run.cpu_seconds, 3),
        "peak_rss_bytes": run.peak_rss_bytes,
        "stages": {key: m.as_dict() for key, m in run.stages.items()},
    }


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def respondents(raw_dir: Path) -> dict[str, int]:
    """Respondents per wave of a raw folder (from the .sav headers; cheap)."""
    import pyreadstat

    counts = {}
    for folder in sorted(p for p in raw_dir.iterdir() if p.is_dir()):
        sav = next(folder.glob("*.sav"), None)
        if sav is not None:
            _, meta = pyreadstat.read_sav(str(sav), metadataonly=True)
            counts[folder.name] = int(meta.number_rows)
    return counts
