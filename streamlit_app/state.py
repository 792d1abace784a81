"""Shareable state: every selection lives in the URL (``st.query_params``).

``choice(param, options, ...)`` draws a widget whose value is

1. the URL's ``?param=`` on arrival (a deep link), when it names one of the options;
2. else the value this session last chose on this page (selections survive leaving the page);
3. else the default.

An unknown value in the URL falls back to the default with a notice, never an error. After
drawing, the value is written back to the URL, so the address bar always reproduces the view.
``finish_run()`` (called by ``app.py`` after the page) drops parameters the page did not use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from streamlit_app.i18n import t
from streamlit_app.plain_text import URL_CHARS, plain

GLOBAL_PARAMS = ("lang", "codes", "weighting")
_OWNED = "_url_params_used"


def page_id() -> str:
    return str(st.session_state.get("_page", "app"))


def _parse(raw: str, options: Sequence[object]) -> object | None:
    for option in options:
        if str(option) == raw:
            return option
    return None


def notice_unknown(param: str, raw: str, shown: object, label: str) -> None:
    st.info(
        t("url.unknown", value=plain(raw, URL_CHARS), param=plain(label or param), shown=plain(shown)),
        icon=":material/link_off:",
    )


def choice(
    param: str,
    options: Sequence[object],
    *,
    label: str,
    format_func: Callable[[object], str] = str,
    default: object | None = None,
    widget: str = "selectbox",
    where=None,
    help: str | None = None,
) -> object | None:
    """A URL-synced selectbox / radio / segmented control; returns the chosen option."""
    opts = list(options)
    if not opts:
        return None
    where = where or st
    default = default if default in opts else opts[0]
    key = f"w.{page_id()}.{param}"
    keep = f"keep.{page_id()}.{param}"
    if key not in st.session_state or st.session_state[key] not in opts:
        raw = st.query_params.get(param)
        value = _parse(raw, opts) if raw is not None else None
        if raw is not None and value is None:
            notice_unknown(param, raw, format_func(default), label)
        if value is None:
            kept = st.session_state.get(keep)
            value = kept if kept in opts else default
        st.session_state[key] = value
    if widget == "radio":
        where.radio(label, opts, format_func=format_func, key=key, horizontal=True, help=help)
    elif widget == "segmented":
        where.segmented_control(label, opts, format_func=format_func, key=key, help=help)
        if st.session_state.get(key) is None:  # deselected: keep a value
            st.session_state[key] = st.session_state.get(keep, default)
    else:
        where.selectbox(label, opts, format_func=format_func, key=key, help=help)
    value = st.session_state[key]
    st.session_state[keep] = value
    remember(param, value)
    return value


def number(param: str, *, label: str, low: int, high: int, default: int, where=None) -> int:
    """A URL-synced integer slider."""
    value = choice(
        param,
        list(range(low, high + 1)),
        label=label,
        default=default,
        widget="segmented",
        where=where,
    )
    return int(value)  # type: ignore[arg-type]


def remember(param: str, value: object) -> None:
    """Write ``param`` to the URL and mark it as used by this run."""
    st.query_params[param] = str(value)
    st.session_state.setdefault(_OWNED, set()).add(param)


def start_run(page: str) -> None:
    st.session_state["_page"] = page
    st.session_state[_OWNED] = set()


def finish_run() -> None:
    """Drop URL parameters that this page did not use (they belong to another page)."""
    used = set(st.session_state.get(_OWNED, set())) | set(GLOBAL_PARAMS)
    for name in list(st.query_params.keys()):
        if name not in used:
            del st.query_params[name]
