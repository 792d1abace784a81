-- Answers to single-choice and multi-response questions from the wave selected for each
-- year x question (int_question_waves_selected).
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role in ('question', 'multi_response')
),

selected as (
    select * from {{ ref('int_question_waves_selected') }}
),

final as (
    select
        answers.wave_id,
        answers.year,
        answers.survey_kind,
        answers.respondent_id,
        answers.variable_name,
        answers.variable_role,
        answers.question_code,
        answers.subject,
        answers.value_num,
        answers.answer_code,
        answers.is_missing,
        answers.valence
    from answers
    inner join selected
        on
            answers.wave_id = selected.wave_id
            and answers.question_code = selected.question_code
)

select * from final
