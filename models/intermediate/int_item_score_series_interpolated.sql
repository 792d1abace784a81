-- Version 2 item-score series of the whole sample: one row per observed wave (any kind; `series`
-- says annual or monthly) x weighting x item, plus, in the annual series, an interpolated row
-- for a year without fieldwork between two consecutive observed waves two years apart (2022 =
-- mean of the 2021 and 2023 waves), with wave_id 'interpolated_<year>'. The interpolated
-- standard error is that of the mean of two independent estimates, sqrt(se1^2 + se2^2) / 2.
with

item_scores as (
    select * from {{ ref('int_item_scores_estimated') }}
    where factor = 'total'
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

observed as (
    select
        item_scores.*,
        waves.fieldwork_start,
        waves.fieldwork_end,
        false as is_interpolated
    from item_scores
    inner join waves
        on item_scores.wave_id = waves.wave_id
),

neighbours as (
    select
        *,
        lead(year) over series as next_year,
        lead(indicator_code) over series as next_indicator_code,
        lead(methodology_version) over series as next_methodology_version,
        lead(pct_positive) over series as next_pct_positive,
        lead(pct_negative) over series as next_pct_negative,
        lead(pct_neutral) over series as next_pct_neutral,
        lead(score) over series as next_score,
        lead(se) over series as next_se,
        lead(score_excl_neutral) over series as next_score_excl_neutral,
        lead(se_excl_neutral) over series as next_se_excl_neutral,
        lead(is_small_base) over series as next_is_small_base
    from observed
    window series as (
        partition by series, weighting, item_code
        order by {{ wave_series_order() }}
    )
),

interpolated as (
    select
        'interpolated_' || cast(year + 1 as string) as wave_id,
        year + 1 as year,
        weighting,
        item_code,
        coalesce(next_indicator_code, indicator_code) as indicator_code,
        'interpolated_' || methodology_version || '_' || next_methodology_version as methodology_version,
        (pct_positive + next_pct_positive) / 2 as pct_positive,
        (pct_negative + next_pct_negative) / 2 as pct_negative,
        (pct_neutral + next_pct_neutral) / 2 as pct_neutral,
        (score + next_score) / 2 as score,
        sqrt(se * se + next_se * next_se) / 2 as se,
        {{ ratio('(pct_positive + next_pct_positive)', '(pct_negative + next_pct_negative)') }} as ratio,
        (score_excl_neutral + next_score_excl_neutral) / 2 as score_excl_neutral,
        sqrt(se_excl_neutral * se_excl_neutral + next_se_excl_neutral * next_se_excl_neutral) / 2
            as se_excl_neutral,
        is_small_base or next_is_small_base as is_small_base
    from neighbours
    where series = 'annual' and next_year = year + 2
),

final as (
    select
        wave_id,
        year,
        fieldwork_start,
        fieldwork_end,
        weighting,
        item_code,
        indicator_code,
        methodology_version,
        n_valid,
        n_positive,
        n_negative,
        n_neutral,
        n_effective,
        pct_positive,
        pct_negative,
        pct_neutral,
        score,
        se,
        ci_low,
        ci_high,
        ratio,
        n_valid_excl_neutral,
        n_effective_excl_neutral,
        score_excl_neutral,
        se_excl_neutral,
        ci_low_excl_neutral,
        ci_high_excl_neutral,
        is_small_base,
        is_interpolated,
        series
    from observed
    union all
    select
        wave_id,
        year,
        cast(null as date) as fieldwork_start,
        cast(null as date) as fieldwork_end,
        weighting,
        item_code,
        indicator_code,
        methodology_version,
        cast(null as bigint) as n_valid,
        cast(null as bigint) as n_positive,
        cast(null as bigint) as n_negative,
        cast(null as bigint) as n_neutral,
        cast(null as double) as n_effective,
        pct_positive,
        pct_negative,
        pct_neutral,
        score,
        se,
        {{ clipped_bound('score', 'se', 'low') }} as ci_low,
        {{ clipped_bound('score', 'se', 'high') }} as ci_high,
        ratio,
        cast(null as bigint) as n_valid_excl_neutral,
        cast(null as double) as n_effective_excl_neutral,
        score_excl_neutral,
        se_excl_neutral,
        {{ clipped_bound('score_excl_neutral', 'se_excl_neutral', 'low') }} as ci_low_excl_neutral,
        {{ clipped_bound('score_excl_neutral', 'se_excl_neutral', 'high') }} as ci_high_excl_neutral,
        is_small_base,
        true as is_interpolated,
        'annual' as series
    from interpolated
)

select * from final
