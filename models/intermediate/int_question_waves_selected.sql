-- The wave that answers each question in each year: when two waves of the same year carry a
-- question, the annual wave wins over an omnibus, then the later fieldwork.
with

answers as (
    select distinct
        wave_id,
        year,
        survey_kind,
        question_code
    from {{ ref('int_answers_harmonised') }}
    where variable_role in ('question', 'multi_response')
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

ranked as (
    select
        answers.year,
        answers.question_code,
        answers.wave_id,
        row_number() over (
            partition by answers.year, answers.question_code
            order by
                case when answers.survey_kind = 'annual' then 0 else 1 end,
                waves.fieldwork_end desc,
                answers.wave_id asc
        ) as preference
    from answers
    inner join waves
        on answers.wave_id = waves.wave_id
),

final as (
    select
        year,
        question_code,
        wave_id
    from ranked
    where preference = 1
)

select * from final
