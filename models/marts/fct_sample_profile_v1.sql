-- Sample composition of the annual waves per year (omnibus waves are profiled in their own right
-- only through dim_waves). Shares are of the respondents with a known value in the factor.
with

groups as (
    select * from {{ ref('int_respondent_groups_counted') }}
    where weighting = 'unweighted' and survey_kind = 'annual' and group_code <> 'missing'
),

counted as (
    select
        year,
        factor,
        group_code,
        sum(n_respondents) as n_respondents
    from groups
    group by year, factor, group_code
),

with_base as (
    select
        *,
        sum(n_respondents) over (partition by year, factor) as n_base
    from counted
),

final as (
    select
        cast(year as integer) as year,
        cast(factor as string) as factor,
        cast(group_code as string) as group_code,
        cast(n_respondents as integer) as n_respondents,
        cast({{ pct('n_respondents', 'n_base') }} as double) as pct,
        cast(n_base as integer) as n_base,
        cast(n_respondents < {{ var('small_base_n') }} as boolean) as is_small_base
    from with_base
)

select * from final
