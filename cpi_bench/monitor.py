"""Run one measured child process (``python -m cpi_bench.probe ...``) and sample it.

The child writes JSON lines to an inherited pipe: ``{"t": ..., "stage": key}`` when it enters a
stage and ``{"t": ..., "result": {...}}`` once at the end. The parent samples the RSS and CPU
times of the child and all its descendants every ``interval`` seconds with psutil, can stop the
tree when it exceeds a memory limit, and collects the child's exit status and resource usage
with ``os.wait4``.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from cpi_bench.timeline import (
    Sample,
    StageEvent,
    StageMeasure,
    attribute,
    stage_at_end,
    unfinished_dbt_nodes,
)

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 0.05


@dataclass
class Measured:
    """What one child process did: status, totals, per-stage measures and its result payload."""

    status: str  # ok | failed | memory_limit | killed
    wall_seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    max_process_rss_bytes: int  # the largest single process (wait4's ru_maxrss)
    stages: dict[str, StageMeasure]
    result: dict[str, Any] = field(default_factory=dict)
    died_in: str | None = None
    message: str | None = None
    log_path: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return [proc]


def _sample(proc: psutil.Process) -> Sample:
    rss, cpu = 0, 0.0
    for member in _tree(proc):
        try:
            with member.oneshot():
                rss += member.memory_info().rss
                times = member.cpu_times()
        except psutil.Error:
            continue
        cpu += times.user + times.system + times.children_user + times.children_system
    return Sample(time.monotonic(), rss, cpu)


def _kill_tree(proc: psutil.Process) -> None:
    """SIGKILL the child we started and its descendants (by pid, children first)."""
    for member in reversed(_tree(proc)):
        try:
            member.send_signal(signal.SIGKILL)
        except psutil.Error:
            pass


class _EventReader(threading.Thread):
    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self._fd = fd
        self.events: list[StageEvent] = []
        self.result: dict[str, Any] = {}

    def run(self) -> None:
        with os.fdopen(self._fd, "r", encoding="utf-8") as stream:
            for line in stream:
                try:
                    message = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if "stage" in message:
                    self.events.append(StageEvent(float(message["t"]), str(message["stage"])))
                if "result" in message:
                    self.result = message["result"]


def run_measured(
    args: list[str],
    *,
    log_path: Path,
    interval: float = DEFAULT_INTERVAL,
    memory_limit: int | None = None,
    env: dict[str, str] | None = None,
) -> Measured:
    """Run ``python -m cpi_bench.probe <args>`` under the sampler; never raises for the child's failure."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    read_fd, write_fd = os.pipe()
    cmd = [sys.executable, "-m", "cpi_bench.probe", *args, "--events-fd", str(write_fd)]
    log.info("measuring %s", " ".join(cmd))
    with log_path.open("w", encoding="utf-8") as log_file:
        start = time.monotonic()
        child = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, pass_fds=(write_fd,), env=env)
        os.close(write_fd)
        reader = _EventReader(read_fd)
        reader.start()
        proc = psutil.Process(child.pid)
        samples: list[Sample] = []
        stopped_for_memory = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            sample = _sample(proc)
            samples.append(sample)
            if memory_limit and sample.rss > memory_limit and not stopped_for_memory:
                log.warning("stopping %s: %.1f GB > limit", args[0], sample.rss / 1e9)
                stopped_for_memory = True
                _kill_tree(proc)
            time.sleep(interval)
        end = time.monotonic()
        child.returncode = os.waitstatus_to_exitcode(status)
        reader.join(timeout=5)

    # wait4 has the child's CPU and that of the children it waited for; a child killed by the
    # benchmark never waited for dbt, whose CPU then only the samples saw.
    cpu_total = max(usage.ru_utime + usage.ru_stime, samples[-1].cpu if samples else 0.0)
    if samples:
        samples.append(Sample(end, 0, cpu_total))  # the stretch after the last sample
    stages = attribute(reader.events, samples, start=start, end=end)
    result = reader.result
    code = child.returncode
    if stopped_for_memory:
        state, message = "memory_limit", f"stopped by the benchmark above {memory_limit / 1e9:.1f} GB"
    elif code < 0 or code == 137:
        state, message = "killed", f"killed by signal {-code if code < 0 else 9} (out of memory?)"
    elif code != 0 or result.get("status", "ok") != "ok":
        state, message = "failed", result.get("message") or f"exit status {code}; see {log_path}"
    else:
        state, message = "ok", None
    if state != "ok":
        running = unfinished_dbt_nodes(log_path.read_text(encoding="utf-8", errors="replace").splitlines())
        if running:
            message = f"{message}; dbt was running: {', '.join(running)}"
    return Measured(
        status=state,
        wall_seconds=end - start,
        cpu_seconds=cpu_total,
        peak_rss_bytes=max((s.rss for s in samples), default=0),
        max_process_rss_bytes=usage.ru_maxrss * 1024,
        stages=stages,
        result=result,
        died_in=None if state == "ok" else result.get("failed_in") or stage_at_end(reader.events),
        message=message,
        log_path=str(log_path),
    )
