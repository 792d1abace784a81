"""The dashboard's strings: ``t(key, name=...)`` in the reader's language.

The strings themselves live in the shared catalogue (``presentation/locales/<lang>/LC_MESSAGES/
dashboard.po``, read through Babel by :mod:`presentation.i18n`), the same one the report uses.
Data labels come from the release (see labels.py). A missing key shows the key itself.
"""

from __future__ import annotations

import streamlit as st
from babel import Locale

from presentation import i18n as catalogue

LANGS = catalogue.languages("dashboard")  # a language is offered once it has dashboard.po


def lang() -> str:
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def language_name(code: str) -> str:
    """The language's own name for itself (Babel / CLDR): English, Русский, Қазақ тілі."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def has(key: str) -> bool:
    return catalogue.has(key)


def t(key: str, **fmt: object) -> str:
    """Translated UI string; unknown keys fall back to English, then to the key itself. A
    placeholder naming a threshold of the release (``{ci_pct}``, ``{significance_level}`` …,
    streamlit_app/thresholds.py) is filled from the release unless ``fmt`` gives it."""
    from streamlit_app import thresholds  # it imports this module

    return catalogue.translate(key, lang(), defaults=thresholds.values(), **fmt)
