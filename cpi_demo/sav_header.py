"""A fixed creation time in an SPSS file header, so that regenerated demo files are byte-identical.

pyreadstat writes the wall-clock time into the header of every ``.sav`` (creation date
``dd Mon yy`` at byte 92, time ``hh:mm:ss`` at byte 101 of the ``$FL2`` record) and offers no
option to set it. The demo generator overwrites these 17 ASCII bytes with the wave's fieldwork
end date; nothing else in the file changes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cpi.errors import CpiError

DATE_AT, TIME_AT = 92, 101
MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec"


class SavHeaderError(CpiError):
    """A written ``.sav`` header does not have the layout this module patches."""


STAMP = re.compile(rb"[ 0-9]\d [A-Z][a-z]{2} \d\d\d\d:\d\d:\d\d")


def stamp(when: dt.datetime) -> bytes:
    """``dd Mon yyhh:mm:ss`` (English month, independent of the locale)."""
    date = f"{when.day:02d} {MONTHS[3 * when.month - 3 : 3 * when.month]} {when.year % 100:02d}"
    return (date + when.strftime("%H:%M:%S")).encode("ascii")


def set_creation_time(sav: Path, when: dt.datetime) -> None:
    """Overwrite the creation date and time in the header of ``sav`` (written by pyreadstat)."""
    with open(sav, "r+b") as fh:
        head = fh.read(TIME_AT + 8)
        if head[:4] != b"$FL2" or not STAMP.fullmatch(head[DATE_AT:]):
            raise SavHeaderError(
                f"{sav}: unexpected SPSS header (no creation time at byte {DATE_AT}); "
                "the pyreadstat version may have changed the layout, check cpi_demo/sav_header.py"
            )
        fh.seek(DATE_AT)
        fh.write(stamp(when))
