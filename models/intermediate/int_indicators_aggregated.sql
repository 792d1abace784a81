-- Indicator values per year (version 1 marts): observed indicators (mean of member item scores), the composite
-- (mean of the four indicators, only when all four exist) and interpolated years.
with

item_scores as (
    select * from {{ ref('int_item_scores_aggregated') }}
    where indicator_code is not null
),

bases as (
    select * from {{ ref('int_indicator_bases_counted') }}
    where weighting = 'unweighted' and factor = 'total'
),

respondent_counts as (
    select
        year,
        indicator_code,
        sum(n_respondents) as n_respondents
    from bases
    group by year, indicator_code
),

{{ indicator_rollup(['year']) }},

observed as (
    select
        all_indicators.*,
        respondent_counts.n_respondents
    from all_indicators
    left join respondent_counts
        on
            all_indicators.year = respondent_counts.year
            and all_indicators.indicator_code = respondent_counts.indicator_code
),

neighbours as (
    select
        *,
        lead(year) over (partition by indicator_code order by year) as next_year,
        lead(value) over (partition by indicator_code order by year) as next_value,
        lead(methodology_version) over (partition by indicator_code order by year) as next_methodology_version,
        lead(n_respondents) over (partition by indicator_code order by year) as next_n_respondents
    from observed
),

final as (
    select
        year,
        indicator_code,
        value,
        n_items,
        item_codes,
        n_respondents,
        false as is_interpolated,
        n_respondents < {{ var('small_base_n') }} as is_small_base,
        methodology_version
    from observed
    union all
    select
        year + 1 as year,
        indicator_code,
        (value + next_value) / 2 as value,
        cast(null as bigint) as n_items,
        cast(null as string) as item_codes,
        cast(null as bigint) as n_respondents,
        true as is_interpolated,
        least(n_respondents, next_n_respondents) < {{ var('small_base_n') }} as is_small_base,
        'interpolated_' || methodology_version || '_' || next_methodology_version as methodology_version
    from neighbours
    where next_year = year + 2
)

select * from final
