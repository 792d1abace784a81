"""Every read of ``release_data`` on the demo release: it returns the columns its docstring
documents, has rows, and agrees with the other reads of the same numbers."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Callable

import pandas as pd
import pytest

from release_data.connection import Release

SUBJECTS = ("meta", "labels", "indicators", "items", "groups", "regions", "projects", "information")
WHOLE_ROWS = {"build_info", "clusters", "linkage"}  # select *: their docstrings name a few columns
BOOLEAN_READS = {"has_table"}
# the demo waves have no monthly series: the read returns its (documented) columns and no rows
EMPTY_ON_THE_DEMO = {"items.monthly_item_scores"}
# the session build replaced no release, so nothing was revised (tests/ops/test_integrity.py reads
# both after a correction); an existing release (CPI_APP_TEST_WAREHOUSE) may have rows
EMPTY_ON_A_FIRST_BUILD = {"meta.revisions", "meta.figure_revisions"}


def reads() -> list[tuple[str, Callable]]:
    out = []
    for subject in SUBJECTS:
        module = importlib.import_module(f"release_data.{subject}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                out.append((f"{subject}.{name}", fn))
    return out


@pytest.fixture(scope="module")
def args(release: Release) -> dict[str, object]:
    """An argument for every parameter name the reads take, chosen from the release itself."""
    from release_data import groups, indicators, meta, projects, regions

    waves = meta.waves(release)
    annual = waves[waves["survey_kind"] == "annual"].iloc[-1]
    wave_id, year, weighting = str(annual["wave_id"]), int(annual["year"]), "unweighted"
    series = indicators.indicator_series(release, weighting)
    indicator = str(series.loc[series["indicator_code"] != "composite", "indicator_code"].iloc[0])
    catalogue = groups.distribution_catalogue(release)
    asked = catalogue[catalogue["variable_role"] == "question"].iloc[0]
    question, subject = str(asked["question_code"]), str(asked["subject"])
    factor = str(groups.distribution_factors(release, question, subject)["factor"].iloc[0])
    answer = str(groups.distribution(release, wave_id, weighting, question, subject, factor)["answer_code"].iloc[0])
    by_group = groups.item_scores_by_group(release, wave_id, weighting, factor, indicator)
    subjects = tuple(projects.projects(release, wave_id, weighting)["project_code"].unique())
    return {
        "wave_id": wave_id,
        "year": year,
        "weighting": weighting,
        "indicator": indicator,
        "question": question,
        "subject": subject,
        "factor": factor,
        "answer": answer,
        "group": str(by_group["group_code"].iloc[0]),
        "subjects": subjects,
        "level": str(regions.geo_levels(release, wave_id)["geo_level"].iloc[0]),
        "mart": "fct_indicators_v2",
        "seed": "ref_indicators",
        "key": "indicator_code",
        "name": "fct_indicators_v2",
        "schema": "marts",
    }


@pytest.fixture(scope="module")
def special(release: Release, args: dict) -> dict[str, dict[str, object]]:
    """Arguments of the reads whose subject only some waves or questions have."""
    from release_data import groups, meta

    def a_wave(mart: str, **equal: object) -> str:
        return str(meta.wave_ids(release, mart, weighting=args["weighting"], **equal)["wave_id"].min())

    multi = release.read("select question_code, min(wave_id) as wave_id from marts.fct_multi_response_v2 group by all")
    profile = groups.sample_profile(release, args["wave_id"], args["weighting"])
    both = set(profile.loc[profile["factor"] == "home_language", "group_code"]) & set(
        profile.loc[profile["factor"] == "ethnicity", "group_code"]
    )
    return {
        "information.sources": {"wave_id": a_wave("fct_information_sources_v2")},
        "information.funnel": {"wave_id": a_wave("fct_information_funnel_v2")},
        "information.multi_response": {"question": multi["question_code"].iloc[0], "wave_id": multi["wave_id"].iloc[0]},
        "groups.item_scores_by_language_and_ethnicity": {"group": min(both)},
        "regions.answer_by_area": {"subject": args["subject"]},
    }


@pytest.mark.parametrize(("name", "fn"), reads(), ids=[n for n, _ in reads()])
def test_each_read_returns_its_documented_columns(
    release: Release, args: dict, special: dict, name: str, fn: Callable
) -> None:
    params = [p for p in inspect.signature(fn).parameters.values() if p.name != "release"]
    call = {p.name: args[p.name] for p in params if p.kind is not p.VAR_KEYWORD and p.default is p.empty}
    call.update(special.get(name, {}))
    result = fn(release, **call)
    if name.split(".")[1] in BOOLEAN_READS:
        assert result is True
        return
    if isinstance(result, dict):  # a setting -> value mapping: every key documented
        assert result, f"{name} read nothing"
        doc = inspect.getdoc(fn) or ""
        assert not [k for k in result if f"``{k}``" not in doc], f"{name} returns keys its docstring does not name"
        return
    if dataclasses.is_dataclass(result):  # a small record: every field documented and filled
        doc = inspect.getdoc(fn) or ""
        fields = [f.name for f in dataclasses.fields(result)]
        assert not [f for f in fields if f"``{f}``" not in doc], f"{name} returns fields its docstring does not name"
        assert all(getattr(result, f) for f in fields), f"{name} read nothing: {result}"
        return
    assert isinstance(result, pd.DataFrame)
    assert (not result.empty) or name in EMPTY_ON_THE_DEMO | EMPTY_ON_A_FIRST_BUILD, f"{name} read no rows"
    if name.split(".")[1] not in WHOLE_ROWS:
        doc = inspect.getdoc(fn) or ""
        undocumented = [c for c in result.columns if f"``{c}``" not in doc and "``<key>``" not in doc]
        assert not undocumented, f"{name} returns columns its docstring does not name: {undocumented}"


def test_one_indicator_reads_the_same_in_the_series(release: Release, args: dict) -> None:
    from release_data import indicators

    one = indicators.indicator_value(release, args["wave_id"], args["weighting"], args["indicator"])
    series = indicators.indicator_series(release, args["weighting"], args["indicator"])
    row = series[series["wave_id"] == args["wave_id"]]
    assert len(one) == 1 and len(row) == 1
    assert one["value"].iloc[0] == pytest.approx(row["value"].iloc[0])
    assert set(series["indicator_code"]) == {args["indicator"]}


def test_a_distribution_is_whole_in_every_group(release: Release, args: dict) -> None:
    from release_data import groups

    df = groups.distribution(
        release, args["wave_id"], args["weighting"], args["question"], args["subject"], args["factor"]
    )
    assert df.groupby("group_code")["pct"].sum().tolist() == pytest.approx(
        [100.0] * df["group_code"].nunique(), abs=0.01
    )
    assert (df.groupby("group_code")["n"].sum() == df.groupby("group_code")["n_base"].first()).all()


@pytest.mark.parametrize("bad", ["fct_x; drop table marts.dim_waves", "Marts", "a b", "dim_waves--"])
def test_names_that_are_not_identifiers_are_refused(release: Release, bad: str) -> None:
    from release_data import labels, meta

    with pytest.raises(ValueError, match="not a relation or column name"):
        meta.wave_ids(release, bad)
    with pytest.raises(ValueError, match="not a relation or column name"):
        meta.wave_ids(release, "fct_indicators_v2", **{bad: 1})
    with pytest.raises(ValueError, match="not a relation or column name"):
        labels.seed_names(release, bad, "indicator_code")


@pytest.mark.parametrize(
    ("read", "seed", "key", "column", "seed_column"),
    [
        ("item_texts", "ref_items", "item_code", "text_{lang}", "text_{lang}"),
        ("region_names", "ref_regions", "region_code", "name_{lang}", "name_{lang}"),
        ("macro_region_names", "ref_macro_regions", "macro_region", "macro_region_name_{lang}", "name_{lang}"),
    ],
)
def test_names_come_in_every_language_the_seeds_hold(release: Release, read, seed, key, column, seed_column) -> None:
    """The dims carry English and Russian; a language only the label seeds hold (Kazakh) is read
    from the seed, code by code, so the dashboard can speak it."""
    from release_data import labels

    cols = release.read(
        "select column_name from information_schema.columns where table_schema = 'reference' and table_name = ?",
        (seed,),
    )["column_name"]
    langs = [
        c.rsplit("_", 1)[1] for c in cols if c.startswith(seed_column.split("{")[0]) and len(c.rsplit("_", 1)[1]) == 2
    ]
    assert "kk" in langs
    got = getattr(labels, read)(release).set_index(key)
    expected = release.read(f"select * from reference.{seed}").set_index(key)
    for lang in langs:
        mine = got[column.format(lang=lang)].dropna()
        assert len(mine) == len(got), f"{read}: {lang} names missing"
        if lang not in ("en", "ru"):  # en / ru are the dims' own (the codebooks' wording)
            assert (mine == expected.loc[mine.index, seed_column.format(lang=lang)]).all()
    names = labels.seed_names(release, "ref_factors", "factor")
    assert {f"name_{lang}" for lang in ("en", "ru", "kk")} <= set(names.columns)
