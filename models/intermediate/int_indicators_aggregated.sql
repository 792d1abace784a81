-- Indicator values per year: observed indicators (mean of member item scores), the composite
-- (mean of the four indicators, only when all four exist) and interpolated years.
with

item_scores as (
    select * from {{ ref('int_item_scores_aggregated') }}
    where indicator_code is not null
),

answers as (
    select * from {{ ref('int_item_answers_classified') }}
    where indicator_code is not null and valence is not null
),

respondent_counts as (
    select
        year,
        indicator_code,
        count(distinct respondent_id) as n_respondents
    from answers
    group by year, indicator_code
    union all
    select
        year,
        'composite' as indicator_code,
        count(distinct respondent_id) as n_respondents
    from answers
    group by year
),

indicators as (
    select
        year,
        indicator_code,
        avg(score) as value,
        count(*) as n_items,
        string_agg(item_code, ',' order by item_code) as item_codes,
        any_value(methodology_version) as methodology_version
    from item_scores
    group by year, indicator_code
),

composite as (
    select
        year,
        'composite' as indicator_code,
        avg(value) as value,
        sum(n_items) as n_items,
        string_agg(item_codes, ',' order by indicator_code) as item_codes,
        any_value(methodology_version) as methodology_version
    from indicators
    group by year
    having count(*) = 4
),

observed as (
    select
        all_indicators.*,
        respondent_counts.n_respondents
    from (
        select * from indicators
        union all
        select * from composite
    ) as all_indicators
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
        lead(methodology_version) over (partition by indicator_code order by year) as next_methodology_version
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
        methodology_version
    from observed
    union all
    select
        year + 1 as year,
        indicator_code,
        (value + next_value) / 2 as value,
        cast(null as bigint) as n_items,
        cast(null as varchar) as item_codes,
        cast(null as bigint) as n_respondents,
        true as is_interpolated,
        'interpolated_' || methodology_version || '_' || next_methodology_version as methodology_version
    from neighbours
    where next_year = year + 2
)

select * from final
