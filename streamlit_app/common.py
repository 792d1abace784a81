"""What every page shows: the synthetic-data banner and the release in use."""

from __future__ import annotations

import streamlit as st

from streamlit_app.db import query, release_file
from streamlit_app.i18n import t

INDICATORS = ("composite", "general", "geopolitical", "economic", "cultural")


def synthetic_waves() -> list[str]:
    df = query("select wave_id from marts.dim_waves where is_synthetic order by year")
    return df["wave_id"].tolist()


def header() -> None:
    """Synthetic banner (every page) and the release file name in the sidebar."""
    waves = synthetic_waves()
    if waves:
        st.warning(
            f"{t('synthetic.banner')} ({', '.join(waves)})", icon=":material/science:"
        )
    st.sidebar.caption(f"{t('release')}: `{release_file().name}`")


def survey_years() -> list[int]:
    """Years with fieldwork (not interpolated), oldest first."""
    df = query(
        "select distinct year from marts.fct_indicators where not is_interpolated order by year"
    )
    return [int(y) for y in df["year"]]
