"""A figure as readers see it: title, question wording, base and fieldwork, the chart, the source
note and the synthetic-data flag; its table as a second view; PNG and SVG downloads.

Every chart on every page goes through ``show()``, so each one carries the same furniture. The
exported PNG/SVG (drawn server-side by vl-convert, no browser) repeats the title, the question,
the base and the source note inside the picture.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from presentation import i18n as catalogue
from presentation.report_refs import href, keys_of
from presentation.vl import config, wrap
from streamlit_app.csv_safe import to_csv_bytes
from streamlit_app.formats import column_config
from streamlit_app.i18n import lang, t
from streamlit_app.labels import column_kind, column_label
from streamlit_app.plain_text import plain
from streamlit_app.settings import report_url

EXPORT_WIDTH = 760
TABLE_KEY = "table."  # session-state key prefix of the figures' table expanders
CODE_COLUMN = re.compile(r"(_code|^geo_code|^subject)$")


@dataclass
class Figure:
    key: str  # stable id, also Vega-Lite ``usermeta.figure`` (tests find figures by it)
    title: str
    spec: dict
    table: pd.DataFrame
    question: str | None = None
    base: str | None = None  # e.g. "Base: all respondents, n = 1,616"
    fieldwork: str | None = None
    source: str = ""
    notes: list[str] = field(default_factory=list)
    report: str | None = None  # the report's figure / table number(s)


def show_codes() -> bool:
    return bool(st.session_state.get("codes", False))


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Drop code columns (unless the reader asked for codes); booleans never as checkboxes."""
    out = df.copy()
    if not show_codes():
        out = out[[c for c in out.columns if not CODE_COLUMN.search(str(c))]]
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: t("yes"), False: ""}).astype(str)
        elif column_kind(str(col)) == "count" and pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round()  # a Kish effective n reads as a whole number
    return out


def show_table(df: pd.DataFrame, name: str) -> None:
    """A table with people's headers and one number format per kind; CSV (as shown) and
    Parquet (full precision, with the data codes, for analysts) downloads."""
    if df.empty:
        st.info(t("no.data"))
        return
    shown = display_frame(df)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config(shown))
    csv = shown.rename(columns={c: column_label(str(c)) for c in shown.columns})
    left, right = st.columns(2)
    deferred_download(
        left,
        t("download.csv"),
        lambda: to_csv_bytes(csv),
        f"{slug(name)}.csv",
        "text/csv",
        f"csv.{name}",
        ":material/download:",
    )
    deferred_download(
        right,
        t("download.parquet"),
        lambda: _parquet(df),
        f"{slug(name)}.parquet",
        "application/vnd.apache.parquet",
        f"pq.{name}",
        ":material/download:",
    )


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "figure"


def _fixed_width(node: object) -> object:
    if isinstance(node, dict):
        return {k: (EXPORT_WIDTH if k == "width" and v == "container" else _fixed_width(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_fixed_width(v) for v in node]
    return node


def screen_spec(fig: Figure) -> dict:
    single = not any(k in fig.spec for k in ("facet", "concat", "vconcat", "hconcat"))
    autosize = {"type": "fit-x" if single else "pad", "contains": "padding"}
    return {
        **fig.spec,
        "usermeta": {"figure": fig.key, "report": keys_of(fig.report)},
        "config": config(lang()),
        "autosize": autosize,
    }


def export_spec(fig: Figure) -> dict:
    """The chart with its title, question, base/fieldwork and source note inside the picture."""
    inner = _fixed_width(copy.deepcopy(fig.spec))
    sub = [wrap(x, 110) for x in (fig.question, fig.base, fig.fieldwork) if x]
    footer = [fig.source, *fig.notes]
    lines = [line for text in footer if text for line in wrap(text, 120).split("\n")]
    foot = {
        "data": {"values": [{"i": k, "t": line} for k, line in enumerate(lines)]},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "top",
            "fontSize": 10,
            "color": "#444",
        },
        "encoding": {
            "y": {"field": "i", "type": "ordinal", "axis": None},
            "x": {"value": 0},
            "text": {"field": "t"},
        },
        "width": EXPORT_WIDTH,
        "height": 14 * max(len(lines), 1),
    }
    return {
        "title": {
            "text": fig.title,
            "subtitle": [s for part in sub for s in part.split("\n")],
            "anchor": "start",
        },
        "vconcat": [inner, foot],
        "config": config(lang()),
        "background": "white",
        "padding": 12,
    }


def to_png(fig: Figure) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(export_spec(fig), scale=2)


def to_svg(fig: Figure) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(export_spec(fig))


def translate_ref(ref: str) -> str:
    """A report reference ("Figure 5", "Tables 12, 13", "Threat map") in the reader's language."""
    if ref == "Threat map":
        return t("method.threat_map")
    text = ref.replace("Tables", t("method.tables")).replace("Figure", t("method.figure"))
    return re.sub(r"\bTable\b", t("method.table"), text)


def report_ref(ref: str | None) -> str | None:
    """ "Report: Figure 5." — linked to the figure's anchor in the reader's report when the
    reports are published at ``CPI_REPORT_URL`` (markdown; the reference is escaped)."""
    if not ref:
        return None
    text = plain(translate_ref(ref))
    keys, base = keys_of(ref), report_url()
    if base and keys:
        code = lang() if lang() in catalogue.languages("report") else catalogue.SOURCE_LANG
        text = f"[{text}]({href(base, code, keys[0])})"
    return t("figure.report", ref=text)


def deferred_download(where, label: str, make, file: str, mime: str, key: str, icon: str) -> None:
    """A download button whose bytes are made only when clicked (no cost on every rerun)."""
    where.download_button(label, make, file, mime, key=key, on_click="ignore", icon=icon)


def show(fig: Figure) -> None:
    """Draw the figure with its furniture, the table expander and the downloads."""
    st.markdown(f"#### {plain(fig.title)}")  # titles, questions, notes carry labels: plain text
    quoted = None
    if fig.question:
        quoted = t("quoted", text=fig.question)  # the language's own quotation marks
    facts = [plain(x) for x in (quoted, fig.base, fig.fieldwork) if x]
    if facts:
        st.caption(" · ".join(facts))
    if fig.table.empty:
        st.info(t("no.data"))
        return
    st.vega_lite_chart(spec=screen_spec(fig), width="stretch", theme=None, key=f"chart.{fig.key}")
    ref = report_ref(fig.report)
    st.caption(" ".join([*(plain(x) for x in [fig.source, *fig.notes]), *([ref] if ref else [])]))
    cols = st.columns([3, 1, 1])
    # the table is made only while its expander is open (a rerun opens it): a page does not
    # convert and ship a table per figure that nobody asked to see
    table = cols[0].expander(
        t("figure.table"),
        icon=":material/table:",
        key=f"{TABLE_KEY}{fig.key}",
        on_change="rerun",
    )
    if table.open:
        with table:
            show_table(fig.table, fig.key)
    name = slug(fig.title)[:60]
    deferred_download(
        cols[1],
        "PNG",
        lambda: to_png(fig),
        f"{name}.png",
        "image/png",
        f"png.{fig.key}",
        ":material/image:",
    )
    deferred_download(
        cols[2],
        "SVG",
        lambda: to_svg(fig),
        f"{name}.svg",
        "image/svg+xml",
        f"svg.{fig.key}",
        ":material/draw:",
    )
