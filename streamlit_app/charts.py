"""Figures. Drawing only: every number plotted comes from a mart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from scipy.cluster.hierarchy import dendrogram as scipy_dendrogram


def trend(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str | None,
    interpolated: str,
    names: tuple[str, str],
) -> go.Figure:
    """Lines over years; segments touching an interpolated year are dashed, its markers hollow."""
    fig = go.Figure()
    groups = df.groupby(series, sort=False) if series else [("", df)]
    palette = [
        "#1f77b4",
        "#d62728",
        "#2ca02c",
        "#9467bd",
        "#ff7f0e",
        "#8c564b",
        "#17becf",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
    ]
    for i, (name, part) in enumerate(groups):
        part = part.sort_values(x)
        color = palette[i % len(palette)]
        xs, ys, interp = (
            part[x].tolist(),
            part[y].tolist(),
            part[interpolated].astype(bool).tolist(),
        )
        solid_x: list = []
        solid_y: list = []
        dash_x: list = []
        dash_y: list = []
        for k in range(len(xs) - 1):
            tx, ty = (
                (dash_x, dash_y) if interp[k] or interp[k + 1] else (solid_x, solid_y)
            )
            tx += [xs[k], xs[k + 1], None]
            ty += [ys[k], ys[k + 1], None]
        label = str(name) if series else names[0]
        fig.add_scatter(
            x=solid_x,
            y=solid_y,
            mode="lines",
            line={"color": color},
            name=label,
            legendgroup=label,
            showlegend=False,
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=dash_x,
            y=dash_y,
            mode="lines",
            line={"color": color, "dash": "dash"},
            legendgroup=label,
            showlegend=False,
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="markers+text" if not series else "markers",
            name=label,
            legendgroup=label,
            text=[f"{v:.2f}" for v in ys],
            textposition="top center",
            marker={
                "color": ["white" if f else color for f in interp],
                "size": 10,
                "line": {"color": color, "width": 2},
            },
            customdata=[names[1] if f else "" for f in interp],
            hovertemplate="%{x}: %{y:.2f} %{customdata}<extra>" + label + "</extra>",
        )
    fig.update_layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"dtick": 1, "title": None},
        yaxis={"title": None, "tickformat": ".2f"},
        showlegend=bool(series),
    )
    return fig


def linkage_matrix(link: pd.DataFrame) -> np.ndarray:
    """fct_region_linkage rows (ordered by step) as a scipy linkage matrix."""
    ordered = link.sort_values("step")
    return ordered[["left_node", "right_node", "distance", "size"]].to_numpy(
        dtype=float
    )


def dendrogram(link: pd.DataFrame, leaf_labels: list[str]) -> go.Figure:
    """Draw the stored linkage; ``leaf_labels`` in dendrogram order (fct_region_clusters)."""
    coords = scipy_dendrogram(linkage_matrix(link), no_plot=True)
    fig = go.Figure()
    for xs, ys in zip(coords["icoord"], coords["dcoord"]):
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": "#4a6fa5", "width": 1.5},
            hoverinfo="skip",
            showlegend=False,
        )
    ticks = [5 + 10 * k for k in range(len(coords["leaves"]))]
    fig.update_layout(
        height=420,
        margin={"l": 10, "r": 10, "t": 10, "b": 120},
        xaxis={
            "tickvals": ticks,
            "ticktext": leaf_labels[: len(ticks)],
            "tickangle": -60,
        },
        yaxis={"title": "distance"},
    )
    return fig


def network(
    nodes: list[str],
    labels: dict[str, str],
    edges: pd.DataFrame,
    *,
    two_way_name: str,
    one_way_name: str,
) -> go.Figure:
    """Fixed circular layout; ``edges``: source, target, two_way (bool), weight (%)."""
    n = max(len(nodes), 1)
    pos = {
        c: (
            math.cos(2 * math.pi * k / n + math.pi / 2),
            math.sin(2 * math.pi * k / n + math.pi / 2),
        )
        for k, c in enumerate(nodes)
    }
    fig = go.Figure()
    for two_way, style in (
        (True, {"width": 4, "color": "#c0392b"}),
        (False, {"width": 1.5, "color": "#7f8c8d", "dash": "dot"}),
    ):
        part = edges[edges["two_way"] == two_way]
        xs: list = []
        ys: list = []
        for row in part.itertuples():
            (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=style,
            hoverinfo="skip",
            name=two_way_name if two_way else one_way_name,
        )
    for row in edges[
        ~edges["two_way"]
    ].itertuples():  # arrow towards the chosen partner
        (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
        fig.add_annotation(
            x=x0 + 0.85 * (x1 - x0),
            y=y0 + 0.85 * (y1 - y0),
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowwidth=1.2,
            arrowcolor="#7f8c8d",
            text="",
        )
    fig.add_scatter(
        x=[pos[c][0] for c in nodes],
        y=[pos[c][1] for c in nodes],
        mode="markers+text",
        text=[labels.get(c, c) for c in nodes],
        textposition="top center",
        marker={
            "size": 26,
            "color": "#f5b041",
            "line": {"color": "#784212", "width": 1},
        },
        hoverinfo="text",
        showlegend=False,
    )
    fig.update_layout(
        height=520,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "range": [-1.4, 1.4]},
        yaxis={"visible": False, "range": [-1.3, 1.35], "scaleanchor": "x"},
    )
    return fig


def funnel(levels: list[str], pct: list[float]) -> go.Figure:
    fig = go.Figure(
        go.Funnel(
            y=levels, x=pct, texttemplate="%{x:.0f}%", marker={"color": "#4a6fa5"}
        )
    )
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


def hbar(
    labels: list[str], values: list[float], *, fmt: str = "%{x:.1f}%"
) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            texttemplate=fmt,
            marker={"color": "#4a6fa5"},
        )
    )
    fig.update_layout(
        height=max(260, 28 * len(labels)),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"autorange": "reversed"},
    )
    return fig
