"""Small cells (``is_small_cell``) are greyed in the cross-tab and the answer maps: faded, "—"
instead of the share, a note, and the flag in the table (issue 16 item 7)."""

from __future__ import annotations

import pandas as pd
from app_helpers import chart_data, charts, table_with

from streamlit_app.common import SUPPRESSED


def _crosstab_with_small_cells(marts) -> tuple[str, str, str, int]:
    """The question, subject, factor and year of the latest annual wave with the most small cells
    among social groups (from the mart, not typed in)."""
    return marts.execute(
        "select d.question_code, d.subject, d.factor, d.year from marts.fct_answer_distribution_v2 d "
        "join marts.dim_waves w using (wave_id) where d.weighting = 'unweighted' "
        "and w.survey_kind = 'annual' and d.factor not like 'region%' and d.factor <> 'total' "
        "and d.group_code <> 'missing' group by all "
        "order by d.year desc, count(*) filter (where d.is_small_cell) desc, 1, 2, 3 limit 1"
    ).fetchone()


def test_crosstab_greys_small_cells_and_flags_them(open_page, marts) -> None:
    question, subject, factor, year = _crosstab_with_small_cells(marts)
    q = f"{question}.{subject}" if subject else question
    at = open_page("crosstab", codes="1", q=q, factor=factor, year=str(year))
    expected = {
        (g, a): bool(s)
        for g, a, s in marts.execute(
            "select d.group_code, d.answer_code, d.is_small_cell from marts.fct_answer_distribution_v2 d "
            "join marts.dim_waves w using (wave_id) where d.weighting = 'unweighted' and w.survey_kind = 'annual' "
            "and d.year = ? and d.question_code = ? and d.subject = ? and d.factor = ? and d.group_code <> 'missing'",
            [year, question, subject, factor],
        ).fetchall()
    }
    assert any(expected.values()), "the demo release should have a small cell here"
    table = table_with(at, "group_code", "answer_code", "is_small_cell")
    shown = {(g, a): s == "yes" for g, a, s in zip(table["group_code"], table["answer_code"], table["is_small_cell"])}
    assert shown == expected
    cells = chart_data(at)["crosstab"]
    small = cells[cells["small_cell"].astype(bool)]
    assert len(small) == sum(expected.values())
    assert (small["lbl"] == SUPPRESSED).all() and small["small"].astype(bool).all()
    assert (cells.loc[~cells["small_cell"].astype(bool), "lbl"] != SUPPRESSED).all()
    assert any("greyed" in c.value for c in at.caption)


def test_question_map_greys_units_with_a_small_cell(open_page, marts) -> None:
    year = marts.execute("select max(year) from marts.dim_waves where survey_kind = 'annual'").fetchone()[0]
    at = open_page("regions", year=str(year), level="region", question="china_threat")
    spec = charts(at)["question_map"]
    units = pd.DataFrame(spec["layer"][0]["transform"][0]["from"]["data"]["values"])
    flagged = units[units["small_cell"].astype(bool)]
    assert (flagged["lbl"] == SUPPRESSED).all() and flagged["small"].astype(bool).all()
    expected = dict(
        marts.execute(
            "select d.group_code, d.is_small_cell from marts.fct_answer_distribution_v2 d "
            "join marts.dim_waves w using (wave_id) where w.survey_kind = 'annual' and d.year = ? "
            "and d.weighting = 'unweighted' and d.question_code = 'china_threat' and d.factor = 'region' "
            "and d.answer_code = 'yes' and d.group_code <> 'missing'",
            [year],
        ).fetchall()
    )
    assert dict(zip(units["geo_code"], units["small_cell"].astype(bool))) == expected
