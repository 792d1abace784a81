"""The dashboard and the report state the thresholds of the release they show, never a number
typed into a string: the small-base note and header, the significance wording, the intervals'
confidence level and the Table 36 rule take their number from ``marts.dim_thresholds`` (the
build's dbt vars), so a release built with another setting says its own number
(presentation/thresholds.py)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import yaml

from cpi.report.context import Context
from presentation.i18n import languages, translate
from presentation.thresholds import confidence_pct
from release_data import marker
from release_data import meta as release_meta
from release_data.connection import open_release
from streamlit_app.thresholds import UNKNOWN, placeholders

REPO = Path(__file__).resolve().parents[2]
VARS = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
# catalogue key -> the placeholder it must take instead of a number
STATED = {
    "small.base": "small_base_n",
    "column.is_small_base": "small_base_n",
    "sig.yes": "significance_pct",
    "column.significant": "significance_pct",
    "note.sig_ring": "significance_level",
    "dynamics.change_sig_note": "significance_level",
    "uncert.body": "significance_pct",
    "ci.tip": "ci_pct",
    "column.ci_low": "ci_pct",
    "factors.differences_note": "influence_min_effect",
    "factors.rule": "influence_max_p",
}
OTHER = {"factors.rule": {"method": "Holm", "n": 3}}  # placeholders that are not settings
# report catalogue key -> placeholder (the report fills them from the same mart)
REPORT_STATED = {
    "report.col.ci": "ci_pct",
    "report.methods": "ci_pct",
    "report.note.integral": "influence_max_p",
}
SETTINGS = ("small_base_n", "small_cell_n", "significance_level", "ci_z", "influence_min_effect", "influence_max_p")


def _release(path: Path, thresholds: dict[str, float]) -> Path:
    """A minimal published release: the publisher's marker and marts.dim_thresholds."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    for statement in marker.marker_sql():
        con.execute(statement)
    con.execute("create table marts.dim_thresholds (setting varchar, value double, description_en varchar)")
    con.executemany("insert into marts.dim_thresholds values (?, ?, 'x')", list(thresholds.items()))
    con.close()
    return path


def _raw(key: str, lang: str) -> str:
    return translate(key, lang)  # no values: the catalogue's text with its placeholders


@pytest.mark.parametrize("lang", languages("dashboard"))
def test_no_threshold_is_typed_into_the_catalogue(lang: str) -> None:
    for key, placeholder in STATED.items():
        text = _raw(key, lang)
        assert "{" + placeholder + "}" in text, (lang, key, text)
        # the build's value, as the dashboard would print it, is not typed in beside the placeholder
        typed = placeholders({k: float(VARS[k]) for k in SETTINGS}, lang)
        number = re.escape(typed[placeholder])
        assert not re.search(rf"(?<![\d.,]){number}(?![\d.,])", text), (
            f"{lang} {key}: {typed[placeholder]} typed into {text!r}"
        )


def _stricter() -> dict[str, float]:
    """Every setting of the build changed (read from dbt_project.yml, not typed in)."""
    return {
        "small_base_n": float(VARS["small_base_n"]) + 20,
        "small_cell_n": float(VARS["small_cell_n"]) * 2,
        "significance_level": float(VARS["significance_level"]) / 5,
        "ci_z": float(VARS["ci_z"]) * 1.3,
        "influence_min_effect": float(VARS["influence_min_effect"]) * 3,
        "influence_max_p": float(VARS["influence_max_p"]) / 5,
    }


