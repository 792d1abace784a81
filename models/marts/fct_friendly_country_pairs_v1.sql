with

pairs as (
    select * from {{ ref('int_friendly_country_pairs_counted') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by year, chosen
            order by conditional_pct desc nulls last, also_chosen asc
        ) as rank_within_chosen
    from pairs
),

final as (
    select
        cast(year as integer) as year,
        cast(chosen as string) as chosen,
        cast(also_chosen as string) as also_chosen,
        cast(n_chosen as integer) as n_chosen,
        cast(n_both as integer) as n_both,
        cast(conditional_pct as double) as conditional_pct,
        cast(rank_within_chosen as integer) as rank_within_chosen,
        cast(rank_within_chosen <= 3 and conditional_pct is not null as boolean) as is_top3,
        cast(n_chosen < {{ var('small_base_n') }} as boolean) as is_small_base
    from ranked
)

select * from final
