"""The raw store published on the cluster's shared storage (``CPI_SPARK_SHARED``).

Every node of a cluster must read the raw Parquet and write the tables the driver reads. The
build's raw store lives on the driver's disk (``OUT/restricted/raw``), so each wave folder the
build uses is published to ``SHARED/raw/<wave_id>--<key16>/``: the same content-keyed name, so a
folder that is complete was made from exactly the same inputs and is never written again.

A published folder is complete when its ``SHA256SUMS`` file exists: it is written last, after
every file was copied and read back with the expected checksum (so it also works on object
storage, where nothing is renamed atomically). A folder without it (a killed build) is written
again; a complete folder whose files differ in size from their checksum list fails the build
(the shared copy was changed by someone: the store is immutable).

Local paths (a mount every node has at the same path) are written with the standard library;
URIs (``s3a://``, ``hdfs://``, ``gs://``, ...) through ``pyarrow.fs`` (``s3a`` read as ``s3``),
which takes its credentials from the usual environment (AWS_*, HADOOP_*).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cpi.engines.spark.settings import join
from cpi.errors import BuildError

if TYPE_CHECKING:  # pragma: no cover
    from pyarrow.fs import FileSystem

log = logging.getLogger(__name__)
SUMS = "SHA256SUMS"
CHUNK = 1 << 20
PYARROW_SCHEMES = {"s3a": "s3", "s3n": "s3"}


def filesystem(location: str) -> tuple[FileSystem, str]:
    """A pyarrow filesystem and the base path inside it for a shared location."""
    from pyarrow import fs

    if "://" not in location:
        return fs.LocalFileSystem(), location
    scheme, rest = location.split("://", 1)
    try:
        return fs.FileSystem.from_uri(f"{PYARROW_SCHEMES.get(scheme, scheme)}://{rest}")
    except (OSError, ValueError) as exc:
        raise BuildError(
            f"CPI_SPARK_SHARED={location}: cannot open it from this machine ({exc}). Fix: use a local mount "
            "or a URI pyarrow reads (s3a://, hdfs://, gs://) with its credentials in the environment."
        ) from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _sums_text(sums: dict[str, str]) -> str:
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))


def _parse_sums(text: str) -> dict[str, str]:
    return {name: digest for digest, name in (line.split("  ", 1) for line in text.splitlines() if line)}


def _read_text(fs: FileSystem, path: str) -> str | None:
    from pyarrow import fs as pafs

    if fs.get_file_info(path).type != pafs.FileType.File:
        return None
    with fs.open_input_stream(path) as stream:
        return stream.read().decode("utf-8")


def _remote_sha256(fs: FileSystem, path: str) -> str:
    digest = hashlib.sha256()
    with fs.open_input_stream(path) as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def publish_folder(folder: Path, location: str) -> str:
    """Publish one raw-store folder's Parquet files to ``location/raw/<folder name>``; returns it."""
    from pyarrow import fs as pafs

    fs, base = filesystem(location)
    target = join(base, "raw", folder.name)
    files = sorted(folder.glob("*.parquet"))
    sums_path = join(target, SUMS)
    existing = _read_text(fs, sums_path)
    if existing is not None:
        sums = _parse_sums(existing)
        infos = {
            Path(i.path).name: i.size
            for i in fs.get_file_info(pafs.FileSelector(target))
            if i.type == pafs.FileType.File
        }
        local = {f.name: f.stat().st_size for f in files}
        if set(sums) != set(local) or any(infos.get(name) != size for name, size in local.items()):
            raise BuildError(
                f"{join(location, 'raw', folder.name)}: the published raw folder differs from {folder} (files "
                "or sizes), but published folders never change. Fix: remove that folder on the shared storage; "
                "the next build publishes it again."
            )
        return join(location, "raw", folder.name)
    fs.create_dir(target, recursive=True)
    sums = {}
    for file in files:
        sums[file.name] = sha256_of(file)
        pafs.copy_files(
            str(file), join(target, file.name), source_filesystem=pafs.LocalFileSystem(), destination_filesystem=fs
        )
        copied = _remote_sha256(fs, join(target, file.name))
        if copied != sums[file.name]:
            raise BuildError(
                f"{join(location, 'raw', folder.name, file.name)}: the copy's sha256 {copied} is not the raw "
                f"store's {sums[file.name]}. Fix: check the shared storage, then rebuild."
            )
    with fs.open_output_stream(sums_path) as stream:
        stream.write(_sums_text(sums).encode("utf-8"))
    log.info("published %s to %s", folder.name, join(location, "raw"))
    return join(location, "raw", folder.name)


def publish_raw(folders: Iterable[Path], location: str) -> list[str]:
    """Publish the build's wave folders; returns their shared locations (in the same order)."""
    return [publish_folder(Path(folder), location) for folder in folders]


def shared_tables(folders: Iterable[Path], published: list[str]) -> dict[str, list[str]]:
    """``{table: [shared parquet file, ...]}``: the raw tables of the local folders, on the shared copy."""
    tables: dict[str, list[str]] = {}
    for folder, remote in zip(folders, published, strict=True):
        for file in sorted(Path(folder).glob("*.parquet")):
            tables.setdefault(file.stem, []).append(join(remote, file.name))
    return tables


def publish_file(file: Path, location: str, *names: str) -> str:
    """Copy one file (this build's gate results) to ``location/<names...>``; returns its location."""
    from pyarrow import fs as pafs

    fs, base = filesystem(location)
    target = join(base, *names)
    fs.create_dir(target.rsplit("/", 1)[0], recursive=True)
    pafs.copy_files(str(file), target, source_filesystem=pafs.LocalFileSystem(), destination_filesystem=fs)
    return join(location, *names)
