"""What invalidates a stored wave and what makes a build a no-op."""

from __future__ import annotations

import shutil
from pathlib import Path

from cpi.build.fingerprint import describe_changes, fingerprint, input_components
from cpi.ingest.raw_keys import (
    REPO_ROOT,
    ingest_fingerprint,
    ingest_modules,
    wave_inputs,
)
from cpi.ingest.waves import WaveSource


def _copy_package(tmp_path: Path) -> Path:
    """A copy of the ``cpi`` package under ``tmp_path`` (the root the walk starts from)."""
    shutil.copytree(REPO_ROOT / "cpi", tmp_path / "cpi", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_ingest_fingerprint_follows_the_code_that_shapes_raw_tables(tmp_path: Path) -> None:
    root = _copy_package(tmp_path)
    package = root / "cpi"
    seeds = REPO_ROOT / "seeds"
    names = {p.name for p in ingest_modules(root)}
    assert {"loader.py", "gate.py", "readers.py", "identifiers.py", "codebook.py"} <= names
    assert not names & {"main.py", "run.py", "pointer.py", "release.py", "history.py"}
    before = ingest_fingerprint(root, seeds)
    cli = package / "cli" / "main.py"
    cli.write_text("# an ops-only change\n" + cli.read_text())
    assert ingest_fingerprint(root, seeds) == before, "CLI changes must not re-read the waves"
    readers = package / "ingest" / "readers.py"
    readers.write_text(readers.read_text() + "\n# a reader change\n")
    assert ingest_fingerprint(root, seeds) != before


def test_wave_keys_and_inputs_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "w1"
    folder.mkdir()
    (folder / "codebook.yml").write_text("wave: {}\n")
    (folder / "w1.sav").write_bytes(b"data-1")
    source = WaveSource("w1", folder, folder / "codebook.yml", folder / "w1.sav")
    (a,) = wave_inputs([source], ingest_fp="code", salt_fp="salt")
    assert a.folder_name == f"w1--{a.key[:16]}"
    (same,) = wave_inputs([source], ingest_fp="code", salt_fp="salt")
    (other_salt,) = wave_inputs([source], ingest_fp="code", salt_fp="salt2")
    assert same.key == a.key and other_salt.key != a.key
    (folder / "w1.sav").write_bytes(b"data-2")
    (changed,) = wave_inputs([source], ingest_fp="code", salt_fp="salt")
    assert changed.key != a.key and changed.data_sha256 != a.data_sha256

    def components(waves, storage="v1.0.0"):
        return input_components(waves, project_dir=REPO_ROOT, code_root=REPO_ROOT, storage_version=storage)

    old = components([a])
    assert fingerprint(old) == fingerprint(components([same]))
    assert describe_changes(old, components([same])) == "inputs unchanged"
    assert describe_changes(old, components([changed])) == "wave changed: w1"
    assert describe_changes(old, components([changed], "latest")) == "wave changed: w1; storage version"
    assert describe_changes(old, components([])) == "wave removed: w1"
    assert describe_changes(None, old) == "no published release to compare with"
