"""The pages print the release's settings and the data's years where the catalogue has
placeholders: the uncertainty section says the intervals' confidence level and the significance
level of ``marts.dim_thresholds``, the Table 36 rule its effect-size and p thresholds, and the
interpolated year (and the waves it is the mean of) comes from the marts, not from a string."""

from __future__ import annotations

import re

import pytest

from presentation.i18n import translate
from presentation.thresholds import placeholders


def _published(marts) -> dict[str, float]:
    return dict(marts.execute("select setting, value from marts.dim_thresholds").fetchall())


def _texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_the_methodology_page_states_the_release_settings(open_page, marts, lang: str) -> None:
    at = open_page("methodology", lang=lang, tables=False)
    values = placeholders(_published(marts), lang)
    texts = _texts(at)
    assert translate("uncert.body", lang, **values) in texts
    assert not re.search(r"\{[a-z_]+\}", texts), "a placeholder left unfilled"


def test_the_interpolated_year_is_the_data_s(open_page, marts) -> None:
    """Every interpolated year of the annual series, with the observed years on either side, is
    named by the trend notes (the years read from the marts, the sentence from the catalogue)."""
    rows = marts.execute(
        "select distinct year, is_interpolated from marts.fct_indicators_v2 where series = 'annual' order by year"
    ).fetchall()
    interpolated = [y for y, flag in rows if flag]
    observed = [y for y, flag in rows if not flag]
    assert interpolated, "the demo release has an interpolated year (the unusual case this checks)"
    at = open_page("overview", tables=False)
    captions = " ".join(c.value for c in at.caption)
    for year in interpolated:
        expected = translate(
            "note.interpolated",
            "en",
            year=year,
            previous_year=max(y for y in observed if y < year),
            next_year=min(y for y in observed if y > year),
        )
        assert expected in captions, captions
    assert translate("note.interpolated_not_compared", "en", years=", ".join(map(str, interpolated))) in captions


def test_another_interpolated_year_is_named_as_such(app_warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    """A series whose gap is another year (a wave missed later on) names that year and its
    neighbours: nothing about the demo's gap is typed into the strings."""
    import pandas as pd

    from streamlit_app import meta

    monkeypatch.setenv("CPI_WAREHOUSE", str(app_warehouse))
    frame = pd.DataFrame({"year": [2031, 2033, 2034, 2036, 2037], "interp": [False, True, False, True, False]})
    notes = meta.interpolation_notes(frame)
    assert notes == [
        translate("note.interpolated", "en", year=2033, previous_year=2031, next_year=2034),
        translate("note.interpolated", "en", year=2036, previous_year=2034, next_year=2037),
    ]
    assert all(str(y) in n for y, n in zip((2033, 2036), notes, strict=True))
    assert meta.interpolated_note(frame) == [translate("note.interpolated_not_compared", "en", years="2033, 2036")]
    assert meta.interpolation_notes(frame.assign(interp=False)) == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_regions_page_names_the_redrawing_from_the_data(open_page, marts, app_warehouse, lang: str) -> None:
    """In a year before the regions were redrawn the map is drawn in the old borders, and the note
    names the redrawing's year and the new regions from dim_regions."""
    from release_data.connection import open_release
    from release_data.regions import border_change

    change = border_change(open_release(app_warehouse))
    year = marts.execute(
        "select max(year) from marts.fct_indicators_by_region_v2 where geo_level = 'region' and year < ?",
        [change.year],
    ).fetchone()[0]
    assert year is not None, "the demo release has a year before the redrawing (the case this checks)"
    at = open_page("regions", lang=lang, tables=False, year=str(year), level="region")
    names = dict(marts.execute(f"select region_code, name_{lang} from marts.dim_regions").fetchall())
    expected = translate(
        "regions.borders2020", lang, year=change.year, regions=", ".join(sorted(names[c] for c in change.new_units))
    )
    captions = " ".join(c.value for c in at.caption)
    assert expected in captions, captions


def test_the_regions_notes_state_the_bases_and_the_stability_cut_offs(open_page, marts) -> None:
    """The interval note gives the map's smallest and largest base (from the mart), the stability
    note the cut-offs the map's shading uses (presentation.vl_graphs.trust)."""
    from presentation.vl_graphs import DOUBTFUL, STABLE, trust

    year = marts.execute(
        "select max(year) from marts.fct_indicators_by_region_v2 where geo_level = 'region'"
    ).fetchone()[0]
    at = open_page("regions", tables=False, year=str(year), level="region", indicator="composite")
    bases = marts.execute(
        "select min(n_respondents), max(n_respondents) from marts.fct_indicators_by_region_v2 "
        "where year = ? and geo_level = 'region' and indicator_code = 'composite' and weighting = 'unweighted'",
        [year],
    ).fetchone()
    captions = " ".join(c.value for c in at.caption)
    assert f"{bases[0]}–{bases[1]}" in captions, (bases, captions)
    assert f"{DOUBTFUL:g}–{STABLE:g}" in captions
    assert (trust(STABLE), trust((STABLE + DOUBTFUL) / 2), trust(DOUBTFUL - 0.01)) == ("stable", "doubtful", "unstable")
