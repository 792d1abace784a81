-- Index-item answers of the annual waves with the indicator each item counts for under the
-- methodology version of its year (indicator_code null when the item is not a member).
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role = 'item' and survey_kind = 'annual'
),

methodology_years as (
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
        methodology_years.methodology_version,
        membership.indicator_code
    from answers
    left join methodology_years
        on answers.year = methodology_years.year
    left join membership
        on
            methodology_years.methodology_version = membership.methodology_version
            and answers.question_code = membership.item_code
)

select * from final
