"""The reader's weighting: as printed (unweighted, the report's numbers) or weighted to population.

The version-2 marts hold every estimate twice, keyed by ``weighting``. The choice is global
(sidebar), lives in the URL as ``?weighting=weighted`` (absent = as printed) and every v2 query
filters on ``current()``. Marts that have no weighted rows (friendly-country links, region
clusters) say so under their figures (``unweighted_note``).
"""

from __future__ import annotations

import streamlit as st

from streamlit_app.i18n import t
from streamlit_app.plain_text import URL_CHARS, plain

OPTIONS = ("unweighted", "weighted")
DEFAULT = "unweighted"
KEY = "weighting"


def init_from_url() -> None:
    """On arrival: take ``?weighting=`` from the URL (unknown values fall back with a notice)."""
    if KEY in st.session_state:
        return
    wanted = st.query_params.get(KEY, DEFAULT)
    st.session_state[KEY] = wanted if wanted in OPTIONS else DEFAULT
    st.session_state["_bad_weighting"] = None if wanted in OPTIONS else wanted


def control() -> None:
    """Sidebar radio with its one-sentence explanation; writes the URL parameter."""
    names = {v: t(f"weighting.{v}") for v in OPTIONS}  # a plain mapping: AppTest calls it
    st.sidebar.radio(t("weighting.label"), OPTIONS, key=KEY, format_func=names.get)
    st.sidebar.caption(t("weighting.explain"))
    if current() == DEFAULT:
        if KEY in st.query_params:
            del st.query_params[KEY]
    else:
        st.query_params[KEY] = current()


def notice_bad_value() -> None:
    bad = st.session_state.pop("_bad_weighting", None)
    if bad:
        st.info(
            t(
                "url.unknown",
                value=plain(bad, URL_CHARS),
                param=t("weighting.label"),
                shown=t(f"weighting.{DEFAULT}"),
            ),
            icon=":material/link_off:",
        )


def current() -> str:
    value = st.session_state.get(KEY, DEFAULT)
    return value if value in OPTIONS else DEFAULT


def is_weighted() -> bool:
    return current() == "weighted"


def unweighted_note() -> list[str]:
    """Note for a figure whose mart has no weighted rows, shown only when weights are asked for."""
    return [t("weighting.not_available")] if is_weighted() else []
