"""What every ``cpi`` command shares: logging to a file that never blocks the command, and turning
expected failures into one message and an exit status (never a traceback)."""

from __future__ import annotations

import functools
import logging
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import typer

from cpi.cli.console import err_console, print_reports
from cpi.errors import CpiError, ValidationFailed
from cpi.oserrors import filesystem_error

log = logging.getLogger("cpi.cli.main")
F = TypeVar("F", bound=Callable[..., Any])
_log_file: Path | None = None
INTERRUPTED_EXIT = 130


def user_log_dir() -> Path:
    """Per-user log folder: ``$XDG_STATE_HOME/cpi``, else ``~/.local/state/cpi``."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "cpi"


def user_log(command: str) -> Path:
    return user_log_dir() / f"{command}.log"


def setup_logging(log_file: Path) -> Path | None:
    """Everything (DEBUG) to ``log_file``. When it cannot be written the command goes on without
    a log file (one warning on stderr); returns the file in use or None."""
    global _log_file
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_cpi", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG)
    for noisy in ("great_expectations", "urllib3", "matplotlib", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        err_console.print(
            f"[yellow]warning:[/] no log file ({log_file}: {reason}); continuing without one.",
            highlight=False,
            soft_wrap=True,
        )
        quiet = logging.NullHandler()  # keeps Python's last-resort handler from echoing to stderr
        quiet._cpi = True  # type: ignore[attr-defined]
        root.addHandler(quiet)
        _log_file = None
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.DEBUG)
    handler._cpi = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    _log_file = log_file
    return log_file


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextmanager
def interrupt_signals() -> Iterator[None]:
    """SIGINT (Ctrl-C) and SIGTERM (systemd stop, kill) interrupt the build, which cleans up and
    says so. Installed explicitly: a process started in the background by a shell inherits an
    ignored SIGINT, and Python then never raises KeyboardInterrupt."""
    previous = {sig: signal.signal(sig, _raise_interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _where() -> str:
    return f" Details: {_log_file}" if _log_file else ""


def handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationFailed as exc:
            print_reports([r for r in exc.reports if not r.ok])
            err_console.print(
                f"[bold red]validation failed[/]: {len(exc.reports)} wave(s) checked; nothing was published."
            )
            raise typer.Exit(exc.exit_code) from None
        except CpiError as exc:
            log.error("%s", exc)
            err_console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print("[bold red]interrupted[/]")
            raise typer.Exit(INTERRUPTED_EXIT) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # last line of defence: no tracebacks for users
            converted = filesystem_error(exc)
            if converted is not None:
                log.error("%s", converted)
                err_console.print(f"[bold red]error:[/] {converted}", highlight=False, soft_wrap=True)
                raise typer.Exit(converted.exit_code) from None
            log.exception("unexpected error")
            err_console.print(
                f"[bold red]unexpected error:[/] {type(exc).__name__}: {exc}.{_where()}",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]
