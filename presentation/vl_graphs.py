"""Vega-Lite specs for the two graph figures: the region dendrogram and the friendly-country network."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import dendrogram as scipy_dendrogram

from presentation.vl import SERIES, records

CLUSTER_COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
# how much a region's cluster membership holds up under resampling (Hennig's Jaccard bands)
TRUST_OPACITY = {
    "condition": [
        {"test": "datum.trust === 'unstable'", "value": 0.35},
        {"test": "datum.trust === 'doubtful'", "value": 0.65},
    ],
    "value": 1,
}


# Hennig (2007)'s reading of a cluster's stability; the dashboard's note states these numbers
STABLE, DOUBTFUL = 0.75, 0.6


def trust(stability: float) -> str:
    """stable (≥ STABLE), doubtful (DOUBTFUL–STABLE), unstable (< DOUBTFUL): Hennig (2007)'s
    reading of the mean Jaccard similarity of a cluster with its best match in bootstrap
    replicates."""
    if pd.isna(stability):  # no replicate value
        return "stable"
    return "stable" if stability >= STABLE else "doubtful" if stability >= DOUBTFUL else "unstable"


def linkage_matrix(link: pd.DataFrame) -> np.ndarray:
    """fct_region_linkage rows (ordered by step) as a scipy linkage matrix."""
    ordered = link.sort_values("step")
    return ordered[["left_node", "right_node", "distance", "size"]].to_numpy(dtype=float)


def dendrogram(
    link: pd.DataFrame,
    leaves: pd.DataFrame,
    *,
    distance_title: str,
    cluster_title: str,
    stability_title: str = "·",
) -> dict:
    """Horizontal dendrogram of the stored linkage: leaves on the left, their names never clipped.

    ``leaves``: one row per region in dendrogram order, columns ``name`` and ``cluster``
    (the cluster at the chosen cut, coloured as on the cluster map); optional ``trust``
    (stable | doubtful | unstable: names fade and unstable ones get "?") and ``tip`` (tooltip).
    """
    coords = scipy_dendrogram(linkage_matrix(link), no_plot=True)
    segs = []
    for xs, ds in zip(coords["icoord"], coords["dcoord"]):
        for k in range(3):
            segs.append(
                {
                    "kind": "seg",
                    "y": xs[k],
                    "y2": xs[k + 1],
                    "d": ds[k],
                    "d2": ds[k + 1],
                }
            )
    labels = [
        {
            "kind": "leaf",
            "y": 5 + 10 * k,
            "d": 0,
            "name": r["name"] + (" ?" if r.get("trust") == "unstable" else ""),
            "cluster": str(r["cluster"]),
            "trust": r.get("trust", "stable"),
            "tip": r.get("tip", ""),
        }
        for k, r in enumerate(leaves.to_dict(orient="records"))
    ]
    height = max(12 * 22, 22 * len(labels))
    y = {
        "field": "y",
        "type": "quantitative",
        "axis": None,
        "scale": {"domain": [0, 10 * len(labels)]},
    }
    x = {
        "field": "d",
        "type": "quantitative",
        "title": distance_title,
        "scale": {"reverse": True, "zero": True},
    }
    clusters = sorted({lab["cluster"] for lab in labels}, key=lambda c: int(c) if c.isdigit() else c)
    return {
        "width": "container",
        "height": height,
        "data": {"values": segs + labels},
        "layer": [
            {
                "transform": [{"filter": "datum.kind === 'seg'"}],
                "mark": {"type": "rule", "color": "#4a6fa5", "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "x2": {"field": "d2"},
                    "y": y,
                    "y2": {"field": "y2"},
                },
            },
            {
                "transform": [{"filter": "datum.kind === 'leaf'"}],
                "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 12},
                "encoding": {
                    "x": x,
                    "y": y,
                    "text": {"field": "name"},
                    "opacity": TRUST_OPACITY,
                    "fontStyle": {
                        "condition": {
                            "test": "datum.trust !== 'stable'",
                            "value": "italic",
                        },
                        "value": "normal",
                    },
                    "color": {
                        "field": "cluster",
                        "type": "nominal",
                        "title": cluster_title,
                        "scale": {"domain": clusters, "range": CLUSTER_COLORS},
                    },
                    "tooltip": [
                        {"field": "name", "type": "nominal", "title": "·"},
                        {"field": "cluster", "type": "nominal", "title": cluster_title},
                        {"field": "tip", "type": "nominal", "title": stability_title},
                    ],
                },
            },
        ],
    }


def network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    two_way: str,
    one_way: str,
    link_title: str,
    node_title: str,
) -> dict:
    """Countries on a circle, names OUTSIDE it so that links (chords) never cross a name.

    ``nodes``: code, name, pct (share naming it) ; ``edges``: source, target, two_way, tip.
    One-way links carry an arrow head pointing at the partner prioritised.
    """
    n = max(len(nodes), 1)
    pos = {}
    node_rows = []
    for k, r in enumerate(nodes.itertuples()):
        ang = math.pi / 2 - 2 * math.pi * k / n
        x, y = math.cos(ang), math.sin(ang)
        pos[r.code] = (x, y)
        node_rows.append(
            {
                "kind": "node",
                "x": x,
                "y": y,
                "lx": 1.22 * x,
                "ly": 1.22 * y - (0.06 if y < -0.5 else 0),
                "align": "center" if abs(x) < 0.2 else ("left" if x > 0 else "right"),
                "name": r.name,
                "tip": r.tip,
            }
        )
    edge_rows = []
    for r in edges.itertuples():
        (x0, y0), (x1, y1) = pos[r.source], pos[r.target]
        style = two_way if r.two_way else one_way
        edge_rows.append(
            {
                "kind": "edge",
                "x": x0,
                "y": y0,
                "x2": x1,
                "y2": y1,
                "style": style,
                "tip": r.tip,
            }
        )
        if not r.two_way:
            ax, ay = x0 + 0.78 * (x1 - x0), y0 + 0.78 * (y1 - y0)
            edge_rows.append(
                {
                    "kind": "arrow",
                    "x": ax,
                    "y": ay,
                    "angle": math.degrees(math.atan2(x1 - x0, y1 - y0)),
                    "style": style,
                    "tip": r.tip,
                }
            )
    scale = {"domain": [-1.75, 1.75]}
    x = {"field": "x", "type": "quantitative", "axis": None, "scale": scale}
    y = {"field": "y", "type": "quantitative", "axis": None, "scale": scale}
    color = {
        "field": "style",
        "type": "nominal",
        "title": link_title,
        "scale": {"domain": [two_way, one_way], "range": ["#c0392b", "#7f8c8d"]},
    }
    tip = [{"field": "tip", "type": "nominal", "title": node_title}]
    layers = [
        {
            "transform": [{"filter": "datum.kind === 'edge'"}],
            "mark": {"type": "rule"},
            "encoding": {
                "x": x,
                "y": y,
                "x2": {"field": "x2"},
                "y2": {"field": "y2"},
                "color": color,
                "strokeWidth": {
                    "condition": {"test": f"datum.style === '{two_way}'", "value": 4},
                    "value": 1.6,
                },
                "strokeDash": {
                    "condition": {
                        "test": f"datum.style === '{two_way}'",
                        "value": [1, 0],
                    },
                    "value": [5, 3],
                },
                "tooltip": tip,
            },
        },
        {
            "transform": [{"filter": "datum.kind === 'arrow'"}],
            "mark": {"type": "point", "shape": "triangle", "filled": True, "size": 160},
            "encoding": {
                "x": x,
                "y": y,
                "angle": {"field": "angle", "type": "quantitative", "scale": None},
                "color": color,
                "tooltip": tip,
            },
        },
        {
            "transform": [{"filter": "datum.kind === 'node'"}],
            "mark": {
                "type": "circle",
                "size": 700,
                "color": "#f5b041",
                "stroke": "#784212",
                "opacity": 1,
            },
            "encoding": {"x": x, "y": y, "tooltip": tip},
        },
    ]
    for align in ("left", "right", "center"):
        layers.append(
            {
                "transform": [{"filter": f"datum.kind === 'node' && datum.align === '{align}'"}],
                "mark": {
                    "type": "text",
                    "align": align,
                    "fontSize": 13,
                    "fontWeight": "bold",
                },
                "encoding": {
                    "x": {**x, "field": "lx"},
                    "y": {**y, "field": "ly"},
                    "text": {"field": "name"},
                    "tooltip": tip,
                },
            }
        )
    return {
        "width": 520,
        "height": 520,
        "data": {"values": records(pd.DataFrame(node_rows + edge_rows))},
        "layer": layers,
    }


__all__ = ["SERIES", "dendrogram", "linkage_matrix", "network"]
