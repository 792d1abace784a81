-- Did an indicator (or the composite) change significantly? Each observed wave against the
-- previous comparable wave of its series (int_indicator_wave_pairs: same series and weighting,
-- both complete; an interpolated year is never a partner). The two
-- waves are independent samples, so replicate r of the change is replicate r of the later wave
-- minus replicate r of the earlier one: se = their standard deviation, 95 % percentile
-- interval, and the two-sided bootstrap p-value 2 * min(P*(change <= 0), P*(change >= 0)) with
-- the (1 + count) / (1 + R) correction, i.e. the smallest level at which the percentile interval
-- would exclude 0. Flag at 5 %.
with

changes as (
    select * from {{ ref('int_indicator_wave_pairs') }}
),

replicates as (
    select * from {{ ref('int_indicator_replicates_bootstrapped') }}
    where factor = 'total' and value is not null
),

replicate_changes as (
    select
        changes.wave_id,
        changes.weighting,
        changes.indicator_code,
        later.value - earlier.value as change
    from changes
    inner join replicates as later
        on
            changes.wave_id = later.wave_id
            and changes.weighting = later.weighting
            and changes.indicator_code = later.indicator_code
    inner join replicates as earlier
        on
            changes.previous_wave_id = earlier.wave_id
            and changes.weighting = earlier.weighting
            and changes.indicator_code = earlier.indicator_code
            and later.replicate = earlier.replicate
),

bootstrapped as (
    select
        wave_id,
        weighting,
        indicator_code,
        {{ bootstrap_summary_columns('change') }},
        sum(case when change <= 0 then 1 else 0 end) as n_at_most_zero,
        sum(case when change >= 0 then 1 else 0 end) as n_at_least_zero
    from replicate_changes
    group by wave_id, weighting, indicator_code
),

final as (
    select
        cast(changes.wave_id as string) as wave_id,
        cast(changes.weighting as string) as weighting,
        cast(changes.indicator_code as string) as indicator_code,
        cast(changes.year as integer) as year,
        cast(changes.previous_wave_id as string) as previous_wave_id,
        cast(changes.previous_year as integer) as previous_year,
        cast(changes.value as double) as value,
        cast(changes.previous_value as double) as previous_value,
        cast(changes.change as double) as change,
        cast(bootstrapped.se as double) as se,
        cast(bootstrapped.ci_low as double) as ci_low,
        cast(bootstrapped.ci_high as double) as ci_high,
        cast({{ bootstrap_two_sided_p('bootstrapped.n_at_most_zero', 'bootstrapped.n_at_least_zero',
            'bootstrapped.n_replicates') }} as double) as p_value,
        cast({{ bootstrap_two_sided_p('bootstrapped.n_at_most_zero', 'bootstrapped.n_at_least_zero',
            'bootstrapped.n_replicates') }} < {{ var('significance_level') }} as boolean) as is_significant,
        cast(bootstrapped.n_replicates as integer) as n_replicates,
        cast(changes.n_respondents as integer) as n_respondents,
        cast(changes.previous_n_respondents as integer) as previous_n_respondents,
        cast(least(changes.n_respondents, changes.previous_n_respondents) < {{ var('small_base_n') }} as boolean)
            as is_small_base,
        cast(changes.is_membership_changed as boolean) as is_membership_changed,
        cast(changes.methodology_version as string) as methodology_version,
        cast(changes.previous_methodology_version as string) as previous_methodology_version,
        cast(changes.series as string) as series,
        cast(changes.value_like_for_like as double) as value_like_for_like,
        cast(changes.previous_value_like_for_like as double) as previous_value_like_for_like,
        cast(changes.change_like_for_like as double) as change_like_for_like,
        cast(changes.n_items_like_for_like as integer) as n_items_like_for_like
    from changes
    left join bootstrapped
        on
            changes.wave_id = bootstrapped.wave_id
            and changes.weighting = bootstrapped.weighting
            and changes.indicator_code = bootstrapped.indicator_code
)

select * from final
