-- Table 36 per wave and weighting: the oriented difference between a factor's two extreme
-- groups with its linearised (Taylor, raking-aware) se -- the influence values of the two groups
-- subtracted, so their covariance through the weights is kept -- and 95 % normal interval
-- (int_factor_difference_variances_linearised), and the Kruskal-Wallis test across all
-- groups of the factor with Holm and Benjamini-Hochberg adjusted p-values
-- (int_factor_differences_tested; the rank test is unweighted, so both weightings carry it).
with

factors as (
    select * from {{ ref('ref_factors') }}
    where high_group is not null and low_group is not null
),

indicators as (
    -- computed indicators only (coverage): a difference of two null values means nothing
    select * from {{ ref('int_indicators_estimated') }}
    where factor <> 'total' and value is not null
),

difference_variances as (
    select * from {{ ref('int_factor_difference_variances_linearised') }}
),

tests as (
    select * from {{ ref('int_factor_differences_tested') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

oriented as (
    select
        high.wave_id,
        high.year,
        high.weighting,
        factors.factor,
        high.indicator_code,
        factors.high_group,
        factors.low_group,
        high.value as high_value,
        low.value as low_value,
        high.n_respondents as n_high,
        low.n_respondents as n_low,
        high.methodology_version,
        high.value - low.value as difference
    from factors
    inner join indicators as high
        on
            factors.factor = high.factor
            and factors.high_group = high.group_code
    inner join indicators as low
        on
            factors.factor = low.factor
            and factors.low_group = low.group_code
            and high.wave_id = low.wave_id
            and high.weighting = low.weighting
            and high.indicator_code = low.indicator_code
),

final as (
    select
        cast(oriented.wave_id as string) as wave_id,
        cast(oriented.weighting as string) as weighting,
        cast(oriented.factor as string) as factor,
        cast(oriented.indicator_code as string) as indicator_code,
        cast(oriented.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(oriented.high_group as string) as high_group,
        cast(oriented.low_group as string) as low_group,
        cast(oriented.high_value as double) as high_value,
        cast(oriented.low_value as double) as low_value,
        cast(oriented.difference as double) as difference,
        cast(difference_variances.se as double) as difference_se,
        cast({{ clipped_bound('oriented.difference', 'difference_variances.se', 'low', -2, 2) }} as double)
            as difference_ci_low,
        cast({{ clipped_bound('oriented.difference', 'difference_variances.se', 'high', -2, 2) }} as double)
            as difference_ci_high,
        -- no replicates since the linearised variance (kept null: the published contract)
        cast(null as integer) as n_replicates,
        cast(difference_variances.variance_method as string) as variance_method,
        cast(oriented.n_high as integer) as n_high,
        cast(oriented.n_low as integer) as n_low,
        cast(least(oriented.n_high, oriented.n_low) < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(tests.statistic_name as string) as statistic_name,
        cast(tests.statistic_value as double) as statistic_value,
        cast(tests.test_statistic as double) as test_statistic,
        cast(tests.p_value as double) as p_value,
        cast(tests.p_value_holm as double) as p_value_holm,
        cast(tests.p_value_bh as double) as p_value_bh,
        cast(tests.adjustment_method as string) as adjustment_method,
        cast(tests.n_respondents as integer) as n_respondents,
        cast(tests.n_groups as integer) as n_groups,
        cast(tests.is_influential as boolean) as is_influential,
        cast(tests.rule as string) as rule,
        cast(oriented.methodology_version as string) as methodology_version
    from oriented
    inner join waves
        on oriented.wave_id = waves.wave_id
    left join difference_variances
        on
            oriented.wave_id = difference_variances.wave_id
            and oriented.weighting = difference_variances.weighting
            and oriented.factor = difference_variances.factor
            and oriented.indicator_code = difference_variances.indicator_code
    left join tests
        on
            oriented.wave_id = tests.wave_id
            and oriented.factor = tests.factor
            and oriented.indicator_code = tests.indicator_code
)

select * from final
