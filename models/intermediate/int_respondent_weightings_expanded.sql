-- One row per respondent x weighting ('unweighted': w = 1; 'weighted': w = the respondent's
-- weight) with the respondent's group in every background factor ('missing' when unknown).
-- Every version-2 aggregate joins this once and sums w, grouped by weighting. Weights are kept
-- as exact decimals (9 decimal places) so that sums do not depend on row order.
with

respondents as (
    select * from {{ ref('int_respondents_harmonised') }}
),

weightings as (
    select
        wave_id,
        respondent_id,
        'unweighted' as weighting,
        cast(1 as decimal(18, 9)) as w
    from respondents
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
