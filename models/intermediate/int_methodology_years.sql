-- The methodology version that applies to each annual wave year: the membership version with
-- the latest year on or before the wave year.
with

waves as (
    select distinct year from {{ ref('stg_raw__waves') }}
    where survey_kind = 'annual'
),

versions as (
    select distinct
        methodology_version,
        year as methodology_year
    from {{ ref('ref_methodology_membership') }}
),

matched as (
    select
        waves.year,
        max(versions.methodology_year) as methodology_year
    from waves
    inner join versions
        on waves.year >= versions.methodology_year
    group by waves.year
),

final as (
    select
        matched.year,
        versions.methodology_version
    from matched
    inner join versions
        on matched.methodology_year = versions.methodology_year
)

select * from final
