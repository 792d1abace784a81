-- Sample composition of the annual waves (omnibus waves are profiled in their own right only
-- through dim_waves).
with

respondents as (
    select * from {{ ref('int_respondents_harmonised') }}
    where survey_kind = 'annual'
),

groups as (
    select * from {{ ref('int_respondent_groups_unpivoted') }}
    where survey_kind = 'annual'
),

memberships as (
    select
        year,
        factor,
        group_code,
        respondent_id
    from groups
    union all
    select
        year,
        'region' as factor,
        region_code as group_code,
        respondent_id
    from respondents
    where region_code is not null
    union all
    select
        year,
        'total' as factor,
        'all' as group_code,
        respondent_id
    from respondents
),

counted as (
    select
        year,
        factor,
        group_code,
        count(*) as n_respondents
    from memberships
    group by year, factor, group_code
),

final as (
    select
        cast(year as integer) as year,
        cast(factor as varchar) as factor,
        cast(group_code as varchar) as group_code,
        cast(n_respondents as integer) as n_respondents,
        cast(100.0 * n_respondents / sum(n_respondents) over (partition by year, factor) as double) as pct
    from counted
)

select * from final
