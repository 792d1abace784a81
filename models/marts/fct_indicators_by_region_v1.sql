with

indicators as (
    select * from {{ ref('int_indicators_by_group') }}
    where factor in ('region', 'region_2020_borders', 'macro_region')
),

final as (
    select
        cast(year as integer) as year,
        cast(factor as string) as geo_level,
        cast(group_code as string) as geo_code,
        cast(indicator_code as string) as indicator_code,
        cast(value as double) as value,
        cast(n_respondents as integer) as n_respondents,
        cast(n_items as integer) as n_items,
        cast(n_respondents < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(methodology_version as string) as methodology_version,
        {{ coverage_columns() }}
    from indicators
)

select * from final
