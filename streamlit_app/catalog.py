"""Where each figure and table of the 2023 report lives in the dashboard.

One row per report figure / table: the page, the figure's key (its Vega-Lite ``usermeta.figure``)
and the URL parameters that select it. The methodology page lists these as deep links; the tests
open every row and check that the figure is drawn.
"""

from __future__ import annotations

from urllib.parse import urlencode

# (report reference, page url path, figure key, URL parameters)
REPORT: list[tuple[str, str, str, dict[str, str]]] = [
    ("Figure 1", "information", "sources", {}),
    ("Figure 2", "information", "funnel", {}),
    ("Figure 3", "concerns", "reasons_positive", {}),
    ("Figure 4", "concerns", "reasons_negative", {}),
    ("Figure 5", "indicators", "item_answers", {"indicator": "economic"}),
    ("Figure 6", "regions", "priorities_by_macro_region", {}),
    ("Figure 7", "projects", "project_awareness", {}),
    ("Figure 8", "projects", "project_map", {"project": "wewc_corridor"}),
    ("Figure 9", "dynamics", "indicator_trend", {"indicator": "general"}),
    ("Figure 10", "dynamics", "attitude_groups_trend", {"factor": "home_language"}),
    ("Figure 11", "dynamics", "indicator_trend", {"indicator": "geopolitical"}),
    ("Figure 12", "dynamics", "indicator_trend", {"indicator": "economic"}),
    ("Figure 13", "projects", "project_trend_wewc_corridor", {}),
    ("Figure 14", "projects", "project_trend_belt_and_road", {}),
    ("Figure 15", "dynamics", "indicator_trend", {"indicator": "cultural"}),
    ("Figure 16", "overview", "composite_trend", {}),
    ("Figure 17", "overview", "indicators_trend", {}),
    ("Figure 18", "dynamics", "structure", {}),
    ("Figure 19", "factors", "attitude_by_group", {"factor": "age_group"}),
    ("Figure 20", "factors", "attitude_by_group", {"factor": "welfare"}),
    ("Figure 21", "factors", "threat_by_group", {"factor": "ethnicity"}),
    ("Figure 22", "factors", "attitude_by_group", {"factor": "home_language"}),
    ("Figure 23", "factors", "threat_by_group", {"factor": "home_language"}),
    ("Figure 24", "factors", "language_vs_ethnicity_kazakh", {"pair": "kazakh"}),
    ("Figure 25", "factors", "language_vs_ethnicity_russian", {"pair": "russian"}),
    ("Figure 26", "regions", "macro_regions", {}),
    (
        "Figure 27",
        "regions",
        "indicator_map",
        {"indicator": "composite", "level": "macro_region"},
    ),
    (
        "Figure 28",
        "regions",
        "indicator_map",
        {"indicator": "general", "level": "macro_region"},
    ),
    (
        "Figure 29",
        "regions",
        "indicator_map",
        {"indicator": "geopolitical", "level": "macro_region"},
    ),
    (
        "Figure 30",
        "regions",
        "indicator_map",
        {"indicator": "economic", "level": "macro_region"},
    ),
    (
        "Figure 31",
        "regions",
        "indicator_map",
        {"indicator": "cultural", "level": "macro_region"},
    ),
    ("Figure 32", "regions", "cluster_map", {}),
    ("Figure 33", "foreign", "friendly_shares", {}),
    ("Figure 34", "foreign", "friendly_network", {}),
    ("Figure 35", "concerns", "labour_statements", {}),
    (
        "Figure 36",
        "regions",
        "question_map",
        {"question": "geo_influence_growing", "level": "macro_region"},
    ),
    (
        "Figure 37",
        "regions",
        "question_map",
        {"question": "geo_friendly", "level": "macro_region"},
    ),
    (
        "Figure 38",
        "regions",
        "question_map",
        {"question": "geo_more_than_russia", "level": "macro_region"},
    ),
    (
        "Threat map",
        "regions",
        "question_map",
        {"question": "china_threat", "level": "macro_region"},
    ),
    ("Figure 39", "sample", "sample_regions", {}),
    ("Figure 40", "sample", "profile_people", {}),
    ("Figure 41", "sample", "profile_status", {}),
    ("Table 1", "information", "sources", {}),
    ("Table 2", "information", "ratio_often", {}),
    ("Table 3", "information", "ratio_tone", {}),
    ("Table 4", "indicators", "item_answers", {"indicator": "general"}),
    ("Table 5", "indicators", "item_ratios", {"indicator": "geopolitical"}),
    ("Table 6", "concerns", "concerns", {}),
    ("Table 7", "indicators", "item_ratios", {"indicator": "economic"}),
    ("Table 8", "projects", "project_attitude", {}),
    ("Table 9", "indicators", "item_answers", {"indicator": "cultural"}),
    ("Table 10", "indicators", "item_ratios", {"indicator": "cultural"}),
    ("Table 11", "dynamics", "item_trends", {"indicator": "geopolitical"}),
    ("Table 12", "dynamics", "item_change", {"indicator": "economic"}),
    ("Table 13", "dynamics", "item_ranks", {"indicator": "economic"}),
    ("Table 14", "dynamics", "item_trends", {"indicator": "cultural"}),
    (
        "Table 15",
        "factors",
        "items_by_group",
        {"factor": "age_group", "indicator": "geopolitical"},
    ),
    (
        "Table 16",
        "factors",
        "items_by_group",
        {"factor": "age_group", "indicator": "economic"},
    ),
    (
        "Table 17",
        "factors",
        "items_by_group",
        {"factor": "age_group", "indicator": "cultural"},
    ),
    ("Table 18", "factors", "indicators_by_group", {"factor": "age_group"}),
    (
        "Table 19",
        "factors",
        "items_by_group",
        {"factor": "welfare", "indicator": "economic"},
    ),
    (
        "Table 20",
        "factors",
        "items_by_group",
        {"factor": "welfare", "indicator": "geopolitical"},
    ),
    (
        "Table 21",
        "factors",
        "items_by_group",
        {"factor": "welfare", "indicator": "cultural"},
    ),
    ("Table 22", "factors", "indicators_by_group", {"factor": "welfare"}),
    (
        "Table 23",
        "factors",
        "items_by_group",
        {"factor": "ethnicity", "indicator": "geopolitical"},
    ),
    (
        "Table 24",
        "factors",
        "items_by_group",
        {"factor": "ethnicity", "indicator": "economic"},
    ),
    (
        "Table 25",
        "factors",
        "items_by_group",
        {"factor": "ethnicity", "indicator": "cultural"},
    ),
    ("Table 26", "factors", "indicators_by_group", {"factor": "ethnicity"}),
    (
        "Table 27",
        "factors",
        "items_by_group",
        {"factor": "home_language", "indicator": "geopolitical"},
    ),
    (
        "Table 28",
        "factors",
        "items_by_group",
        {"factor": "home_language", "indicator": "economic"},
    ),
    (
        "Table 29",
        "factors",
        "items_by_group",
        {"factor": "home_language", "indicator": "cultural"},
    ),
    ("Table 30", "factors", "indicators_by_group", {"factor": "home_language"}),
    ("Table 31", "factors", "indicators_by_group", {"factor": "education"}),
    (
        "Table 32",
        "factors",
        "items_by_group",
        {"factor": "settlement", "indicator": "geopolitical"},
    ),
    (
        "Table 33",
        "factors",
        "items_by_group",
        {"factor": "settlement", "indicator": "economic"},
    ),
    (
        "Table 34",
        "factors",
        "items_by_group",
        {"factor": "settlement", "indicator": "cultural"},
    ),
    ("Table 35", "factors", "indicators_by_group", {"factor": "settlement"}),
    ("Table 36", "factors", "integral_table", {}),
    ("Table 37", "foreign", "friendly_pairs", {}),
    ("Table 38", "foreign", "friendly_network", {}),
]


def link(page: str, params: dict[str, str], lang: str) -> str:
    """Relative deep link to a page with its selections and the language."""
    path = "" if page == "overview" else page
    return f"./{path}?{urlencode({**params, 'lang': lang})}"
