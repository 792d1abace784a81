"""Child-process entry of every measured run: ``python -m cpi_bench.probe <task> ...``.

Tasks: ``build`` (``cpi.build.run.run_build``; ``--engine``, ``--force``), ``floor`` (the DuckDB query), ``pandas`` (the
pandas script), ``generate`` (one synthetic wave). Each announces its stages on the pipe given
by ``--events-fd`` (see ``cpi_bench.monitor``) and ends with one result message.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cpi_bench.timeline import SHUTDOWN

log = logging.getLogger("cpi_bench.probe")


class Events:
    """Writes stage changes and the result to the parent's pipe (no-op without a pipe)."""

    def __init__(self, fd: int | None) -> None:
        self._stream = os.fdopen(fd, "w", encoding="utf-8", buffering=1) if fd is not None else None
        self.current: str | None = None

    def _send(self, message: dict[str, Any]) -> None:
        if self._stream is not None:
            self._stream.write(json.dumps(message, default=str) + "\n")

    def stage(self, key: str) -> None:
        if key != self.current:
            self.current = key
            self._send({"t": time.monotonic(), "stage": key})

    def result(self, payload: dict[str, Any]) -> None:
        self._send({"t": time.monotonic(), "result": payload})
        self.stage(SHUTDOWN)


def _task_build(args: argparse.Namespace, events: Events) -> dict[str, Any]:
    from cpi_bench.build_probe import measured_build

    return measured_build(Path(args.raw), Path(args.out), events, engine=args.engine, force=args.force)


def _task_floor(args: argparse.Namespace, events: Events) -> dict[str, Any]:
    from cpi_bench.floor import run_floor

    return run_floor(Path(args.raw), Path(args.result), Path(args.work), events.stage)


def _task_pandas(args: argparse.Namespace, events: Events) -> dict[str, Any]:
    from cpi_bench.pandas_script import run_pandas

    return run_pandas(Path(args.raw), Path(args.result), events.stage)


def _task_generate(args: argparse.Namespace, events: Events) -> dict[str, Any]:
    from cpi_bench.synth import WaveSpec, write_wave

    spec = WaveSpec(**json.loads(args.spec))
    return write_wave(spec, Path(args.dest), events.stage)


TASKS: dict[str, Callable[[argparse.Namespace, Events], dict[str, Any]]] = {
    "build": _task_build,
    "floor": _task_floor,
    "pandas": _task_pandas,
    "generate": _task_generate,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cpi_bench.probe")
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("--raw")
    parser.add_argument("--out")
    parser.add_argument("--result")
    parser.add_argument("--work")
    parser.add_argument("--dest")
    parser.add_argument("--spec")
    parser.add_argument("--engine", default="duckdb")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--events-fd", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    events = Events(args.events_fd)
    try:
        payload = TASKS[args.task](args, events)
    except Exception as exc:  # reported to the parent, which records the failure
        log.exception("%s failed", args.task)
        events.result({"status": "failed", "message": f"{type(exc).__name__}: {exc}", "failed_in": events.current})
        return 1
    events.result({"status": "ok", **payload})
    return 0


if __name__ == "__main__":
    sys.exit(main())
