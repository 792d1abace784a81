-- The base of each indicator value per wave x weighting x factor group (factor 'total' = the
-- whole wave): respondents with at least one valid answer to a member item of the indicator
-- (composite: to any member item), with the sums of their weights and squared weights.
with

scores as (
    select * from {{ ref('int_respondent_indicator_scores') }}
    where indicator_code <> 'composite'
),

respondents as (
    select * from {{ ref('int_respondent_weightings_expanded') }}
),

bases as (
    select
        wave_id,
        respondent_id,
        indicator_code
    from scores
    union all
    select
        wave_id,
        respondent_id,
        'composite' as indicator_code
    from scores
    group by wave_id, respondent_id
),

weighted_bases as (
    select
        bases.wave_id,
        respondents.year,
        bases.indicator_code,
        respondents.weighting,
        respondents.w,
    {%- for factor in group_factors() %}
        respondents.{{ factor }}{{ ',' if not loop.last }}
    {%- endfor %}
    from bases
    inner join respondents
        on
            bases.wave_id = respondents.wave_id
            and bases.respondent_id = respondents.respondent_id
),

counted as (
    select
        wave_id,
        year,
        weighting,
        indicator_code,
        {{ factor_and_group_columns() }},
        count(*) as n_respondents,
        sum(w) as w_sum,
        sum(w * w) as w2_sum
    from weighted_bases
    {{ group_by_every_factor(['wave_id', 'year', 'weighting', 'indicator_code']) }}
),

factors as (
    select distinct
        wave_id,
        factor
    from {{ ref('int_respondent_groups_counted') }}
),

final as (
    select counted.*
    from counted
    inner join factors
        on
            counted.wave_id = factors.wave_id
            and counted.factor = factors.factor
)

select * from final
