with

item_scores as (
    select * from {{ ref('int_item_scores_interpolated') }}
),

ranked as (
    select
        *,
        case
            when indicator_code is not null
                then
                    rank() over (
                        partition by year, indicator_code
                        order by pct_positive desc, score desc
                    )
        end as rank_by_positive,
        case
            when indicator_code is not null
                then
                    rank() over (
                        partition by year, indicator_code
                        order by ratio desc nulls first, score desc
                    )
        end as rank_by_ratio,
        lag(score) over (partition by item_code order by year) as previous_score
    from item_scores
),

final as (
    select
        cast(year as integer) as year,
        cast(item_code as string) as item_code,
        cast(wave_id as string) as wave_id,
        cast(indicator_code as string) as indicator_code,
        cast(n_valid as integer) as n_valid,
        cast(n_positive as integer) as n_positive,
        cast(n_negative as integer) as n_negative,
        cast(n_neutral as integer) as n_neutral,
        cast(pct_positive as double) as pct_positive,
        cast(pct_negative as double) as pct_negative,
        cast(pct_neutral as double) as pct_neutral,
        cast(score as double) as score,
        cast(ratio as double) as ratio,
        cast(rank_by_positive as integer) as rank_by_positive,
        cast(rank_by_ratio as integer) as rank_by_ratio,
        cast(rank_by_positive - rank_by_ratio as integer) as rank_change,
        cast(case when previous_score <> 0 then score / previous_score end as double)
            as score_growth_ratio,
        cast(is_interpolated as boolean) as is_interpolated,
        cast(is_small_base as boolean) as is_small_base,
        cast(methodology_version as string) as methodology_version
    from ranked
)

select * from final
