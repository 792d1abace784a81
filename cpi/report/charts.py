"""A figure's Vega-Lite spec (from presentation/, the dashboard's own definitions) as SVG."""

from __future__ import annotations

import copy
import json
import re

import vl_convert as vlc

from presentation.formats import d3_locale, vega_locale

WIDTH = 520  # points of the report's text width the charts are drawn at
FONT = "Libertinus Serif"  # embedded in typst; has every Kazakh letter


def _fixed_width(node: object) -> object:
    """``width: container`` (the dashboard's) needs a page: give every view the text width."""
    if isinstance(node, dict):
        out = {k: _fixed_width(v) for k, v in node.items()}
        if out.get("width") == "container":
            out["width"] = WIDTH
        return out
    if isinstance(node, list):
        return [_fixed_width(v) for v in node]
    return node


# Vega numbers its gradients and clip paths with counters that live as long as the converter's
# JavaScript runtime, so the same chart drawn later in a process gets other ids (gradient_0 vs
# gradient_33): renumbered per figure, in order of appearance, the bytes depend on the chart only.
_VEGA_IDS = re.compile(r"\b(gradient_|clip)(\d+)\b")


def stable_ids(svg: str, prefix: str) -> str:
    """``svg`` with Vega's counter-numbered ids renamed ``<prefix><kind><n>`` (n from 0 per figure)."""
    seen: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(0), f"{prefix}{match.group(1)}{len(seen)}")

    return _VEGA_IDS.sub(rename, svg)


def to_svg(spec: dict, lang: str, key: str = "") -> str:
    """The chart as an SVG document (deterministic: the same spec gives the same bytes, whatever
    was drawn before it in the process; ``key`` keeps its ids apart from other figures' in a page)."""
    full = _fixed_width(copy.deepcopy(spec))
    assert isinstance(full, dict)
    full.setdefault("$schema", "https://vega.github.io/schema/vega-lite/v5.json")
    config = full.setdefault("config", {})
    config.setdefault("locale", vega_locale(lang))  # the language's number signs (Babel)
    config.setdefault("font", FONT)
    config.setdefault("background", "white")
    config.setdefault("view", {"stroke": None})
    config.setdefault("legend", {"orient": "bottom", "columns": 3, "labelLimit": 220})
    svg = vlc.vegalite_to_svg(json.loads(json.dumps(full, sort_keys=True, default=str)), format_locale=d3_locale(lang))
    return stable_ids(svg, f"fig{key}-")
