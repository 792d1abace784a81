"""Domain exceptions. Every expected failure is a ``CpiError`` with an actionable message.

The CLI prints the message and exits with ``exit_code`` (2 = validation, 3 = corrupt files found by
``cpi verify``, 1 = other); it never
shows a traceback for these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class _Report(Protocol):
    """What ``ValidationFailed`` needs of a gate report (``cpi.ingest.gate_report.ValidationReport``)."""

    @property
    def ok(self) -> bool: ...

    def format(self) -> str: ...


class CpiError(Exception):
    """Base class: an expected, explainable failure (message names file, field, value, fix)."""

    exit_code: int = 1


class CodebookError(CpiError):
    """The codebook is missing, unreadable or inconsistent."""

    exit_code = 2


class ValidationFailed(CpiError):
    """The validation gate rejected at least one wave; ``reports`` holds the details."""

    exit_code = 2

    def __init__(self, reports: Sequence[_Report], message: str | None = None):
        self.reports = list(reports)
        if message is None:
            failed = [r for r in self.reports if not r.ok]
            message = "\n\n".join(r.format() for r in failed) or "validation failed"
        super().__init__(message)


class ReadError(CpiError):
    """A data file (or wave folder) cannot be read."""

    exit_code = 2


class PublishError(CpiError):
    """A release could not be written, verified or published."""


class BuildError(CpiError):
    """The build (dbt or orchestration) failed."""


class FilesystemError(CpiError):
    """The output folder cannot be written (read-only, full, no permission): the OS cause and path."""


class IntegrityError(CpiError):
    """A release or raw-store file does not match its recorded checksum (``cpi verify``)."""

    exit_code = 3


class BuildInterrupted(CpiError):
    """Ctrl-C or SIGTERM stopped the build; nothing was published."""

    exit_code = 130
