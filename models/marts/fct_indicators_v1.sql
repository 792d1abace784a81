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
        cast(n_items_required as integer) as n_items_required,
        cast(n_items_present as integer) as n_items_present,
        cast(item_coverage as double) as item_coverage,
        cast(is_complete as boolean) as is_complete,
        cast(coverage_status as string) as coverage_status,
        cast(not_computed_reason as string) as not_computed_reason
    from indicators
)

select * from final
