"""The validation gate: codebook consistency + Great Expectations checks on the data file.

``check_wave`` is the pure part (a parsed codebook and a read data file in, a report out; no file
I/O). ``gate_wave`` reads the codebook and the data file once each and runs ``check_wave``;
``validate_wave`` returns only its report. None of them raises for data or codebook problems:
everything ends up as a failed ``CheckResult`` in the returned ``ValidationReport``. Raw files are
only read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from cpi.errors import CodebookError, CpiError, ReadError
from cpi.ingest.codebook import read_codebook
from cpi.ingest.codebook_checks import consistency_issues
from cpi.ingest.codebook_model import Codebook
from cpi.ingest.gate_report import CheckResult, ValidationReport
from cpi.ingest.readers import RawData, read_data
from cpi.ingest.waves import WaveSource

__all__ = ["CheckResult", "GatedWave", "ValidationReport", "check_wave", "gate_wave", "validate_wave"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GatedWave:
    """One wave after the gate: its parsed codebook and data (None when they could not be read)."""

    source: WaveSource
    codebook: Codebook | None
    raw: RawData | None
    report: ValidationReport


def _codebook_checks(codebook: Codebook) -> list[CheckResult]:
    cb_file = str(codebook.path)
    checks = [CheckResult("codebook_readable", True, cb_file)]
    issues = consistency_issues(codebook)
    for issue in issues:
        detail = issue.problem if issue.value is None else f"{issue.problem} (value {issue.value})"
        checks.append(CheckResult(f"codebook.{issue.rule}", False, cb_file, issue.variable, detail, issue.fix))
    if not issues:
        checks.append(CheckResult("codebook_consistent", True, cb_file))
    return checks


def check_wave(source: WaveSource, codebook: Codebook, raw: RawData, *, population: bool = False) -> ValidationReport:
    """Every check of one wave on an already parsed codebook and read data file; never raises for data.

    ``population``: also check that every population-margin category has a respondent
    (``cpi.ingest.gate_population``; the build and ``cpi validate`` do, the unit tables need not)."""
    from cpi.ingest.gate_checks import (
        run_expectations,  # imports Great Expectations (slow)
    )

    data_file = str(source.data_path)
    checks = [*_codebook_checks(codebook), CheckResult("file_readable", True, data_file)]
    try:
        checks.extend(run_expectations(codebook, raw, data_file))
        if population and not raw.frame.empty:
            from cpi.ingest.gate_population import population_checks

            checks.extend(population_checks(codebook, raw, data_file))
    except Exception as exc:  # a GX failure on odd data must become a report, not a crash
        log.exception("gate checks could not run for %s", data_file)
        checks.append(
            CheckResult(
                "gate_error",
                False,
                data_file,
                detail=f"{type(exc).__name__}: {exc}",
                fix="check the file's column types against the codebook; see the log for details",
            )
        )
    report = ValidationReport.from_checks(source, checks)
    log.info("gate %s: %s (%d checks)", source.wave_id, "ok" if report.ok else "FAILED", len(checks))
    return report


def _failed(check_name: str, path: Path, exc: CpiError, default_fix: str) -> CheckResult:
    """A check failed by an exception whose message reads '<path>: <problem>. Fix: <fix>.'"""
    problem, found, fix = str(exc).removeprefix(f"{path}: ").partition(" Fix: ")
    return CheckResult(
        check_name,
        False,
        str(path),
        detail=problem.strip().rstrip("."),
        fix=fix.strip().rstrip(".") if found else default_fix,
    )


def gate_wave(source: WaveSource, *, population: bool = False) -> GatedWave:
    """Parse the codebook once, read the data file once, check them; never raises for data problems."""
    try:
        codebook = read_codebook(source.codebook_path)
    except CodebookError as exc:
        check = _failed("codebook_readable", source.codebook_path, exc, "correct the codebook (format: docs/ingest.md)")
        return GatedWave(source, None, None, ValidationReport.from_checks(source, [check]))
    try:
        raw = read_data(source.data_path, codebook.wave.format, codebook.wave.encoding, codebook.wave.delimiter)
    except ReadError as exc:
        check = _failed(
            "file_readable",
            source.data_path,
            exc,
            "replace the file with a readable export, or correct wave.format/encoding",
        )
        return GatedWave(
            source, codebook, None, ValidationReport.from_checks(source, [*_codebook_checks(codebook), check])
        )
    return GatedWave(source, codebook, raw, check_wave(source, codebook, raw, population=population))


def validate_wave(source: WaveSource, *, population: bool = False) -> ValidationReport:
    """Run every check for one wave (``cpi validate``); never raises for data or codebook problems."""
    return gate_wave(source, population=population).report
