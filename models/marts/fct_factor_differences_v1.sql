with

factors as (
    select * from {{ ref('ref_factors') }}
    where high_group is not null and low_group is not null
),

indicators as (
    -- computed indicators only (coverage): a difference of two null values means nothing
    select * from {{ ref('int_indicators_by_group') }}
    where value is not null
),

tests as (
    select * from {{ ref('int_factor_influence_tested') }}
),

oriented as (
    select
        high.year,
        factors.factor,
        high.indicator_code,
        factors.high_group,
        factors.low_group,
        high.value as high_value,
        low.value as low_value,
        high.methodology_version,
        high.n_respondents as n_high,
        low.n_respondents as n_low,
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
            and high.year = low.year
            and high.indicator_code = low.indicator_code
),

final as (
    select
        cast(oriented.year as integer) as year,
        cast(oriented.factor as string) as factor,
        cast(oriented.indicator_code as string) as indicator_code,
        cast(oriented.high_group as string) as high_group,
        cast(oriented.low_group as string) as low_group,
        cast(oriented.high_value as double) as high_value,
        cast(oriented.low_value as double) as low_value,
        cast(oriented.difference as double) as difference,
        cast(tests.statistic_name as string) as statistic_name,
        cast(tests.statistic_value as double) as statistic_value,
        cast(tests.test_statistic as double) as test_statistic,
        cast(tests.p_value as double) as p_value,
        cast(tests.n_respondents as integer) as n_respondents,
        cast(tests.n_groups as integer) as n_groups,
        cast(tests.is_influential as boolean) as is_influential,
        cast(tests.rule as string) as rule,
        cast(oriented.methodology_version as string) as methodology_version,
        cast(oriented.n_high as integer) as n_high,
        cast(oriented.n_low as integer) as n_low,
        cast(least(oriented.n_high, oriented.n_low) < {{ var('small_base_n') }} as boolean) as is_small_base
    from oriented
    left join tests
        on
            oriented.year = tests.year
            and oriented.factor = tests.factor
            and oriented.indicator_code = tests.indicator_code
)

select * from final
