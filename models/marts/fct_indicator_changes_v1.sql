-- Did an indicator (or the composite) change significantly? Each observed wave against the
-- previous comparable wave of its series (int_indicator_wave_pairs: same series and weighting,
-- both complete; an interpolated year is never a partner). The two waves are independent
-- samples, so the change's se = sqrt(se1^2 + se2^2) from the two waves' linearised (Taylor,
-- raking-aware) standard errors; 95 % normal interval change +/- z se, two-sided p-value
-- 2 * Phi(-|change / se|) from the normal reference (no replicate floor). Flag at 5 %.
with

changes as (
    select * from {{ ref('int_indicator_wave_pairs') }}
),

with_se as (
    select
        *,
        sqrt(se * se + previous_se * previous_se) as change_se
    from changes
),

tested as (
    select
        *,
        case when change_se > 0 then change / change_se end as z
    from with_se
),

-- no sampling error on either side (both values at +1 or -1): p is 1 without change, 0 with one
with_p as (
    select
        *,
        case
            when change_se > 0 then {{ normal_two_sided_p('z') }}
            when change_se = 0 and change = 0 then 1.0
            when change_se = 0 then 0.0
        end as p_value
    from tested
),

final as (
    select
        cast(wave_id as string) as wave_id,
        cast(weighting as string) as weighting,
        cast(indicator_code as string) as indicator_code,
        cast(year as integer) as year,
        cast(previous_wave_id as string) as previous_wave_id,
        cast(previous_year as integer) as previous_year,
        cast(value as double) as value,
        cast(previous_value as double) as previous_value,
        cast(change as double) as change,
        cast(change_se as double) as se,
        cast({{ clipped_bound('change', 'change_se', 'low', -2, 2) }} as double) as ci_low,
        cast({{ clipped_bound('change', 'change_se', 'high', -2, 2) }} as double) as ci_high,
        cast(p_value as double) as p_value,
        cast(p_value < {{ var('significance_level') }} as boolean) as is_significant,
        -- no replicates since the linearised variance (kept null: the published contract)
        cast(null as integer) as n_replicates,
        cast(variance_method as string) as variance_method,
        cast(n_respondents as integer) as n_respondents,
        cast(previous_n_respondents as integer) as previous_n_respondents,
        cast(least(n_respondents, previous_n_respondents) < {{ var('small_base_n') }} as boolean)
            as is_small_base,
        cast(is_membership_changed as boolean) as is_membership_changed,
        cast(methodology_version as string) as methodology_version,
        cast(previous_methodology_version as string) as previous_methodology_version,
        cast(series as string) as series,
        cast(value_like_for_like as double) as value_like_for_like,
        cast(previous_value_like_for_like as double) as previous_value_like_for_like,
        cast(change_like_for_like as double) as change_like_for_like,
        cast(n_items_like_for_like as integer) as n_items_like_for_like
    from with_p
)

select * from final
