-- Respondents per wave x weighting x factor group (factor 'total' = the whole wave): the unweighted
-- count, the sum of weights and of squared weights (Kish effective n). Unknown values form the
-- group 'missing', so the groups of every factor add up to the wave.
with

respondents as (
    select * from {{ ref('int_respondent_weightings_expanded') }}
),

counted as (
    select
        wave_id,
        year,
        survey_kind,
        weighting,
        {{ factor_and_group_columns() }},
        count(*) as n_respondents,
        sum(w) as w_sum,
        sum(w * w) as w2_sum
    from respondents
    {{ group_by_every_factor(['wave_id', 'year', 'survey_kind', 'weighting']) }}
),

-- a factor the wave does not carry at all (every respondent 'missing') is left out
known_factors as (
    select distinct
        wave_id,
        factor
    from counted
    where group_code <> 'missing'
),

final as (
    select counted.*
    from counted
    inner join known_factors
        on
            counted.wave_id = known_factors.wave_id
            and counted.factor = known_factors.factor
)

select * from final
{{ where_wave_is_stale() }}
