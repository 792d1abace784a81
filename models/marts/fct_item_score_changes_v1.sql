-- Did an item's score change significantly? Each observed wave against the previous observed
-- wave of its series (annual or monthly) that carries the item (same weighting; an interpolated
-- year is never a partner):
-- difference of the two scores, se = sqrt(se1^2 + se2^2) (independent samples), 95 % normal
-- interval, two-sided p-value from the normal distribution, flag at 5 %.
with

item_scores as (
    select * from {{ ref('int_item_score_series_interpolated') }}
    where not is_interpolated
),

paired as (
    select
        *,
        lag(wave_id) over series as previous_wave_id,
        lag(year) over series as previous_year,
        lag(score) over series as previous_score,
        lag(se) over series as previous_se,
        lag(n_valid) over series as previous_n_valid,
        lag(methodology_version) over series as previous_methodology_version
    from item_scores
    window series as (
        partition by series, weighting, item_code
        order by {{ wave_series_order() }}
    )
),

changes as (
    select
        *,
        score - previous_score as change,
        sqrt(se * se + previous_se * previous_se) as change_se
    from paired
    where previous_wave_id is not null
),

tested as (
    select
        *,
        case when change_se > 0 then change / change_se end as z
    from changes
),

-- both scores at +1 or -1 have no sampling error: p is 1 without change and 0 with one
with_p as (
    select
        *,
        case
            when change_se > 0 then {{ normal_two_sided_p('z') }}
            when change = 0 then 1.0
            else 0.0
        end as p_value
    from tested
),

final as (
    select
        cast(wave_id as string) as wave_id,
        cast(weighting as string) as weighting,
        cast(item_code as string) as item_code,
        cast(year as integer) as year,
        cast(previous_wave_id as string) as previous_wave_id,
        cast(previous_year as integer) as previous_year,
        cast(indicator_code as string) as indicator_code,
        cast(score as double) as score,
        cast(previous_score as double) as previous_score,
        cast(change as double) as change,
        cast(change_se as double) as se,
        cast({{ clipped_bound('change', 'change_se', 'low', -2, 2) }} as double) as ci_low,
        cast({{ clipped_bound('change', 'change_se', 'high', -2, 2) }} as double) as ci_high,
        cast(z as double) as z,
        cast(p_value as double) as p_value,
        cast(p_value < {{ var('significance_level') }} as boolean) as is_significant,
        cast(n_valid as integer) as n_valid,
        cast(previous_n_valid as integer) as previous_n_valid,
        cast(least(n_valid, previous_n_valid) < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(methodology_version as string) as methodology_version,
        cast(previous_methodology_version as string) as previous_methodology_version,
        cast(series as string) as series
    from with_p
)

select * from final
