with

indicators as (
    select * from {{ ref('int_indicators_aggregated') }}
),

final as (
    select
        cast(year as integer) as year,
        cast(indicator_code as string) as indicator_code,
        cast(value as double) as value,
        cast(n_items as integer) as n_items,
        cast(item_codes as string) as item_codes,
        cast(n_respondents as integer) as n_respondents,
        cast(is_interpolated as boolean) as is_interpolated,
        cast(is_small_base as boolean) as is_small_base,
        cast(methodology_version as string) as methodology_version,
        {{ coverage_columns() }}
    from indicators
)

select * from final
