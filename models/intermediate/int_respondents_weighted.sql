-- One row per respondent with the respondent's weight and group in every background factor
-- ('missing' when unknown): the respondent-level relation every version-2 aggregate joins once.
-- w is the weight of int_respondent_weights_computed in units of 2^-20 (the weights are
-- multiples of 2^-20), an integer held as decimal(18, 0): sums of w and of w * w are exact on
-- every engine, so no total depends on row order. Estimates use only ratios of such sums
-- (shares, scores, Kish's n_effective), where the unit cancels.
with

respondents as (
    select * from {{ ref('int_respondents_harmonised') }}
),

weights as (
    select * from {{ ref('int_respondent_weights_computed') }}
),

final as (
    select
        respondents.wave_id,
        respondents.year,
        respondents.survey_kind,
        respondents.respondent_id,
        cast(round(weights.weight * {{ weight_unit() }}) as decimal(18, 0)) as w,
    {%- for factor in group_factors() %}
        coalesce(cast(respondents.{{ 'region_code' if factor == 'region' else factor }} as string), 'missing')
            as {{ factor }}{{ ',' if not loop.last }}
    {%- endfor %}
    from respondents
    left join weights
        on
            respondents.wave_id = weights.wave_id
            and respondents.respondent_id = weights.respondent_id
)

select * from final
{{ where_wave_is_stale() }}
