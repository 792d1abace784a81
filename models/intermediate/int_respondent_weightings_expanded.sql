-- One row per respondent x weighting ('unweighted': every respondent weighs 1; 'weighted': the
-- respondent's weight from int_respondent_weights_computed) with the respondent's group in every
-- background factor ('missing' when unknown). Every version-2 aggregate joins this once and sums
-- w, grouped by weighting.
-- w is the weight in units of 2^-20 (the weights are multiples of 2^-20), an integer held as
-- decimal(18, 0): sums of w and of w * w are exact on every engine, so no total depends on row
-- order. Estimates use only ratios of such sums (shares, scores, Kish's n_effective), where the
-- unit cancels; unweighted shares are bit-identical to the counts' (a power-of-two scale).
with

respondents as (
    select * from {{ ref('int_respondents_harmonised') }}
),

weights as (
    select * from {{ ref('int_respondent_weights_computed') }}
),

weightings as (
    select
        wave_id,
        respondent_id,
        'unweighted' as weighting,
        cast({{ weight_unit() }} as decimal(18, 0)) as w
    from respondents
    union all
    select
        wave_id,
        respondent_id,
        'weighted' as weighting,
        cast(round(weight * {{ weight_unit() }}) as decimal(18, 0)) as w
    from weights
),

final as (
    select
        respondents.wave_id,
        respondents.year,
        respondents.survey_kind,
        respondents.respondent_id,
        weightings.weighting,
        weightings.w,
    {%- for factor in group_factors() %}
        coalesce(cast(respondents.{{ 'region_code' if factor == 'region' else factor }} as varchar), 'missing')
            as {{ factor }}{{ ',' if not loop.last }}
    {%- endfor %}
    from respondents
    inner join weightings
        on
            respondents.wave_id = weightings.wave_id
            and respondents.respondent_id = weightings.respondent_id
)

select * from final
