"""Every wave the warehouse will meet, built from fixtures this test writes (data only), following
docs/adding-waves.md step by step on a copy of the dbt project:

* "How to add an item": a new question appended to ``seeds/ref_items.csv`` by an editor that
  writes CRLF line endings (the file is CRLF throughout), asked by the 2024 annual wave;
* "How to add a methodology version": ``v2024`` in ``ref_methodology_versions.csv`` and its whole
  membership in ``ref_methodology_membership.csv`` -- the new item joins economic, one cultural
  item leaves;
* "How to add a wave kind": a kind ``flash`` in ``ref_wave_kinds.csv`` (series monthly);
* an omnibus wave (``kind: omnibus``) of 2024 asking part of the index, and the same part of the
  index asked by a 2025 wave declared ``kind: annual``.

One build of five waves (2023 and 2024 annual and complete, the omnibus, the flash wave, the
partial 2025 annual wave). Every expected value is derived from the seeds and the waves written
here, never typed in.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from wave_fixtures import (
    append_rows,
    code_files,
    copy_project,
    read_seed,
    run_build,
    write_wave,
)

pytestmark = pytest.mark.slow

NEW_ITEM = "econ_test_new_corridor"
NEW_VERSION = "v2024"


def _membership(seeds: Path) -> pd.DataFrame:
    return read_seed(seeds / "ref_methodology_membership.csv")


def _latest_version(seeds: Path) -> pd.DataFrame:
    membership = _membership(seeds)
    latest = membership[membership["year"] == max(membership["year"], key=int)]
    return latest.reset_index(drop=True)


def _partial_items(latest: pd.DataFrame) -> list[str]:
    """Part of the index: the general item(s) and all economic items but the last."""
    general = latest.loc[latest["indicator_code"] == "general", "item_code"].tolist()
    economic = sorted(latest.loc[latest["indicator_code"] == "economic", "item_code"])
    return general + economic[:-1]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("waves")
    project = copy_project(tmp / "project")
    seeds = project / "seeds"
    code_before = code_files(project)
    latest = _latest_version(seeds)
    leaving = min(latest.loc[latest["indicator_code"] == "cultural", "item_code"])

    # docs/adding-waves.md, "How to add an item" -- by an editor that writes CRLF
    items_csv = seeds / "ref_items.csv"
    items_csv.write_bytes(items_csv.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    append_rows(
        items_csv,
        [
            {
                "item_code": NEW_ITEM,
                "indicator_code": "economic",
                "text_en": "A new transport corridor with China helps",
                "text_ru": "Новый транспортный коридор с Китаем полезен",
                "positive_answer": "rather agree",
                "negative_answer": "rather disagree",
                "neutral_answer": "difficult to answer",
                "first_year": "2024",
            }
        ],
        newline="\r\n",
    )
    # "How to add a methodology version"
    append_rows(
        seeds / "ref_methodology_versions.csv",
        [
            {
                "methodology_version": NEW_VERSION,
                "year": "2024",
                "is_interpolated": "false",
                "description_en": f"2024 wave: {NEW_ITEM} joins economic, {leaving} leaves cultural",
            }
        ],
    )
    members = latest[latest["item_code"] != leaving].assign(methodology_version=NEW_VERSION, year="2024")
    new_rows = members.to_dict("records") + [
        {"methodology_version": NEW_VERSION, "year": "2024", "indicator_code": "economic", "item_code": NEW_ITEM}
    ]
    append_rows(seeds / "ref_methodology_membership.csv", new_rows)
    # "How to add a wave kind"
    append_rows(
        seeds / "ref_wave_kinds.csv",
        [
            {
                "survey_kind": "flash",
                "series": "monthly",
                "description_en": "A short flash poll between the annual waves",
            }
        ],
    )

    all_2023 = latest["item_code"].tolist()
    all_2024 = [*members["item_code"], NEW_ITEM]
    partial = _partial_items(latest)
    raw = tmp / "raw"
    write_wave(raw, "cpi_2023_11", 2023, "annual", all_2023, n=220, seed=23)
    write_wave(raw, "cpi_2024_11", 2024, "annual", all_2024, n=240, seed=24)
    write_wave(raw, "omnibus_2024_03", 2024, "omnibus", partial, n=150, seed=3, month=3)
    write_wave(raw, "flash_2024_06", 2024, "flash", partial, n=120, seed=6, month=6)
    write_wave(raw, "cpi_2025_11", 2025, "annual", partial, n=160, seed=25)
    done = run_build(raw, tmp / "out", project)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return {
        "project": project,
        "db": tmp / "out" / "cpi.duckdb",
        "output": done.stdout + done.stderr,
        "code_before": code_before,
        "membership": _membership(seeds),
        "leaving": leaving,
        "partial": partial,
        "all_2024": all_2024,
    }


def _query(scenario: dict, sql: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(scenario["db"]), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def test_only_data_was_written(scenario: dict) -> None:
    assert code_files(scenario["project"]) == scenario["code_before"]


def test_the_crlf_seed_is_normalised_and_said(scenario: dict) -> None:
    items_csv = scenario["project"] / "seeds" / "ref_items.csv"
    assert b"\r" not in items_csv.read_bytes()
    assert "ref_items.csv: normalised (CRLF line endings" in scenario["output"]
    dim = _query(scenario, "select indicator_code from marts.dim_items where item_code = ?", [NEW_ITEM])
    assert dim["indicator_code"].tolist() == ["economic"]


def test_every_waves_answers_are_counted_whatever_its_kind(scenario: dict) -> None:
    scores = _query(
        scenario,
        "select wave_id, item_code, series, n_valid from marts.fct_item_scores_v2 "
        "where weighting = 'unweighted' and not is_interpolated",
    )
    for wave_id, series in [("omnibus_2024_03", "monthly"), ("flash_2024_06", "monthly"), ("cpi_2025_11", "annual")]:
        rows = scores[scores["wave_id"] == wave_id]
        assert sorted(rows["item_code"]) == sorted(scenario["partial"]), wave_id
        assert (rows["n_valid"] > 0).all() and set(rows["series"]) == {series}, wave_id
    answers = _query(
        scenario,
        "select distinct question_code from marts.fct_answer_distribution_v2 "
        "where wave_id = 'omnibus_2024_03' and variable_role = 'item'",
    )
    assert sorted(answers["question_code"]) == sorted(scenario["partial"])


def test_a_partial_wave_has_no_indicator_it_lacks_items_for(scenario: dict) -> None:
    rows = _query(
        scenario,
        "select wave_id, indicator_code, value, coverage_status, not_computed_reason, "
        "n_items_required, n_items_present from marts.fct_indicators_v2 "
        "where weighting = 'unweighted' and wave_id in "
        "('omnibus_2024_03', 'flash_2024_06', 'cpi_2025_11')",
    )
    version = scenario["membership"]
    required = version[version["methodology_version"] == NEW_VERSION].groupby("indicator_code").size()
    asked = set(scenario["partial"])
    for row in rows.itertuples():
        if row.indicator_code == "composite":
            assert pd.isna(row.value) and row.coverage_status == "not_computed", row
            assert "indicators not computed" in row.not_computed_reason
            continue
        members = set(
            version[
                (version["methodology_version"] == NEW_VERSION) & (version["indicator_code"] == row.indicator_code)
            ]["item_code"]
        )
        assert row.n_items_required == required[row.indicator_code]
        assert row.n_items_present == len(members & asked)
        if members <= asked:
            assert row.coverage_status == "complete" and pd.notna(row.value), row
        else:
            assert row.coverage_status == "not_computed" and pd.isna(row.value), row
            missing = sorted(members - asked)
            assert missing[0] in row.not_computed_reason and NEW_VERSION in row.not_computed_reason, row
    assert set(rows["wave_id"]) == {"omnibus_2024_03", "flash_2024_06", "cpi_2025_11"}
    assert len(rows) == 3 * 5  # the four indicators and the composite of every wave


def test_the_annual_headline_is_the_annual_wave_only(scenario: dict) -> None:
    v1 = _query(
        scenario,
        "select indicator_code, value, n_respondents from marts.fct_indicators "
        "where year = 2024 order by indicator_code",
    )
    annual = _query(
        scenario,
        "select indicator_code, value, n_respondents from marts.fct_indicators_v2 "
        "where wave_id = 'cpi_2024_11' and weighting = 'unweighted' order by indicator_code",
    )
    pd.testing.assert_frame_equal(v1, annual, check_dtype=False, rtol=1e-12, atol=1e-12)
    assert v1["value"].notna().all()
    item_bases = _query(
        scenario,
        "select v1.item_code, v1.n_valid, v2.n_valid as annual_n_valid "
        "from marts.fct_item_scores v1 join marts.fct_item_scores_v2 v2 "
        "on v2.wave_id = 'cpi_2024_11' and v2.weighting = 'unweighted' "
        "and v1.item_code = v2.item_code where v1.year = 2024",
    )
    assert len(item_bases) == len(scenario["all_2024"])
    assert (item_bases["n_valid"] == item_bases["annual_n_valid"]).all()


def test_the_partial_annual_wave_is_not_a_headline(scenario: dict) -> None:
    v1 = _query(
        scenario,
        "select indicator_code, value, coverage_status, not_computed_reason "
        "from marts.fct_indicators where year = 2025",
    )
    composite = v1[v1["indicator_code"] == "composite"].iloc[0]
    assert pd.isna(composite["value"]) and composite["coverage_status"] == "not_computed"
    assert composite["not_computed_reason"]
    assert v1.loc[v1["indicator_code"] == "cultural", "value"].isna().all()
    assert "China Perception Index, 2024" in scenario["output"]  # the build's headline: the complete year
    changes = _query(scenario, "select indicator_code from marts.fct_indicator_changes where wave_id = 'cpi_2025_11'")
    complete = v1.loc[v1["coverage_status"] == "complete", "indicator_code"]
    assert set(changes["indicator_code"]) == set(complete)  # a change only where 2025 is complete


def test_no_change_between_non_comparable_rows(scenario: dict) -> None:
    pairs = _query(
        scenario,
        """
        select c.wave_id, c.previous_wave_id, c.indicator_code, c.series, l.is_complete as later_complete,
               e.is_complete as earlier_complete, l.series as later_series, e.series as earlier_series
        from marts.fct_indicator_changes c
        join marts.fct_indicators_v2 l
          on l.wave_id = c.wave_id and l.weighting = c.weighting and l.indicator_code = c.indicator_code
        join marts.fct_indicators_v2 e
          on e.wave_id = c.previous_wave_id and e.weighting = c.weighting and e.indicator_code = c.indicator_code
    """,
    )
    total = _query(scenario, "select count(*) as n from marts.fct_indicator_changes")["n"].iloc[0]
    assert len(pairs) == total > 0
    assert pairs["later_complete"].all() and pairs["earlier_complete"].all()
    assert (pairs["later_series"] == pairs["earlier_series"]).all()
    annual_ids = {"cpi_2023_11", "cpi_2024_11", "cpi_2025_11"}
    annual = pairs[pairs["series"] == "annual"]
    assert set(annual["wave_id"]) | set(annual["previous_wave_id"]) <= annual_ids


def test_the_membership_dimension_follows_the_seeds(scenario: dict) -> None:
    dim = _query(scenario, "select methodology_version, item_code, indicator_code from marts.dim_item_membership")
    seed = scenario["membership"][["methodology_version", "item_code", "indicator_code"]]
    key = ["methodology_version", "item_code"]
    pd.testing.assert_frame_equal(
        dim.sort_values(key).reset_index(drop=True), seed.sort_values(key).reset_index(drop=True), check_dtype=False
    )
    new = dim[dim["methodology_version"] == NEW_VERSION].set_index("item_code")["indicator_code"]
    assert new[NEW_ITEM] == "economic" and scenario["leaving"] not in new.index
    items = _query(scenario, "select item_code, indicator_code from marts.dim_items").set_index("item_code")
    assert pd.isna(items.loc[scenario["leaving"], "indicator_code"])  # not a member of the latest version


def test_a_change_across_the_new_version_is_flagged_with_its_like_for_like(scenario: dict) -> None:
    change = _query(
        scenario,
        "select * from marts.fct_indicator_changes where wave_id = 'cpi_2024_11' "
        "and weighting = 'unweighted' and indicator_code in ('economic', 'cultural')",
    )
    assert len(change) == 2 and change["is_membership_changed"].all()
    assert set(change["methodology_version"]) == {NEW_VERSION}
    scores = _query(
        scenario,
        "select wave_id, item_code, indicator_code, score from marts.fct_item_scores_v2 "
        "where weighting = 'unweighted' and wave_id in ('cpi_2023_11', 'cpi_2024_11')",
    )
    for row in change.itertuples():
        later = scores[(scores["wave_id"] == "cpi_2024_11") & (scores["indicator_code"] == row.indicator_code)]
        earlier = scores[(scores["wave_id"] == "cpi_2023_11") & (scores["indicator_code"] == row.indicator_code)]
        common = sorted(set(later["item_code"]) & set(earlier["item_code"]))
        assert row.n_items_like_for_like == len(common)
        expected = (
            later.set_index("item_code").loc[common, "score"].mean()
            - earlier.set_index("item_code").loc[common, "score"].mean()
        )
        assert row.change_like_for_like == pytest.approx(expected, abs=1e-12)
        assert row.change == pytest.approx(row.value - row.previous_value, abs=1e-15)


def _page(scenario: dict, monkeypatch: pytest.MonkeyPatch, name: str, **params: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CPI_WAREHOUSE", str(scenario["db"]))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(f"views/{name}.py")
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_dashboard_headline_is_the_latest_complete_annual_wave(scenario: dict, monkeypatch) -> None:
    at = _page(scenario, monkeypatch, "overview")
    assert any(s.value == "Latest wave: 2024" for s in at.subheader), [s.value for s in at.subheader]
    captions = " ".join(c.value for c in at.caption)
    assert "cpi_2025_11 not shown as the headline" in captions
    assert f"→ {NEW_VERSION}" in captions and "like-for-like" in captions  # economic and cultural changed


def test_the_dashboard_shows_monthly_waves_as_their_own_series(scenario: dict, monkeypatch) -> None:
    at = _page(scenario, monkeypatch, "dynamics", indicator="economic")
    assert any(s.value.startswith("Monthly waves") for s in at.subheader), [s.value for s in at.subheader]
    annual_years = {
        int(y) for y in _query(scenario, "select year from marts.dim_waves where survey_kind = 'annual'")["year"]
    }
    for table in at.dataframe:
        frame = table.value
        if "wave_id" in frame.columns:
            assert not frame["wave_id"].isin(["omnibus_2024_03", "flash_2024_06"]).any()
        if "year" in frame.columns and "indicator" in frame.columns:
            assert set(frame["year"].astype(int)) <= annual_years | {2022}
