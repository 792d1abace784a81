"""A chart's SVG does not depend on what the process drew before it (Vega's id counters)."""

from __future__ import annotations

from cpi.report.charts import to_svg

GRADIENT_MAP = {  # a quantitative colour legend: Vega draws it with a numbered gradient
    "data": {"values": [{"x": "a", "y": 1.0, "v": -0.5}, {"x": "b", "y": 2.0, "v": 0.5}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "x", "type": "nominal"},
        "y": {"field": "y", "type": "quantitative"},
        "color": {"field": "v", "type": "quantitative"},
    },
}


def test_the_same_chart_gives_the_same_bytes_after_other_charts() -> None:
    first = to_svg(GRADIENT_MAP, "en", "7")
    for _ in range(3):  # other figures drawn in between advance Vega's counters
        to_svg(GRADIENT_MAP, "ru", "8")
    again = to_svg(GRADIENT_MAP, "en", "7")
    assert "fig7-gradient_0" in first
    assert again == first


def test_two_figures_of_one_page_keep_distinct_ids() -> None:
    a, b = to_svg(GRADIENT_MAP, "en", "1"), to_svg(GRADIENT_MAP, "en", "2")
    assert "fig1-gradient_0" in a and "fig2-gradient_0" in b and "fig1-" not in b
