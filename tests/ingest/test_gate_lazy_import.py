"""Great Expectations is imported only when a wave is validated (its import costs seconds).

Each case runs in a fresh interpreter: storing waves that are all in the raw store already (a
build after adding nothing, or the unchanged waves of an add-a-wave build) leaves
``great_expectations`` out of ``sys.modules``; storing a new wave (the gate runs) brings it in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from shared_builds import copy_out_dir

STORE = """
import sys
from pathlib import Path
import cpi.cli.main, cpi.build.pipeline
from cpi.build.pipeline import discover_sources
from cpi.ingest.raw_keys import ingest_fingerprint, wave_inputs
from cpi.ingest.raw_store import store_waves
from cpi.ingest.salt import load_or_create_salt, salt_fingerprint
from cpi.layout import Layout
from cpi.stages import StageClock

raw, out = Path(sys.argv[1]), Path(sys.argv[2])
layout = Layout(out)
layout.prepare()
salt = load_or_create_salt(layout.salt)
waves = wave_inputs(discover_sources(raw), ingest_fp=ingest_fingerprint(), salt_fp=salt_fingerprint(salt))
stored = store_waves(waves, layout.raw_store, salt=salt, clock=StageClock())
print(sorted(s.wave.source.wave_id for s in stored if s.cached))
print("great_expectations" in sys.modules)
"""


def _store(raw: Path, out: Path) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", STORE, str(raw), str(out)], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    cached, imported = done.stdout.strip().splitlines()[-2:]
    return cached, imported


def test_stored_waves_do_not_import_great_expectations(tiny_raw: Path, tiny_build, tmp_path: Path) -> None:
    out = copy_out_dir(tiny_build.published.parent, tmp_path / "out")
    cached, imported = _store(tiny_raw, out)
    assert cached == str(sorted(p.name for p in tiny_raw.iterdir() if p.is_dir()))
    assert imported == "False"


@pytest.mark.slow
def test_a_new_wave_is_validated_with_great_expectations(tiny_wave_factory, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    tiny_wave_factory(raw, "tiny_2022_11", 2022, n=60, seed=5)
    cached, imported = _store(raw, tmp_path / "out")
    assert (cached, imported) == ("[]", "True")
