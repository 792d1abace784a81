"""Seeds that forgive their editors: every ``seeds/*.csv`` is checked before dbt reads it.

What a spreadsheet or an editor adds without asking is normalised in place, and said: Windows
(CRLF) or old-Mac (CR) line endings and mixed endings become LF, a UTF-8 byte-order mark is
dropped, spaces and tabs at the end of a line are removed, empty lines at the end of the file
are dropped and the last line gets its newline. What cannot be repaired without guessing is
refused with the file, the line and the fix (``SeedError``): bytes that are not UTF-8, an empty
line inside the table, a row with more or fewer fields than the header.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

from cpi.errors import CpiError


class SeedError(CpiError):
    """A seed CSV that cannot be read as a table without guessing."""

    exit_code = 2


@dataclass(frozen=True)
class SeedFix:
    """What was normalised in one seed file (for the build log)."""

    path: Path
    fixes: tuple[str, ...]

    def message(self) -> str:
        return f"{self.path}: normalised ({'; '.join(self.fixes)}); commit the file as it is now"


def _lines_of(path: Path, fixes: list[str]) -> list[str]:
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        fixes.append("UTF-8 byte-order mark removed")
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SeedError(
            f"{path}, line {line}: byte 0x{raw[exc.start]:02x} is not UTF-8. Fix: save the file as "
            "UTF-8 (in a spreadsheet: 'CSV UTF-8'), then build again."
        ) from None
    crlf, lone_cr = text.count("\r\n"), text.replace("\r\n", "").count("\r")
    if crlf or lone_cr:
        kinds = [name for name, n in (("CRLF", crlf), ("CR", lone_cr)) if n]
        fixes.append(f"{' and '.join(kinds)} line endings on {crlf + lone_cr} line(s) made LF")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _normalised(path: Path, lines: list[str], fixes: list[str]) -> list[str]:
    trailing = [n for n, line in enumerate(lines, 1) if line != line.rstrip(" \t")]
    if trailing:
        shown = ", ".join(map(str, trailing[:10])) + (" …" if len(trailing) > 10 else "")
        fixes.append(f"trailing spaces removed on line(s) {shown}")
    lines = [line.rstrip(" \t") for line in lines]
    if lines[-1] != "":
        fixes.append("newline added after the last line")
    else:
        lines.pop()  # the empty string after the final newline
    if lines and lines[-1] == "":
        while lines and lines[-1] == "":
            lines.pop()
        fixes.append("empty lines at the end removed")
    empty = [n for n, line in enumerate(lines, 1) if line == ""]
    if empty:
        raise SeedError(
            f"{path}, line {empty[0]}: empty line inside the table. Fix: delete the line (every line "
            "is a row with as many fields as the header), then build again."
        )
    return lines


def _check_fields(path: Path, lines: list[str]) -> None:
    reader = csv.reader(lines)
    header = next(reader, None)
    if not header:
        raise SeedError(f"{path}, line 1: no header. Fix: the first line names the columns, comma-separated.")
    for row in reader:
        if len(row) != len(header):
            raise SeedError(
                f"{path}, line {reader.line_num}: {len(row)} field(s) where the header has {len(header)} "
                f"({', '.join(header)}). Fix: give every column a value (empty between two commas) and "
                "put a value containing a comma in double quotes, then build again."
            )


def normalise_seed(path: Path) -> SeedFix | None:
    """Check one seed file; rewrite it normalised when needed. Raises SeedError when it cannot."""
    fixes: list[str] = []
    lines = _normalised(path, _lines_of(path, fixes), fixes)
    _check_fields(path, lines)
    text = "\n".join(lines) + "\n"
    if not fixes:
        return None
    path.write_bytes(text.encode("utf-8"))
    return SeedFix(path, tuple(fixes))


def normalise_seeds(seeds: Path) -> list[SeedFix]:
    """Every ``*.csv`` of ``seeds`` checked (and normalised where needed), in name order."""
    return [fix for path in sorted(seeds.glob("*.csv")) if (fix := normalise_seed(path)) is not None]
