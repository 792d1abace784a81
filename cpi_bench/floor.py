"""The floor: one hand-written DuckDB query for the item scores by year and factor group.

Input is what the build loads: the long-form answers (one row per respondent × loaded variable,
built by DuckDB's UNPIVOT from the wide .sav frame) and the codebook mapping (variables, value
codes) plus the region crosswalk seed. Stages: ``read`` (.sav files of the annual waves),
``load`` (UNPIVOT into a DuckDB file), ``query`` (the one query: the floor), ``save``.
The query joins each answer to its respondent's groups once and counts with GROUPING SETS (one
set per factor and one for the whole year); an UNPIVOT of the groups joined to the answers gives
the same numbers in about twice the time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cpi_bench.scores import (
    CODED_ATTRIBUTES,
    FACTORS,
    REF_REGIONS,
    annual_waves,
    finish,
)

log = logging.getLogger(__name__)

_TABLES = """
create table waves (wave_id varchar, year integer);
create table responses (wave_id varchar, respondent_id bigint, variable_name varchar, value_num double);
create table codebook_variables (wave_id varchar, variable_name varchar, role varchar, code varchar, is_numeric boolean);
create table codebook_values (wave_id varchar, variable_name varchar, value_num double, value_code varchar);
create table user_missing (wave_id varchar, variable_name varchar, lo double, hi double);
"""


def _pivot_columns() -> str:
    coded = ",\n        ".join(f"max(value_code) filter (where attribute = '{a}') as {a}" for a in CODED_ATTRIBUTES)
    return (
        coded
        + ",\n        max(value_num) filter (where attribute = 'age') as age_years"
        + (",\n        max(value_code) filter (where attribute = 'age') as age_code")
    )


def _factor_cases(template: str) -> str:
    """``when not grouping(g.<factor>) then <template>`` for every factor (which set a row is from)."""
    return " ".join(f"when not grouping(g.{f}) then {template.format(f=f)}" for f in FACTORS)


# One pass over the answers joined to each respondent's groups: a grouping set per factor plus
# one for the whole sample; rows of a factor's set whose group is unknown are left out.
FLOOR_SQL = f"""
with
answers as (
    select r.wave_id, w.year, r.respondent_id, v.code as item_code,
        case c.value_code when 'positive' then 1 when 'neutral' then 0 when 'negative' then -1 end as valence
    from responses as r
    inner join codebook_variables as v on r.wave_id = v.wave_id and r.variable_name = v.variable_name
    inner join waves as w on r.wave_id = w.wave_id
    left join codebook_values as c
        on r.wave_id = c.wave_id and r.variable_name = c.variable_name and r.value_num = c.value_num
    where v.role = 'item'
),
attributes as (
    select r.wave_id, r.respondent_id, v.code as attribute,
        case when v.is_numeric and m.variable_name is null then r.value_num end as value_num,
        nullif(c.value_code, 'missing') as value_code
    from responses as r
    inner join codebook_variables as v on r.wave_id = v.wave_id and r.variable_name = v.variable_name
    left join codebook_values as c
        on r.wave_id = c.wave_id and r.variable_name = c.variable_name and r.value_num = c.value_num
    left join user_missing as m
        on r.wave_id = m.wave_id and r.variable_name = m.variable_name and r.value_num between m.lo and m.hi
    where v.role = 'demographic'
),
people as (
    select wave_id, respondent_id,
        {_pivot_columns()}
    from attributes
    group by wave_id, respondent_id
),
grouped as (
    select p.wave_id, p.respondent_id,
        case
            when age_years >= 18 and age_years < 35 then '18-34'
            when age_years >= 35 and age_years < 55 then '35-54'
            when age_years >= 55 then '55+'
            when age_code in ('18-34', '35-54', '55+') then age_code
        end as age_group,
        {", ".join(f"p.{a}" for a in CODED_ATTRIBUTES)},
        g.macro_region, g.region_2020_borders
    from people as p
    left join ref_regions as g on p.region = g.region_code
),
counted as (
    select a.year, a.item_code,
        case {_factor_cases("'{f}'")} else 'total' end as factor,
        case {_factor_cases("g.{f}")} else 'all' end as group_code,
        count(a.valence) as n_valid,
        count(*) filter (where a.valence = 1) as n_positive,
        count(*) filter (where a.valence = -1) as n_negative,
        count(*) filter (where a.valence = 0) as n_neutral
    from answers as a
    left join grouped as g on a.wave_id = g.wave_id and a.respondent_id = g.respondent_id
    group by grouping sets ({", ".join(f"(a.year, a.item_code, g.{f})" for f in FACTORS)}, (a.year, a.item_code))
)
select year, factor, group_code, item_code, n_valid, n_positive, n_negative, n_neutral
from counted
where group_code is not null
"""


def _read(raw_dir: Path) -> list[tuple[Any, Any, pd.DataFrame, Any]]:
    import pyreadstat

    waves = []
    for source, cb in annual_waves(raw_dir):
        columns = [cb.wave.respondent_id, *(v.name for v in cb.loaded_variables)]
        frame, meta = pyreadstat.read_sav(str(source.data_path), user_missing=True, usecols=columns)
        waves.append((source, cb, frame, meta))
    return waves


def _load(con: duckdb.DuckDBPyConnection, waves: list[tuple[Any, Any, pd.DataFrame, Any]]) -> int:
    con.execute(_TABLES)
    con.execute(
        "create table ref_regions as select * from read_csv(?, header = true, all_varchar = true)", [str(REF_REGIONS)]
    )
    for source, cb, frame, meta in waves:
        wave = source.wave_id
        con.execute("insert into waves values (?, ?)", [wave, cb.wave.year])
        wide = frame.rename(columns={cb.wave.respondent_id: "respondent_id"})
        for name in wide.columns:
            if not pd.api.types.is_numeric_dtype(wide[name]):
                wide[name] = pd.to_numeric(wide[name], errors="coerce")
        con.register("wide", wide)
        con.execute(
            "insert into responses select ?, cast(respondent_id as bigint), variable_name, value_num "
            "from wide unpivot include nulls "
            "(value_num for variable_name in (columns(* exclude (respondent_id))))",
            [wave],
        )
        con.unregister("wide")
        loaded = [v for v in cb.loaded_variables if v.name in frame.columns]
        con.executemany(
            "insert into codebook_variables values (?, ?, ?, ?, ?)",
            [[wave, v.name, v.role, v.code, v.numeric] for v in loaded],
        )
        values = [[wave, v.name, code, target] for v in loaded for code, target in v.value_map().items()]
        if values:
            con.executemany("insert into codebook_values values (?, ?, ?, ?)", values)
        missing = [
            [wave, name, r["lo"], r["hi"]]
            for name, ranges in (meta.missing_ranges or {}).items()
            for r in ranges
            if isinstance(r["lo"], (int, float))
        ]
        if missing:
            con.executemany("insert into user_missing values (?, ?, ?, ?)", missing)
    return int(con.execute("select count(*) from responses").fetchone()[0])


def run_floor(raw_dir: Path, result: Path, work: Path, stage: Callable[[str], None]) -> dict[str, Any]:
    """Read, load, run the query; the scores go to ``result`` (Parquet)."""
    stage("read")
    waves = _read(raw_dir)
    stage("load")
    work.mkdir(parents=True, exist_ok=True)
    database = work / "floor.duckdb"
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    try:
        rows = _load(con, waves)
        del waves
        con.execute("checkpoint")
        stage("query")
        counts = con.execute(FLOOR_SQL).df()
    finally:
        con.close()
    stage("save")
    scores = finish(counts)
    scores.to_parquet(result, index=False)
    database.unlink(missing_ok=True)
    return {"response_rows": rows, "score_rows": len(scores)}
