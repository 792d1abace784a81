"""The thresholds behind the release's flags and intervals (``marts.dim_thresholds``), as the
values of the catalogue's placeholders (presentation/thresholds.py, shared with the report).

Every dashboard string is filled with them (``streamlit_app.i18n.t``): a text that states a rule
("fewer than {small_base_n} respondents", "{ci_pct} % interval") takes the number from the release
it describes, never from a string. A release from before the thresholds were published shows
UNKNOWN in their place.
"""

from __future__ import annotations

from presentation.thresholds import UNKNOWN, placeholders
from release_data import meta as release_meta
from release_data.errors import ReleaseUnavailable
from streamlit_app.db import per_release, release
from streamlit_app.i18n import lang, t

__all__ = ["UNKNOWN", "placeholders", "text", "values"]


@per_release
def _published() -> dict[str, float]:
    return release_meta.thresholds(release())


def values() -> dict[str, str]:
    """The placeholders of the published release in the reader's language (UNKNOWN without a
    release: a column header is still a header)."""
    try:
        found = _published()
    except ReleaseUnavailable:
        found = {}
    return placeholders(found, lang())


def text(key: str, **fmt: object) -> str:
    """``t(key)``, which fills the release's thresholds (kept for the call sites that say so)."""
    return t(key, **fmt)
