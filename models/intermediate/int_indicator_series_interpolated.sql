-- Version 2 indicator series of the whole sample: one row per observed wave (any kind; `series`
-- says annual or monthly) x weighting x indicator, plus, in the annual series, an interpolated
-- row for a year without fieldwork between two consecutive observed waves two years apart (mean
-- of the two values, wave_id 'interpolated_<year>', se = sqrt(se1^2 + se2^2) / 2, normal
-- interval clipped to [-1, 1]; complete only when both neighbours are).
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
        lead(n_respondents) over series as next_n_respondents,
        lead(is_complete) over series as next_is_complete,
        lead(coverage_status) over series as next_coverage_status
    from observed
    window series as (
        partition by series, weighting, indicator_code
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
        least(n_respondents, next_n_respondents) < {{ var('small_base_n') }} as is_small_base,
        is_complete and next_is_complete as is_complete,
        case
            when is_complete and next_is_complete then 'complete'
            when value is not null and next_value is not null then 'partial'
            else 'not_computed'
        end as coverage_status,
        case
            when not (is_complete and next_is_complete)
                then
                    'interpolated from ' || cast(year as string) || ' (' || coverage_status || ') and '
                    || cast(next_year as string) || ' (' || next_coverage_status || ')'
        end as not_computed_reason
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
        methodology_version,
        series,
        n_items_required,
        n_items_present,
        item_coverage,
        is_complete,
        coverage_status,
        not_computed_reason
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
        methodology_version,
        'annual' as series,
        cast(null as bigint) as n_items_required,
        cast(null as bigint) as n_items_present,
        cast(null as double) as item_coverage,
        is_complete,
        coverage_status,
        not_computed_reason
    from interpolated
)

select * from final
