-- One row per respondent x weighting: 'unweighted' (every respondent weighs the same, w = 2^20,
-- i.e. 1 in units of 2^-20) and 'weighted' (w of int_respondents_weighted), with the
-- respondent's group in every factor. Small aggregates join this and sum w grouped by weighting;
-- the large one-pass aggregates use int_respondents_weighted and derive the unweighted sums from
-- their counts (rows_for_each_weighting).
with

respondents as (
    select * from {{ ref('int_respondents_weighted') }}
),

weightings as (
    select codes.weighting
    from (values ('unweighted'), ('weighted')) as codes (weighting)
),

final as (
    select
        respondents.wave_id,
        respondents.year,
        respondents.survey_kind,
        respondents.respondent_id,
        weightings.weighting,
        case
            when weightings.weighting = 'unweighted' then cast({{ weight_unit() }} as decimal(18, 0))
            else respondents.w
        end as w,
    {%- for factor in group_factors() %}
        respondents.{{ factor }}{{ ',' if not loop.last }}
    {%- endfor %}
    from respondents
    cross join weightings
)

select * from final