@pytest.mark.parametrize("lang", languages("dashboard"))
def test_changing_the_threshold_in_the_release_changes_the_text(lang: str, tmp_path: Path) -> None:
    built = {"as_built": {k: float(VARS[k]) for k in SETTINGS}, "stricter": _stricter()}
    texts = {}
    for name, thresholds in built.items():
        release = open_release(_release(tmp_path / f"{name}.duckdb", thresholds))
        published = release_meta.thresholds(release)
        assert published == thresholds
        values = placeholders(published, lang)
        texts[name] = {key: translate(key, lang, **values, **OTHER.get(key, {})) for key in STATED}
        assert str(int(thresholds["small_base_n"])) in texts[name]["small.base"]
        assert str(int(thresholds["small_base_n"])) in texts[name]["column.is_small_base"]
        pct = thresholds["significance_level"] * 100
        assert f"{pct:g}".replace(".", ",") in texts[name]["sig.yes"] or f"{pct:g}" in texts[name]["sig.yes"]
        assert "{" not in " ".join(texts[name].values())
    for key in STATED:
        assert texts["as_built"][key] != texts["stricter"][key], key


def test_the_confidence_level_is_the_coverage_of_ci_z() -> None:
    """scipy is the oracle: ±z standard errors cover 1 - 2 (1 - Phi(z)) of a normal estimate."""
    from scipy import stats

    for z in (float(VARS["ci_z"]), 1.6448536, 2.5758293):
        assert confidence_pct(z) == pytest.approx(round(100 * (1 - 2 * stats.norm.sf(z)), 1))
    as_built = placeholders({"ci_z": float(VARS["ci_z"])}, "en")["ci_pct"]
    assert as_built == f"{round(100 * (1 - 2 * stats.norm.sf(float(VARS['ci_z']))), 1):g}"
    assert placeholders({"ci_z": 2.5758293}, "ru")["ci_pct"] != as_built


@pytest.mark.parametrize("lang", languages("report"))
def test_the_report_states_the_release_settings_like_the_dashboard(lang: str, tmp_path: Path) -> None:
    """The report fills the same placeholders from the same mart: its text changes with the
    release's settings and says the number the dashboard says."""
    texts = {}
    for name, thresholds in {"as_built": {k: float(VARS[k]) for k in SETTINGS}, "stricter": _stricter()}.items():
        path = _release(tmp_path / f"{name}.duckdb", thresholds)
        con = duckdb.connect(str(path), read_only=True)
        ctx = Context(con=con, lang=lang)
        texts[name] = {key: ctx.t(key) for key in REPORT_STATED}
        dashboard = placeholders(release_meta.thresholds(open_release(path)), lang)
        for key, placeholder in REPORT_STATED.items():
            assert dashboard[placeholder] in texts[name][key], (key, dashboard[placeholder], texts[name][key])
            assert "{" not in texts[name][key]
        con.close()
    for key in REPORT_STATED:
        assert texts["as_built"][key] != texts["stricter"][key], key


def test_a_release_without_published_thresholds_says_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    for statement in marker.marker_sql():
        con.execute(statement)
    con.close()
    published = release_meta.thresholds(open_release(path))
    assert published == {}
    text = translate("small.base", "en", **placeholders(published, "en"))
    assert UNKNOWN in text and "{" not in text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_cross_tab_states_the_release_small_base(open_page, marts, lang: str) -> None:
    """A cross-tab with a small group says the release's threshold (dim_thresholds), in words."""
    base = marts.execute("select value from marts.dim_thresholds where setting = 'small_base_n'").fetchone()[0]
    question, subject, factor, year = marts.execute(
        "select d.question_code, d.subject, d.factor, d.year from marts.fct_answer_distribution_v2 d "
        "join marts.dim_waves w using (wave_id) where d.weighting = 'unweighted' and w.survey_kind = 'annual' "
        "and d.factor not like 'region%' and d.factor <> 'total' and d.group_code <> 'missing' "
        "group by all having bool_or(d.is_small_base) order by d.year desc, 1, 2, 3 limit 1"
    ).fetchone()
    at = open_page("crosstab", lang=lang, q=f"{question}.{subject}" if subject else question, factor=factor, year=year)
    expected = translate("small.base", lang, **placeholders({"small_base_n": base}, lang))
    captions = [c.value for c in at.caption]
    assert any(expected in c for c in captions), captions
    assert not any("{small_base_n}" in c for c in captions)
