"""Entry point: ``streamlit run streamlit_app/app.py`` (or ``cpi app``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # running as a script: make the package importable
    sys.path.insert(0, str(ROOT))

import streamlit as st

from release_data.errors import ReleaseUnavailable
from streamlit_app import common, state, weighting
from streamlit_app.i18n import LANGS, language_name, t
from streamlit_app.plain_text import plain

# (file, title key, url path, icon) in the report's order
PAGES = [
    ("views/overview.py", "page.overview", "overview", ":material/dashboard:"),
    ("views/information.py", "page.information", "information", ":material/newspaper:"),
    ("views/indicators.py", "page.indicators", "indicators", ":material/table_chart:"),
    ("views/projects.py", "page.projects", "projects", ":material/construction:"),
    ("views/dynamics.py", "page.dynamics", "dynamics", ":material/trending_up:"),
    ("views/factors.py", "page.factors", "factors", ":material/groups:"),
    ("views/regions.py", "page.regions", "regions", ":material/map:"),
    ("views/foreign.py", "page.foreign", "foreign", ":material/hub:"),
    ("views/concerns.py", "page.concerns", "concerns", ":material/help:"),
    ("views/crosstab.py", "page.crosstab", "crosstab", ":material/grid_on:"),
    ("views/sample.py", "page.sample", "sample", ":material/person_search:"),
    ("views/methodology.py", "page.methodology", "methodology", ":material/menu_book:"),
]

# language and "show codes" come from the URL on arrival, then live in the session
if "lang" not in st.session_state:
    wanted = st.query_params.get("lang", "en")
    st.session_state["lang"] = wanted if wanted in LANGS else "en"
    st.session_state["_bad_lang"] = wanted if wanted not in LANGS else None
if "codes" not in st.session_state:
    st.session_state["codes"] = st.query_params.get("codes") == "1"
weighting.init_from_url()

st.set_page_config(page_title=t("app.short"), page_icon=":material/insights:", layout="wide")
st.sidebar.radio(
    t("lang.label"),
    LANGS,
    key="lang",
    horizontal=True,
    format_func=language_name,
)
pages = [
    st.Page(path, title=t(title), url_path=url, icon=icon, default=(k == 0))
    for k, (path, title, url, icon) in enumerate(PAGES)
]
page = st.navigation(pages)
weighting.control()
st.sidebar.toggle(t("codes.label"), key="codes", help=t("codes.help"))
st.query_params["lang"] = st.session_state["lang"]
if st.session_state["codes"]:
    st.query_params["codes"] = "1"
elif "codes" in st.query_params:
    del st.query_params["codes"]

state.start_run(page.url_path or "overview")
try:
    if st.session_state.pop("_bad_lang", None):
        st.info(t("url.bad_lang"), icon=":material/link_off:")
    weighting.notice_bad_value()
    common.header()
    page.run()
except ReleaseUnavailable as exc:
    st.error(f"**{t('error.warehouse')}** — {plain(exc)}")
finally:
    state.finish_run()
