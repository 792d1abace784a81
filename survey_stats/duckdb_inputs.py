"""Warehouse tables as the coded arrays the estimators take, without long pandas frames.

dbt-duckdb hands a Python model each ``dbt.ref(...)`` as a DuckDB relation. The functions here use
only the relation API (filter, project, join, distinct, order) so that DuckDB does the joins and
turns the long string keys into integers; Python receives narrow typed columns (int32 rows,
int16 codes, int8 valences) wave by wave, streamed in record batches. Respondents are numbered
0..n-1 in respondent-id order within a wave (DuckDB orders VARCHAR by code point, like Python), so
the arrays are the same as the pandas-frame entry points build (survey_stats.bootstrap.wave_arrays).
This is the one module that knows DuckDB; the estimators take arrays or frames.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from survey_stats.bootstrap import WaveArrays
from survey_stats.clustering import RegionPanel, year_trees
from survey_stats.errors import StatsError
from survey_stats.linearisation import Calibration, calibration_of
from survey_stats.significance import ScoreTable
from survey_stats.weighting import WEIGHT_RESOLUTION

BATCH_ROWS = 1 << 20
Relation = duckdb.DuckDBPyRelation


def _is(column: str, value: object) -> duckdb.Expression:
    return duckdb.ColumnExpression(column) == duckdb.ConstantExpression(value)


def _numbered(relation: Relation, keys: str, order: str) -> Relation:
    """The relation with a column ``keys`` numbering its rows 0.. in ``order`` (aliased by that
    column's name, so it joins with relations derived from the same table)."""
    numbered = relation.project(f"*, (row_number() over (order by {order}) - 1)::INTEGER as {keys}")
    return numbered.set_alias(f"{keys}_{order.replace(', ', '_')}")


def distinct_values(relation: Relation, column: str) -> list:
    """Sorted distinct non-null values of a (small) column."""
    values = relation.filter(f"{column} is not null").project(column).distinct().order(column)
    return [row[0] for row in values.fetchall()]


def _scatter(coded: Relation, shape: tuple[int, int], value: str) -> tuple[np.ndarray, np.ndarray]:
    """(values int8, present bool) matrices from a relation of (row_index, column_index, value)."""
    values = np.zeros(shape, dtype=np.int8)
    present = np.zeros(shape, dtype=bool)
    for batch in coded.to_arrow_reader(BATCH_ROWS):
        rows = batch.column("row_index").to_numpy()
        cols = batch.column("column_index").to_numpy()
        vals = batch.column(value)
        ok = ~np.asarray(vals.is_null(), dtype=bool)
        values[rows[ok], cols[ok]] = vals.to_numpy(zero_copy_only=False)[ok].astype(np.int8)
        present[rows[ok], cols[ok]] = True
    return values, present


def _members(coded: Relation, n_groups: int) -> tuple[np.ndarray, ...]:
    """Sorted member rows of each group from a relation of (group_index, row_index)."""
    columns = coded.fetchnumpy()
    group, row = columns["group_index"].astype(np.int64), columns["row_index"].astype(np.int64)
    order = np.lexsort((row, group))
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    rows = row[order]
    return tuple(rows[bounds[g] : bounds[g + 1]] for g in range(n_groups))


def _unmatched(answers: Relation, rows: Relation, wave_id: str) -> None:
    missing = answers.join(rows, "wave_id, respondent_id", how="anti").project("respondent_id").limit(1).fetchall()
    if missing:
        raise StatsError(
            f"wave '{wave_id}': respondent '{missing[0][0]}' has answers but no weight in "
            "int_respondent_weights_computed; rebuild that model"
        )


def bootstrap_waves(answers: Relation, groups: Relation, weights: Relation) -> Iterator[WaveArrays]:
    """WaveArrays of every wave with index answers.

    answers: int_item_answers_classified (wave_id, respondent_id, item_code, indicator_code,
    valence); groups: int_respondent_groups_unpivoted (wave_id, respondent_id, factor,
    group_code); weights: int_respondent_weights_computed (wave_id, respondent_id, weight).
    """
    answers = answers.filter("indicator_code is not null")
    for wave_id in distinct_values(answers, "wave_id"):
        wave_answers = answers.filter(_is("wave_id", wave_id))
        rows = _numbered(
            weights.filter(_is("wave_id", wave_id)).project("wave_id, respondent_id, weight"),
            "row_index",
            "respondent_id",
        )
        _unmatched(wave_answers, rows, wave_id)
        people = rows.order("row_index").project("respondent_id, weight").to_arrow_table()
        ids = people.column("respondent_id").to_numpy()
        weight = np.round(people.column("weight").to_numpy() / WEIGHT_RESOLUTION) * WEIGHT_RESOLUTION
        items = _numbered(
            wave_answers.project("indicator_code, item_code").distinct(), "column_index", "indicator_code, item_code"
        )
        item_list = items.order("column_index").project("indicator_code, item_code").fetchall()
        codes = [item for _, item in item_list]
        if len(set(codes)) < len(codes):
            twice = next(item for item in codes if codes.count(item) > 1)
            raise StatsError(
                f"wave '{wave_id}': item '{twice}' belongs to two indicators; fix ref_methodology_membership"
            )
        indicators = tuple(sorted({indicator for indicator, _ in item_list}))
        item_indicator = np.array([indicators.index(indicator) for indicator, _ in item_list], dtype=np.int64)
        coded = (
            wave_answers.join(rows, "wave_id, respondent_id")
            .join(items, "indicator_code, item_code")
            .project("row_index, column_index, valence::TINYINT as valence")
        )
        valence, valid = _scatter(coded, (ids.size, len(item_list)), "valence")
        wave_groups = groups.filter(_is("wave_id", wave_id))
        keys = _numbered(wave_groups.project("factor, group_code").distinct(), "group_index", "factor, group_code")
        key_list = [tuple(key) for key in keys.order("group_index").project("factor, group_code").fetchall()]
        members = _members(
            wave_groups.join(rows, "wave_id, respondent_id")
            .join(keys, "factor, group_code")
            .project("group_index, row_index"),
            len(key_list),
        )
        kept = [(key, rows_) for key, rows_ in zip(key_list, members, strict=True) if rows_.size]
        yield WaveArrays(
            wave_id,
            ids,
            valence,
            valid,
            weight,
            indicators,
            item_indicator,
            (("total", "all"), *(key for key, _ in kept)),
            (np.arange(ids.size), *(rows_ for _, rows_ in kept)),
        )


def score_tables(scores: Relation, groups: Relation, factors: list[str]) -> Iterator[ScoreTable]:
    """ScoreTables (survey_stats.significance) of every wave: int_respondent_indicator_scores
    (wave_id, year, respondent_id, indicator_code, score) and the groups of ``factors`` from
    int_respondent_groups_unpivoted (wave_id, respondent_id, factor, group_code)."""
    tested = groups.filter(duckdb.ColumnExpression("factor").isin(*map(duckdb.ConstantExpression, factors)))
    for wave_id in distinct_values(scores, "wave_id"):
        wave = scores.filter(_is("wave_id", wave_id))
        year = int(wave.project("year").limit(1).fetchall()[0][0])
        rows = _numbered(wave.project("wave_id, respondent_id").distinct(), "row_index", "respondent_id")
        n = int(rows.aggregate("count(*)").fetchall()[0][0])
        indicators = tuple(distinct_values(wave, "indicator_code"))
        columns = _numbered(wave.project("indicator_code").distinct(), "column_index", "indicator_code")
        matrix = np.full((n, len(indicators)), np.nan)
        coded = wave.join(rows, "wave_id, respondent_id").join(columns, "indicator_code")
        for batch in coded.project("row_index, column_index, score").to_arrow_reader(BATCH_ROWS):
            matrix[batch.column("row_index").to_numpy(), batch.column("column_index").to_numpy()] = batch.column(
                "score"
            ).to_numpy(zero_copy_only=False)
        wave_groups = tested.filter(_is("wave_id", wave_id)).join(rows, "wave_id, respondent_id")
        keys = _numbered(wave_groups.project("factor, group_code").distinct(), "group_index", "factor, group_code")
        key_list = keys.order("group_index").project("factor, group_code").fetchall()
        members = _members(
            wave_groups.join(keys, "factor, group_code").project("group_index, row_index"), len(key_list)
        )
        names = tuple(sorted({factor for factor, _ in key_list}))
        codes = np.full((len(names), n), -1, dtype=np.int32)
        group_codes: list[list[str]] = [[] for _ in names]
        for (factor, group_code), rows_ in zip(key_list, members, strict=True):
            f = names.index(factor)
            codes[f, rows_] = len(group_codes[f])
            group_codes[f].append(group_code)
        yield ScoreTable(wave_id, year, indicators, matrix, names, tuple(map(tuple, group_codes)), codes)


def tested_factors(factors: Relation) -> list[str]:
    """The factors the Table 36 rule tests: those with an orientation (high_group) in ref_factors."""
    return distinct_values(factors.filter("high_group is not null"), "factor")


def _isin(column: str, values: list) -> duckdb.Expression:
    return duckdb.ColumnExpression(column).isin(*map(duckdb.ConstantExpression, values))


def region_panels(
    session: duckdb.DuckDBPyConnection, answers: Relation, groups: Relation, profiles: pd.DataFrame
) -> Iterator[RegionPanel]:
    """RegionPanels (survey_stats.clustering) of every year with a region tree: the index answers of
    int_item_answers_classified on the year's profile items, of respondents whose region
    (int_respondent_groups_unpivoted, factor region) is in the profile; respondents numbered in
    (wave_id, respondent_id) order.

    Bounded memory at any scale: the year's respondents (one row each) are fetched first and
    numbered here, then registered on ``session`` (the relations' connection) as an Arrow table, so
    DuckDB knows the join's small side exactly and streams the year's answers past it. (Numbering
    in SQL with ``row_number()`` and joining that relation back let DuckDB hash the answers side:
    out of memory at 1.6 M respondents in one wave.)"""
    answers = answers.filter("indicator_code is not null")
    regions = groups.filter(_is("factor", "region")).project("wave_id, respondent_id, group_code as region_code")
    for year, matrix, tree in year_trees(profiles):
        region_codes, item_codes = list(matrix.index), list(matrix.columns)
        data = answers.filter(_is("year", year) & _isin("item_code", item_codes)).project(
            "wave_id, respondent_id, item_code, valence"
        )
        people = (
            data.project("wave_id, respondent_id")
            .distinct()
            .join(regions.filter(_isin("region_code", region_codes)), "wave_id, respondent_id")
            .order("wave_id, respondent_id")
            .project("wave_id, respondent_id, region_code")
            .to_arrow_table()
        )
        region = pc.index_in(people.column("region_code"), value_set=pa.array(region_codes)).to_numpy(
            zero_copy_only=False
        )
        numbered = people.select(["wave_id", "respondent_id"]).append_column(
            "row_index", pa.array(np.arange(people.num_rows, dtype=np.int32))
        )
        shape = (people.num_rows, len(item_codes))
        valence, valid = np.zeros(shape, dtype=np.int8), np.zeros(shape, dtype=bool)
        name = f"cpi_region_panel_people_{year}"
        session.register(name, numbered)
        try:
            coded = data.join(session.table(name), "wave_id, respondent_id").project(
                "row_index, item_code, valence::TINYINT as valence"
            )
            for batch in coded.to_arrow_reader(BATCH_ROWS):
                ok = ~np.asarray(batch.column("valence").is_null(), dtype=bool)
                rows = batch.column("row_index").to_numpy()[ok]
                cols = pc.index_in(batch.column("item_code"), value_set=pa.array(item_codes)).to_numpy(
                    zero_copy_only=False
                )[ok]
                valence[rows, cols] = batch.column("valence").to_numpy(zero_copy_only=False)[ok].astype(np.int8)
                valid[rows, cols] = True
        finally:
            session.unregister(name)
        yield RegionPanel(int(year), matrix, tree, valence, valid, region.astype(np.int64))


def linearisation_waves(
    answers: Relation, groups: Relation, weights: Relation
) -> Iterator[tuple[WaveArrays, Calibration | None]]:
    """(WaveArrays, Calibration or None) of every wave with index answers (survey_stats.linearisation):
    bootstrap_waves plus each respondent's raking cells (int_respondent_weights_computed.raking_cells),
    in the same respondent-id order."""
    for arrays in bootstrap_waves(answers, groups, weights):
        cells = (
            weights.filter(_is("wave_id", arrays.wave_id))
            .order("respondent_id")
            .project("raking_cells")
            .to_arrow_table()
            .column("raking_cells")
            .to_pylist()
        )
        yield arrays, calibration_of(cells)


def unpivoted_groups(respondents: Relation) -> Relation:
    """(wave_id, respondent_id, factor, group_code) of every respondent in every factor of
    int_respondents_weighted, 'missing' groups included (the grouping of the estimates)."""
    keys = "wave_id, year, survey_kind, respondent_id, w"
    return respondents.query(
        "respondents",
        f"select wave_id, respondent_id, factor, group_code from (unpivot respondents "
        f"on columns(* exclude ({keys})) into name factor value group_code)",
    )
