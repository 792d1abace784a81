-- One row per respondent x geographic level (region as fielded, 2020 borders, macro-region).
with

respondents as (
    select * from {{ ref('int_respondents_harmonised') }}
),

unpivoted as (
    select
        wave_id,
        year,
        survey_kind,
        respondent_id,
        'region' as geo_level,
        region_code as geo_code
    from respondents
    where region_code is not null
    union all
    select
        wave_id,
        year,
        survey_kind,
        respondent_id,
        'region_2020_borders' as geo_level,
        region_2020_borders as geo_code
    from respondents
    where region_2020_borders is not null
    union all
    select
        wave_id,
        year,
        survey_kind,
        respondent_id,
        'macro_region' as geo_level,
        macro_region as geo_code
    from respondents
    where macro_region is not null
)

select * from unpivoted
