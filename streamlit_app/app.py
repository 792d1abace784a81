"""Entry point: ``streamlit run streamlit_app/app.py`` (or ``cpi app``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # running as a script: make the package importable
    sys.path.insert(0, str(ROOT))

import streamlit as st

from ingest.errors import CpiError
from streamlit_app import common
from streamlit_app.i18n import LANGS, t

PAGES = [
    ("views/overview.py", "page.overview", "overview", ":material/dashboard:"),
    ("views/indicators.py", "page.indicators", "indicators", ":material/table_chart:"),
    ("views/dynamics.py", "page.dynamics", "dynamics", ":material/trending_up:"),
    ("views/factors.py", "page.factors", "factors", ":material/groups:"),
    ("views/regions.py", "page.regions", "regions", ":material/map:"),
    ("views/information.py", "page.information", "information", ":material/newspaper:"),
    ("views/foreign.py", "page.foreign", "foreign", ":material/hub:"),
    ("views/concerns.py", "page.concerns", "concerns", ":material/help:"),
    ("views/methodology.py", "page.methodology", "methodology", ":material/menu_book:"),
]

st.set_page_config(
    page_title="CPI Kazakhstan", page_icon=":material/insights:", layout="wide"
)
st.sidebar.radio(
    t("lang.label"),
    LANGS,
    key="lang",
    horizontal=True,
    format_func={"en": "English", "ru": "Русский"}.get,
)
pages = [
    st.Page(path, title=t(title), url_path=url, icon=icon, default=(k == 0))
    for k, (path, title, url, icon) in enumerate(PAGES)
]
page = st.navigation(pages)
try:
    common.header()
    page.run()
except CpiError as exc:
    st.error(f"**{t('error.warehouse')}** — {exc}")
