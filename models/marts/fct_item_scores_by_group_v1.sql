with

item_scores as (
    select * from {{ ref('int_item_scores_by_group') }}
),

final as (
    select
        cast(year as integer) as year,
        cast(factor as string) as factor,
        cast(group_code as string) as group_code,
        cast(item_code as string) as item_code,
        cast(indicator_code as string) as indicator_code,
        cast(n_valid as integer) as n_valid,
        cast(pct_positive as double) as pct_positive,
        cast(pct_negative as double) as pct_negative,
        cast(pct_neutral as double) as pct_neutral,
        cast(score as double) as score,
        cast(n_valid < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(methodology_version as string) as methodology_version
    from item_scores
)

select * from final
