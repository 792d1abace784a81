"""The release's report (``report-<lang>.pdf`` / ``.html``, written beside the release by
``cpi build`` / ``cpi report``) offered for download on the Methodology & data page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from babel import Locale

from streamlit_app.db import release_path
from streamlit_app.i18n import lang, t

MIME = {".pdf": "application/pdf", ".html": "text/html"}


def report_files() -> list[Path]:
    """The report files beside the published release, the reader's language first."""
    folder = Path(release_path()).parent
    files = sorted(p for p in folder.glob("report-*.*") if p.suffix in MIME)
    return sorted(files, key=lambda p: p.stem != f"report-{lang()}")


def show() -> None:
    st.subheader(t("method.report"))
    files = report_files()
    if not files:
        st.caption(t("method.report_missing"))
        return
    st.caption(t("method.report_help"))
    columns = st.columns(min(len(files), 6))
    for k, path in enumerate(files):
        code = path.stem.removeprefix("report-")
        name = Locale.parse(code).get_display_name(lang()) or code
        columns[k % len(columns)].download_button(
            t("method.report_file", language=name[:1].upper() + name[1:], format=path.suffix[1:].upper()),
            data=path.read_bytes(),
            file_name=path.name,
            mime=MIME[path.suffix],
            key=f"report-{path.name}",
        )
