-- Indicator values per wave x weighting x factor group (version 2; factor 'total' = the whole
-- wave): indicator = mean of the member item scores, composite = mean of the four indicators;
-- base = respondents with a valid member-item answer, with Kish's effective n; se = linearised
-- (Taylor) standard error, raking-aware for raked weights (int_indicator_variances_linearised,
-- docs/statistics.md); 95 % interval value +/- z se clipped to [-1, 1].
{%- set keys = ['wave_id', 'year', 'weighting', 'factor', 'group_code'] %}
with

item_scores as (
    select * from {{ ref('int_item_scores_estimated') }}
),

coverage as (
    select * from {{ ref('int_indicator_coverage') }}
),

bases as (
    select * from {{ ref('int_indicator_bases_counted') }}
),

variances as (
    select * from {{ ref('int_indicator_variances_linearised') }}
),

{{ indicator_rollup(keys, ['wave_id'], "cells.factor = 'total'") }},

final as (
    select
        all_indicators.wave_id,
        all_indicators.year,
        all_indicators.weighting,
        all_indicators.factor,
        all_indicators.group_code,
        all_indicators.indicator_code,
        all_indicators.value,
        all_indicators.n_items,
        all_indicators.item_codes,
        all_indicators.methodology_version,
        coverage.series,
        all_indicators.n_items_required,
        all_indicators.n_items_present,
        all_indicators.item_coverage,
        all_indicators.is_complete,
        all_indicators.coverage_status,
        all_indicators.not_computed_reason,
        coalesce(bases.n_respondents, 0) as n_respondents,
        {{ kish_n_effective('bases.w_sum', 'bases.w2_sum') }} as n_effective,
        case when all_indicators.value is not null then variances.se end as se,
        case
            when all_indicators.value is not null
                then {{ clipped_bound('all_indicators.value', 'variances.se', 'low') }}
        end as ci_low,
        case
            when all_indicators.value is not null
                then {{ clipped_bound('all_indicators.value', 'variances.se', 'high') }}
        end as ci_high,
        case when all_indicators.value is not null then variances.variance_method end as variance_method
    from all_indicators
    inner join coverage
        on
            all_indicators.wave_id = coverage.wave_id
            and all_indicators.indicator_code = coverage.indicator_code
    left join bases
        on
            all_indicators.wave_id = bases.wave_id
            and all_indicators.weighting = bases.weighting
            and all_indicators.factor = bases.factor
            and all_indicators.group_code = bases.group_code
            and all_indicators.indicator_code = bases.indicator_code
    left join variances
        on
            all_indicators.wave_id = variances.wave_id
            and all_indicators.weighting = variances.weighting
            and all_indicators.factor = variances.factor
            and all_indicators.group_code = variances.group_code
            and all_indicators.indicator_code = variances.indicator_code
)

select * from final
