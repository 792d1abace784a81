-- Index-item answers of every wave, whatever its kind, with the wave's series and the indicator
-- each item counts for under the methodology version of the wave's year (indicator_code null
-- when the item is not a member). Consumers that pool by year (version 1) keep series 'annual'.
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role = 'item'
),

wave_versions as (
    select * from {{ ref('int_methodology_years') }}
),

membership as (
    select * from {{ ref('ref_methodology_membership') }}
),

final as (
    select
        answers.wave_id,
        answers.year,
        answers.respondent_id,
        answers.question_code as item_code,
        answers.answer_code,
        answers.valence,
        answers.is_missing,
        wave_versions.methodology_version,
        membership.indicator_code,
        wave_versions.series
    from answers
    inner join wave_versions
        on answers.wave_id = wave_versions.wave_id
    left join membership
        on
            wave_versions.methodology_version = membership.methodology_version
            and answers.question_code = membership.item_code
)

select * from final
