"""``python -m streamlit_app.serve run app.py …``: Streamlit's command line, after loading the
libraries every page needs.

Streamlit runs a page's script only when a reader opens it, so without this the first reader
also waits for pandas, pyarrow and DuckDB to load (about two seconds on a busy two-core
machine). Loaded here, before the server starts listening, they are already in memory when the
first session runs. ``streamlit_app.launch`` (``cpi app``) starts the server this way.
"""

from __future__ import annotations

import pandas  # noqa: F401
import pyarrow  # noqa: F401
from streamlit.web.cli import main

import release_data.connection  # noqa: F401  (loads DuckDB: in memory before the first session)

if __name__ == "__main__":
    main(prog_name="streamlit")  # the same command line as `python -m streamlit`
