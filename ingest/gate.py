"""The validation gate: codebook consistency + Great Expectations checks on the data file.

``validate_wave`` never raises for data or codebook problems: everything ends up as a failed
``CheckResult`` in the returned ``ValidationReport``. Raw files are only read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ingest.codebook import read_codebook
from ingest.codebook_checks import consistency_issues
from ingest.errors import CodebookError, ReadError
from ingest.readers import read_data
from ingest.waves import WaveSource

log = logging.getLogger(__name__)


@dataclass
class CheckResult:
    check_name: str
    success: bool
    file: str
    variable: str | None = None
    detail: str = ""
    fix: str = ""
    offending: list[tuple[object, int]] = field(default_factory=list)  # (value, number of rows)
    offending_kind: str = "value"  # what an offending entry is: value | variable
    example_rows: dict[object, list[int]] = field(default_factory=dict)  # value -> first source rows (1-based)

    def offending_text(self, limit: int = 10) -> str:
        parts = [f"{self.offending_kind} {_fmt_value(v)} ({n} row{'s' if n != 1 else ''})" for v, n in self.offending[:limit]]
        if len(self.offending) > limit:
            parts.append(f"... {len(self.offending) - limit} more")
        return ", ".join(parts)

    def rows_text(self, limit: int = 5) -> str:
        parts = [
            f"{_fmt_value(v)} in row{'s' if len(self.example_rows[v]) > 1 else ''} "
            + ", ".join(map(str, self.example_rows[v]))
            for v, _ in self.offending[:limit]
            if self.example_rows.get(v)
        ]
        return "; ".join(parts)

    def summary(self) -> str:
        """One line for raw.validation_results.detail."""
        text = self.detail
        if self.offending:
            text = f"{text}: {self.offending_text()}" if text else self.offending_text()
        return text


@dataclass
class ValidationReport:
    wave_id: str
    source_file: str
    ok: bool
    checks: list[CheckResult]
    codebook_file: str = ""

    @classmethod
    def from_checks(cls, source: WaveSource, checks: list[CheckResult]) -> ValidationReport:
        return cls(
            wave_id=source.wave_id,
            source_file=str(source.data_path),
            ok=all(c.success for c in checks),
            checks=checks,
            codebook_file=str(source.codebook_path),
        )

    @property
    def failures(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.success]

    def format(self) -> str:
        if self.ok:
            return f"wave {self.wave_id}: all {len(self.checks)} checks passed ({self.source_file})"
        lines = [f"wave {self.wave_id}: {len(self.failures)} of {len(self.checks)} checks FAILED ({self.source_file})"]
        for c in self.failures:
            lines.append(f"  x {c.check_name}" + (f" - variable {c.variable}" if c.variable else ""))
            lines.append(f"      file: {c.file}")
            if c.detail:
                lines.append(f"      problem: {c.detail}")
            if c.offending:
                lines.append(f"      offending: {c.offending_text()}")
            if c.example_rows:
                lines.append(f"      first rows: {c.rows_text()}")
            if c.fix:
                lines.append(f"      fix: {c.fix}")
        return "\n".join(lines)


def _fmt_value(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return repr(value)
    return str(value)


def validate_wave(source: WaveSource) -> ValidationReport:
    """Run every check for one wave; never raises for data or codebook problems."""
    checks: list[CheckResult] = []
    cb_file = str(source.codebook_path)
    try:
        codebook = read_codebook(source.codebook_path)
    except CodebookError as exc:
        checks.append(CheckResult("codebook_readable", False, cb_file, detail=str(exc),
                                  fix="correct the codebook as described above (format: docs/ingest.md)"))
        return ValidationReport.from_checks(source, checks)
    checks.append(CheckResult("codebook_readable", True, cb_file))

    issues = consistency_issues(codebook)
    for issue in issues:
        detail = issue.problem if issue.value is None else f"{issue.problem} (value {issue.value})"
        checks.append(CheckResult(f"codebook.{issue.rule}", False, cb_file, issue.variable, detail, issue.fix))
    if not issues:
        checks.append(CheckResult("codebook_consistent", True, cb_file))

    data_file = str(source.data_path)
    try:
        raw = read_data(source.data_path, codebook.wave.format, codebook.wave.encoding)
    except ReadError as exc:
        checks.append(CheckResult("file_readable", False, data_file, detail=str(exc),
                                  fix="replace the file with a readable export, or correct wave.format/encoding"))
        return ValidationReport.from_checks(source, checks)
    checks.append(CheckResult("file_readable", True, data_file))

    from ingest.gate_checks import run_expectations  # imports Great Expectations (slow)

    try:
        checks.extend(run_expectations(codebook, raw, data_file))
    except Exception as exc:  # a GX failure on odd data must become a report, not a crash
        log.exception("gate checks could not run for %s", data_file)
        checks.append(CheckResult("gate_error", False, data_file, detail=f"{type(exc).__name__}: {exc}",
                                  fix="check the file's column types against the codebook; see the log for details"))
    report = ValidationReport.from_checks(source, checks)
    log.info("gate %s: %s (%d checks)", source.wave_id, "ok" if report.ok else "FAILED", len(checks))
    return report
