"""Read a wave's data file (.sav via pyreadstat, .csv via pandas) with its metadata.

Files are only ever opened for reading; nothing here writes next to the raw data.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cpi.errors import ReadError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MissingRange:
    lo: float | str
    hi: float | str

    def contains(self, value: object) -> bool:
        try:
            return bool(self.lo <= value <= self.hi)  # type: ignore[operator]
        except TypeError:
            return False


@dataclass
class RawData:
    """A data file's rows plus what the file says about its variables."""

    path: Path
    frame: pd.DataFrame
    variable_labels: dict[str, str | None] = field(default_factory=dict)
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    user_missing: dict[str, list[MissingRange]] = field(default_factory=dict)
    measures: dict[str, str | None] = field(default_factory=dict)
    formats: dict[str, str | None] = field(default_factory=dict)
    encoding: str | None = None

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def user_missing_mask(self, column: str) -> pd.Series:
        """True where the value is one of the file's user-missing codes for ``column``."""
        series = self.frame[column]
        ranges = self.user_missing.get(column) or []
        mask = pd.Series(False, index=series.index)
        for rng in ranges:
            if rng.lo == rng.hi:
                mask |= series == rng.lo
            else:
                num = pd.to_numeric(series, errors="coerce")
                mask |= (num >= rng.lo) & (num <= rng.hi)
        return mask.fillna(False).astype(bool)

    def is_user_missing_value(self, column: str, value: object) -> bool:
        return any(r.contains(value) for r in self.user_missing.get(column) or [])


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise ReadError(f"{path}: data file not found. Fix: put it into the wave folder or correct wave.file.")
    if path.stat().st_size == 0:
        raise ReadError(f"{path}: data file is empty (0 bytes). Fix: replace it with the full export.")


def read_sav(path: Path, encoding: str | None = None) -> RawData:
    """SPSS .sav with variable/value labels and user-missing codes kept as values."""
    import pyreadstat

    path = Path(path)
    _check_file(path)
    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True, encoding=encoding)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeDecodeError, OSError) as exc:
        hint = "check wave.encoding in the codebook" if encoding else "re-export the file from SPSS/PSPP"
        raise ReadError(f"{path}: cannot read as SPSS .sav ({exc}). Fix: {hint}.") from None
    user_missing = {
        var: [MissingRange(r["lo"], r["hi"]) for r in ranges] for var, ranges in (meta.missing_ranges or {}).items()
    }
    value_labels = {
        var: {float(k): str(v) for k, v in labels.items() if _is_number(k)}
        for var, labels in (meta.variable_value_labels or {}).items()
    }
    log.info("read %s: %d rows x %d columns", path, len(frame), frame.shape[1])
    return RawData(
        path=path,
        frame=frame,
        variable_labels=dict(meta.column_names_to_labels or {}),
        value_labels=value_labels,
        user_missing=user_missing,
        measures=dict(meta.variable_measure or {}),
        formats=dict(meta.original_variable_types or {}),
        encoding=encoding or meta.file_encoding,
    )


DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
DELIMITER_YAML = {",": "','", ";": "';'", "\t": '"\\t"', "|": "'|'"}  # how to write it in codebook.yml


def _delimiter_name(delimiter: str) -> str:
    name = DELIMITER_NAMES.get(delimiter)
    return f"{delimiter!r} ({name})" if name else repr(delimiter)


def _check_header(path: Path, encoding: str, delimiter: str) -> None:
    """One clear error when the header does not split on ``delimiter`` but does on another one."""
    try:
        with path.open(encoding=encoding, newline="") as fh:
            header = fh.readline()
    except (UnicodeDecodeError, LookupError):
        return  # pandas reports the decoding problem with its position
    if delimiter in header:
        return
    found = max(DELIMITER_NAMES, key=header.count)
    if found != delimiter and header.count(found):
        raise ReadError(
            f"{path}: the header does not split on the declared delimiter {_delimiter_name(delimiter)}; it splits on "
            f"{_delimiter_name(found)} into {header.count(found) + 1} columns. "
            f"Fix: set wave.delimiter: {DELIMITER_YAML[found]} in codebook.yml "
            "(or re-export the file with the declared delimiter)."
        )


def read_csv(path: Path, encoding: str | None = None, delimiter: str = ",") -> RawData:
    """CSV with a header row; numeric codes; empty cells are system-missing."""
    path = Path(path)
    _check_file(path)
    enc = encoding or "utf-8"
    _check_header(path, enc, delimiter)
    try:
        frame = pd.read_csv(path, sep=delimiter, encoding=enc, keep_default_na=False, na_values=[""])
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"{path}: cannot decode as {enc} ({exc}). Fix: set wave.encoding in the codebook.") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError, ValueError) as exc:
        raise ReadError(
            f"{path}: cannot parse as CSV separated by {_delimiter_name(delimiter)} ({exc}). "
            "Fix: export a delimited text file with a header row, and set wave.delimiter to its delimiter."
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    log.info("read %s: %d rows x %d columns", path, len(frame), frame.shape[1])
    return RawData(
        path=path,
        frame=frame,
        variable_labels={c: None for c in frame.columns},
        measures={c: None for c in frame.columns},
        formats={c: None for c in frame.columns},
        encoding=enc,
    )


def read_data(path: Path, fmt: str | None = None, encoding: str | None = None, delimiter: str = ",") -> RawData:
    """Dispatch on ``fmt`` (sav | csv) or the file suffix; ``delimiter`` is for CSV."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt == "sav":
        return read_sav(path, encoding)
    if fmt == "csv":
        return read_csv(path, encoding, delimiter)
    raise ReadError(f"{path}: unsupported format '{fmt}'. Fix: provide a .sav or .csv file and set wave.format.")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, bool)
