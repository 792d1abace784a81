"""A Spark cluster that cannot work is refused before any wave is read, in one line naming the setting.

`cpi build --engine spark` as an operator runs it (a subprocess, the real CLI): a cluster master
without shared storage, a shared folder that does not exist, a master nobody answers at. Each
fails with exit code != 0, one `error:` line naming the environment variable to fix, no
traceback, no release, no raw store copied anywhere. Also: the settings that are inputs of the
fingerprint, and the Spark settings rendered from profiles.yml.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from local_cluster import free_port

from cpi.build.fingerprint import describe_changes
from cpi.engines.spark.settings import SparkCluster, SparkDirs, session_parameters
from cpi.errors import BuildError

pytestmark = pytest.mark.spark
REPO = Path(__file__).resolve().parents[2]


def _cpi_build(raw: Path, out: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CPI_SPARK_")}
    return subprocess.run(
        [str(Path(sys.executable).parent / "cpi"), "build", "--raw", str(raw), "--out", str(out), "--engine", "spark",
         *extra], check=False, capture_output=True, text=True, env={**clean, "COLUMNS": "300", **env}, cwd=REPO, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("settings", "names", "says"),
    [
        ({"CPI_SPARK_MASTER": "spark://127.0.0.1:{port}"}, "CPI_SPARK_SHARED", "is not set"),
        ({"CPI_SPARK_MASTER": "spark://127.0.0.1:{port}", "CPI_SPARK_SHARED": "{tmp}/no-such-mount"},
         "CPI_SPARK_SHARED", "is not a writable folder"),
        ({"CPI_SPARK_MASTER": "spark://127.0.0.1:{port}", "CPI_SPARK_SHARED": "{tmp}"},
         "CPI_SPARK_MASTER", "no Spark master answers there"),
    ],
    ids=["cluster-without-shared-storage", "shared-folder-missing", "master-unreachable"],
)  # fmt: skip
def test_an_unusable_cluster_fails_in_one_line_naming_the_setting(
    tiny_raw: Path, tmp_path: Path, spark_stack: None, settings: dict, names: str, says: str
):
    port = free_port()  # nothing listens there
    env = {k: v.format(port=port, tmp=tmp_path) for k, v in settings.items()}
    out = tmp_path / "out"
    done = _cpi_build(tiny_raw, out, env)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith("error: ") and names in errors[0] and says in errors[0] and "Fix:" in errors[0]
    assert "Traceback" not in done.stdout + done.stderr
    for folder in (out / "releases", out / "restricted" / "raw"):  # nothing published, no wave stored
        assert not folder.exists() or not any(folder.iterdir())


def test_the_option_names_the_shared_location_like_the_variable(tiny_raw: Path, tmp_path: Path, spark_stack: None):
    done = _cpi_build(tiny_raw, tmp_path / "out", {"CPI_SPARK_MASTER": f"spark://127.0.0.1:{free_port()}"},
                      "--spark-shared", str(tmp_path / "missing"))  # fmt: skip
    assert done.returncode != 0 and f"CPI_SPARK_SHARED={tmp_path / 'missing'}" in done.stderr


def test_master_and_shared_location_are_inputs_and_credentials_are_not_kept(tmp_path: Path):
    local = SparkCluster.from_env({})
    assert (local.master, local.shared, local.local) == ("local[2]", None, True)
    cluster = SparkCluster.from_env({"CPI_SPARK_MASTER": "spark://h1:7077", "CPI_SPARK_SHARED": f"file://{tmp_path}/"})
    assert cluster.components() == {"master": "spark://h1:7077", "shared": str(tmp_path)}
    assert cluster.warehouse(SparkDirs.under(tmp_path / "out")) == f"{tmp_path}/warehouse"
    secret = SparkCluster.from_env(
        {"CPI_SPARK_MASTER": "spark://h:7077", "CPI_SPARK_SHARED": "s3a://key:pw@bucket/cpi/"}
    )
    assert secret.shared == "s3a://key:pw@bucket/cpi" and secret.components()["shared"] == "s3a://bucket/cpi"
    old = {"engine": "spark", "engine_settings": local.components()}
    assert describe_changes(old, {"engine": "spark", "engine_settings": cluster.components()}) == \
        "Spark master or shared storage"  # fmt: skip
    with pytest.raises(BuildError, match="CPI_SPARK_SHARED is not set"):
        SparkCluster.from_env({"CPI_SPARK_MASTER": "spark://h1:7077"}).check()


def test_operator_settings_reach_the_session_and_empty_ones_keep_sparks_default(tmp_path: Path):
    env = {
        "CPI_SPARK_DIR": str(tmp_path),
        "CPI_SPARK_WAREHOUSE": f"{tmp_path}/shared/warehouse",
        "CPI_SPARK_PYTHON": "/opt/py/bin/python3",
        "CPI_SPARK_EXECUTOR_CORES": "2",
        "CPI_SPARK_EXECUTOR_MEMORY": "3g",
        "CPI_SPARK_DRIVER_HOST": "10.0.0.5",
        "CPI_SPARK_DRIVER_PORT": "40000",
    }
    parameters = session_parameters(REPO, env)
    assert parameters["spark.executor.cores"] == "2" and parameters["spark.executor.memory"] == "3g"
    assert parameters["spark.pyspark.python"] == "/opt/py/bin/python3"
    assert parameters["spark.driver.host"] == "10.0.0.5" and parameters["spark.driver.port"] == "40000"
    assert parameters["spark.sql.warehouse.dir"] == f"{tmp_path}/shared/warehouse"
    assert "spark.blockManager.port" not in parameters and "spark.cores.max" not in parameters  # Spark's default
    assert parameters["spark.sql.execution.arrow.pyspark.fallback.enabled"] == "false"
