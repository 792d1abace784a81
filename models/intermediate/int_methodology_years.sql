-- Every wave, whatever its kind, with its series (seeds/ref_wave_kinds.csv: the kind decides only
-- the series, annual or monthly) and the methodology version that applies to its fieldwork year:
-- the membership version with the latest year on or before the wave year.
with

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

kinds as (
    select * from {{ ref('ref_wave_kinds') }}
),

versions as (
    select distinct
        methodology_version,
        year as methodology_year
    from {{ ref('ref_methodology_membership') }}
),

matched as (
    select
        waves.wave_id,
        max(versions.methodology_year) as methodology_year
    from waves
    inner join versions
        on waves.year >= versions.methodology_year
    group by waves.wave_id
),

final as (
    select
        waves.wave_id,
        waves.year,
        waves.survey_kind,
        kinds.series,
        versions.methodology_version
    from waves
    inner join kinds
        on waves.survey_kind = kinds.survey_kind
    left join matched
        on waves.wave_id = matched.wave_id
    left join versions
        on matched.methodology_year = versions.methodology_year
)

select * from final
