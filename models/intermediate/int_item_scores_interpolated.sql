-- Observed item scores plus interpolated rows for a year without fieldwork between two observed
-- years (2022 = mean of 2021 and 2023).
with

observed as (
    select * from {{ ref('int_item_scores_aggregated') }}
),

neighbours as (
    select
        *,
        lead(year) over (partition by item_code order by year) as next_year,
        lead(pct_positive) over (partition by item_code order by year) as next_pct_positive,
        lead(pct_negative) over (partition by item_code order by year) as next_pct_negative,
        lead(pct_neutral) over (partition by item_code order by year) as next_pct_neutral,
        lead(score) over (partition by item_code order by year) as next_score,
        lead(indicator_code) over (partition by item_code order by year) as next_indicator_code,
        lead(methodology_version) over (partition by item_code order by year) as next_methodology_version,
        lead(n_valid) over (partition by item_code order by year) as next_n_valid
    from observed
),

interpolated as (
    select
        year + 1 as year,
        item_code,
        cast(null as string) as wave_id,
        coalesce(next_indicator_code, indicator_code) as indicator_code,
        'interpolated_' || methodology_version || '_' || next_methodology_version as methodology_version,
        cast(null as bigint) as n_valid,
        cast(null as bigint) as n_positive,
        cast(null as bigint) as n_negative,
        cast(null as bigint) as n_neutral,
        (pct_positive + next_pct_positive) / 2 as pct_positive,
        (pct_negative + next_pct_negative) / 2 as pct_negative,
        (pct_neutral + next_pct_neutral) / 2 as pct_neutral,
        (score + next_score) / 2 as score,
        {{ ratio('(pct_positive + next_pct_positive)', '(pct_negative + next_pct_negative)') }} as ratio,
        true as is_interpolated,
        least(n_valid, next_n_valid) < {{ var('small_base_n') }} as is_small_base
    from neighbours
    where next_year = year + 2
),

unioned as (
    select
        year,
        item_code,
        wave_id,
        indicator_code,
        methodology_version,
        n_valid,
        n_positive,
        n_negative,
        n_neutral,
        pct_positive,
        pct_negative,
        pct_neutral,
        score,
        ratio,
        false as is_interpolated,
        n_valid < {{ var('small_base_n') }} as is_small_base
    from observed
    union all
    select * from interpolated
)

select * from unioned
