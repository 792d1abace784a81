-- The base of each indicator value per wave x weighting x factor group (factor 'total' = the
-- whole wave): respondents with at least one valid answer to a member item of the indicator
-- (composite: to any member item), with the sums of their weights and squared weights.
with

scores as (
    select * from {{ ref('int_respondent_indicator_scores') }}
    where indicator_code <> 'composite'
),

bases as (
    select
        wave_id,
        year,
        series,
        respondent_id,
        indicator_code
    from scores
    union all
    select
        wave_id,
        year,
        series,
        respondent_id,
        'composite' as indicator_code
    from scores
    group by wave_id, year, series, respondent_id
),

weighted_bases as (
    {{ rows_with_weights_and_groups('bases', ['wave_id', 'year', 'series', 'indicator_code']) }}
),

counted as (
    select
        wave_id,
        max(year) as year,
        max(series) as series,
        indicator_code,
        {{ factor_and_group_columns() }},
        count(*) as n_respondents,
        sum(w) as w_sum,
        sum(w * w) as w2_sum
    from weighted_bases
    {{ group_by_every_factor(['wave_id', 'indicator_code']) }}
),

weightings as (
    {{ rows_for_each_weighting('counted', ['wave_id', 'year', 'series', 'indicator_code', 'factor', 'group_code',
        'n_respondents'], [['w_sum', 'n_respondents', 1], ['w2_sum', 'n_respondents', 2]]) }}
),

final as (
    {{ known_factors_only('weightings') }}
)

select * from final
