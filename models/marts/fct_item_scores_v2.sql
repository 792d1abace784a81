-- Item scores per wave and weighting, with standard error, 95 % interval, effective n and the
-- sensitivity columns (neutral answers out of the base); the annual series with 2022
-- interpolated (wave_id 'interpolated_2022'); every wave that asks an item, whatever its kind
-- (`series`: annual or monthly; growth ratio within the series).
with

item_scores as (
    select * from {{ ref('int_item_score_series_interpolated') }}
),

ranked as (
    select
        *,
        case
            when indicator_code is not null
                then
                    rank() over (
                        partition by wave_id, weighting, indicator_code
                        order by pct_positive desc nulls last, score desc nulls last
                    )
        end as rank_by_positive,
        case
            when indicator_code is not null
                then
                    rank() over (
                        partition by wave_id, weighting, indicator_code
                        order by ratio desc nulls first, score desc nulls last
                    )
        end as rank_by_ratio,
        lag(score) over (
            partition by series, weighting, item_code
            order by {{ wave_series_order() }}
        ) as previous_score
    from item_scores
),

final as (
    select
        cast(wave_id as string) as wave_id,
        cast(weighting as string) as weighting,
        cast(item_code as string) as item_code,
        cast(year as integer) as year,
        cast(fieldwork_start as date) as fieldwork_start,
        cast(fieldwork_end as date) as fieldwork_end,
        cast(indicator_code as string) as indicator_code,
        cast(n_valid as integer) as n_valid,
        cast(n_positive as integer) as n_positive,
        cast(n_negative as integer) as n_negative,
        cast(n_neutral as integer) as n_neutral,
        cast(n_effective as double) as n_effective,
        cast(pct_positive as double) as pct_positive,
        cast(pct_negative as double) as pct_negative,
        cast(pct_neutral as double) as pct_neutral,
        cast(score as double) as score,
        cast(se as double) as se,
        cast(ci_low as double) as ci_low,
        cast(ci_high as double) as ci_high,
        cast(ratio as double) as ratio,
        cast(rank_by_positive as integer) as rank_by_positive,
        cast(rank_by_ratio as integer) as rank_by_ratio,
        cast(rank_by_positive - rank_by_ratio as integer) as rank_change,
        cast(case when previous_score <> 0 then score / previous_score end as double) as score_growth_ratio,
        cast(n_valid_excl_neutral as integer) as n_valid_excl_neutral,
        cast(n_effective_excl_neutral as double) as n_effective_excl_neutral,
        cast(score_excl_neutral as double) as score_excl_neutral,
        cast(se_excl_neutral as double) as se_excl_neutral,
        cast(ci_low_excl_neutral as double) as ci_low_excl_neutral,
        cast(ci_high_excl_neutral as double) as ci_high_excl_neutral,
        cast(is_small_base as boolean) as is_small_base,
        cast(is_interpolated as boolean) as is_interpolated,
        cast(methodology_version as string) as methodology_version,
        cast(series as string) as series
    from ranked
)

select * from final
