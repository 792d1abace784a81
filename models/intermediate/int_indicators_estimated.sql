-- Indicator values per wave x weighting x factor group (version 2; factor 'total' = the whole
-- wave): indicator = mean of the member item scores, composite = mean of the four indicators;
-- base = respondents with a valid member-item answer, with Kish's effective n; se = standard
-- deviation of the bootstrap replicates, 95 % percentile interval (replicates where the value is
-- undefined, e.g. a small group without a valid answer, are left out; n_replicates counts the
-- rest). The replicate sums are exact decimals, so se does not depend on row order.
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

replicates as (
    select * from {{ ref('int_indicator_replicates_bootstrapped') }}
    where value is not null
),

replicate_spread as (
    select
        wave_id,
        weighting,
        factor,
        group_code,
        indicator_code,
        {{ bootstrap_summary_columns('value') }}
    from replicates
    group by wave_id, weighting, factor, group_code, indicator_code
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
        case when all_indicators.value is not null then replicate_spread.se end as se,
        case when all_indicators.value is not null then replicate_spread.ci_low end as ci_low,
        case when all_indicators.value is not null then replicate_spread.ci_high end as ci_high,
        case when all_indicators.value is not null then replicate_spread.n_replicates end as n_replicates
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
    left join replicate_spread
        on
            all_indicators.wave_id = replicate_spread.wave_id
            and all_indicators.weighting = replicate_spread.weighting
            and all_indicators.factor = replicate_spread.factor
            and all_indicators.group_code = replicate_spread.group_code
            and all_indicators.indicator_code = replicate_spread.indicator_code
)

select * from final
