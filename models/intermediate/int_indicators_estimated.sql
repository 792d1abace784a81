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

bases as (
    select * from {{ ref('int_indicator_bases_counted') }}
),

variances as (
    select * from {{ ref('int_indicator_variances_linearised') }}
),

{{ indicator_rollup(keys) }},

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
        coalesce(bases.n_respondents, 0) as n_respondents,
        {{ kish_n_effective('bases.w_sum', 'bases.w2_sum') }} as n_effective,
        variances.se,
        {{ clipped_bound('all_indicators.value', 'variances.se', 'low') }} as ci_low,
        {{ clipped_bound('all_indicators.value', 'variances.se', 'high') }} as ci_high,
        variances.variance_method
    from all_indicators
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
