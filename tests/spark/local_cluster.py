"""A Spark standalone cluster on 127.0.0.1 for tests: a master and two workers, started from the
pyspark wheel (``bin/spark-class``), small cores and memory, every process stopped by its PID.

Worker 2 can run in a mount namespace of its own (``unshare --mount``, root only) where a tmpfs
hides a folder of the driver's (its output folder): a node with its own disk, sharing only what
is outside that folder (the shared location).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

START_SECONDS = 180.0  # a loaded 2-core machine starts a JVM slowly
DAEMON_MEMORY = "256m"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def can_hide_folders() -> bool:
    """A worker in its own mount namespace needs root and util-linux's unshare."""
    return os.geteuid() == 0 and shutil.which("unshare") is not None


@dataclass
class Worker:
    process: subprocess.Popen
    work_dir: Path  # executors' logs: app-*/<executor id>/stderr
    scratch: Path  # SPARK_LOCAL_DIRS (0700)
    hides: Path | None = None

    def tasks_run(self) -> int:
        """Tasks this worker's executors ran (the executors' "Running task" log lines)."""
        return sum(path.read_text(errors="replace").count("Running task")
                   for path in self.work_dir.glob("app-*/*/stderr"))  # fmt: skip


@dataclass
class LocalCluster:
    root: Path
    master_url: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)

    def _env(self, **extra: str) -> dict[str, str]:
        home = spark_home()
        env = {**os.environ, "SPARK_HOME": str(home), "SPARK_DAEMON_MEMORY": DAEMON_MEMORY, **extra}
        env.pop("PYSPARK_GATEWAY_PORT", None)
        return env

    def _start(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "wb")  # noqa: SIM115 - kept open by the child
        process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.root,
                                   start_new_session=True)  # fmt: skip
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace") if path.is_file() else ""

    def _wait_for(self, what: str, ready) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if ready():
                return
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{process.args[:3]} exited ({process.returncode}) before {what}")
            time.sleep(1.0)
        raise RuntimeError(f"the local cluster: no {what} within {START_SECONDS:.0f}s")

    def start(self, *, hide_from_worker2: Path | None = None, cores: int = 1, memory: str = "1g") -> LocalCluster:
        self.root.mkdir(parents=True, exist_ok=True)
        spark_class = str(spark_home() / "bin" / "spark-class")
        port = free_port()
        self.master_url = f"spark://127.0.0.1:{port}"
        self._start("master", [spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                               "--port", str(port), "--webui-port", str(free_port())], self._env())  # fmt: skip
        self._wait_for("master listening", lambda: _listening(port))
        for number in (1, 2):
            work_dir, scratch = self.root / f"worker{number}", self.root / f"scratch{number}"
            for folder in (work_dir, scratch):
                folder.mkdir(exist_ok=True)
                folder.chmod(0o700)
            cmd = [spark_class, "org.apache.spark.deploy.worker.Worker", self.master_url, "--host", "127.0.0.1",
                   "--cores", str(cores), "--memory", memory, "--webui-port", str(free_port()),
                   "--work-dir", str(work_dir)]  # fmt: skip
            hides = hide_from_worker2 if number == 2 else None
            if hides is not None:  # a node with its own disk: the driver's folder is not there
                cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                       'mount -t tmpfs -o size=64m,mode=0700 cpi-own-disk "$1" && shift && exec "$@"', "sh",
                       str(hides), *cmd]  # fmt: skip
            process = self._start(f"worker{number}", cmd, self._env(SPARK_LOCAL_DIRS=str(scratch)))
            self.workers.append(Worker(process, work_dir, scratch, hides))
        self._wait_for("two registered workers", lambda: self.log("master").count("Registering worker") >= 2)
        return self

    def stop(self) -> None:
        """SIGTERM each process started here (by PID), then SIGKILL what is left after 30 s."""
        for process in reversed(self.processes):
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def mounts_of(pid: int) -> str:
    return Path(f"/proc/{pid}/mountinfo").read_text()
