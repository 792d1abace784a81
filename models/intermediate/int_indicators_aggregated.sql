-- Indicator values per year of the annual series (version 1 marts): observed indicators (mean of
-- member item scores), the composite (mean of the four indicators) and interpolated years, under
-- the coverage rule (int_indicator_coverage_by_year): a year without the items its methodology
-- version asks for has a row per indicator with a null value and its reason.
with

item_scores as (
    select * from {{ ref('int_item_scores_aggregated') }}
    where indicator_code is not null
),

coverage as (
    select * from {{ ref('int_indicator_coverage_by_year') }}
),

bases as (
    select * from {{ ref('int_indicator_bases_counted') }}
    where weighting = 'unweighted' and factor = 'total' and series = 'annual'
),

respondent_counts as (
    select
        year,
        indicator_code,
        sum(n_respondents) as n_respondents
    from bases
    group by year, indicator_code
),

{{ indicator_rollup(['year'], ['year'], 'true') }},

observed as (
    select
        all_indicators.*,
        coalesce(respondent_counts.n_respondents, 0) as n_respondents
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
        lead(n_respondents) over (partition by indicator_code order by year) as next_n_respondents,
        lead(is_complete) over (partition by indicator_code order by year) as next_is_complete,
        lead(coverage_status) over (partition by indicator_code order by year) as next_coverage_status
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
        methodology_version,
        n_items_required,
        n_items_present,
        item_coverage,
        is_complete,
        coverage_status,
        not_computed_reason
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
        'interpolated_' || methodology_version || '_' || next_methodology_version as methodology_version,
        cast(null as bigint) as n_items_required,
        cast(null as bigint) as n_items_present,
        cast(null as double) as item_coverage,
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
    where next_year = year + 2
)

select * from final
