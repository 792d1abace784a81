"""What the validation gate reports: one ``CheckResult`` per check, one ``ValidationReport`` per wave."""

from __future__ import annotations

from dataclasses import dataclass, field

from cpi.ingest.waves import WaveSource

EMPTY = "<empty>"  # the offending "value" of checks about empty cells


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
        parts = [self._entry(v, n) for v, n in self.offending[:limit]]
        if len(self.offending) > limit:
            parts.append(f"... {len(self.offending) - limit} more")
        return ", ".join(parts)

    def _entry(self, value: object, rows: int) -> str:
        if self.offending_kind == "variable":  # a whole column: its row count says nothing
            return f"variable {_fmt_value(value)}"
        what = "empty" if value == EMPTY else f"{self.offending_kind} {_fmt_value(value)}"
        return f"{what} ({rows} row{'s' if rows != 1 else ''})"

    def rows_text(self, limit: int = 5) -> str:
        if list(self.example_rows) == [EMPTY]:
            return ", ".join(map(str, self.example_rows[EMPTY]))
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
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:  # 1e308 stays 1e+308
        return str(int(value))
    if isinstance(value, str):
        return repr(value)
    return str(value)
