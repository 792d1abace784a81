-- Version 2 indicator series of the whole sample: one row per observed annual wave x weighting
-- x indicator, plus an interpolated row for a year without fieldwork between two consecutive
-- observed waves two years apart (mean of the two values, wave_id 'interpolated_<year>',
-- se = sqrt(se1^2 + se2^2) / 2, normal interval clipped to [-1, 1]).
with

indicators as (
    select * from {{ ref('int_indicators_estimated') }}
    where factor = 'total'
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

observed as (
    select
        indicators.*,
        waves.fieldwork_start,
        waves.fieldwork_end,
        false as is_interpolated
    from indicators
    inner join waves
        on indicators.wave_id = waves.wave_id
),

neighbours as (
    select
        *,
        lead(year) over series as next_year,
        lead(value) over series as next_value,
        lead(se) over series as next_se,
        lead(methodology_version) over series as next_methodology_version,
        lead(n_respondents) over series as next_n_respondents
    from observed
    window series as (
        partition by weighting, indicator_code
        order by {{ wave_series_order() }}
    )
),

interpolated as (
    select
        'interpolated_' || cast(year + 1 as string) as wave_id,
        year + 1 as year,
        weighting,
        indicator_code,
        (value + next_value) / 2 as value,
        sqrt(se * se + next_se * next_se) / 2 as se,
        variance_method,
        'interpolated_' || methodology_version || '_' || next_methodology_version as methodology_version,
        least(n_respondents, next_n_respondents) < {{ var('small_base_n') }} as is_small_base
    from neighbours
    where next_year = year + 2
),

final as (
    select
        wave_id,
        year,
        fieldwork_start,
        fieldwork_end,
        weighting,
        indicator_code,
        value,
        se,
        ci_low,
        ci_high,
        variance_method,
        n_items,
        item_codes,
        n_respondents,
        n_effective,
        n_respondents < {{ var('small_base_n') }} as is_small_base,
        is_interpolated,
        methodology_version
    from observed
    union all
    select
        wave_id,
        year,
        cast(null as date) as fieldwork_start,
        cast(null as date) as fieldwork_end,
        weighting,
        indicator_code,
        value,
        se,
        {{ clipped_bound('value', 'se', 'low') }} as ci_low,
        {{ clipped_bound('value', 'se', 'high') }} as ci_high,
        variance_method,
        cast(null as bigint) as n_items,
        cast(null as string) as item_codes,
        cast(null as bigint) as n_respondents,
        cast(null as double) as n_effective,
        is_small_base,
        true as is_interpolated,
        methodology_version
    from interpolated
)

select * from final
